#!/bin/sh
# Replays the sample messages and generated fixtures through both fuzz targets.
set -eu
B=${TRIAGE_BUILDDIR:-.}
S=${TRIAGE_SRCDIR:-.}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Raw seeds: the attachments of the sample messages, cut out by triage-scan's
# own walker would need the engine; plain copies of the messages work as
# seeds for the message target, and small generated files for the raw one.
"$B/tests/fuzz/replay_message" "$S/tests/data"
for f in "$S"/tests/fuzz/seeds/*; do [ -f "$f" ] && cp "$f" "$TMP/"; done
printf 'PK\003\004' >"$TMP/zip-magic"
printf '\320\317\021\340\241\261\032\341' >"$TMP/ole-magic"
printf '{\\rtf1{\\object{\\*\\objdata 0105000002000000}}}' >"$TMP/rtf"
# Small archives of each kind, when the tools are there.
mkdir "$TMP/in"
printf 'hello fuzz\n' >"$TMP/in/a.txt"
printf 'MZ' >"$TMP/in/b.exe"
(cd "$TMP/in" && tar czf ../t.tgz a.txt b.exe && tar cf ../t.tar a.txt) || true
gzip -c "$TMP/in/a.txt" >"$TMP/a.gz" || true
if command -v zip >/dev/null; then
	(cd "$TMP/in" && zip -q ../z.zip a.txt b.exe && zip -q -P secret ../zc.zip a.txt) || true
fi
if command -v 7z >/dev/null; then
	(cd "$TMP/in" && 7z a -bd -y ../s.7z a.txt >/dev/null && 7z a -bd -y -psecret -mhe=on ../se.7z a.txt >/dev/null) || true
fi
rm -rf "$TMP/in"
"$B/tests/fuzz/replay_file" "$TMP"
