#!/usr/bin/env bash
# One command: installs what is missing, builds, and runs every test
# (unit, API, integration against real PostgreSQL and server processes,
# GUI tests offscreen). Extra arguments go to ctest, e.g. -L unit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure "$@"
