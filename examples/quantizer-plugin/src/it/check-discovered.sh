#!/usr/bin/env bash
# Discovery check, run by `mvn verify` once the jar is packaged: does vqf find the plugin in it, under
# the quantizers, with its description? This is the path a user takes (module path, module-info.java),
# which the unit tests (class path, META-INF/services) do not cover.
#
# Usage: VQF_PLUGINS=target/random-codebook-quantizer-1.0.0.jar src/it/check-discovered.sh path/to/vqf
set -euo pipefail

name="random-codebook"
description="VQ against a fixed random codebook (no codebook learning; commitment loss only)"
launcher="${1:?usage: VQF_PLUGINS=<plugin jar> $0 <path to vqf>}"

fail() {
  echo "check-discovered: $*" >&2
  exit 1
}

[ -n "${VQF_PLUGINS:-}" ] && [ -f "$VQF_PLUGINS" ] || fail "VQF_PLUGINS must name the built jar (got '${VQF_PLUGINS:-}')"
[ -x "$launcher" ] || fail "no vqf launcher at $launcher"

# vqf's own build messages go to stderr and stay visible; the listing is on stdout.
if ! listing="$(VQF_PLUGINS="$VQF_PLUGINS" "$launcher" plugins)"; then
  fail "'$launcher plugins' failed (is the vqforge project building? see above)"
fi

# The listing has one section per extension point ("quantizers:"), an indented line per plugin
# ("  <name> <description>"), then the jar it came from ("  from <path>").
found="$(awk -v name="$name" -v jar="$(basename "$VQF_PLUGINS")" '
  /^[^ ].*:$/ { section = $0 }
  entry { entry = 0; if (index($0, "from ") && index($0, jar)) print "jar" }
  $1 == name { entry = 1; line = $0; sub(/^ *[^ ]+ +/, "", line); print "section " section; print "description " line }
' <<<"$listing")"

grep -qx "section .*quantizer.*" <<<"$found" \
  || fail "'$name' is not listed among the quantizers of '$launcher plugins':"$'\n'"$listing"
grep -qxF "description $description" <<<"$found" \
  || fail "'$name' is listed without its description; found:"$'\n'"$found"
grep -qx "jar" <<<"$found" \
  || fail "'$name' is listed, but not from $(basename "$VQF_PLUGINS"):"$'\n'"$listing"
if grep -F "problem:" <<<"$listing" | grep -qF -e "$name" -e "randomcodebook"; then
  fail "vqf reports a problem with the plugin:"$'\n'"$(grep -F "problem:" <<<"$listing")"
fi
echo "check-discovered: vqf lists quantizer '$name' from $(basename "$VQF_PLUGINS")"
