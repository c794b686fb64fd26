// The practice page's recorder: question card, camera preview, 3-2-1 countdown, MediaRecorder with a
// timer and a stop button, or a chosen file. A finished take is announced as an "ia:take" event;
// upload.js keeps it until the service has it.
(function () {
  "use strict";
  var MAX_S = 600; // the recorder stops itself after ten minutes
  var TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm", "video/mp4"];
  var $ = function (id) { return document.getElementById(id); };
  var select = $("question"), preview = $("preview"), countdown = $("countdown"), timer = $("timer");
  var cameraOn = $("camera-on"), start = $("rec-start"), stop = $("rec-stop");
  var error = $("camera-error"), retryBox = $("camera-retry-box");
  var stream = null, recorder = null, chunks = [], ticking = null, startedAt = 0;

  function suggested() {
    return Number(select.selectedOptions[0].dataset.suggested) || 60;
  }

  function clock(s) {
    s = Math.floor(s);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function showQuestion() {
    var option = select.selectedOptions[0];
    $("q-category").textContent = option.dataset.category;
    $("q-text").textContent = option.textContent;
    $("q-length").textContent = "권장 답변 길이 " + option.dataset.suggested + "초";
  }

  function fail(message, canRetry) {
    error.textContent = message;
    error.hidden = false;
    retryBox.hidden = !canRetry;
    if (canRetry) $("camera-retry").focus();
  }

  function messageFor(err) {
    var name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "카메라와 마이크 사용이 거부되었습니다. 주소창의 사이트 설정에서 카메라와 마이크를 '허용'으로 바꾼 뒤 " +
        "'다시 시도'를 눌러 주세요. 녹화 대신 아래에서 영상 파일을 올릴 수도 있습니다.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "카메라나 마이크를 찾을 수 없습니다. 장치가 연결되어 있는지 확인한 뒤 다시 시도해 주세요.";
    }
    if (name === "NotReadableError") {
      return "다른 프로그램이 카메라를 쓰고 있습니다. 그 프로그램을 닫은 뒤 다시 시도해 주세요.";
    }
    return "카메라를 켜지 못했습니다 (" + (name || "알 수 없는 오류") + "). 다시 시도해 주세요.";
  }

  async function openCamera() {
    error.hidden = true;
    retryBox.hidden = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      return fail("이 브라우저나 주소에서는 카메라를 쓸 수 없습니다 (HTTPS 또는 localhost 주소가 필요합니다). " +
        "아래에서 영상 파일을 선택해 주세요.", false);
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: true
      });
    } catch (err) {
      return fail(messageFor(err), true);
    }
    preview.srcObject = stream;
    preview.play().catch(function () { /* autoplay of a muted preview may still be refused; harmless */ });
    cameraOn.disabled = true;
    start.disabled = false;
    start.focus();
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function begin() {
    start.disabled = true;
    select.disabled = true;
    countdown.hidden = false;
    for (var n = 3; n > 0; n--) {
      countdown.textContent = String(n);
      await sleep(1000);
    }
    countdown.hidden = true;
    var type = TYPES.find(function (t) { return MediaRecorder.isTypeSupported(t); }) || "";
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    chunks = [];
    recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
    recorder.onstop = finished;
    recorder.start(1000); // a chunk a second: a crash mid-answer loses at most a second
    startedAt = performance.now();
    timer.hidden = false;
    tick();
    ticking = setInterval(tick, 250);
    stop.disabled = false;
    stop.focus();
  }

  function tick() {
    var s = (performance.now() - startedAt) / 1000;
    timer.textContent = "녹화 중 " + clock(s) + " / 권장 " + clock(suggested());
    timer.classList.toggle("over", s > suggested());
    if (s >= MAX_S) end();
  }

  function end() {
    if (!recorder || recorder.state === "inactive") return;
    clearInterval(ticking);
    stop.disabled = true;
    recorder.stop();
  }

  function finished() {
    var seconds = (performance.now() - startedAt) / 1000;
    var blob = new Blob(chunks, { type: (recorder.mimeType || "video/webm").split(";")[0] });
    var ext = blob.type.indexOf("mp4") >= 0 ? "mp4" : "webm";
    timer.textContent = "녹화 완료 " + clock(seconds);
    start.textContent = "다시 녹화";
    start.disabled = false;
    select.disabled = false;
    document.dispatchEvent(new CustomEvent("ia:take", {
      detail: { blob: blob, name: "answer." + ext, seconds: seconds, recorded: true }
    }));
  }

  select.addEventListener("change", showQuestion);
  cameraOn.addEventListener("click", openCamera);
  $("camera-retry").addEventListener("click", openCamera);
  start.addEventListener("click", begin);
  stop.addEventListener("click", end);
  $("file").addEventListener("change", function (e) {
    var file = e.target.files && e.target.files[0];
    if (file) {
      document.dispatchEvent(new CustomEvent("ia:take", { detail: { blob: file, name: file.name, recorded: false } }));
    }
  });
  showQuestion();
})();
