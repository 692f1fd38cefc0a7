#!/bin/bash
# t-postfix.sh - triage-milter behind a real Postfix on 127.0.0.1, end to end.
#
# Starts a private Postfix (own config and queue directories), triage-milter
# and smtp-sink, sends mail with swaks and checks the SMTP replies, the sink,
# Postfix's hold queue and the quarantine store.  Everything is stopped and
# removed at the end, also on failure.  Exit 77 (skip) when Postfix, swaks or
# root privileges are missing.
# /dev/tcp port probes need bash (dash has none).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

B=${TRIAGE_BUILDDIR:?}
S=${TRIAGE_SRCDIR:?}
export TRIAGE_SRCDIR=$S
for t in postfix swaks smtp-sink postqueue; do
	command -v $t >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "SKIP: the Postfix end-to-end test needs root"; exit 77; }
[ -x "$B/triage-milter" ] || { echo "SKIP: triage-milter not built"; exit 77; }

TRIAGE_STACK_DIR=$(mktemp -d /tmp/triage-e2e-XXXXXX)
export TRIAGE_STACK_DIR
STACK_LIB=1 . "$S/tests/e2e/stack.sh" lib
set +e  # stack.sh sets -e; here every check must run and be counted
trap 'stack_stop' EXIT INT TERM
TMP=$STACK.tmp
mkdir -p "$TMP"
trap 'stack_stop; rm -rf "$TMP"' EXIT INT TERM

PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

stack_start "$B" || { echo "could not start the stack"; exit 1; }
. "$STACK/env"

# Messages in the sink whose body contains marker $1.
sink_count() { grep -l -- "$1" "$STACK"/sink/* 2>/dev/null | wc -l; }
sink_file() { grep -l -- "$1" "$STACK"/sink/* 2>/dev/null | head -n 1; }
# Wait until the sink has $2 messages with marker $1 (up to 20 s).
wait_sink() { wait_for "[ \$(sink_count '$1') -ge $2 ]" 200; }
# The queue is empty (nothing active, deferred or incoming).
queue_idle() { [ -z "$(postqueue -c "$STACK/etc" -j 2>/dev/null | grep -v '"queue_name": *"hold"')" ]; }

# Copy sample $3 with a unique marker (Message-ID and a last line); print it.
mkmsg() { # name subject sample
	marker="MARK-$1-$$"
	sed "s/^Message-ID:.*/Message-ID: <$marker@example.org>/" "$3" >"$TMP/$1.eml"
	printf '%s\r\n' "$marker" >>"$TMP/$1.eml"
	echo "$marker"
}

# Clean mail: delivered, content intact, verdict header says accept.
m=$(mkmsg clean "Lunch" "$S/tests/data/01-clean-text.eml")
r=$(send_mail $SMTP_PORT "$TMP/clean.eml" alice@example.org bob@example.com)
check "clean mail accepted (250)" 'echo "$r" | grep -q "^<- *250.*queued"'
wait_sink "$m" 1
f=$(sink_file "$m")
check "clean mail delivered" '[ -n "$f" ]'
check "clean body intact" 'grep -q "shall we have lunch" "$f"'

# A forged verdict header from outside is removed.
{ printf 'X-Triage-Action: forged-by-sender\r\nX-Triage-Findings: none (forged)\r\n'; cat "$TMP/clean.eml"; } | sed "s/$m/$m-forged/" >"$TMP/forged.eml"
send_mail $SMTP_PORT "$TMP/forged.eml" alice@example.org bob@example.com >/dev/null
wait_sink "$m-forged" 1
f=$(sink_file "$m-forged")
check "forged X-Triage headers removed" '[ -n "$f" ] && ! grep -q "forged-by-sender" "$f" && ! grep -q "none (forged)" "$f"'

