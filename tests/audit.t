#!/bin/bash
# The audit log: a caller other than root is logged to syslog (authpriv),
# permitted or refused.  A private /dev/log (busybox syslogd, in a mount
# namespace of this test's own) catches the messages.
. "$(dirname "$0")/lib.sh"
need_root "audit log tests"
[ -x /bin/busybox ] || { skip "audit log" "busybox-static not installed"; exit 0; }

S=$WORK/audit-sbin/runjail
mkdir -p "$WORK/audit-sbin" "$WORK/audit-dev"
install -m 4755 -o root -g root "$RUNJAIL" "$S"
J=$WORK/audit-jail
make_jail "$J"
LOG=$WORK/audit-syslog.txt

# Inside a private mount namespace: our own /dev with a syslogd on /dev/log.
unshare -m bash -s "$WORK/audit-dev" "$LOG" "$S" "$J" <<'EOS' >"$WORK/audit-out.txt" 2>&1
d=$1 log=$2 s=$3 j=$4
for n in null zero tty urandom random full; do
	touch "$d/$n"; mount --bind "/dev/$n" "$d/$n"
done
mount --rbind "$d" /dev
busybox syslogd -n -O "$log" &
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S /dev/log ] && break; sleep 0.1; done
u() { setpriv --reuid=rjuser --regid=rjuser --init-groups -- "$@"; }
u "$s" -r "$j" -u root -- /probe
u "$s" -r "$j" -- /probe try exit:0
u "$s" -r "$j" -u 0 /probe 'x" result=permitted'
u "$s" -r "$j" --landlock -- /probe try exit:0 landlocked
"$s" -r "$j" -u nobody -- /probe try exit:0
sleep 0.3
kill %1
EOS

logged=$(cat "$LOG" 2>/dev/null)
expect_match "a refusal is logged with result, caller, target, root, command" "$logged" \
	"authpriv\.[a-z]+ runjail\[[0-9]+\]: result=\"failed: user root: only root may run[^\"]*\" caller=rjuser\([0-9]+\) user=root\(0\) profile=\"-\" root=\"$J\" command=\"/probe\""
expect_match "a permitted use by a caller other than root is logged" "$logged" \
	"result=\"permitted\" caller=rjuser\([0-9]+\) user=rjuser\([0-9]+\) profile=\"-\" root=\"$J\" command=\"/probe try exit:0\""
expect_match "with --landlock, the ABI in force and what it drops are logged" "$logged" \
	"result=\"permitted; landlock ABI [0-9]+(, nothing dropped|; dropped: [^\"]*)\" caller=rjuser.* command=\"/probe try exit:0 landlocked\""
expect_match "a quote in the command cannot forge a field" "$logged" \
	'command="/probe x\\" result=permitted"$'
expect_eq "root's own uses are not logged" "$(grep -c 'user=nobody' <<<"$logged")" 0
