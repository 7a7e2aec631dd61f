#!/usr/bin/env bash
# Install IRO Desktop with its test tools (first time only) and run every test.
# Qt runs offscreen, so this works without a screen. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-env.sh test
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python -m pytest "$@"
