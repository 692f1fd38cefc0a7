#!/bin/sh
# triage-milter -n: exit 0 on a good config, 1 with "file:line:" on bad ones.
set -u
bin="${TRIAGE_BUILDDIR:-.}/triage-milter"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/triage-conf-check.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir "$tmp/rules"
printf 'rule T { meta: category = "executable" severity = "critical"\n strings: $a = "X-MARK" condition: $a }\n' >"$tmp/rules/t.yar"

good() {
	cat >"$tmp/c.conf" <<CONF
# a comment
[milter]
socket = inet:8899@127.0.0.1
spool_dir = $tmp
max_message_size = 20M

[rules]
dir = $tmp/rules

[policy]
high = quarantine

[banner]
dir = ${TRIAGE_SRCDIR:-.}/contrib/banner
CONF
}

# expect NAME RC PATTERN: run -n and check the exit status and the message.
expect() {
	name=$1 want=$2 pattern=$3
	out=$(timeout 60 "$bin" -n -c "$tmp/c.conf" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: $name: exit $rc, want $want: $out"; fail=1; return
	fi
	if ! printf '%s\n' "$out" | grep -qF -- "$pattern"; then
		echo "FAIL: $name: output lacks '$pattern': $out"; fail=1; return
	fi
	echo "ok: $name: $out"
}

good
expect "good config" 0 "configuration OK, 1 rules"

good; printf '[limits]\nmax_depth = 5\nmax_bogus = 3\n' >>"$tmp/c.conf"
expect "unknown key" 1 "$tmp/c.conf:17: unknown key \"max_bogus\" in [limits]"

good; printf '[nosuch]\n' >>"$tmp/c.conf"
expect "unknown section" 1 "$tmp/c.conf:15: unknown section [nosuch]"

good; sed -i 's/^max_message_size = 20M/max_message_size = 20Q/' "$tmp/c.conf"
expect "bad size" 1 "$tmp/c.conf:5: max_message_size: \"20Q\" is not a size"

good; sed -i 's/^high = quarantine/high = explode/' "$tmp/c.conf"
expect "bad action" 1 "$tmp/c.conf:11: high: unknown action \"explode\""

good; printf '[quarantine]\nhold = maybe\n' >>"$tmp/c.conf"
expect "bad boolean" 1 "$tmp/c.conf:16: hold: \"maybe\" is not true/false/yes/no"

good; sed -i '2a internal_networks = 10.0.0.0/33' "$tmp/c.conf"
expect "bad CIDR" 1 "$tmp/c.conf:3: internal_networks: \"10.0.0.0/33\" is not an address or CIDR network"

good; printf 'this is not ini\n' >>"$tmp/c.conf"
expect "syntax error" 1 "$tmp/c.conf:15: syntax error"

good; printf '[policy]\non_error = panic\n' >>"$tmp/c.conf"
expect "duplicate section, bad on_error" 1 "$tmp/c.conf:16: on_error: \"panic\" is not tempfail or accept"

good; printf 'rule Broken {\n condition: nosuchthing\n}\n' >"$tmp/rules/z.yar"
expect "broken rule" 1 "$tmp/rules/z.yar:2:"
rm -f "$tmp/rules/z.yar"

good; sed -i "s|^dir = .*contrib/banner|dir = $tmp|" "$tmp/c.conf"
expect "banner templates missing" 1 "$tmp/c.conf: [banner] templates: banner.en.txt: not found in $tmp"

good; printf '[banner]\nlanguages = en, ../en\n' >>"$tmp/c.conf"
expect "bad banner language" 1 "[banner] templates: banner language \"../en\""

good; printf '[policy]\nmedium = strip\n[quarantine]\ndir =\n' >>"$tmp/c.conf"
expect "strip without a store" 1 "[policy] medium = strip needs a [quarantine] dir"

good; printf '[policy]\nmedium = strip\n[banner]\nlanguages = ja, en\n' >>"$tmp/c.conf"
expect "strip with a store, two languages" 0 "configuration OK"

# The shipped example, every key uncommented, is a valid file.
src=${TRIAGE_SRCDIR:-.}
sed 's/^#\([a-z_]* =\)/\1/' "$src/contrib/triage-milter.conf" |
	grep -v -e '^internal_networks = 192' -e '^outbound_daemon_names = submission' |
	sed "s|^dir = *\$|dir = $src/contrib/banner|" >"$tmp/c.conf"
out=$(timeout 60 "$bin" -n -c "$tmp/c.conf" -r "$tmp/rules" 2>&1); rc=$?
if [ $rc -ne 0 ]; then echo "FAIL: contrib example: exit $rc: $out"; fail=1; else echo "ok: contrib example: $out"; fi

out=$(timeout 60 "$bin" -n -c "$tmp/missing.conf" 2>&1); rc=$?
if [ $rc -ne 1 ]; then echo "FAIL: missing config: exit $rc: $out"; fail=1; else echo "ok: missing config: $out"; fi

exit $fail
