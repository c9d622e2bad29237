#!/usr/bin/env bash
# Renders the client's PNG icons from the SVG. The PNGs are committed, so building needs no
# renderer; run this after changing the SVG. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/icons"
command -v rsvg-convert >/dev/null || { echo "render-icons: install librsvg2-bin (rsvg-convert)" >&2; exit 1; }
for size in 16 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" --output "org.boxoffice.Client-$size.png" \
        org.boxoffice.Client.svg
done
echo "render-icons: wrote org.boxoffice.Client-{16,32,48,64,128,256}.png"
