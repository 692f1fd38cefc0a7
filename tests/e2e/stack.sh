#!/bin/bash
# stack.sh - a private Postfix + triage-milter + smtp-sink on 127.0.0.1.
#
#   stack.sh run BUILD_DIR     start the stack, send the samples, show results
#   stack.sh start BUILD_DIR   start it (state in $TRIAGE_STACK_DIR)
#   stack.sh stop [BUILD_DIR]  stop it and remove its directory
#
# Sourced by the end-to-end tests for its functions.  Nothing here touches the
# machine's own Postfix configuration: the instance has its own
# config_directory and queue_directory under the stack directory, listens on
# a free loopback port and relays everything to smtp-sink on another one.
# /dev/tcp port probes need bash (dash has none).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -eu

: "${TRIAGE_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
STACK=${TRIAGE_STACK_DIR:-/tmp/triage-stack}

# A free TCP port on 127.0.0.1 (bounded number of tries).
free_port() {
	i=0
	while [ $i -lt 200 ]; do
		p=$(( 20000 + ( $(od -An -N2 -tu2 /dev/urandom) % 20000 ) ))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			echo $p; return 0
		fi
		i=$((i + 1))
	done
	echo "no free port" >&2; return 1
}

# Wait (up to $2 tenths of a second) until command $1 succeeds.
wait_for() {
	n=0
	while ! eval "$1" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -ge "$2" ] && return 1
		sleep 0.1
	done
	return 0
}

# Write the Postfix instance's main.cf and master.cf.
write_postfix_config() {
	mkdir -p "$STACK/etc" "$STACK/queue" "$STACK/data" "$STACK/log" "$STACK/sink" "$STACK/milter"
	chown postfix "$STACK/data"
	chmod 755 "$STACK" "$STACK/milter"
	cat >"$STACK/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $STACK/queue
data_directory = $STACK/data
mail_owner = postfix
setgid_group = postdrop
myhostname = triage-test.localdomain
mydomain = localdomain
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
local_transport = error:local delivery disabled
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$SINK_PORT
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
biff = no
smtp_tls_security_level = none
smtpd_tls_security_level = none
maillog_file = $STACK/log/postfix.log
maillog_file_prefixes = $STACK/log
syslog_name = postfix-triage
smtpd_milters = unix:$STACK/milter/milter.sock
non_smtpd_milters = unix:$STACK/milter/milter.sock
milter_default_action = tempfail
milter_protocol = 6
milter_mail_macros = i {mail_addr} {auth_type} {auth_authen} {auth_author} {client_addr} {daemon_name}
milter_connect_macros = j {daemon_name} {daemon_addr} v _ {client_addr} {client_name}
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
delay_warning_time = 0
smtp_connect_timeout = 5s
message_size_limit = 104857600
CF
	cat >"$STACK/etc/master.cf" <<CF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
  -o milter_macro_daemon_name=inbound
127.0.0.1:$SUBMIT_PORT inet n - n - - smtpd
  -o milter_macro_daemon_name=outbound
pickup    unix  n       -       n       1       1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
}

# Write the milter's config for this stack.
write_milter_config() {
	mkdir -p "$STACK/spool" "$STACK/quarantine"
	cat >"$STACK/triage-milter.conf" <<CF
# triage-milter configuration of the private test stack
[milter]
socket = unix:$STACK/milter/milter.sock
socket_mode = 0666
# run as the invoking user (root here): no privilege drop
user =
group =
pid_file = $STACK/milter/triage-milter.pid
spool_dir = $STACK/spool
outbound_daemon_names = outbound

[rules]
dir = $TRIAGE_SRCDIR/rules

[policy]
subject_prefix = [SUSPICIOUS]

[banner]
# the templates of the source tree (not installed here)
dir = $TRIAGE_SRCDIR/contrib/banner

[quarantine]
dir = $STACK/quarantine
hold = true
sendmail_command = /usr/sbin/sendmail -C $STACK/etc
CF
}

stack_env() {
	cat >"$STACK/env" <<EOF2
SMTP_PORT=$SMTP_PORT
SUBMIT_PORT=$SUBMIT_PORT
SINK_PORT=$SINK_PORT
EOF2
}

