#!/usr/bin/env bash
# End-to-end check of the container stack, with the test stand-ins for the four stores:
# build, up, one analysis of a real clip through S3 -> worker -> MongoDB + MariaDB, scale the worker
# to 2, down. Everything is removed on exit (volumes too), whether it passed or not.
#   bash deploy/smoke.sh            (root; podman via ../shared/tools/container-base.sh)
# SMOKE_CLIP=path.webm picks the clip (default: the test media cache's talk.webm, else one made here).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
project=${SMOKE_PROJECT:-ia-smoke}
files=(-f deploy/compose.yaml -f deploy/compose.test.yaml)
export BUILDAH_FORMAT=docker # keeps the image's HEALTHCHECK (the OCI format drops it)

t0=$(date +%s)
phase_start=$t0
timings=()
phase() { # name: close the running phase
  local now
  now=$(date +%s)
  timings+=("$(printf '%-16s %4ss' "$1" $((now - phase_start)))")
  echo "== $1 done in $((now - phase_start)) s" >&2
  phase_start=$now
}
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }
wait_for() { # seconds description command...: until the command succeeds
  local limit=$1 what=$2 deadline=$(($(date +%s) + $1))
  shift 2
  until "$@" >/dev/null; do
    (($(date +%s) < deadline)) || fail "$what not within ${limit} s"
    sleep 3
  done
}

base=$repo/../shared/tools/container-base.sh
[[ -x $base || -f $base ]] || base=/work/shared/tools/container-base.sh
bash "$base" >&2 || fail "$base"

# The stack's settings: test values only. WORKER_PROCESSES=1: one compute process per container.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export API_PORT=${API_PORT:-$(free_port)} S3_PORT=${S3_PORT:-$(free_port)}
export MONGO_PASSWORD=smoke-mongo MARIADB_PASSWORD=smoke-maria MARIADB_ROOT_PASSWORD=smoke-root
export S3_ACCESS_KEY=smoke-access S3_SECRET_KEY=smoke-secret-key ALLOWED_BUCKETS=interviews
export AUTH_ENABLED=true WORKER_PROCESSES=1 WORKER_REPLICAS=1
scratch=$(mktemp -d)
log=${TMPDIR:-/tmp}/$project.log # podman-compose's chatter (merged config, every podman command, builds)
: >"$log"
compose() { podman-compose -p "$project" "${files[@]}" "$@" >>"$log" 2>&1 || { tail -n 60 "$log" >&2; return 1; }; }

