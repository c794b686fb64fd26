// The interview's upload queue: each take is sent in the background, one at a time, while the next
// question runs. A take is kept until the service answers 2xx; a lost connection, a timeout, 408, 429
// and 5xx are retried with growing waits (and at once when the browser comes back online), forever:
// a take is never dropped. Any other 4xx (409: a second take in a real interview) is final and shown.
// State changes are announced as "ia:upload" events and drawn in <ol id="iv-uploads">.
(function () {
  "use strict";
  var FIRST_WAIT_MS = 1000;
  var MAX_WAIT_MS = 30000;
  var TIMEOUT_MS = 300000; // a stalled connection is given up and retried, not waited on forever
  var list = document.getElementById("iv-uploads");
  var items = [];
  var sending = null;
  var wake = null;

  function final(status) {
    return status >= 400 && status < 500 && status !== 408 && status !== 429;
  }

  function settled(item) { return item.state === "done" || item.state === "failed"; }

  function add(interviewId, questionId, label, blob, name) {
    var item = {
      interviewId: interviewId, questionId: questionId, label: label, blob: blob, name: name,
      state: "waiting", attempts: 0, percent: 0, error: null, result: null, retryAt: 0, node: null
    };
    items.push(item);
    changed(item);
    pump();
    return item;
  }

  function next() {
    var now = Date.now();
    return items.find(function (i) { return i.state === "waiting" || (i.state === "retrying" && i.retryAt <= now); });
  }

  function pump() {
    if (sending) return;
    var item = next();
    if (item) return send(item);
    // Nothing due: sleep until the earliest retry.
    var due = items.filter(function (i) { return i.state === "retrying"; }).map(function (i) { return i.retryAt; });
    clearTimeout(wake);
    if (due.length) wake = setTimeout(pump, Math.max(0, Math.min.apply(null, due) - Date.now()));
  }

  async function send(item, rejectedKey) {
    sending = item;
    item.state = "sending";
    item.percent = 0;
    changed(item);
    try {
      await IA.ensureKey(rejectedKey);
    } catch (e) { /* asked again on the 401 */ }
    var form = new FormData();
    form.append("file", item.blob, item.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/interviews/" + item.interviewId + "/questions/" + item.questionId + "/answer");
    var headers = IA.headers();
    Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
    xhr.timeout = TIMEOUT_MS;
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      item.percent = Math.round(100 * e.loaded / e.total);
      changed(item);
    };
    xhr.onerror = xhr.ontimeout = function () { retry(item, 0, "연결이 끊겼습니다"); };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      var detail = body && typeof body.detail === "string" ? body.detail : "서버 응답 " + xhr.status;
      if (xhr.status === 401 && document.body.dataset.auth === "on") {
        sending = null;
        return send(item, true);
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        item.state = "done";
        item.result = body;
        item.blob = null; // the service has it; the page keeps its own reference for the replay
        return finish(item);
      }
      if (final(xhr.status)) {
        item.state = "failed";
        item.error = detail;
        return finish(item);
      }
      retry(item, Number(xhr.getResponseHeader("Retry-After")) * 1000 || 0, detail);
    };
    xhr.send(form);
  }

  function retry(item, atLeastMs, why) {
    item.attempts += 1;
    var wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * Math.pow(2, item.attempts - 1));
    wait = Math.max(atLeastMs, wait * (0.8 + 0.4 * Math.random())); // jitter: takes do not retry in step
    item.state = "retrying";
    item.error = why;
    item.retryAt = Date.now() + wait;
    finish(item);
  }

  function finish(item) {
    sending = null;
    changed(item);
    pump();
  }

  function now(item) {
    if (item.state !== "retrying") return;
    item.retryAt = 0;
    pump();
  }

  function text(item) {
    switch (item.state) {
      case "waiting": return "보낼 차례를 기다리는 중";
      case "sending": return "보내는 중 " + item.percent + "%";
      case "done": return "보냄";
      case "failed": return "보내지 못함: " + item.error;
      default:
        return "보내지 못해 잠시 뒤 다시 보냅니다 (" + item.error + ", " + item.attempts + "번째 실패). " +
          "녹화한 답변은 이 페이지에 남아 있습니다.";
    }
  }

  function draw(item) {
    if (!list) return;
    if (!item.node) {
      item.node = document.createElement("li");
      item.node.dataset.question = item.questionId;
      item.node.appendChild(document.createElement("span"));
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "지금 다시 보내기";
      button.addEventListener("click", function () { now(item); });
      item.node.appendChild(button);
      list.appendChild(item.node);
      var box = list.closest("[hidden]");
      if (box) box.hidden = false;
    }
    item.node.dataset.state = item.state;
    item.node.firstChild.textContent = item.label + ": " + text(item);
    item.node.lastChild.hidden = item.state !== "retrying";
  }

  function changed(item) {
    draw(item);
    document.dispatchEvent(new CustomEvent("ia:upload", { detail: item }));
  }

  function pending() { return items.filter(function (i) { return !settled(i); }); }

  function find(questionId) {
    for (var i = items.length - 1; i >= 0; i--) if (items[i].questionId === questionId) return items[i];
    return null;
  }

  window.addEventListener("online", function () { items.forEach(now); });
  // Leaving the page would lose the takes not yet sent.
  window.addEventListener("beforeunload", function (e) {
    if (pending().length) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  window.IA.uploads = { add: add, pending: pending, find: find, retryNow: now };
})();
