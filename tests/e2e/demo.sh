#!/bin/bash
# demo.sh - ./quickstart run: the private stack, the sample mails, what happened.
# /dev/tcp port probes need bash (dash has none).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -eu
B=${1:?build dir}
: "${TRIAGE_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
export TRIAGE_SRCDIR
TRIAGE_STACK_DIR=${TRIAGE_STACK_DIR:-$B/stack}
export TRIAGE_STACK_DIR
STACK_LIB=1 . "$TRIAGE_SRCDIR/tests/e2e/stack.sh" lib

echo "==> starting a private Postfix (127.0.0.1), triage-milter and smtp-sink in $STACK"
stack_start "$B"
. "$STACK/env"
echo "    Postfix listens on 127.0.0.1:$SMTP_PORT (inbound) and :$SUBMIT_PORT (outbound),"
echo "    relays to smtp-sink on 127.0.0.1:$SINK_PORT, which saves what it receives."
echo
printf '%-22s %-34s %-46s %s\n' "SAMPLE" "POSTFIX SAID" "TRIAGE-MILTER DECIDED" "WHERE IT IS NOW"
for f in "$TRIAGE_SRCDIR"/tests/data/*.eml; do
	name=$(basename "$f" .eml)
	r=$(send_mail $SMTP_PORT "$f" alice@example.org bob@example.com || true)
	reply=$(echo "$r" | grep -E '^<[-*]+ *[245][0-9][0-9]' | tail -n 2 | head -n 1 | sed 's/^<[-* ]*//; s/Message refused by content policy.*/refused (content policy)/' | cut -c1-34)
	qid=$(echo "$r" | sed -n 's/.*queued as \([0-9A-F]*\).*/\1/p' | head -n 1)
	sleep 1
	if [ -n "$qid" ]; then
		line=$(grep "^$qid: action=" "$STACK/log/milter.log" 2>/dev/null | tail -n 1)
	else
		line=$(grep " action=reject" "$STACK/log/milter.log" 2>/dev/null | tail -n 1)
	fi
	# "action (category, category)" from the verdict line
	act=$(echo "$line" | sed -n 's/.* action=\([a-z]*\).*/\1/p')
	cats=$(echo "$line" | sed -n 's/.* findings=\([^ ]*\).*/\1/p' | tr ',' '\n' |
		sed 's/:.*//' | grep -v '^[+-]*$' | grep -v '^+' | awk '!seen[$0]++' |
		awk 'NR<=2 {printf "%s%s", (NR>1?",":""), $0} NR==3 {printf ",..."}')
	verdict="$act${cats:+ ($cats)}"
	where="rejected: stays with the sender"
	if [ -n "$qid" ]; then
		if held_ids | grep -q "^$qid$"; then
			where="Postfix hold queue + quarantine store"
		else
			wait_for "grep -l 'Message-ID: <$(sed -n 's/^Message-ID: <\(.*\)>.*/\1/p' "$f" | head -n 1)' $STACK/sink/* " 50 || true
			where="delivered (sink)"
		fi
	fi
	printf '%-22s %-34s %-46s %s\n' "$name" "$reply" "${verdict:-?}" "$where"
done
cat <<EOT

What the samples are (tests/data/): a clean mail; a program in a zip; a script
whose name hides its extension with a right-to-left mark; a Japanese PPAP mail
whose zip password is in the text (opened and checked: only tagged); an HTML
page that assembles a download (quarantined); a Word file whose macro runs on
open; the same file in an AES zip with the password in the mail; a PPAP mail
whose password comes "separately" (cannot be checked: banner warns the reader).

Where to look:
  delivered mail      $STACK/sink/
  quarantine store    $STACK/quarantine/   (triage-quarantine -c $STACK/triage-milter.conf list)
  held by Postfix     postqueue -c $STACK/etc -p
  milter log          $STACK/log/milter.log   (one "queue_id: action=..." line per message)
  Postfix log         $STACK/log/postfix.log
  milter config       $STACK/triage-milter.conf

Scan a message offline:  $B/triage-scan -r $TRIAGE_SRCDIR/rules --pretty FILE.eml
The stack keeps running; stop it with:  ./quickstart stop
EOT
