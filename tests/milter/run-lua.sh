#!/bin/sh
# run-lua.sh SCRIPT.lua - run one miltertest script against the real daemon.
#
# Makes a private temp dir with a config, a spool, a quarantine store and a
# small rule set that fires on marker strings (so the tests do not depend on
# the analyzers), starts `triage-milter -f` on a unix socket there, runs
# `miltertest -s SCRIPT` with Lua globals SOCKET, TMP, PID, RULES, QDIR, SPOOL,
# LOG, then stops the daemon with SIGTERM and checks that it exited cleanly.
# Lines "--! [section] key = value" in the script override the config;
# "--! rules = shipped" adds the project's rules to the marker rules.
# Exit 77 (automake: SKIP) when miltertest is missing.  Every wait is bounded.
set -u

script=$1
name=$(basename "$script" .lua)
MILTERTEST=${MILTERTEST:-$(command -v miltertest 2>/dev/null || true)}
if [ -z "$MILTERTEST" ] || [ ! -x "$MILTERTEST" ]; then
	echo "SKIP: miltertest is not installed (Debian package miltertest)"
	exit 77
fi
builddir=${TRIAGE_BUILDDIR:-$(pwd)}
srcdir=${TRIAGE_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin="$builddir/triage-milter"
if [ ! -x "$bin" ]; then
	echo "FAIL: $bin is not built"
	exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/triage-milter-$name.XXXXXX") || exit 99
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP

mkdir -p "$tmp/rules" "$tmp/spool"
# The quarantine store is left for the daemon to create (0700).
chmod 0700 "$tmp/spool"
cat >"$tmp/rules/test.yar" <<'RULES'
rule Test_Critical {
  meta: category = "executable" severity = "critical" description = "test marker"
  strings: $a = "TRIAGE-TEST-CRITICAL"
  condition: $a
}
rule Test_High {
  meta: category = "macro-vba-autoexec" severity = "high" description = "test marker"
  strings: $a = "TRIAGE-TEST-HIGH"
  condition: $a
}
rule Test_Medium {
  meta: category = "archive-encrypted" severity = "medium" description = "test marker"
  strings: $a = "TRIAGE-TEST-MEDIUM"
  condition: $a
}
rule Test_Low {
  meta: category = "corrupt" severity = "low" description = "test marker"
  strings: $a = "TRIAGE-TEST-LOW"
  condition: $a
}
RULES

# "--! rules = shipped": the project's rules too (findings of the real analyzers).
if grep -q '^--! *rules *= *shipped' "$script"; then
	cp "$srcdir"/rules/*.yar "$tmp/rules/"
fi

cat >"$tmp/base.conf" <<CONF
[milter]
socket = unix:$tmp/s
socket_mode = 0600
user =
group =
pid_file =
spool_dir = $tmp/spool
spool_memory = 1M
syslog_facility = mail
max_message_size = 10M
internal_networks = 10.1.0.0/16, 2001:db8:1::/48
outbound_daemon_names = submission

[rules]
dir = $tmp/rules

[limits]
time_budget_ms = 20000

[policy]
critical = reject
high = quarantine
medium = tag
low = tag
on_error = tempfail
subject_prefix =

[policy.outbound]
critical = reject
high = reject
medium = tag
low = tag
subject_prefix =

[banner]
dir = $srcdir/contrib/banner

[quarantine]
dir = $tmp/quarantine
hold = true

[allowlist]
senders = trusted@partner.example
recipients = @allow.example
CONF

# Apply the script's "--! [section] key = value" lines (replace, or add to the section).
sed -n 's/^--! *\[\([^]]*\)\] *\([A-Za-z_]*\) *= *\(.*\)$/\1\t\2\t\3/p' "$script" >"$tmp/overrides"
awk -F'\t' -v ovfile="$tmp/overrides" '
	BEGIN { while ((getline l < ovfile) > 0) { split(l, p, "\t"); n++; sec[n]=p[1]; key[n]=p[2]; val[n]=p[3]; used[n]=0 } }
	function flush(   i) { for (i = 1; i <= n; i++) if (sec[i] == cur && !used[i]) { print key[i] " = " val[i]; used[i] = 1 } }
	/^\[/ { flush(); cur = substr($0, 2, length($0) - 2); print; next }
	{
		k = $0; sub(/[ \t]*=.*/, "", k)
		for (i = 1; i <= n; i++) if (sec[i] == cur && key[i] == k) { print k " = " val[i]; used[i] = 1; next_line = 1 }
		if (next_line) { next_line = 0; next }
		print
	}
	END { flush() }
' "$tmp/base.conf" >"$tmp/triage-milter.conf"

# miltertest reads every reply into a 1 KiB buffer: replacement bodies in
# chunks that fit (the daemon's test aid; 64 KiB otherwise).
TRIAGE_MILTER_BODY_CHUNK=1000 "$bin" -f -c "$tmp/triage-milter.conf" >"$tmp/log" 2>&1 &
pid=$!

# Wait (at most 30 s: sanitizer builds are slow) for the socket.
i=0
while [ ! -S "$tmp/s" ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "FAIL: triage-milter exited at start:"; cat "$tmp/log"
		exit 1
	fi
	i=$((i + 1))
	if [ $i -gt 300 ]; then
		echo "FAIL: no socket after 30 s"; cat "$tmp/log"
		exit 1
	fi
	sleep 0.1
done

rc=0
timeout 120 "$MILTERTEST" -s "$script" -D "SOCKET=unix:$tmp/s" -D "TMP=$tmp" \
	-D "PID=$pid" -D "RULES=$tmp/rules" -D "QDIR=$tmp/quarantine" \
	-D "SPOOL=$tmp/spool" -D "LOG=$tmp/log" -D "BIN=$bin" -D "BUILDDIR=$builddir" \
	-D "TESTDIR=$(cd "$(dirname "$script")" && pwd)" || rc=$?

# Stop: SIGTERM, then wait (bounded) and collect the exit status.
drc=0
if kill -0 "$pid" 2>/dev/null; then
	kill -TERM "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 400 ]; do
		sleep 0.1; i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "FAIL: triage-milter did not stop within 40 s of SIGTERM"
		rc=1
	fi
fi
wait "$pid" 2>/dev/null || drc=$?
pid=""
echo "---- daemon log"
cat "$tmp/log"
if [ $rc -ne 0 ]; then
	echo "FAIL: $name: miltertest exited with $rc"
	exit 1
fi
if [ $drc -ne 0 ]; then
	echo "FAIL: $name: triage-milter exited with $drc"
	exit 1
fi
echo "PASS: $name"
exit 0
