// Sends the take to /analyze/upload with the question, polls the analysis, then shows the report in
// this page with the recording attached. The take stays in memory until a new one replaces it, so a
// failed upload or analysis can be sent again without recording again.
(function () {
  "use strict";
  var POLL_MS = 1500;
  var STAGES = {
    queued: "차례를 기다리는 중", downloading: "영상 받는 중", decoding: "영상 읽는 중", analysing: "분석 중",
    saving: "저장 중", writing_feedback: "피드백 작성 중", done: "완료"
  };
  var $ = function (id) { return document.getElementById(id); };
  var send = $("send"), info = $("take-info"), takeVideo = $("take"), job = $("job"), status = $("job-status");
  var bar = $("job-progress"), error = $("send-error"), retryBox = $("send-retry-box"), report = $("report");
  var take = null, takeUrl = null, sessionId = null, analysisId = null, retry = null, misses = 0;

  document.addEventListener("ia:take", function (e) {
    take = e.detail;
    sessionId = "s-" + IA.randomHex(12);
    analysisId = null;
    if (takeUrl) URL.revokeObjectURL(takeUrl);
    takeUrl = URL.createObjectURL(take.blob);
    window.IA.recording = { url: takeUrl, analysisId: null }; // report.js plays moments from it
    takeVideo.src = takeUrl;
    takeVideo.hidden = false;
    var mb = (take.blob.size / 1048576).toFixed(1);
    info.textContent = (take.recorded ? "녹화한 답변" : "선택한 파일 " + take.name) + " (" + mb + " MB)을 보낼 준비가 되었습니다.";
    clearError();
    send.disabled = false;
  });

  function clearError() {
    error.hidden = true;
    retryBox.hidden = true;
  }

  function fail(message, again) {
    error.textContent = message;
    error.hidden = false;
    retry = again;
    retryBox.hidden = false;
    send.disabled = false;
    $("send-retry").focus();
  }

  function progress(text, percent) {
    job.hidden = false;
    status.textContent = text;
    bar.value = percent;
  }

  async function upload(rejected) {
    if (!take) return;
    clearError();
    send.disabled = true;
    await IA.ensureKey(rejected);
    var option = $("question").selectedOptions[0];
    var form = new FormData();
    form.append("file", take.blob, take.name);
    form.append("user_id", IA.userId());
    form.append("session_id", sessionId);
    form.append("question", option.textContent.trim());
    form.append("question_id", option.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/analyze/upload");
    var headers = IA.headers();
    Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) progress("영상을 보내는 중… " + Math.round(100 * e.loaded / e.total) + "%", 100 * e.loaded / e.total);
    };
    xhr.onerror = function () {
      fail("영상을 보내지 못했습니다. 네트워크를 확인한 뒤 '다시 보내기'를 눌러 주세요. 녹화한 답변은 그대로 남아 있습니다.", upload);
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 401 && document.body.dataset.auth === "on") return upload(true);
      if (xhr.status < 200 || xhr.status >= 300 || !body || !body.analysis_id) {
        var detail = body && typeof body.detail === "string" ? body.detail : "서버 오류 (" + xhr.status + ")";
        return fail("영상을 보내지 못했습니다: " + detail + " 녹화한 답변은 남아 있으니 '다시 보내기'를 눌러 주세요.", upload);
      }
      analysisId = body.analysis_id;
      window.IA.recording.analysisId = analysisId;
      progress("분석을 시작했습니다.", 0);
      misses = 0;
      poll();
    };
    progress("영상을 보내는 중… 0%", 0);
    xhr.send(form);
  }

  async function poll() {
    clearError();
    var body;
    try {
      var response = await IA.request("/analysis/" + analysisId);
      if (!response.ok && response.status !== 503) throw new Error(await IA.errorText(response, String(response.status)));
      body = response.ok ? await response.json() : { status: "processing", stage: "queued", progress: 0 };
      misses = 0;
    } catch (e) {
      if (++misses < 5) return setTimeout(poll, POLL_MS * misses);
      return fail("분석 상태를 확인하지 못했습니다 (" + e.message + "). '다시 보내기'를 누르면 다시 확인합니다.", poll);
    }
    if (body.status === "completed") return showReport();
    if (body.status === "failed") {
      var why = (body.error && body.error.message) || "분석에 실패했습니다.";
      return fail(why + " 녹화한 답변은 남아 있으니 '다시 보내기'를 눌러 다시 분석을 요청할 수 있습니다.", upload);
    }
    var percent = Math.round(100 * (body.progress || 0));
    progress((STAGES[body.stage] || body.stage) + " · " + percent + "%", percent);
    setTimeout(poll, POLL_MS);
  }

  async function showReport() {
    progress("분석이 끝났습니다. 보고서를 여는 중…", 100);
    var response = await IA.request("/analysis/" + analysisId + "/report/body", { headers: { Accept: "text/html" } });
    if (!response.ok) return fail(await IA.errorText(response, "보고서를 불러오지 못했습니다."), showReport);
    report.innerHTML = await response.text();
    var replay = report.querySelector(".replay");
    if (replay) {
      replay.hidden = false;
      replay.querySelector("video").src = takeUrl;
    }
    IA.linkUser(report);
    IA.loadFragments(report);
    report.dispatchEvent(new CustomEvent("ia:fragment", { bubbles: true }));
    status.textContent = "분석이 끝났습니다. 아래에서 보고서를 확인하세요.";
    send.disabled = true; // this take has its report; a new take enables it again
    history.pushState({ analysisId: analysisId }, "", "/analysis/" + analysisId + "/report");
    report.focus();
  }

  window.addEventListener("popstate", function () { location.reload(); });
  send.addEventListener("click", function () { upload(false); });
  $("send-retry").addEventListener("click", function () { if (retry) retry(false); });
})();
