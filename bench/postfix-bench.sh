#!/bin/bash
# postfix-bench.sh - messages/s through a real Postfix: no milter, a
# do-nothing milter, triage-milter.  Prints a table; not run by make check.
#
#   bench/postfix-bench.sh BUILD_DIR [PLAIN_COUNT] [OFFICE_COUNT] [ROUNDS]
#
# Uses the private stack of tests/e2e/stack.sh (its own Postfix instance on
# 127.0.0.1, smtp-sink behind it) and smtp-source from the postfix package.
# Every verdict is mapped to "tag" here so that all messages are accepted
# and the rates compare like for like (the scan work is the same).
set -eu
B=$(cd "${1:?build dir}" && pwd)
PLAIN=${2:-2000}
OFFICE=${3:-200}
ROUNDS=${4:-3}
: "${TRIAGE_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
export TRIAGE_SRCDIR
TRIAGE_STACK_DIR=$(mktemp -d /tmp/triage-bench-XXXXXX)
export TRIAGE_STACK_DIR
STACK_LIB=1 . "$TRIAGE_SRCDIR/tests/e2e/stack.sh" lib
PATH=$PATH:/usr/sbin
trap 'kill $(cat "$STACK/null.pid" 2>/dev/null) 2>/dev/null; stack_stop' EXIT INT TERM

stack_start "$B"
. "$STACK/env"
cat >>"$STACK/triage-milter.conf" <<CF
CF
# Same scan, no rejections: every severity tags.
sed -i 's/^\[policy\]$/[policy]\ncritical = tag\nhigh = tag\nmedium = tag\nlow = tag/' "$STACK/triage-milter.conf"
stop_milter
start_milter "$B"
"$B/bench/scan-bench" -w "$STACK" >/dev/null
"$B/bench/null-milter" "unix:$STACK/null.sock" >/dev/null 2>&1 &
echo $! >"$STACK/null.pid"
wait_for "test -S $STACK/null.sock" 100
chmod 666 "$STACK/null.sock"

use_milter() {
	postconf -c "$STACK/etc" -e "smtpd_milters = $1" "non_smtpd_milters = $1"
	postfix -c "$STACK/etc" reload >/dev/null 2>&1
	sleep 2
}

# messages/s for COUNT copies of FILE over SESSIONS parallel sessions
rate() {
	local file=$1 count=$2 sessions=$3 t0 t1
	t0=$(date +%s.%N)
	smtp-source -s "$sessions" -m "$count" -F "$file" -f bench@example.org \
		-t sink@example.com 127.0.0.1:$SMTP_PORT
	t1=$(date +%s.%N)
	echo "$count $t0 $t1" | awk '{printf "%.1f", $1 / ($3 - $2)}'
}

max() { echo "$1 $2" | awk '{print ($1 > $2) ? $1 : $2}'; }

printf '# postfix-bench: %s, Postfix %s, %s\n' "$(uname -m)" \
	"$(postconf -d -h mail_version)" "$(nproc) CPUs"
printf '%-16s %10s %12s %14s %10s\n' "message" "no milter" "null-milter" "triage-milter" "ratio"
for kind in text-5k office-zip-1m; do
	if [ $kind = text-5k ]; then n=$PLAIN s=10; else n=$OFFICE s=4; fi
	# Best of ROUNDS rounds, the three set-ups alternating: the machine's
	# other load moves single runs by 20 %.
	none=0 null=0 tri=0
	for _r in $(seq "$ROUNDS"); do
		use_milter ""
		none=$(max "$none" "$(rate "$STACK/$kind.eml" "$n" "$s")")
		use_milter "unix:$STACK/null.sock"
		null=$(max "$null" "$(rate "$STACK/$kind.eml" "$n" "$s")")
		use_milter "unix:$STACK/milter/milter.sock"
		tri=$(max "$tri" "$(rate "$STACK/$kind.eml" "$n" "$s")")
	done
	ratio=$(echo "$tri $null" | awk '{printf "%.0f%%", 100 * $1 / $2}')
	printf '%-16s %10s %12s %14s %10s\n' "$kind" "$none" "$null" "$tri" "$ratio"
done
echo "(messages/s accepted by Postfix, best of $ROUNDS rounds; ratio = triage-milter / null-milter)"
