// The interview report inside the interview page: fetches the report body, polls it while answers are
// still being analysed, and offers each answer's replay from the takes this page still holds
// (IA.takes: question id -> blob URL). A body that has not changed is not redrawn, and a playing replay
// is never pulled out from under the viewer: the redraw waits for it to stop.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var MAX_POLLS = 450; // 15 minutes

  window.IA.takes = window.IA.takes || {};

  function playing(root) {
    return Array.prototype.some.call(root.querySelectorAll("video"), function (v) { return !v.paused && !v.ended; });
  }

  function offerReplays(root) {
    root.querySelectorAll("[data-replay]").forEach(function (button) {
      button.hidden = !IA.takes[button.dataset.replay];
    });
  }

  function show(root, url) {
    var last = null;
    var polls = 0;

    async function load() {
      var response = null;
      try {
        response = await IA.request(url, { headers: { Accept: "text/html" } });
      } catch (e) { /* offline for a moment: try again */ }
      if (response && !response.ok && response.status !== 503) {
        return fail(await IA.errorText(response, "결과를 불러오지 못했습니다. (" + response.status + ")"));
      }
      if (response && response.ok) {
        var html = await response.text();
        if (html !== last && !playing(root)) {
          root.innerHTML = html;
          last = html;
          offerReplays(root);
          IA.linkUser(root);
          root.dispatchEvent(new CustomEvent("ia:fragment", { bubbles: true }));
        }
        if (last !== null && !root.querySelector("[data-pending]") && html === last) return;
      }
      if (++polls < MAX_POLLS) setTimeout(load, POLL_MS);
    }

    function fail(message) {
      root.textContent = "";
      var p = document.createElement("p");
      p.className = "error";
      p.setAttribute("role", "alert");
      p.textContent = message;
      var again = document.createElement("button");
      again.type = "button";
      again.textContent = "다시 시도";
      again.addEventListener("click", function () { polls = 0; load(); });
      root.appendChild(p);
      root.appendChild(again);
    }

    return load();
  }

  // A replay opens under its card's buttons; pressing again closes it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-replay]");
    if (!button) return;
    var url = IA.takes[button.dataset.replay];
    var card = button.closest(".iv-card");
    if (!url || !card) return;
    var video = card.querySelector("video.iv-replay");
    if (video) {
      video.pause();
      video.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    video = document.createElement("video");
    video.className = "iv-replay";
    video.controls = true;
    video.playsInline = true;
    video.src = url;
    video.setAttribute("aria-label", button.textContent.trim());
    button.closest(".iv-card-actions").after(video);
    button.setAttribute("aria-expanded", "true");
    video.play().catch(function () { /* the viewer can press play */ });
  });

  window.IA.interviewReport = { show: show };
})();
