#!/usr/bin/env bash
# Sets up .venv if needed and starts a Redis worker (QUEUE_BACKEND=redis): WORKER_PROCESSES compute
# processes, models loaded once in each, jobs from REDIS_URL. Run it on as many machines as you like,
# each with the API's settings (REDIS_URL, QUEUE_NAME, the analyses store, S3); see docs/queue.md.
# SIGTERM lets running jobs finish for SHUTDOWN_GRACE_S (default 30 s), then hands them back.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
mkdir -p logs data
export QUEUE_BACKEND=redis
exec .venv/bin/python -m interview_analysis.jobs.redis_worker
