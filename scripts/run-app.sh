#!/usr/bin/env bash
# Install IRO Desktop (first time only) and start the application.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-env.sh
exec .venv/bin/iro-desktop "$@"
