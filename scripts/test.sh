#!/usr/bin/env bash
# One command: installs what is missing, builds, and runs every test
# (unit, API, integration against real PostgreSQL and server processes,
# GUI tests offscreen). Extra arguments go to ctest, e.g. -L unit.
# Two tests at a time by default (BOXOFFICE_TEST_JOBS): every test must
# also pass on a busy 2-core machine, and this halves the suite's time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure -j"${BOXOFFICE_TEST_JOBS:-2}" "$@"
