#!/usr/bin/env bash
# Sets up .venv if needed and starts the service on 0.0.0.0:8000 with embedded defaults
# (SQLite and local files under data/, in-process workers). Settings: env vars or .env.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
mkdir -p logs data
export SERVICE_HOST="${HOST:-0.0.0.0}"  # lets the service warn when it listens beyond loopback without auth
exec .venv/bin/uvicorn --factory interview_analysis.main:create_app \
  --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" --timeout-graceful-shutdown 10
