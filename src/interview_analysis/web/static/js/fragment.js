// Fills each [data-fragment] element with the server-rendered HTML at its URL (sent with the key),
// and polls again while what came back is marked data-pending (an analysis or feedback in progress).
// Elements marked data-loaded were rendered into the page already; they are only polled if pending.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var MAX_POLLS = 450; // 15 minutes at 2 s

  function pending(el) { return el.querySelector("[data-pending]") !== null; }

  async function load(el, polls) {
    var response;
    try {
      response = await IA.request(el.dataset.fragment, { headers: { Accept: "text/html" } });
    } catch (e) {
      return show(el, "서버에 연결할 수 없습니다. 네트워크를 확인한 뒤 새로고침해 주세요.", true);
    }
    if (response.status === 503 && polls < MAX_POLLS) return later(el, polls);
    if (!response.ok) {
      return show(el, await IA.errorText(response, "내용을 불러오지 못했습니다. (" + response.status + ")"), false);
    }
    el.innerHTML = await response.text();
    el.dataset.loaded = "";
    IA.linkUser(el);
    el.dispatchEvent(new CustomEvent("ia:fragment", { bubbles: true }));
    scan(el);
    if (pending(el) && polls < MAX_POLLS) later(el, polls);
  }

  function later(el, polls) {
    setTimeout(function () { load(el, polls + 1); }, POLL_MS);
  }

  function show(el, message, retry) {
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    el.appendChild(p);
    if (retry) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "다시 시도";
      button.addEventListener("click", function () { load(el, 0); });
      el.appendChild(button);
    }
  }

  // Nested fragments (the feedback inside a report) are found after their parent arrives.
  function scan(root) {
    root.querySelectorAll("[data-fragment]").forEach(function (el) {
      if (el.dataset.watched !== undefined) return;
      el.dataset.watched = "";
      if (el.dataset.loaded === undefined) load(el, 0);
      else if (pending(el)) later(el, 0);
    });
  }

  window.IA.loadFragments = scan;
  scan(document);
})();
