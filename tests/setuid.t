#!/bin/bash
# The attack suite: runjail installed set-user-ID root, run by an ordinary
# user (rjuser) who tries to get more than they have.  Each attack must
# fail with the expected message and status, and leave nothing behind.
. "$(dirname "$0")/lib.sh"
need_root "set-uid attack tests"

setuid_setup s
cleanup() { rm -f $PDIR/rjtest-*.conf; [ -n "${created_pdir:-}" ] && rmdir $PDIR; }
trap cleanup EXIT
mounts0=$(mountset)

profile() { # NAME MODE CONTENT
	printf '%s\n' "$3" >"$PDIR/$1.conf"; chmod "$2" "$PDIR/$1.conf"
}

# The mount may be nosuid: then nothing here can be tested.
if ! as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	skip "set-uid attack tests" "$S does not run set-user-ID here (nosuid mount?)"
	exit 0
fi

# --- the self-jail mode works, and gives nothing ---------------------------
sx "self-jail: runs" 0 "" -r "$J" -P -- /probe
expect_eq "self-jail: the caller's own uid" "$(probe_val uid)" "$RJU $RJU $RJU"
expect_eq "self-jail: no capabilities" "$(probe_val cap_prm):$(probe_val cap_bnd)" \
	"0000000000000000:0000000000000000"
expect_eq "self-jail: the caller's groups" "$(probe_val groups | tr , '\n' | sort -n | paste -sd,)" \
	"$(id -G rjuser | tr ' ' '\n' | sort -n | paste -sd,)"

# --- attacks --------------------------------------------------------------
sx "attack: -u root" 125 "user root: only root may run a command as another user" \
	-r "$J" -u root -- /probe
sx "attack: -u another user" 125 "only root may run a command as another user" \
	-r "$J" -u rjother -- /probe
sx "attack: -g 0" 125 "group 0: only root may choose another group" -r "$J" -g 0 -- /probe
sx "attack: -G a group not one's own" 125 "groups: callers other than root keep exactly" -r "$J" -G 0 -- /probe
sx "attack: drop one's groups to pass a group-denied file" 125 \
	"groups: callers other than root keep exactly the groups they have" -r "$J" -G '' -- /probe
mkdir -p "$WORK/hidden"; chmod 700 "$WORK/hidden"; make_jail "$WORK/hidden/jail"
sx "attack: a jail under a directory the caller cannot search" 125 \
	"root .*/hidden/jail: Permission denied" -r "$WORK/hidden/jail" -- /probe
sx "attack: keep a capability" 125 "cap: only root may keep capabilities" \
	-r "$J" -c net_bind_service -- /probe
sx "attack: bind-mount /etc/shadow in" 125 "bind: only root may bind-mount" \
	-r "$J" --ro-bind /etc/shadow:/tmp/x -- /probe
sx "attack: raise a hard limit" 125 "only root may raise a hard limit" \
	-r "$J" -l "nofile=$(( $(ulimit -Hn) + 1 ))" -- /probe
sx "attack: negative nice" 125 "only root may lower the nice value" -r "$J" -n -5 -- /probe
sx "attack: pidfile writes a root-owned file anywhere" 125 "only root may have runjail write files" \
	-r "$J" --pidfile /etc/rjtest-pwned -- /probe
check "attack: pidfile: no file written" test ! -e /etc/rjtest-pwned
printf 'default allow\n' >"$WORK/secret.policy"; chmod 600 "$WORK/secret.policy"
sx "attack: read a root-only file as a policy" 125 "secret.policy: Permission denied" \
	-r "$J" -s "$WORK/secret.policy" -- /probe

mkdir -p "$WORK/home"; chmod 755 "$WORK/home"
mkdir -p "$WORK/home/rjuser"; make_jail "$WORK/home/rjuser/jail"
chown rjuser "$WORK/home/rjuser"
sx "attack: a jail under a directory the caller owns" 125 \
	"jail root: .*/home/rjuser: not owned by root: refused" -r "$WORK/home/rjuser/jail" -- /probe
chown -R rjuser "$WORK/home/rjuser/jail"
sx "attack: a jail root the caller owns" 125 "not owned by root: refused" \
	-r "$WORK/home/rjuser/jail" -- /probe
chown -R root "$WORK/home/rjuser"
chmod 777 "$WORK/home"
sx "attack: a world-writable parent" 125 "writable by group or other: refused" \
	-r "$WORK/home/rjuser/jail" -- /probe
