#!/usr/bin/env bash
# Installs what Box Office needs to build, run and test on Debian 12, and nothing
# when it is all there already. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkgconf
    qt6-base-dev qt6-httpserver-dev libqt6sql6-psql qt6-websockets-dev qt6-tools-dev libgl-dev
    postgresql
    nlohmann-json3-dev
    libsodium-dev qtkeychain-qt6-dev openssl
    prometheus-cpp-dev
    # For tst_nginxcluster and packaging/nginx. Where services may start, the
    # package starts its default site on port 80; the test runs its own nginx
    # on a free loopback port and never touches that one.
    nginx
    fonts-dejavu-core
    # Packaging (scripts/package.sh: dpkg-shlibdeps, file) and its install test
    # (tests/package: systemd-analyze, desktop-file-validate, appstreamcli, curl).
    dpkg-dev file systemd desktop-file-utils appstream curl
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    echo "install-deps: everything is installed"
    exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
