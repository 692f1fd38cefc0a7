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
	check "second release refused" '! "$B/triage-quarantine" -c "$STACK/triage-milter.conf" release "$qid" >/dev/null 2>&1'
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
