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
    && { ! ldconfig -p 2>/dev/null | grep -c 'libenchant-2' >/dev/null \
         || [ ! -f /usr/share/hunspell/en_GB.dic ]; }; then
    apt-get update -qq && apt-get install -y -qq libenchant-2-2 hunspell-en-gb >/dev/null || true
fi

# Qt needs a few system libraries that minimal Linux images lack; a desktop session also
# needs those of its xcb plugin (without them Qt aborts at start-up: "could not load the Qt
# platform plugin xcb"). The list, library and Debian/Ubuntu package, is shared with the
# application and the .deb: resources/linux/qt-libraries.txt.
if [ "$(uname -s)" = "Linux" ]; then
    known="$(ldconfig -p 2>/dev/null || true)"
    missing=()
    while read -r library package; do
        case "$library" in ''|'#'*) continue ;; esac
        if ! grep -qF -- "$library" <<<"$known"; then missing+=("$package"); fi
    done < resources/linux/qt-libraries.txt
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing the system libraries Qt needs: ${missing[*]}"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                "${missing[@]}" >/dev/null; } || echo "Could not install: ${missing[*]}" >&2
        else
            echo "Qt needs these system libraries; install them (as root) with:" >&2
            echo "    sudo apt-get install ${missing[*]}" >&2
            echo "(Fedora: dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms" \
                 "xcb-util-image xcb-util-renderutil libxkbcommon-x11 mesa-libEGL)" >&2
        fi
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    # sqlcipher3-binary (Linux only, used before) and sqlcipher3 both install `sqlcipher3`.
    if .venv/bin/python -m pip show --quiet sqlcipher3-binary >/dev/null 2>&1; then
        .venv/bin/python -m pip uninstall --quiet --yes sqlcipher3-binary
    fi
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
fi
