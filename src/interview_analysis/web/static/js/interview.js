// The mock interview's questions, once interview_setup.js has created it: per question a preparation
// countdown, a timed recording and (practice) a review with a retake. Each take goes to the upload
// queue (interview_uploads.js) and the next question starts at once. After each answer the interview is
// read again: a follow-up whose main question has been analysed is asked next. At the end the page
// waits for the answers still on their way or in analysis (they may bring a follow-up), then shows
// the report (interview_report.js) with each answer's replay.
(function () {
  "use strict";
  var TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm", "video/mp4"];
  var SOURCE_KO = { bank: "기본 질문", posting: "채용공고", self_intro: "자기소개서", follow_up: "꼬리질문" };
  var TICK_MS = 250;
  var WAIT_MS = 2000; // between reads of the interview while waiting for analyses at the end
  var ENDING_S = 10; // the answer timer turns to a warning colour this long before the end
  var $ = function (id) { return document.getElementById(id); };
  var run = $("iv-run"), finishBox = $("iv-finish");
  var phase = $("iv-phase"), time = $("iv-time"), runStatus = $("iv-run-status"), runError = $("iv-run-error");
  var state = { interview: null, done: {}, tts: false, skipWait: false };

  function clock(s) {
    s = Math.max(0, Math.ceil(s));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function say(el, text) {
    if (el.textContent !== text) el.textContent = text; // a live region repeats only what changed
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // ---- 3. the questions

  function questions() { return state.interview.questions; }

  function numberOf(q) {
    var mains = questions().filter(function (x) { return !x.parent_id; });
    if (!q.parent_id) return String(mains.findIndex(function (x) { return x.question_id === q.question_id; }) + 1);
    var parent = mains.find(function (x) { return x.question_id === q.parent_id; });
    var siblings = questions().filter(function (x) { return x.parent_id === q.parent_id; });
    return (parent ? numberOf(parent) : "?") + "-" + (siblings.indexOf(q) + 1);
  }

  function nextQuestion() {
    return questions().find(function (q) { return !state.done[q.question_id] && !q.skipped && q.takes === 0; });
  }

  async function refresh() {
    try {
      var response = await IA.request("/interviews/" + state.interview.interview_id);
      if (response.ok) {
        state.interview = await response.json();
        return true;
      }
    } catch (e) { /* keep what we had; the next read may work */ }
    return false;
  }

  function showQuestion(q) {
    var mains = questions().filter(function (x) { return !x.parent_id; }).length;
    var number = numberOf(q);
    $("iv-q-progress").textContent = q.parent_id
      ? "꼬리질문 " + number + " (질문 " + number.split("-")[0] + "에 이어서)"
      : "질문 " + number + " / " + mains;
    $("iv-q-source").textContent = SOURCE_KO[q.source] || q.category;
    $("iv-q-text").textContent = q.text;
    var cue = $("iv-q-cue");
    cue.hidden = !q.cue;
    cue.textContent = q.cue ? (q.parent_id ? "앞 답변의 “" + q.cue + "”에 이어지는 질문입니다." : "“" + q.cue + "”에서 나온 질문입니다.") : "";
    $("iv-say").hidden = !state.tts;
    runError.hidden = true;
  }

  // Resolves with the value of the button pressed, or "time" after ``seconds`` (Infinity: only a button).
  function until(seconds, label, buttons) {
    return new Promise(function (resolve) {
      var started = performance.now();
      var ticking = null;
      var handlers = [];
      function done(value) {
        clearInterval(ticking);
        handlers.forEach(function (h) { h[0].removeEventListener("click", h[1]); h[0].hidden = true; });
        resolve(value);
      }
      buttons.forEach(function (b) {
        var handler = function () { done(b[1]); };
        b[0].hidden = false;
        b[0].addEventListener("click", handler);
        handlers.push([b[0], handler]);
      });
      if (buttons.length) buttons[0][0].focus();
      time.hidden = !isFinite(seconds);
      if (!isFinite(seconds)) return;
      time.max = seconds || 1;
      function tick() {
        var elapsed = (performance.now() - started) / 1000;
        label(elapsed, seconds);
        time.value = Math.min(elapsed, seconds);
        if (elapsed >= seconds) done("time");
      }
      tick();
      ticking = setInterval(tick, TICK_MS);
    });
  }

  async function prepare(q) {
    var buttons = [[$("iv-answer-now"), "answer"]];
    if (!q.required) buttons.push([$("iv-skip"), "skip"]);
    if (state.tts) IA.speech.speak(q.text);
    if (q.prep_s <= 0 && q.required) return "answer";
    phase.className = "iv-phase prep";
    say(runStatus, $("iv-q-progress").textContent + ": " + q.text + " " + (q.prep_s > 0
      ? "준비 시간 " + q.prep_s + "초가 지나면 녹화가 시작됩니다. 바로 답하려면 ‘바로 답변’을 누르세요."
      : "준비되면 ‘바로 답변’을 누르세요."));
    if (q.prep_s <= 0) phase.textContent = "준비";
    var choice = await until(q.prep_s > 0 ? q.prep_s : Infinity, function (elapsed, total) {
      say(phase, "준비 " + clock(total - elapsed));
    }, buttons);
    return choice === "skip" ? "skip" : "answer";
  }

  function live(stream) {
    return stream && stream.getTracks().every(function (t) { return t.readyState === "live"; });
  }

  async function answer(q) {
    IA.speech.quiet();
    if (!live(IA.devices.stream())) await IA.devices.open($("iv-stage-video")); // a camera unplugged and back
    var stream = IA.devices.stream();
    var type = TYPES.find(function (t) { return MediaRecorder.isTypeSupported(t); }) || "";
    var recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    var chunks = [];
    var stopped = new Promise(function (resolve, reject) {
      recorder.onstop = resolve;
      recorder.onerror = function (e) { reject(e.error || new Error("MediaRecorder")); };
    });
    recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
    recorder.start(1000); // a chunk a second: a crash mid-answer loses at most a second
    var started = performance.now();
    $("iv-rec").hidden = false;
    phase.className = "iv-phase rec";
    say(runStatus, "녹화 중입니다. 답변 시간은 " + clock(q.answer_s) + "이며, 끝나면 녹화가 저절로 멈춥니다.");
    await until(q.answer_s, function (elapsed, total) {
      say(phase, "답변 " + clock(elapsed) + " / " + clock(total));
      phase.classList.toggle("ending", total - elapsed <= ENDING_S);
    }, [[$("iv-stop"), "stop"]]);
    if (recorder.state !== "inactive") recorder.stop();
    await stopped;
    $("iv-rec").hidden = true;
    var seconds = (performance.now() - started) / 1000;
    var blob = new Blob(chunks, { type: (recorder.mimeType || "video/webm").split(";")[0] });
    return {
      blob: blob, seconds: seconds, url: URL.createObjectURL(blob),
      name: "answer." + (blob.type.indexOf("mp4") >= 0 ? "mp4" : "webm")
    };
  }

  async function review(take) {
    var video = $("iv-take");
    video.src = take.url;
    video.hidden = false;
    phase.className = "iv-phase";
    say(phase, "녹화 완료 " + clock(take.seconds));
    say(runStatus, "녹화가 끝났습니다 (" + clock(take.seconds) + "). 다시 찍거나 다음 질문으로 넘어가세요.");
    var choice = await until(Infinity, null, [[$("iv-next"), "next"], [$("iv-retake"), "retake"]]);
    video.pause();
    video.removeAttribute("src");
    video.hidden = true;
    return choice;
  }

  function commit(q, take) {
    var id = q.question_id;
    state.done[id] = "answered";
    if (IA.takes[id]) URL.revokeObjectURL(IA.takes[id]);
    IA.takes[id] = take.url;
    IA.uploads.add(state.interview.interview_id, id, "질문 " + numberOf(q), take.blob, take.name);
  }

  async function skip(q) {
    var url = "/interviews/" + state.interview.interview_id + "/questions/" + q.question_id + "/skip";
    try {
      var response = await IA.request(url, { method: "POST" });
      if (response.ok) {
        state.interview = await response.json();
        state.done[q.question_id] = "skipped";
        return true;
      }
      runError.textContent = "건너뛰지 못했습니다: " + await IA.errorText(response, "서버 응답 " + response.status);
    } catch (e) {
      runError.textContent = "건너뛰지 못했습니다: 서버에 연결할 수 없습니다. 다시 눌러 주세요.";
    }
    runError.hidden = false;
    return false;
  }

  async function ask(q) {
    showQuestion(q);
    var take = null;
    for (;;) {
      if ((await prepare(q)) === "skip") {
        if (await skip(q)) return askNext();
        continue;
      }
      try {
        take = await answer(q);
      } catch (err) {
        $("iv-rec").hidden = true;
        runError.textContent = err && err.name ? IA.devices.messageFor(err) : "녹화하지 못했습니다. 다시 시도해 주세요.";
        runError.hidden = false;
        continue; // back to the preparation: 바로 답변 tries again
      }
      if (state.interview.mode !== "practice" || (await review(take)) === "next") break;
      URL.revokeObjectURL(take.url);
    }
    commit(q, take);
    say(runStatus, "답변을 보내는 중입니다. 다음 질문을 준비합니다.");
    await refresh();
    askNext();
  }

  function askNext() {
    var q = nextQuestion();
    return q ? ask(q) : finish();
  }

  // ---- 4. the end: answers on their way, analyses that may bring a follow-up

  function waitingOn() {
    var sending = 0, analysing = [];
    questions().forEach(function (q) {
      if (state.done[q.question_id] !== "answered") return;
      var upload = IA.uploads.find(q.question_id);
      if (upload && upload.state !== "done" && upload.state !== "failed") sending += 1;
      else if (!q.parent_id && upload && upload.state === "done" && (q.status === "processing" || q.takes === 0)) {
        analysing.push(numberOf(q));
      }
    });
    return { sending: sending, analysing: analysing };
  }

  async function finish() {
    IA.speech.quiet();
    run.hidden = true;
    finishBox.hidden = false;
    $("iv-finish-now").hidden = false;
    $("iv-finish-title").focus();
    for (;;) {
      await refresh();
      var q = nextQuestion();
      if (q) {
        finishBox.hidden = true;
        run.hidden = false;
        return ask(q);
      }
      var w = waitingOn();
      if (state.skipWait || (!w.sending && !w.analysing.length)) break;
      say($("iv-finish-status"), w.sending
        ? "모든 질문에 답했습니다. 답변 " + w.sending + "개를 보내는 중입니다…"
        : "모든 질문에 답했습니다. 질문 " + w.analysing.join(", ") + "의 답변을 분석하고 있습니다. " +
          "분석이 끝나면 이어지는 꼬리질문이 나올 수 있으니 잠시 기다려 주세요.");
      await sleep(WAIT_MS);
    }
    showReport();
  }

  function showReport() {
    finishBox.hidden = true;
    run.hidden = true;
    IA.devices.close(); // the camera light goes off with the last question
    var id = state.interview.interview_id;
    var report = $("iv-report");
    history.pushState({ interviewId: id }, "", "/interviews/" + id + "/report");
    IA.interviewReport.show(report, "/interviews/" + id + "/report/body").then(function () { report.focus(); });
  }

  $("iv-finish-now").addEventListener("click", function () {
    state.skipWait = true;
    say($("iv-finish-status"), "결과를 여는 중입니다. 분석이 끝나지 않은 답변은 결과 화면에서 이어서 채워집니다.");
  });
  $("iv-say").addEventListener("click", function () {
    var q = questions().find(function (x) { return x.text === $("iv-q-text").textContent; });
    if (q) IA.speech.speak(q.text);
  });
  window.addEventListener("popstate", function () { if (state.interview) location.reload(); });

  document.addEventListener("ia:interview", function (event) {
    state.interview = event.detail.interview;
    state.tts = event.detail.tts;
    run.hidden = false;
    IA.devices.attach($("iv-stage-video"));
    askNext();
  });
})();