teardown() {
  local rc=$? start
  start=$(date +%s)
  if ((rc != 0)); then
    echo "---- container logs (last lines) ----" >&2
    for c in $(podman ps -a -q --filter "label=io.podman.compose.project=$project"); do
      echo "---- $(podman inspect -f '{{.Name}}' "$c")" >&2
      podman logs --tail 40 "$c" >&2 || true
    done
  fi
  WORKER_REPLICAS=2 compose down -v >/dev/null 2>&1 || true
  # podman-compose 1.0 leaves what it does not know about: extra replicas, the network, stray volumes.
  podman ps -a -q --filter "label=io.podman.compose.project=$project" | xargs -r podman rm -f >/dev/null
  podman volume ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman volume rm -f >/dev/null
  podman network rm -f "${project}_default" >/dev/null 2>&1 || true
  timings+=("$(printf '%-16s %4ss' down $(($(date +%s) - start)))")
  rm -rf "$scratch"
  echo "podman-compose log: $log" >&2
  echo "---- timings" >&2
  printf '%s\n' "${timings[@]}" "$(printf '%-16s %4ss' total $(($(date +%s) - t0)))" >&2
  echo "image size: $(podman image inspect --format '{{.Size}}' localhost/interview-analysis:latest 2>/dev/null \
    | awk '{printf "%.0f MB", $1 / 1e6}')" >&2
  ((rc == 0)) && echo "SMOKE PASSED" >&2
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
WORKER_REPLICAS=2 compose down -v >/dev/null 2>&1 || true # leftovers of an interrupted run
phase setup

# The throw-away YOLO stage installs the CPU torch from this machine's wheel when there is one.
for whl in /opt/wheels/torch-2.13.0+cpu-*.whl; do
  if [[ -f $whl && ! -e deploy/wheels/${whl##*/} ]]; then
    ln "$whl" deploy/wheels/ 2>/dev/null || cp "$whl" deploy/wheels/
  fi
done
# podman-compose 1.0 exits 0 when a build fails (it only prints "exit code: N"): check every build.
# The worker's image is the api's: building it once saves a minute of cache checks.
mark=$(wc -l <"$log")
compose build api redis mongo mariadb minio || fail "podman-compose build"
if tail -n +"$((mark + 1))" "$log" | grep -q '^exit code: [1-9]'; then
  tail -n 60 "$log" >&2
  fail "an image did not build"
fi
phase build

compose up -d || fail "podman-compose up"
api=${project}_api_1
health() { curl -fsS -m 5 "http://127.0.0.1:$API_PORT/health" -o /dev/null 2>/dev/null; }
wait_for 300 "GET /health 200" health
for c in $(podman ps -q --filter "label=io.podman.compose.project=$project"); do
  wait_for 120 "healthcheck of $(podman inspect -f '{{.Name}}' "$c")" podman healthcheck run "$c"
done
phase up

# A clip into the S3 stand-in (boto3 inside the API container, with the stack's own credentials).
clip=${SMOKE_CLIP:-$(ls -t .cache/media/*/talk.webm 2>/dev/null | head -n1 || true)}
if [[ -z $clip ]]; then # no face here, so emotion is not_measurable: still a completed analysis
  clip=$scratch/answer.webm
  espeak-ng -v ko -s 140 -w "$scratch/speech.wav" "안녕하세요. 저는 이번 면접에 지원한 지원자입니다."
  ffmpeg -v error -y -f lavfi -i testsrc2=size=640x480:rate=30:duration=8 -i "$scratch/speech.wav" \
    -c:v libvpx -b:v 800k -deadline realtime -c:a libopus -shortest "$clip"
fi
echo "clip: $clip ($(stat -c %s "$clip") bytes)" >&2
podman cp "$clip" "$api:/tmp/smoke.webm"
podman exec "$api" python -c '
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"])
s3.create_bucket(Bucket="interviews")
s3.upload_file("/tmp/smoke.webm", "interviews", "smoke/answer.webm")
print("uploaded", s3.head_object(Bucket="interviews", Key="smoke/answer.webm")["ContentLength"], "bytes")' >&2
key=$(podman exec "$api" python -m interview_analysis keys create --tenant smoke --name smoke 2>/dev/null \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["api_key"])')
auth=(-H "Authorization: Bearer $key")
url=http://127.0.0.1:$API_PORT

analysis_id=$(curl -fsS -m 10 "${auth[@]}" -H 'Content-Type: application/json' -X POST "$url/analyze" \
  -d '{"s3_bucket": "interviews", "s3_key": "smoke/answer.webm", "user_id": "smoke-user", "session_id": "s1"}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["analysis_id"])')
echo "analysis $analysis_id" >&2
field() { python3 -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1]))' "$1"; }
analysis_done() {
  local body status
  body=$(curl -fsS -m 10 "${auth[@]}" "$url/analysis/$analysis_id") || return 1
  status=$(field status <<<"$body")
  [[ $status == failed ]] && fail "analysis failed: $body"
  [[ $status == completed ]]
}
wait_for 300 "analysis completed" analysis_done
curl -fsS "${auth[@]}" "$url/analysis/$analysis_id" | python3 -c '
import json, sys
a = json.load(sys.stdin)
sections = ("emotion_analysis", "eye_tracking", "voice_analysis", "transcript")
print("completed:", {k: (a.get(k) or {}).get("status") for k in sections},
      "object_check:", a["integrity"]["object_check"]["status"], "warnings:", a["warnings"])' >&2

comment_done() {
  local status
  status=$(curl -fsS -m 10 "${auth[@]}" "$url/analysis/$analysis_id/llm-comment" | field status) || return 1
  [[ $status == failed ]] && fail "feedback failed"
  [[ $status == completed ]]
}
wait_for 60 "feedback completed" comment_done
podman exec "${project}_mongo_1" python3 -c '
import sys, pymongo
doc = pymongo.MongoClient("mongodb://127.0.0.1:27017").interview_analysis.analyses.find_one({"analysis_id": sys.argv[1]})
assert doc is not None and doc["status"] == "completed", doc
print("mongodb: analyses document", doc["analysis_id"], doc["status"])' "$analysis_id" >&2
rows=$(podman exec "${project}_mariadb_1" mariadb -N -B -e \
  "SELECT writer FROM interview_analysis.feedback WHERE analysis_id = '$analysis_id' AND status = 'completed'")
[[ -n $rows ]] || fail "no completed feedback row for $analysis_id in MariaDB"
echo "mariadb: feedback row, writer $rows" >&2
podman stats --no-stream --format '{{.Name}} {{.MemUsage}}' \
  $(podman ps -q --filter "label=io.podman.compose.project=$project") >&2 || true # memory after one analysis
phase first-analysis

WORKER_REPLICAS=2 compose up -d # creates worker_2; the running containers stay as they are
two_workers() {
  curl -fsS -m 5 "$url/health" | python3 -c '
import json, sys
q = json.load(sys.stdin)["checks"]["queue"]
print("queue:", {k: q.get(k) for k in ("workers_registered", "workers_alive")}, file=sys.stderr)
sys.exit(not (q.get("workers_registered") == 2 and q.get("workers_alive", 0) >= 2))'
}
wait_for 180 "2 live workers in /health" two_workers
wait_for 120 "healthcheck of ${project}_worker_2" podman healthcheck run "${project}_worker_2"
phase scale
