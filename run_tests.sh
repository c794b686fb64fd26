#!/usr/bin/env bash
# Sets up .venv with test dependencies, installs the Debian tools the media fixtures need,
# checks the code (ruff, mypy --strict) and runs the whole pytest suite. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
need=()
for tool in ffmpeg espeak-ng sox unzip chromium; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
# Korean glyphs for the pages' screenshots (Chromium draws boxes without a Korean font)
[[ -e /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]] || need+=(fonts-nanum)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  echo "installing ${need[*]} ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
scripts/bootstrap.sh dev
# The generated test clips (minutes, the first time) are built while the code is checked.
.venv/bin/python -m tests.fixtures.media >/dev/null &
media=$!
.venv/bin/ruff check src tests bench
.venv/bin/mypy src
wait "$media"
exec .venv/bin/pytest "$@"
