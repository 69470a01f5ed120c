#!/usr/bin/env bash
# Make the CMYK newsprint output profile in profiles/ from published characterisation
# data, so the repository never carries a third-party profile it cannot rebuild.
#
# What it does
#   1. `apt-get download icc-profiles-free` (Debian; Zlib licence) and unpack it with
#      `dpkg-deb -x` into a temporary directory. The package ships TR002.ti3: the
#      ANSI CGATS/SNAP TR 002-2007 "Color Characterization Data for Coldset Printing on
#      Newsprint" (average of 102 measured newsprint presses, IT8.7/3 target, D50, 0:45).
#      CGATS allows profiles built from these data to be distributed if TR 002 is named
#      as the source; Debian's copyright file puts the .ti3 under Zlib.
#   2. Build an ICC output profile with Argyll CMS `colprof` (Debian package `argyll`,
#      installed if missing): Lab cLUT, low quality tables (small file), ramp black
#      generation, total ink limit 240 % (newsprint, ISO 12647-3 / SNAP), black limit 95 %.
#   3. Set the ICC header's creation date to a fixed value (2007-01-01 00:00:00, the
#      year of TR 002) so the same inputs give byte-identical profiles.
#   4. Copy the profile and the licence texts into profiles/.
#
# Run from anywhere: scripts/make-profile.sh   (needs apt-get; root to install argyll)
set -euo pipefail
cd "$(dirname "$0")/.."

out=profiles
name=CGATS-TR002-newsprint.icc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"   # apt-get download writes as the unprivileged _apt user

if ! command -v colprof >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq argyll
fi

(cd "$tmp" && apt-get download icc-profiles-free >/dev/null)
dpkg-deb -x "$tmp"/icc-profiles-free_*.deb "$tmp/pkg"
cp "$tmp/pkg/usr/share/color/icc/TR002.ti3" "$tmp/TR002.ti3"

(cd "$tmp" && colprof -ql -bl -nc -kr -l 240 -L 95 \
  -A "broadsheet" \
  -D "CGATS TR 002 coldset newsprint (SNAP), TAC 240" \
  -C "Made from ANSI CGATS/SNAP TR 002-2007 characterisation data (icc-profiles-free, Zlib)" \
  TR002 >/dev/null)

# ICC header bytes 24..36: creation date as six big-endian u16 (ICC.1 §7.2.1).
python3 - "$tmp/TR002.icc" <<'PY'
import struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
assert data[36:40] == b"acsp", "not an ICC profile"
assert data[16:20] == b"CMYK" and data[12:16] == b"prtr", "not a CMYK output profile"
data[24:36] = struct.pack(">6H", 2007, 1, 1, 0, 0, 0)
open(path, "wb").write(bytes(data))
PY

mkdir -p "$out"
cp "$tmp/TR002.icc" "$out/$name"
cp "$tmp/pkg/usr/share/doc/icc-profiles-free/copyright" "$out/LICENSE-icc-profiles-free.txt"
# The terms CGATS states inside the data file itself.
# (The file is Windows-1252 with CRLF line ends.)
iconv -f CP1252 -t UTF-8 "$tmp/TR002.ti3" | tr -d '\r' \
  | grep -E '^(ORIGINATOR|FILE_DESCRIPTOR|CREATED|COPYRIGHT|#)' > "$out/LICENSE-CGATS-TR002.txt"
echo "wrote $out/$name ($(wc -c < "$out/$name") bytes)"
