#!/bin/bash
# t-postfix-corpus.sh - every labelled corpus message through a real Postfix.
#
# Sends each message of ../shared/corpus (or $TRIAGE_CORPUS) through the
# private Postfix + triage-milter stack and reads the outcome from Postfix's
# side: 5xx reply = reject, hold queue = quarantine, delivered = the
# X-Triage-Action header (none = accept).  Each must lie within the
# manifest's min_action..max_action.  Skips when the corpus, Postfix or root
# is missing.
set -u

B=${TRIAGE_BUILDDIR:?}
S=${TRIAGE_SRCDIR:?}
export TRIAGE_SRCDIR=$S
C=${TRIAGE_CORPUS:-$S/../shared/corpus}
[ -f "$C/MANIFEST.tsv" ] || { echo "SKIP: corpus not found at $C"; exit 77; }
PATH=$PATH:/usr/sbin:/sbin
for t in postfix swaks smtp-sink postqueue; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -x "$B/triage-milter" ] || { echo "SKIP: triage-milter not built"; exit 77; }

TRIAGE_STACK_DIR=$(mktemp -d /tmp/triage-e2ec-XXXXXX)
export TRIAGE_STACK_DIR
STACK_LIB=1 . "$S/tests/e2e/stack.sh" lib
set +e
trap 'stack_stop' EXIT INT TERM
stack_start "$B" || { echo "could not start the stack"; exit 1; }
. "$STACK/env"

rank() {
	case "$1" in
	accept) echo 0 ;; tag) echo 1 ;; banner) echo 2 ;; strip) echo 3 ;;
	quarantine) echo 4 ;; reject|discard) echo 5 ;; *) echo 9 ;;
	esac
}

PASSED=0 FAILED=0
# Tabs are IFS white space (empty fields would merge): split on "|" instead.
while IFS='|' read -r file cats min max _rest; do
	[ "$file" = file ] && continue
	[ -f "$C/$file" ] || continue
	r=$(send_mail $SMTP_PORT "$C/$file" sender@example.org rcpt@example.com)
	qid=$(echo "$r" | sed -n 's/.*queued as \([0-9A-F]*\).*/\1/p' | head -n 1)
	got=unknown
	if echo "$r" | grep -q '^<\*\{0,2\} *5[0-9][0-9] 5\.7\.1'; then
		got=reject
	elif [ -n "$qid" ]; then
		# Wait (up to 20 s) until it is delivered or held.
		n=0
		while [ $n -lt 200 ]; do
			if held_ids | grep -qx "$qid"; then got=quarantine; break; fi
			f=$(grep -l "id $qid" "$STACK"/sink/* 2>/dev/null | head -n 1)
			if [ -n "$f" ]; then
				a=$(sed -n 's/^X-Triage-Action: *\([a-z]*\).*/\1/p' "$f" | head -n 1)
				got=${a:-accept}
				break
			fi
			n=$((n + 1)); sleep 0.1
		done
	fi
	g=$(rank "$got"); lo=$(rank "$min"); hi=$(rank "$max")
	if [ "$g" -ge "$lo" ] && [ "$g" -le "$hi" ]; then
		PASSED=$((PASSED + 1)); echo "ok - $file: $got (expected $min..$max)"
	else
		FAILED=$((FAILED + 1)); echo "not ok - $file: $got (expected $min..$max; $cats)"
		echo "$r" | grep -E '^<[*-]* *[45][0-9][0-9]' | tail -n 2
	fi
done < <(tr '\t' '|' <"$C/MANIFEST.tsv")

echo "e2e-corpus: $PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ] && [ $PASSED -gt 0 ]
