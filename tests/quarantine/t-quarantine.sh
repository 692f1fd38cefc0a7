#!/bin/sh
# t-quarantine.sh - triage-quarantine over a store the test writes itself:
# list filters, show, release through a fake sendmail (argv, stdin, token),
# second release refused, delete, purge by age.
set -u

BIN=${TRIAGE_BUILDDIR:-.}/triage-quarantine
[ -x "$BIN" ] || { echo "SKIP: $BIN not built"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/t-quarantine.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
Q=$TMP/q
mkdir -m 700 "$Q"
FAILS=0

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	"$@" || fail "$d"
}
tq() { "$BIN" -d "$Q" -s "$TMP/fake-sendmail --queue x" "$@"; }

ID1=0123456789abcdef0123456789abcdef
ID2=fedcba9876543210fedcba9876543210
ID3=00000000000000000000000000000003
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# A message with a zip attachment, CRLF line ends as stored by the milter.
printf 'From: Alice <alice@example.com>\r\nTo: bob@example.com\r\nSubject: invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b1\r\nContent-Type: application/zip; name="invoice.zip"\r\nContent-Disposition: attachment; filename="invoice.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBBQAAAAIAAAAIQBmb28=\r\n--b1--\r\n' >"$Q/$ID1.eml"
cat >"$Q/$ID1.json" <<JSON
{"id": "$ID1", "queue_id": "4XyZ1", "time": "$NOW", "from": "<alice@example.com>",
 "rcpts": ["<bob@example.com>", "<carol@example.com>"], "client_addr": "192.0.2.1",
 "client_name": "mx.example.com", "direction": "inbound", "action": "quarantine",
 "severity": "high", "size": 400, "reason": "macro-vba-autoexec",
 "findings": [{"category": "macro-vba-autoexec", "severity": "high", "rule": "Office_VBA_AutoExec",
   "object": "message/invoice.zip/invoice.xlsm"}], "released": null}
JSON
printf 'From: mallory@evil.example\r\nSubject: x\r\n\r\nbody\r\n' >"$Q/$ID2.eml"
cat >"$Q/$ID2.json" <<JSON
{"id": "$ID2", "queue_id": "5AbC2", "time": "$NOW", "from": "mallory@evil.example",
 "rcpts": ["dave@example.com"], "direction": "inbound", "action": "quarantine",
 "severity": "critical", "size": 50, "reason": "executable",
 "findings": [{"category": "executable", "severity": "critical", "rule": "Exe", "object": "message/a.exe"}],
 "released": null}
JSON
printf 'old\r\n' >"$Q/$ID3.eml"
cat >"$Q/$ID3.json" <<JSON
{"id": "$ID3", "time": "2000-01-01T00:00:00Z", "from": "old@example.com", "rcpts": ["x@example.com"],
 "findings": [], "size": 5, "released": null}
