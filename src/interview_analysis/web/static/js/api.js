// Talks to the service: the browser's user id, the API key (when the service wants one), requests.
// The key lives in sessionStorage (gone when the tab closes); the user id in localStorage (random,
// nothing personal). Everything else on the pages goes through IA.request.
(function () {
  "use strict";
  var KEY = "ia.apiKey";
  var USER = "ia.userId";
  var authOn = document.body.dataset.auth === "on";

  function randomHex(bytes) {
    // getRandomValues works on plain http too (randomUUID needs a secure context).
    var buf = new Uint8Array(bytes);
    crypto.getRandomValues(buf);
    return Array.prototype.map.call(buf, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function userId() {
    var id = localStorage.getItem(USER);
    if (!id || !/^u-[0-9a-f]{32}$/.test(id)) {
      id = "u-" + randomHex(16);
      localStorage.setItem(USER, id);
    }
    return id;
  }

  function askKey(message) {
    // One dialog for every caller waiting on a key.
    if (askKey.pending) return askKey.pending;
    var dialog = document.getElementById("key-dialog");
    var input = document.getElementById("key-input");
    var error = document.getElementById("key-error");
    askKey.pending = new Promise(function (resolve) {
      error.hidden = !message;
      error.textContent = message || "";
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        var key = input.value.trim();
        input.value = "";
        if (key) sessionStorage.setItem(KEY, key);
        askKey.pending = null;
        resolve(key);
      });
      dialog.showModal();
      input.focus();
    });
    return askKey.pending;
  }

  function headers(extra) {
    var h = Object.assign({}, extra || {});
    var key = sessionStorage.getItem(KEY);
    if (key) h["X-API-Key"] = key;
    return h;
  }

  // fetch() with the key; a 401 asks for a key and tries again (three times at most).
  async function request(url, options) {
    options = options || {};
    for (var attempt = 0; attempt < 3; attempt++) {
      if (authOn && !sessionStorage.getItem(KEY)) await askKey();
      var response = await fetch(url, Object.assign({}, options, { headers: headers(options.headers) }));
      if (response.status !== 401 || !authOn) return response;
      sessionStorage.removeItem(KEY);
      await askKey("키가 올바르지 않습니다. 다시 입력해 주세요.");
    }
    return response;
  }

  async function errorText(response, fallback) {
    try {
      var body = await response.json();
      if (body && body.detail) return typeof body.detail === "string" ? body.detail : fallback;
    } catch (e) { /* not JSON */ }
    return fallback;
  }

  // For requests that cannot go through request() (an upload with a progress bar uses XMLHttpRequest).
  async function ensureKey(rejected) {
    if (!authOn) return;
    if (rejected) {
      sessionStorage.removeItem(KEY);
      await askKey("키가 올바르지 않습니다. 다시 입력해 주세요.");
    } else if (!sessionStorage.getItem(KEY)) {
      await askKey();
    }
  }

  function linkUser(root) {
    root.querySelectorAll("[data-user-link]").forEach(function (a) { a.href = "/users/" + userId(); });
  }

  window.IA = {
    userId: userId, request: request, headers: headers, askKey: askKey, errorText: errorText,
    randomHex: randomHex, linkUser: linkUser, ensureKey: ensureKey
  };

  linkUser(document);
  if (document.querySelector("[data-go-user]")) location.replace("/users/" + userId());
  var change = document.querySelector("[data-key-change]");
  if (change) change.addEventListener("click", function () { sessionStorage.removeItem(KEY); askKey(); });
})();