# Executable in a zip: rejected with 550 5.7.1, nothing delivered.
m=$(mkmsg exe "Invoice" "$S/tests/data/02-exe-in-zip.eml")
r=$(send_mail $SMTP_PORT "$TMP/exe.eml" alice@example.org bob@example.com)
check "executable rejected with 550 5.7.1" 'echo "$r" | grep -q "^<\*\{0,2\} *550[ -]5\.7\.1"'
sleep 1
check "rejected mail not delivered" '[ "$(sink_count "$m")" -eq 0 ]'

# Encrypted zip with the password in the body: decrypted, tagged, delivered.
m=$(mkmsg ppap "Mitsumori" "$S/tests/data/04-ppap-ja.eml")
r=$(send_mail $SMTP_PORT "$TMP/ppap.eml" alice@example.org bob@example.com)
wait_sink "$m" 1
f=$(sink_file "$m")
check "PPAP mail delivered" '[ -n "$f" ]'
check "PPAP mail tagged archive-decrypted" 'grep -q "^X-Triage-Findings:.*archive-decrypted" "$f"'

# HTML smuggling: quarantined (hold queue + store), then released once.
m=$(mkmsg smuggle "Your invoice" "$S/tests/data/05-html-smuggling.eml")
r=$(send_mail $SMTP_PORT "$TMP/smuggle.eml" alice@example.org bob@example.com)
check "smuggling mail accepted for quarantine (250)" 'echo "$r" | grep -q "^<- *250"'
wait_for '[ -n "$(held_ids)" ]' 100
check "smuggling mail in Postfix's hold queue" '[ -n "$(held_ids)" ]'
check "smuggling mail not delivered" '[ "$(sink_count "$m")" -eq 0 ]'
qid=$(ls "$STACK/quarantine" 2>/dev/null | sed -n 's/\.json$//p' | head -n 1)
check "quarantine store has the message" '[ -n "$qid" ] && grep -q "$m" "$STACK/quarantine/$qid.eml"'
if [ -x "$B/triage-quarantine" ] && [ -n "$qid" ]; then
	"$B/triage-quarantine" -c "$STACK/triage-milter.conf" release "$qid" >"$TMP/release.out" 2>&1
	check "triage-quarantine release succeeds" '[ $? -eq 0 ]'
	wait_sink "$m" 1
	sleep 2
	check "released message delivered exactly once" '[ "$(sink_count "$m")" -eq 1 ]'
	f=$(sink_file "$m")
	check "released message tagged released, token removed" '[ -n "$f" ] && grep -q "^X-Triage-Action: released" "$f" && ! grep -qi "^X-Triage-Release:" "$f"'
	check "release logged" 'grep -q "action=released .*released=$qid" "$STACK/log/milter.log"'
	check "second release refused" '! "$B/triage-quarantine" -c "$STACK/triage-milter.conf" release "$qid" >/dev/null 2>&1'
fi

# A zip locked with a password that is NOT in the message (archive-encrypted,
# medium) plus a plain attachment; the zip holds 100 KiB of random bytes so
# the new body goes back in more than one 64 KiB smfi_replacebody() chunk.
mkzipmsg() { # name subject
	marker="MARK-$1-$$"
	d="$TMP/$1.d"
	mkdir -p "$d"
	head -c 102400 /dev/urandom >"$d/figures.bin"
	printf 'quarterly figures\n' >"$d/readme.txt"
	(cd "$d" && zip -q -P 'Not-In-This-Mail-42' invoice.zip figures.bin readme.txt)
	printf 'Meeting notes: nothing dangerous here.\n' >"$d/notes.txt"
	{
		printf 'From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: %s\r\n' "$2"
		printf 'Message-ID: <%s@example.org>\r\nMIME-Version: 1.0\r\n' "$marker"
		printf 'Content-Type: multipart/mixed; boundary="e2e-b1"\r\n\r\n'
		printf -- '--e2e-b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n'
		printf 'Hello Bob,\r\nthe invoice is attached.\r\n%s\r\n' "$marker"
		printf -- '--e2e-b1\r\nContent-Type: application/zip; name="invoice.zip"\r\n'
		printf 'Content-Disposition: attachment; filename="invoice.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
		base64 -w 76 "$d/invoice.zip" | sed 's/$/\r/'
		printf -- '--e2e-b1\r\nContent-Type: text/plain; name="notes.txt"\r\n'
		printf 'Content-Disposition: attachment; filename="notes.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
		base64 -w 76 "$d/notes.txt" | sed 's/$/\r/'
		printf -- '--e2e-b1--\r\n'
	} >"$TMP/$1.eml"
	echo "$marker"
}
# The decoded content of the part called $2 in message file $1.
part_bytes() {
	tr -d '\r' <"$1" | awk -v n="filename=\"$2\"" '
		index($0, n) { found = 1; next }
		found && !inbody && $0 == "" { inbody = 1; next }
		inbody && /^--/ { exit }
		inbody { print }' | base64 -d 2>/dev/null
}
# The first lines of the text/plain body part (after its headers).
text_part_head() {
	tr -d '\r' <"$1" | awk '
		/^Content-Type: text\/plain; charset=us-ascii/ { found = 1; next }
		found && !inbody && $0 == "" { inbody = 1; next }
		inbody { print; if (++n == 3) exit }'
}

