// The mock interview's first two steps: the set-up form (checked in Korean before anything is sent) and
// the camera and microphone check. "시작" creates the interview (POST /interviews) and hands it to
// interview.js as an "ia:interview" event { interview, tts }. Also reads questions aloud (IA.speech)
// where the browser has a Korean voice and the candidate asked for it.
(function () {
  "use strict";
  var MIC_SILENT_MS = 6000; // no sound by then: say what to check
  var $ = function (id) { return document.getElementById(id); };
  var setup = $("iv-setup"), devices = $("iv-devices");
  var state = { request: null, started: false, tts: false, micTimer: null };

  function say(el, text) {
    if (el.textContent !== text) el.textContent = text; // a live region repeats only what changed
  }

  // ---- reading the question aloud, where the browser has a Korean voice

  function koreanVoice() {
    if (!("speechSynthesis" in window)) return null;
    return speechSynthesis.getVoices().find(function (v) { return /^ko([-_]|$)/i.test(v.lang); }) || null;
  }

  function checkVoices() {
    var box = $("iv-tts"), voice = koreanVoice();
    box.disabled = !voice;
    if (!voice) box.checked = false;
    $("iv-tts-hint").textContent = voice
      ? "질문을 " + voice.name + " 음성으로 읽어 드립니다."
      : "이 브라우저에는 한국어 음성이 없어 읽어 주기를 쓸 수 없습니다. 질문은 화면에 보여 드립니다.";
  }

  function speak(text) {
    var voice = state.tts && koreanVoice();
    if (!voice) return;
    speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = voice.lang;
    utterance.voice = voice;
    speechSynthesis.speak(utterance);
  }

  function quiet() {
    if ("speechSynthesis" in window) speechSynthesis.cancel();
  }

  // ---- 1. set-up form

  function labelOf(input) {
    var label = input.labels && input.labels[0];
    return label ? label.firstChild.textContent.trim() : input.name;
  }

  function invalidText(input) {
    var name = "‘" + labelOf(input) + "’";
    var v = input.validity;
    if (v.valueMissing) return name + " 칸을 채워 주세요.";
    if (v.patternMismatch) return name + "에는 < 와 > 를 쓸 수 없습니다.";
    if (v.tooLong) return name + "이 너무 깁니다 (최대 " + input.maxLength + "자).";
    if (v.rangeUnderflow || v.rangeOverflow || v.badInput || v.stepMismatch) {
      return name + "은 " + input.min + "에서 " + input.max + " 사이의 정수로 입력해 주세요.";
    }
    return name + " 값을 확인해 주세요.";
  }

  function text(input) {
    var value = input.value.trim();
    return value ? value : null;
  }

  function readForm() {
    var f = setup.elements;
    return {
      user_id: IA.userId(),
      job_title: text(f.job_title),
      company: text(f.company),
      job_posting: text(f.job_posting),
      self_intro: text(f.self_intro),
      question_count: Number(f.question_count.value),
      mode: f.mode.value,
      prep_s: Number(f.prep_s.value),
      answer_s: Number(f.answer_s.value)
    };
  }

  setup.addEventListener("submit", function (event) {
    event.preventDefault();
    var error = $("iv-setup-error");
    var bad = setup.querySelector("input:invalid, textarea:invalid");
    if (bad) {
      error.textContent = invalidText(bad);
      error.hidden = false;
      bad.focus();
      return;
    }
    error.hidden = true;
    state.request = readForm();
    state.tts = $("iv-tts").checked;
    setup.hidden = true;
    devices.hidden = false;
    $("iv-devices-title").focus();
    openDevices();
  });

  // ---- 2. camera and microphone check

  function deviceFail(message, canRetry) {
    var error = $("iv-cam-error");
    error.textContent = message;
    error.hidden = false;
    $("iv-cam-retry").hidden = !canRetry;
    if (canRetry) $("iv-cam-retry").focus();
  }

  async function openDevices() {
    $("iv-cam-error").hidden = true;
    $("iv-cam-retry").hidden = true;
    if (!IA.devices.supported()) {
      return deviceFail("이 브라우저나 주소에서는 카메라를 쓸 수 없습니다 (HTTPS 또는 localhost 주소가 필요합니다). " +
        "최신 Chrome, Edge, Safari, Firefox에서 열어 주세요.", false);
    }
    try {
      await IA.devices.open($("iv-preview"));
    } catch (err) {
      return deviceFail(IA.devices.messageFor(err), true);
    }
    showDevices();
    clearTimeout(state.micTimer);
    state.micTimer = setTimeout(function () {
      if (!IA.devices.state().heard) {
        $("iv-mic-state").textContent = "마이크: 소리가 들리지 않습니다. 마이크가 음소거되어 있지 않은지, 올바른 입력 장치인지 " +
          "확인한 뒤 한두 마디 말해 보세요.";
      }
    }, MIC_SILENT_MS);
  }

  function showDevices() {
    var s = IA.devices.state();
    say($("iv-cam-state"), "카메라: " + (s.camera ? "화면이 보입니다." : "화면을 기다리는 중입니다."));
    if (s.heard) say($("iv-mic-state"), "마이크: 소리가 들립니다.");
    var start = $("iv-start");
    var wasDisabled = start.disabled;
    start.disabled = !(s.camera && s.heard) || state.started;
    if (wasDisabled && !start.disabled && !devices.hidden) say($("iv-start-hint"), "준비되었습니다. ‘시작’을 누르면 첫 질문이 나옵니다.");
  }

  document.addEventListener("ia:devices", showDevices);
  $("iv-cam-retry").addEventListener("click", openDevices);
  $("iv-back").addEventListener("click", function () {
    IA.devices.close();
    devices.hidden = true;
    setup.hidden = false;
    $("iv-job").focus();
  });

  $("iv-start").addEventListener("click", async function () {
    var start = $("iv-start");
    start.disabled = true;
    say($("iv-start-hint"), "질문을 준비하는 중입니다…");
    var response = null;
    try {
      response = await IA.request("/interviews", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state.request)
      });
    } catch (e) { /* below */ }
    if (!response || !response.ok) {
      var why = response ? await IA.errorText(response, "서버 응답 " + response.status) : "서버에 연결할 수 없습니다";
      deviceFail("면접을 시작하지 못했습니다: " + why + " 설정을 확인하거나 잠시 뒤 다시 눌러 주세요.", false);
      say($("iv-start-hint"), "");
      start.disabled = false;
      return;
    }
    var interview = await response.json();
    state.started = true;
    devices.hidden = true;
    document.dispatchEvent(new CustomEvent("ia:interview", { detail: { interview: interview, tts: state.tts } }));
  });

  window.IA.speech = { speak: speak, quiet: quiet };
  if ("speechSynthesis" in window) speechSynthesis.addEventListener("voiceschanged", checkVoices);
  checkVoices();
})();

