#!/usr/bin/env bash
# One command: installs what is missing, builds the server and the client without tests,
# and packs boxoffice-server_<version>_<arch>.deb, boxoffice-client_<version>_<arch>.deb
# and boxoffice-<version>-Linux-<processor>.tar.gz into dist/ (packaging/cpack.cmake).
# BOXOFFICE_PACKAGE_BUILD_DIR=build reuses an already configured build tree (.ci/run does,
# after the tests) instead of compiling everything again in build-package/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

build=${BOXOFFICE_PACKAGE_BUILD_DIR:-build-package}
if [[ -n ${BOXOFFICE_PACKAGE_BUILD_DIR:-} ]]; then
    [[ -f "$build/CMakeCache.txt" ]] || { echo "package: $build is not a configured build tree" >&2; exit 1; }
    cmake "$build" >/dev/null # refreshes the generated CPack files, keeping the tree's options
else
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOXOFFICE_BUILD_TESTS=OFF >/dev/null
fi
targets=(--target boxoffice-server)
grep -q '^BOXOFFICE_BUILD_CLIENT:BOOL=ON' "$build/CMakeCache.txt" && targets+=(--target boxoffice-client)
cmake --build "$build" -j"$(nproc)" "${targets[@]}"

rm -rf dist
cpack --config "$build/CPackConfig.cmake" -B "$PWD/dist" >"$build/cpack.log" 2>&1 ||
    { cat "$build/cpack.log" >&2; exit 1; }
rm -rf dist/_CPack_Packages
echo "package: built"
find "$PWD/dist" -maxdepth 1 \( -name '*.deb' -o -name '*.tar.gz' \) | sort | sed 's/^/  /'
