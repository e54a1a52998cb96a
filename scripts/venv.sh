#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the given requirements file, once per change of it.
set -euo pipefail
req="${1:-requirements.txt}"
venv=.venv
py="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x "$venv/bin/python" ]; then
  if ! "$py" -m venv "$venv" 2>/dev/null; then
    # Debian ships venv separately; install it when we may (root), else say what to do.
    rm -rf "$venv"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get install -y -qq python3-venv >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv; }
      "$py" -m venv "$venv"
    else
      echo "Cần gói python3-venv: sudo apt-get install python3-venv" >&2
      exit 1
    fi
  fi
  "$venv/bin/python" -m pip install -q --upgrade pip
fi
stamp="$venv/.installed-$(basename "$req")"
if [ ! -f "$stamp" ] || [ "$req" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  "$venv/bin/python" -m pip install -q -r "$req"
  touch "$stamp"
fi
