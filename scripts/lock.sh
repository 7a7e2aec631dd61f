#!/usr/bin/env bash
# Regenerate requirements/release.txt, the release build's lock file: every package the
# application and PyInstaller need, pinned with the SHA-256 of each wheel on PyPI, for
# every platform and supported Python at once (uv's universal resolution). Run it after
# changing the dependencies in pyproject.toml or requirements/build.in, and commit both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-env.sh test
UV_PYTHON_DOWNLOADS=never .venv/bin/uv pip compile pyproject.toml requirements/build.in \
    --universal --python-version 3.11 --generate-hashes --only-binary :all: \
    --custom-compile-command "./scripts/lock.sh" \
    --output-file requirements/release.txt "$@"