# Start the milter (from build dir $1) and wait for its socket.
start_milter() {
	"$1/triage-milter" -f -c "$STACK/triage-milter.conf" >>"$STACK/log/milter.log" 2>&1 &
	echo $! >"$STACK/milter.pid"
	wait_for "test -S $STACK/milter/milter.sock" 100 || {
		echo "triage-milter did not start; its log:" >&2
		tail -n 20 "$STACK/log/milter.log" >&2
		return 1
	}
}

stop_milter() {
	if [ -f "$STACK/milter.pid" ]; then
		pid=$(cat "$STACK/milter.pid")
		kill "$pid" 2>/dev/null || true
		wait_for "! kill -0 $pid" 100 || kill -9 "$pid" 2>/dev/null || true
		rm -f "$STACK/milter.pid" "$STACK/milter/milter.sock"
	fi
}

# Start everything; $1 = build dir.
stack_start() {
	build=$1
	stack_stop_quiet
	rm -rf "$STACK"
	mkdir -p "$STACK"
	SMTP_PORT=$(free_port); SUBMIT_PORT=$(free_port); SINK_PORT=$(free_port)
	write_postfix_config
	write_milter_config
	stack_env
	# smtp-sink saves each delivered message under sink/.
	(cd "$STACK/sink" && exec smtp-sink -u postfix -d "$STACK/sink/%Y%m%d%H%M%S." \
		127.0.0.1:$SINK_PORT 50 >>"$STACK/log/sink.log" 2>&1) &
	echo $! >"$STACK/sink.pid"
	chown postfix "$STACK/sink"
	start_milter "$build"
	postfix -c "$STACK/etc" check >>"$STACK/log/postfix-check.log" 2>&1 || true
	postfix -c "$STACK/etc" start >>"$STACK/log/postfix-start.log" 2>&1
	wait_for "(exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT)" 100 || {
		echo "postfix did not start:" >&2; cat "$STACK/log/postfix-start.log" >&2
		tail -n 20 "$STACK/log/postfix.log" >&2 || true
		return 1
	}
}

stack_stop_quiet() {
	[ -d "$STACK" ] || return 0
	[ -f "$STACK/etc/main.cf" ] && postfix -c "$STACK/etc" stop >/dev/null 2>&1 || true
	# postfix stop is asynchronous: wait for the master to go.
	if [ -f "$STACK/queue/pid/master.pid" ]; then
		mp=$(tr -d ' ' <"$STACK/queue/pid/master.pid")
		wait_for "! kill -0 $mp" 100 || kill -9 "$mp" 2>/dev/null || true
	fi
	stop_milter
	if [ -f "$STACK/sink.pid" ]; then
		kill "$(cat "$STACK/sink.pid")" 2>/dev/null || true
		rm -f "$STACK/sink.pid"
	fi
}

stack_stop() {
	stack_stop_quiet
	rm -rf "$STACK"
}

# Send file $2 from $3 to $4 to port $1 (swaks); prints swaks's last reply.
send_mail() {
	swaks --server 127.0.0.1 --port "$1" --from "$3" --to "$4" \
		--data "@$2" --timeout 60 2>&1 || true
}

# The queue ids Postfix holds (postqueue -j: queue_name hold).
held_ids() {
	postqueue -c "$STACK/etc" -j 2>/dev/null |
		sed -n 's/.*"queue_name": *"hold".*"queue_id": *"\([0-9A-F]*\)".*/\1/p'
}

# From the command line the stack lives in BUILD_DIR/stack.
if [ -z "${STACK_LIB:-}" ] && [ -z "${TRIAGE_STACK_DIR:-}" ] && [ -n "${2:-}" ]; then
	STACK=$2/stack
	TRIAGE_STACK_DIR=$STACK
	export TRIAGE_STACK_DIR
fi
case "${1:-}" in
start) stack_start "${2:?build dir}"; echo "stack running in $STACK" ;;
stop) stack_stop; echo "stopped ($STACK removed)" ;;
run) sh "$TRIAGE_SRCDIR/tests/e2e/demo.sh" "${2:?build dir}" ;;
lib) ;;
*) [ -n "${STACK_LIB:-}" ] || { echo "usage: stack.sh run|start|stop BUILD_DIR" >&2; exit 2; } ;;
esac
