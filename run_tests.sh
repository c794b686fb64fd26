#!/usr/bin/env bash
# Sets up .venv with test dependencies, installs the Debian tools the media fixtures need,
# checks the code (ruff, mypy --strict) and runs the whole pytest suite. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
need=()
for tool in ffmpeg espeak-ng sox unzip; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  echo "installing ${need[*]} ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ffmpeg espeak-ng sox unzip >/dev/null
fi
scripts/bootstrap.sh dev
.venv/bin/ruff check src tests bench
.venv/bin/mypy src
exec .venv/bin/pytest "$@"
