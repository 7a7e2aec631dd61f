#!/usr/bin/env bash
# Build the Linux installation and check it as a person would: PyInstaller from the hashed
# lock file, the bundled application started offscreen to its first windows, the bundled
# `iro` making a demo store, minutes and a report, then a .deb that is installed (as root)
# and whose `iro --version` runs. CI runs it after the tests (.ci/run); each step says its
# name and time, and a failure names the step.
#
#   bash scripts/build-bundle.sh [--no-install]
#
# Output: dist/IRO Desktop/ (the one-folder bundle) and dist/iro-desktop_VERSION_amd64.deb.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
install_deb=1
[ "${1:-}" = "--no-install" ] && install_deb=0

python="${PYTHON:-python3}"
venv=".venv-build"
bundle="dist/IRO Desktop"
work="$(mktemp -d "${TMPDIR:-/tmp}/iro-bundle-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen IRO_DATA_DIR="$work/data"

step_started=0
step() {
    if [ "$step_started" -ne 0 ]; then
        echo "bundle: ${step_name} done in $(( $(date +%s) - step_started )) s"
    fi
    step_name="$1"
    step_started=$(date +%s)
    echo "bundle: ${step_name}"
}
trap 'status=$?; if [ $status -ne 0 ]; then echo "bundle: FAILED in step: ${step_name:-start}" >&2; fi; rm -rf "$work"' EXIT

step "build environment from requirements/release.txt (hashes checked)"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
stamp="$venv/.installed"
if [ ! -f "$stamp" ] || [ requirements/release.txt -nt "$stamp" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
        --only-binary :all: -r requirements/release.txt
    touch "$stamp"
fi
if "$venv/bin/python" -m pip show --quiet psycopg pytest hypothesis mypy >/dev/null 2>&1; then
    echo "bundle: a test-only package is in the build environment" >&2
    exit 1
fi

step "PyInstaller (one folder)"
rm -rf "$bundle" build/build_installer
"$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN build_installer.spec

step "bundle contents"
for unwanted in psycopg pytest _pytest hypothesis mypy ruff PyInstaller tkinter; do
    if [ -e "$bundle/_internal/$unwanted" ]; then
        echo "bundle: $unwanted must not be bundled" >&2
        exit 1
    fi
done
test -f "$bundle/_internal/resources/licences/README.txt"
test -f "$bundle/_internal/resources/licences/LGPL-3.0.txt"
test -f "$bundle/_internal/resources/icons/iro-desktop.png"

step "the bundled application starts offscreen to its first window"
"$bundle/iro-desktop" --smoke 2>"$work/first.txt" || { cat "$work/first.txt" >&2; exit 1; }
grep -q "first paint of FirstRunWizard" "$work/first.txt"

step "the bundled iro makes a demo store, minutes and a report"
export IRO_PASSPHRASE="bundle check passphrase 2026"
store="$work/demo.irostore"
"$bundle/iro" --version
"$bundle/iro" demo --store "$store" --children 12 --years 2
"$bundle/iro" check --store "$store"
review="$("$bundle/iro" list reviews --store "$store" --json | "$venv/bin/python" -c '
import json, sys
rows = json.load(sys.stdin)
rows = rows.get("reviews", rows) if isinstance(rows, dict) else rows
final = [r for r in rows if str(r.get("status", "")).lower() in ("finalised", "final")]
print((final or rows)[0]["id"])')"
"$bundle/iro" minutes "$review" --kind full --store "$store" --out "$work/minutes.docx"
"$bundle/iro" report --from 2025-04-01 --to 2026-03-31 --format docx --store "$store" \
    --out "$work/report.docx"
"$bundle/iro" report --from 2025-04-01 --to 2026-03-31 --format json --store "$store" \
    --out "$work/report.json"
test -s "$work/minutes.docx" && test -s "$work/report.docx" && test -s "$work/report.json"

step "the bundled application opens the store to its main window"
"$bundle/iro-desktop" --smoke --store "$store" 2>"$work/main.txt" || {
    cat "$work/main.txt" >&2; exit 1; }
grep -q "first paint of the main window" "$work/main.txt"
unset IRO_PASSPHRASE

if ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "bundle: no dpkg-deb here (not Debian or Ubuntu): no .deb built"
    echo "bundle: size of $bundle: $(du -sh "$bundle" | cut -f1)"
    exit 0
fi
step ".deb package"
bash packaging/deb/build-deb.sh "$bundle"
deb="$(ls -t dist/iro-desktop_*_"$(dpkg --print-architecture)".deb | head -n 1)"

if [ "$install_deb" -eq 1 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    step "install the .deb and run iro --version from it"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
    test -x /opt/iro-desktop/iro
    test -f /usr/share/applications/iro-desktop.desktop
    /usr/bin/iro --version
    /usr/bin/iro-desktop --version
else
    echo "bundle: not installing $deb (needs root and apt-get, or --no-install given)"
fi

step "report"
echo "bundle: size of $bundle: $(du -sh "$bundle" | cut -f1) ($(du -sb "$bundle" | cut -f1) bytes)"
echo "bundle: size of $deb: $(du -h "$deb" | cut -f1)"
step_started=0
echo "bundle: all checks passed"
