// The interview's camera and microphone: one stream for the whole interview, and a live level meter
// (WebAudio AnalyserNode) shown in every <meter data-level>. Reports its state as "ia:devices" events:
// { camera: bool, heard: bool } once the camera shows frames and once the microphone has picked up sound.
(function () {
  "use strict";
  var METER_MS = 100;
  var HEARD = 0.2; // on the meter's 0..1 scale (-60..0 dBFS): about -48 dBFS, well above a dead input
  var stream = null, audio = null, analyser = null, samples = null, ticking = null;
  var state = { camera: false, heard: false };

  function messageFor(err) {
    var name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "카메라와 마이크 사용이 거부되었습니다. 주소창의 사이트 설정에서 카메라와 마이크를 '허용'으로 바꾼 뒤 " +
        "'다시 시도'를 눌러 주세요.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "카메라나 마이크를 찾을 수 없습니다. 장치가 연결되어 있는지 확인한 뒤 다시 시도해 주세요.";
    }
    if (name === "NotReadableError") {
      return "다른 프로그램이 카메라나 마이크를 쓰고 있습니다. 그 프로그램을 닫은 뒤 다시 시도해 주세요.";
    }
    return "카메라를 켜지 못했습니다 (" + (name || "알 수 없는 오류") + "). 다시 시도해 주세요.";
  }

  function supported() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
  }

  function live() {
    return stream !== null && stream.getTracks().every(function (t) { return t.readyState === "live"; });
  }

  function announce() {
    document.dispatchEvent(new CustomEvent("ia:devices", { detail: { camera: state.camera, heard: state.heard } }));
  }

  // RMS of the latest window, as 0..1 over -60..0 dBFS: a meter that moves with speech, not with its peaks.
  function level() {
    analyser.getFloatTimeDomainData(samples);
    var sum = 0;
    for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
    var db = 20 * Math.log10(Math.sqrt(sum / samples.length) + 1e-9);
    return Math.min(Math.max((db + 60) / 60, 0), 1);
  }

  function tick() {
    var value = level();
    document.querySelectorAll("meter[data-level]").forEach(function (m) {
      m.value = value;
      m.textContent = Math.round(value * 100) + "%";
    });
    if (!state.heard && value >= HEARD) {
      state.heard = true;
      announce();
    }
  }

  function startMeter() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { // no WebAudio: the microphone is taken on trust
      state.heard = true;
      return announce();
    }
    audio = new Context();
    analyser = audio.createAnalyser();
    analyser.fftSize = 2048;
    samples = new Float32Array(analyser.fftSize);
    audio.createMediaStreamSource(stream).connect(analyser); // not to the speakers: no echo
    audio.resume().catch(function () { /* resumed on the next click */ });
    ticking = setInterval(tick, METER_MS);
  }

  function watchCamera(video) {
    function ready() {
      if (video.videoWidth > 0 && !state.camera) {
        state.camera = true;
        announce();
      }
    }
    video.addEventListener("loadeddata", ready);
    video.addEventListener("resize", ready);
    ready();
  }

  // Opens camera and microphone once; later calls attach the same stream to another <video>.
  async function open(video) {
    if (!live()) {
      close();
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 } },
        audio: { echoCancellation: true, noiseSuppression: true }
      });
      startMeter();
    }
    attach(video);
    watchCamera(video);
    return stream;
  }

  function attach(video) {
    if (!video || video.srcObject === stream) return;
    video.srcObject = stream;
    video.play().catch(function () { /* a muted preview may still be refused autoplay; harmless */ });
  }

  function close() {
    clearInterval(ticking);
    ticking = null;
    if (audio) audio.close().catch(function () { /* already closed */ });
    audio = analyser = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    state = { camera: false, heard: false };
  }

  window.IA.devices = {
    supported: supported, open: open, attach: attach, close: close, messageFor: messageFor,
    stream: function () { return stream; },
    ready: function () { return state.camera && state.heard; },
    state: function () { return { camera: state.camera, heard: state.heard }; }
  };
})();