chmod 755 "$WORK/home"
ln -s "$J" "$WORK/home/rjuser/link"
sx "attack: root path through a symlink the caller controls" 125 "is a symbolic link" \
	-r "$WORK/home/rjuser/link" -- /probe

# The loader must ignore these for a set-uid program, and runjail must not
# pass them on.
cat >"$WORK/evil.c" <<'EOF'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void evil(void)
{ close(open("/run/rjtest-pwned", O_CREAT | O_WRONLY, 0644)); }
EOF
if gcc -shared -fPIC -o "$WORK/evil.so" "$WORK/evil.c" 2>/dev/null; then
	chmod 755 "$WORK/evil.so"
	mkdir -p "$WORK/gconv"; cp "$WORK/evil.so" "$WORK/gconv/evil.so"
	RJ_OUT=$(as_user env LD_PRELOAD="$WORK/evil.so" LD_LIBRARY_PATH="$WORK" \
		GCONV_PATH="$WORK/gconv" LD_AUDIT="$WORK/evil.so" "$S" -r "$J" -- /probe 2>/dev/null)
	check "attack: LD_PRELOAD, LD_AUDIT, GCONV_PATH run no code as root" test ! -e /run/rjtest-pwned
	expect_eq "attack: LD_* and GCONV_PATH not passed on" \
		"$(printf '%s\n' "$RJ_OUT" | grep -cE '^env=(LD_|GCONV)')" 0
	rm -f /run/rjtest-pwned
else
	skip "attack: LD_PRELOAD" "gcc cannot build a shared object"
fi

# Since Linux 5.18 the kernel never starts a program with argc 0: it
# passes one empty argument instead.  Either way: refused, with 125.
RJ_ERR=$(as_user "$PROBE" try "exec0:$S" 2>&1); RJ_RC=$?
if [ "$(printf '%s\n' 5.18 "$(uname -r)" | sort -V | head -n 1)" = 5.18 ]; then
	want="runjail: no command given (see runjail --help)"
else
	want="runjail: refusing to run with argc == 0"
fi
expect_eq "attack: argc == 0 is refused" "$RJ_RC:$RJ_ERR" "125:$want"

RJ_OUT=$(exec 7</; as_user "$S" -r "$J" -- /probe 0<&- 2>&-)
expect_eq "attack: a leaked fd to / and closed fds 0 and 2" "$(probe_val fds)" "0,1,2"

run_rj_user() { RJ_OUT=$(as_user "$S" "$@" 2>&1); }
run_rj_user -r "$J" -- /probe try chroot-escape setuid0 mount unshare-user ptrace:1
for a in chroot-escape setuid0 mount ptrace:1; do
	expect_match "attack from inside: $a" "$RJ_OUT" "^$a=EPERM"
done
cp "$PROBE" "$J/suidprobe"; chmod 4755 "$J/suidprobe"
run_rj_user -r "$J" -- /suidprobe
expect_eq "attack: a set-uid-root binary inside the jail" "$(probe_val uid)" "$RJU $RJU $RJU"
rm -f "$J/suidprobe"

# TIOCSTI: typing into the caller's terminal.  Without runjail the probe
# can (where the kernel still allows it), through runjail it cannot.
# The control first: where the kernel denies TIOCSTI to everyone, these
# attacks would pass whatever runjail does, so they are skipped.
if ! command -v script >/dev/null; then
	skip "attack: TIOCSTI" "script(1) not installed"
elif ! bare=$(as_user script -qec "$PROBE try tiocsti" /dev/null 2>&1 | tr -d '\r') ||
	[ "${bare#*tiocsti=ok}" = "$bare" ]; then
	skip "attack: TIOCSTI" "the kernel denies TIOCSTI anyway ($bare)"
else
	jailed=$(as_user script -qec "$S -r $J -- /probe try tiocsti" /dev/null 2>&1 | tr -d '\r')
	expect_match "attack: TIOCSTI through runjail is denied" "$jailed" "tiocsti=EPERM"
	mkdir -p "$J/dev"; mknod -m 666 "$J/dev/tty" c 5 0
	jailed=$(as_user script -qec "$S -r $J -- /probe try tiocsti-tty </dev/null 2>&1 | cat" /dev/null | tr -d '\r')
	expect_match "attack: TIOCSTI through /dev/tty with 0-2 not terminals" "$jailed" "tiocsti-tty=EPERM"
	rm -rf "${J:?}/dev"
fi

