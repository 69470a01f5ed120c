#!/usr/bin/env bash
# Fetch the sRGB ICC profile the PDF writer tags untagged RGB pictures with
# (profiles/sRGB.icc), and its licence (profiles/LICENSE-icc-profiles-free.txt), from Debian's
# icc-profiles-free package. Run from the repository root; needs apt-get and dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download icc-profiles-free >/dev/null)
dpkg-deb -x "$tmp"/icc-profiles-free_*.deb "$tmp/x"
mkdir -p profiles
cp "$tmp/x/usr/share/color/icc/sRGB.icc" profiles/sRGB.icc
cp "$tmp/x/usr/share/doc/icc-profiles-free/copyright" profiles/LICENSE-icc-profiles-free.txt
echo "profiles/sRGB.icc: $(wc -c < profiles/sRGB.icc) bytes"
