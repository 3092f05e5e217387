#!/usr/bin/env bash
# check-report.sh REPORT.html [SCREENSHOT.png] [MIN_IMAGES] [TABLE_ID]
# Checks an HTML report (a study's, or a run's page) in headless Chromium: it is self-contained
# (every src is a data URI and every href one or an anchor in the page, so no resource can be
# missing), Chromium parses it into a DOM with the table TABLE_ID (default summary: a study's) and at
# least MIN_IMAGES (default 1) embedded PNG images, and a screenshot of it is not blank.
# Needs chromium (apt-get install -y chromium) and python3.
set -euo pipefail
report="${1:?usage: check-report.sh REPORT.html [SCREENSHOT.png] [MIN_IMAGES] [TABLE_ID]}"
screenshot="${2:-${report%.html}.png}"
min_images="${3:-1}"
table="${4:-summary}"
[ -f "$report" ] || { echo "check-report: no such file: $report" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "check-report: chromium not found (apt-get install -y chromium)" >&2; exit 2; }

fail() { echo "check-report: $report: $*" >&2; exit 1; }

# 1. self-contained: nothing to fetch, so nothing can be missing
external="$(grep -oiE '(src|href)="[^"]*"' "$report" | grep -viE '^(src|href)="data:|^href="#' || true)"
[ -z "$external" ] || fail "refers to resources outside the file: $(echo "$external" | head -3 | tr '\n' ' ')"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars
       --user-data-dir="$tmp/profile" --allow-file-access-from-files)
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

# 2. the DOM Chromium built: the table TABLE_ID with rows, and the embedded images
timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" > "$tmp/dom.html" 2> "$tmp/dom.log" \
  || fail "chromium --dump-dom failed: $(tail -3 "$tmp/dom.log")"
grep -q "<table id=\"$table\">" "$tmp/dom.html" || fail "no $table table in the DOM"
# the rows of that table: from its start to the first </table> after it
rows="$(sed -n "/<table id=\"$table\">/,/<\/table>/p" "$tmp/dom.html" | grep -o '<tr>' | wc -l)"
[ "$rows" -ge 2 ] || fail "the $table table has no data row"
images="$(grep -o '<img [^>]*src="data:image/png;base64,' "$tmp/dom.html" | wc -l)"
[ "$images" -ge "$min_images" ] || fail "$images embedded PNG images in the DOM, expected at least $min_images"
grep -qi 'Failed to load resource\|net::ERR_' "$tmp/dom.log" && fail "chromium reported a failed load: $(grep -i 'Failed to load\|net::ERR_' "$tmp/dom.log" | head -1)"

# 3. a screenshot that shows something
timeout 120 "$browser" "${flags[@]}" --window-size=1280,2400 --screenshot="$screenshot" "$url" \
  > "$tmp/shot.log" 2>&1 || fail "chromium --screenshot failed: $(tail -3 "$tmp/shot.log")"
python3 - "$screenshot" <<'PY' || fail "the screenshot is blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        width, height = struct.unpack(">II", data[pos + 8:pos + 16])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
pixels = zlib.decompress(idat)
# a blank page compresses to a handful of distinct byte values; text, tables and charts give many
sys.exit(0 if width > 0 and height > 0 and len(set(pixels)) > 32 else 1)
PY
echo "check-report: $report OK: $table table with $((rows - 1)) rows, $images embedded images, screenshot $screenshot"