JSON
chmod 600 "$Q"/*
# A writer that died long ago left a temp file.
printf x >"$Q/.tmp-$ID3.eml"
touch -d '2000-01-01' "$Q/.tmp-$ID3.eml"

# The fake sendmail records its arguments (one per line) and its input.
cat >"$TMP/fake-sendmail" <<EOF2
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >"$TMP/argv"
cat >"$TMP/stdin"
exit 0
EOF2
chmod 755 "$TMP/fake-sendmail"

# list and its filters
out=$(tq list) || fail "list exit status"
for id in $ID1 $ID2 $ID3; do
	echo "$out" | grep -q "^$id " || fail "list misses $id"
done
echo "$out" | grep -q "alice@example.com> -> <bob@example.com>,<carol@example.com>  macro-vba-autoexec" ||
	fail "list line of $ID1: $out"
out=$(tq list --sender 'ALICE@example.com')
[ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "^$ID1 " || fail "list --sender: $out"
out=$(tq list --sender '*@evil.example')
echo "$out" | grep -q "^$ID2 " && ! echo "$out" | grep -q "^$ID1 " || fail "list --sender glob: $out"
out=$(tq list --category executable)
[ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "^$ID2 " || fail "list --category: $out"
out=$(tq list --since 2001-01-01)
echo "$out" | grep -q "^$ID3 " && fail "list --since kept the old entry"
tq list --since yesterday >/dev/null 2>&1; [ $? = 2 ] || fail "list --since with a bad date is not a usage error"
out=$(tq list --json)
echo "$out" | grep -q "\"queue_id\": \"4XyZ1\"" || fail "list --json: $out"

# show: metadata, findings, structure with the finding under the zip
out=$(tq show $ID1) || fail "show exit status"
echo "$out" | grep -q '^queue_id *4XyZ1' || fail "show metadata: $out"
echo "$out" | grep -q '^  2  application/zip  "invoice.zip"  17 bytes' || fail "show structure: $out"
echo "$out" | grep -q '! macro-vba-autoexec (high, Office_VBA_AutoExec)' || fail "show finding on part: $out"
out=$(tq show $ID1 --json)
echo "$out" | grep -q '"path": "2"' || fail "show --json structure: $out"
tq show ../../etc/passwd >/dev/null 2>&1; [ $? = 1 ] || fail "show accepted a path as id"
tq show 0123456789ABCDEF0123456789ABCDEF >/dev/null 2>&1; [ $? = 1 ] || fail "show accepted upper-case hex"

# release: argv, stdin, token, record
out=$(tq release $ID1) || fail "release exit status: $out"
printf '%s\n' --queue x -i -f alice@example.com -- bob@example.com carol@example.com >"$TMP/want-argv"
cmp -s "$TMP/argv" "$TMP/want-argv" || fail "sendmail argv: $(cat "$TMP/argv")"
head -n 1 "$TMP/stdin" | grep -q "^X-Triage-Release: id=$ID1; t=[0-9]*; mac=[0-9a-f]\{64\}\$" ||
	fail "release header: $(head -n 1 "$TMP/stdin")"
tail -n +2 "$TMP/stdin" >"$TMP/body"
tr -d '\r' <"$Q/$ID1.eml" >"$TMP/want-body"
cmp -s "$TMP/body" "$TMP/want-body" || fail "released message differs from the stored one"
token=$(head -n 1 "$TMP/stdin" | sed 's/^X-Triage-Release: //')
out=$(tq verify-release "$token") && [ "$out" = "valid id=$ID1" ] || fail "token does not verify: $out"
forged=$(echo "$token" | sed 's/id=0/id=1/')
tq verify-release "$forged" >/dev/null && fail "forged token verifies"
[ "$(stat -c %a "$Q/release.key")" = 600 ] || fail "release.key mode"
grep -q '"released": {' "$Q/$ID1.json" || fail "release not recorded: $(cat "$Q/$ID1.json")"
grep -q '"to": \[' "$Q/$ID1.json" || fail "release recipients not recorded"
[ "$(stat -c %a "$Q/$ID1.json")" = 600 ] || fail "metadata mode after release"
rm -f "$TMP/argv"
out=$(tq release $ID1 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "already released" || fail "second release not refused: $rc $out"
[ -e "$TMP/argv" ] && fail "second release ran sendmail"
out=$(tq release --to '<admin@example.com>' --force $ID1) || fail "release --force --to: $out"
printf '%s\n' --queue x -i -f alice@example.com -- admin@example.com >"$TMP/want-argv"
cmp -s "$TMP/argv" "$TMP/want-argv" || fail "sendmail argv with --to: $(cat "$TMP/argv")"
[ "$(grep -c '"time"' "$Q/$ID1.json")" -ge 3 ] || fail "release history not kept"

# A failing sendmail is an error and records nothing.
printf '#!/bin/sh\ncat >/dev/null\nexit 75\n' >"$TMP/bad-sendmail"
chmod 755 "$TMP/bad-sendmail"
"$BIN" -d "$Q" -s "$TMP/bad-sendmail" release $ID2 >/dev/null 2>&1 && fail "release with a failing sendmail succeeded"
grep -q '"released": null' "$Q/$ID2.json" || fail "failed release was recorded"

# -c: the store and the sendmail command come from a real config file; the
# command is split like a shell would (quoted words, arguments kept).
cat >"$TMP/c.conf" <<CONF
[milter]
spool_dir = $TMP

[quarantine]
dir = $Q
sendmail_command = "$TMP/fake-sendmail" -C '$TMP/postfix etc' -oi
CONF
rm -f "$TMP/argv"
out=$("$BIN" -c "$TMP/c.conf" release --force --to carol@example.com $ID1) || fail "release with -c: $out"
printf '%s\n' -C "$TMP/postfix etc" -oi -i -f alice@example.com -- carol@example.com >"$TMP/want-argv"
cmp -s "$TMP/argv" "$TMP/want-argv" || fail "sendmail argv from the config: $(cat "$TMP/argv")"
out=$("$BIN" -c "$TMP/c.conf" list) || fail "list with -c: $out"
echo "$out" | grep -q "^$ID1 " || fail "list with -c: $out"
printf '[quarantine]\nbogus = 1\n' >"$TMP/bad.conf"
out=$("$BIN" -c "$TMP/bad.conf" list 2>&1); rc=$?
[ $rc != 0 ] && echo "$out" | grep -q "bad.conf:2: unknown key" || fail "bad config not reported: $rc $out"

# delete
out=$(tq delete $ID2) || fail "delete: $out"
[ -e "$Q/$ID2.eml" ] || [ -e "$Q/$ID2.json" ] && fail "delete left files"
tq delete $ID2 >/dev/null 2>&1 && fail "deleting twice succeeded"

# purge by age: dry run first
out=$(tq purge --older-than 30 --dry-run)
echo "$out" | grep -q "would purge $ID3" || fail "purge --dry-run: $out"
[ -e "$Q/$ID3.json" ] || fail "purge --dry-run deleted"
out=$(tq purge --older-than 30) || fail "purge: $out"
echo "$out" | grep -q "purged 1 entry" || fail "purge count: $out"
[ -e "$Q/$ID3.json" ] || [ -e "$Q/$ID3.eml" ] && fail "purge left the old entry"
[ -e "$Q/.tmp-$ID3.eml" ] && fail "purge left the stale temp file"
[ -e "$Q/$ID1.json" ] || fail "purge removed a new entry"
tq purge >/dev/null 2>&1; [ $? = 2 ] || fail "purge without --older-than is not a usage error"

[ $FAILS = 0 ] || exit 1
echo "PASS: t-quarantine"