if command -v zip >/dev/null 2>&1; then
	# Banner (inbound medium = banner by default): the warning first in the
	# text part, the attachments byte for byte.
	m=$(mkzipmsg banner "Invoice")
	r=$(send_mail $SMTP_PORT "$TMP/banner.eml" alice@example.org bob@example.com)
	check "banner mail accepted (250)" 'echo "$r" | grep -q "^<- *250"'
	wait_sink "$m" 1
	f=$(sink_file "$m")
	check "banner mail delivered" '[ -n "$f" ]'
	check "banner mail: X-Triage-Action: banner" 'grep -q "^X-Triage-Action: banner" "$f"'
	check "banner mail: archive-encrypted finding" 'grep -q "^X-Triage-Findings:.*archive-encrypted" "$f"'
	check "banner mail: subject prefix" 'grep -q "^Subject: \[SUSPICIOUS\] Invoice" "$f"'
	check "banner first in the text part" 'text_part_head "$f" | sed -n 2p | grep -q "^WARNING from your mail filter"'
	check "original text kept after the banner" 'grep -q "the invoice is attached" "$f"'
	check "zip attachment byte-identical" 'part_bytes "$f" invoice.zip | cmp -s - "$TMP/banner.d/invoice.zip"'
	check "notes attachment byte-identical" 'part_bytes "$f" notes.txt | cmp -s - "$TMP/banner.d/notes.txt"'
	check "banner logged" 'grep -q "action=banner .*banner=inserted parts=text" "$STACK/log/milter.log"'

	# Strip: medium = strip in the config, reloaded with SIGUSR1.
	sed -i 's/^\[policy\]$/[policy]\nmedium = strip/' "$STACK/triage-milter.conf"
	n0=$(grep -c "reloaded configuration" "$STACK/log/milter.log")
	kill -USR1 "$(cat "$STACK/milter.pid")"
	wait_for "[ \$(grep -c 'reloaded configuration' '$STACK/log/milter.log') -gt $n0 ]" 100
	check "reload with medium = strip" '[ $(grep -c "reloaded configuration" "$STACK/log/milter.log") -gt $n0 ]'
	nq=$(ls "$STACK/quarantine" | grep -c '\.json$')
	m=$(mkzipmsg strip "Invoice 2")
	r=$(send_mail $SMTP_PORT "$TMP/strip.eml" alice@example.org bob@example.com)
	check "strip mail accepted (250)" 'echo "$r" | grep -q "^<- *250"'
	wait_sink "$m" 1
	f=$(sink_file "$m")
	check "strip mail delivered (no hold)" '[ -n "$f" ]'
	check "strip mail: X-Triage-Action: strip" 'grep -q "^X-Triage-Action: strip" "$f"'
	check "zip replaced by invoice.zip.removed.txt" 'grep -q "filename=invoice.zip.removed.txt" "$f" && ! grep -q "filename=\"invoice.zip\"" "$f"'
	check "notes attachment byte-identical after strip" 'part_bytes "$f" notes.txt | cmp -s - "$TMP/strip.d/notes.txt"'
	sid=$(grep -l "$m" "$STACK"/quarantine/*.eml 2>/dev/null | head -n 1 | sed 's|.*/||; s/\.eml$//')
	check "store has the original" '[ -n "$sid" ] && [ $(ls "$STACK/quarantine" | grep -c "\.json$") -eq $((nq + 1)) ]'
	check "stored original still has the zip" '[ -n "$sid" ] && part_bytes "$STACK/quarantine/$sid.eml" invoice.zip | cmp -s - "$TMP/strip.d/invoice.zip"'
	check "store metadata names the stripped part" '[ -n "$sid" ] && grep -q "\"stripped\": \[" "$STACK/quarantine/$sid.json" && grep -q "\"invoice.zip\"" "$STACK/quarantine/$sid.json"'
	check "removed-part text names the store id" '[ -n "$sid" ] && grep -q "$sid" "$f"'
	if [ -x "$B/triage-quarantine" ] && [ -n "$sid" ]; then
		check "triage-quarantine show lists it" '"$B/triage-quarantine" -c "$STACK/triage-milter.conf" show "$sid" | grep -q "^stripped *invoice.zip"'
	fi
else
	echo "# zip not installed: banner and strip checks skipped"
fi

# Outbound (second smtpd with milter_macro_daemon_name=outbound): high → reject.
m=$(mkmsg outbound "Your invoice" "$S/tests/data/05-html-smuggling.eml")
r=$(send_mail $SUBMIT_PORT "$TMP/outbound.eml" alice@example.com partner@example.net)
check "outbound high-severity mail rejected" 'echo "$r" | grep -q "^<\*\{0,2\} *5[0-9][0-9]"'

# Milter down: Postfix tempfails (milter_default_action), nothing is lost.
stop_milter
m=$(mkmsg down "While down" "$S/tests/data/01-clean-text.eml")
r=$(send_mail $SMTP_PORT "$TMP/down.eml" alice@example.org bob@example.com)
check "milter down: SMTP client gets 4xx" 'echo "$r" | grep -q "^<\*\{0,2\} *4[0-9][0-9]"'
/usr/sbin/sendmail -C "$STACK/etc" -i -f alice@example.org bob@example.com <"$TMP/down.eml" || true
start_milter "$B"
postqueue -c "$STACK/etc" -f >/dev/null 2>&1 || true
r=$(send_mail $SMTP_PORT "$TMP/down.eml" alice@example.org bob@example.com)
check "milter back: client retry accepted" 'echo "$r" | grep -q "^<- *250"'
wait_sink "$m" 2
check "milter back: locally submitted mail delivered too" '[ "$(sink_count "$m")" -ge 2 ]'

# SIGUSR1 reloads during traffic: nothing lost, nothing tempfailed.
i=0; tf=0
while [ $i -lt 20 ]; do
	m=$(mkmsg "reload$i" "Reload $i" "$S/tests/data/01-clean-text.eml")
	[ $((i % 4)) -eq 0 ] && kill -USR1 "$(cat "$STACK/milter.pid")"
	r=$(send_mail $SMTP_PORT "$TMP/reload$i.eml" alice@example.org bob@example.com)
	echo "$r" | grep -q "^<- *250" || tf=$((tf + 1))
	i=$((i + 1))
done
check "reload during traffic: all 20 accepted" '[ $tf -eq 0 ]'
wait_for '[ $(grep -l "MARK-reload" "$STACK"/sink/* 2>/dev/null | wc -l) -ge 20 ]' 300
check "reload during traffic: all 20 delivered" '[ $(grep -l "MARK-reload" "$STACK"/sink/* 2>/dev/null | wc -l) -eq 20 ]'

echo "e2e: $PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
