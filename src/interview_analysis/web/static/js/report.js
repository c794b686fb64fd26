// Report interactions: a moment (a feedback point, a transcript line, a chart click) puts a cursor on
// every timeline at that time and, when this page still holds the recording, plays it from there.
// Delegated from the document, so it works for reports inserted after the page loaded.
(function () {
  "use strict";

  // Time charts span 0..data-t1 seconds over x = 0..1000 of their stretched viewBox.
  function timeFromClick(svg, event) {
    var box = svg.getBoundingClientRect();
    return Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1) * Number(svg.dataset.t1);
  }

  function placeCursors(root, t) {
    root.querySelectorAll("svg.chart[data-t1]").forEach(function (svg) {
      var x = 1000 * Math.min(Math.max(t / (Number(svg.dataset.t1) || 1), 0), 1);
      var cursor = svg.querySelector(".cursor");
      if (!cursor) return;
      cursor.setAttribute("x1", x);
      cursor.setAttribute("x2", x);
      cursor.setAttribute("visibility", "visible");
    });
  }

  function showMoment(origin, t, scroll) {
    var root = origin.closest(".report") || document;
    placeCursors(root, t);
    var video = root.querySelector("#replay");
    var playable = video && video.getAttribute("src") && !video.closest("[hidden]");
    if (playable) {
      video.currentTime = t;
      video.play().catch(function () { /* the user can press play */ });
      if (scroll) video.scrollIntoView({ behavior: "smooth", block: "center" });
    } else if (scroll) {
      var timelines = root.querySelector(".timelines");
      if (timelines) timelines.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }

  document.addEventListener("click", function (event) {
    var moment = event.target.closest(".moment[data-t]");
    if (moment) return showMoment(moment, Number(moment.dataset.t), true);
    var svg = event.target.closest("svg.chart[data-t1]");
    if (svg) {
      showMoment(svg, timeFromClick(svg, event), false);
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
  });

  // Printed reports show every "why this number" section open.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
  });
})();
