#!/usr/bin/env bash
# Shared set-up for run-app.sh and test.sh: a virtual environment in .venv with the
# project installed (editable) and, where the machine lacks them, the system libraries
# Qt needs. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

extras="${1:-}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "IRO Desktop needs Python 3.11 or newer (found: $("$python" --version 2>&1))." >&2
    exit 1
fi

# British English spell-checking in the review editor uses Enchant with Hunspell's en_GB
# dictionary (optional: without them there is simply no underlining).
if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ] \
    && { ! ldconfig -p 2>/dev/null | grep -q 'libenchant-2' || [ ! -f /usr/share/hunspell/en_GB.dic ]; }; then
    apt-get update -qq && apt-get install -y -qq libenchant-2-2 hunspell-en-gb >/dev/null || true
fi

# Qt's libraries need a few system libraries that minimal Linux images lack.
if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1 \
    && ! ldconfig -p 2>/dev/null | grep -q 'libEGL.so.1'; then
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq && apt-get install -y -qq libegl1 libgl1 libxkbcommon0 \
            libfontconfig1 libglib2.0-0 libdbus-1-3 >/dev/null
    else
        echo "Qt needs libegl1, libgl1, libxkbcommon0 and libfontconfig1; install them with apt-get." >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
fi