# --- profiles -------------------------------------------------------------
profile rjtest-ok 644 "root $J
user nobody
group nogroup
groups ''
command /probe
permit user:rjuser"
sx "profile: permitted caller" 0 "" -p rjtest-ok
expect_eq "profile: runs as the profile's user" "$(probe_val uid)" "65534 65534 65534"
# A permitted caller must not pass their own limits to a service that runs
# as someone else: the profile's, or init's, apply.
init_nofile=$(awk '/^Max open files/ {print $4}' /proc/1/limits)
RJ_OUT=$(as_user bash -c 'ulimit -S -n 20; ulimit -S -f 8; exec nice -n 7 "$0" -p rjtest-ok' "$S" 2>&1)
hard_nofile=$(as_user bash -c 'ulimit -H -n')
[ "$hard_nofile" -lt "$init_nofile" ] && init_nofile=$hard_nofile	# as far as root may raise it
expect_eq "profile: the caller's lowered nofile is not passed on" \
	"$(probe_val rlimit_nofile | cut -d: -f1)" "$init_nofile"
expect_eq "profile: the caller's file size limit is not passed on" \
	"$(probe_val rlimit_fsize | cut -d: -f1)" "$(awk '/^Max file size/ {print $4}' /proc/1/limits)"
expect_eq "profile: the caller's nice value is not passed on" "$(probe_val nice)" 0
RJ_OUT=$(as_user bash -c 'ulimit -f 8; exec "$0" -p rjtest-ok' "$S" 2>&1)
case $RJ_OUT in
*"rlimit fsize: the hard limit stays below init's"*)
	pass "profile: a lowered hard limit that cannot be raised back is reported" ;;
*rlimit_fsize=*)
	expect_eq "profile: a lowered hard limit is restored" "$(probe_val rlimit_fsize | cut -d: -f2)" \
		"$(awk '/^Max file size/ {print $5}' /proc/1/limits)" ;;
*) fail "profile: a lowered hard limit" "$RJ_OUT" ;;
esac
sx "attack: profile plus an option" 125 "-u: not permitted with a profile" -p rjtest-ok -u root
sx "attack: profile plus arguments without 'args any'" 125 "does not permit extra arguments" \
	-p rjtest-ok try setuid0
profile rjtest-other 644 "root $J
user nobody
command /probe
permit user:rjother group:rjg1x"
sed -i 's/group:rjg1x/group:nogroup/' "$PDIR/rjtest-other.conf"
sx "attack: a profile that permits someone else" 125 "does not permit rjuser" -p rjtest-other
profile rjtest-w 666 "root $J
user root
command /probe
permit user:rjuser"
sx "attack: a profile writable by others" 125 "must be owned by root and writable only by root" -p rjtest-w
chown rjuser "$PDIR/rjtest-w.conf"; chmod 644 "$PDIR/rjtest-w.conf"
sx "attack: a profile the caller owns" 125 "must be owned by root and writable only by root" -p rjtest-w
sx "attack: a profile outside the directory" 125 "not a valid profile name" -p ../../tmp/x
profile rjtest-args 644 "root $J
user nobody
groups ''
args any
permit group:rjg1"
sx "profile: 'args any' without a command lets the caller name it" 0 "" -p rjtest-args /probe try print:hi
expect_match "profile: group permit, caller's arguments" "$RJ_OUT" "print:hi=ok"
profile rjtest-bad 644 "root $J
rlimit nofile=ten
permit user:rjuser"
chmod 600 "$PDIR/rjtest-bad.conf"
sx "profile errors name file and line, not the root-only text" 125 \
	"rjtest-bad.conf:2: invalid profile; details are in the system log" -p rjtest-bad
expect_eq "the profile's text is not shown to the caller" "$(grep -c ten <<<"$RJ_ERR")" 0
profile rjtest-kw 644 "frobnicate yes
permit user:rjuser"
sx "profile: unknown keyword" 125 "rjtest-kw.conf:1: invalid profile" -p rjtest-kw
run_rj -p rjtest-kw
expect_match "root sees the profile error in full" "$RJ_ERR" "rjtest-kw.conf:1: frobnicate: unknown keyword"
profile rjtest-q 644 "root '$J'
setenv \"GREETING=hello world\"
user nobody
command /probe
permit user:rjuser"
sx "profile: quoted values" 0 "" -p rjtest-q
expect_match "profile: a quoted value with a blank" "$RJ_OUT" "env=GREETING=hello world"

sx "compile-seccomp: root's alone (it writes a file)" 125 "compile-seccomp: only root may have runjail write files" \
	-s default --compile-seccomp "$WORK/s.bpf"
expect_eq "... and nothing is written" "$([ -e "$WORK/s.bpf" ] && echo written)" ""

expect_eq "nothing left mounted" "$(mountset)" "$mounts0"
