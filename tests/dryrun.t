#!/bin/bash
# --dry-run: the plan printed, nothing launched, the same policy as a
# launch (a caller other than root sees only what it may run).
. "$(dirname "$0")/lib.sh"
need_root "--dry-run tests"

setuid_setup dry
cleanup() { rm -f $PDIR/rjtest-dry*.conf; [ -n "${created_pdir:-}" ] && rmdir $PDIR; }
trap cleanup EXIT
mkdir -p "$J/mnt" "$WORK/dry-src"
mounts0=$(mountset)
line() { printf '%s\n' "$RJ_OUT" | grep -x -- "$1" >/dev/null; }

# --- root: every part of the plan, and nothing done ------------------------
run_rj --dry-run -r "$J" -u nobody -G '' -P -c net_bind_service -l nofile=64:128 \
	-n 3 -m 027 -s default -e FOO=1 --ro-bind "$WORK/dry-src:/mnt" \
	--pidfile "$WORK/dry.pid" -- /probe try write:/tmp/dry-ran
expect_eq "root: exit 0, nothing on stderr" "$RJ_RC:$RJ_ERR" "0:"
bad=
for want in "caller: 0 (uid 0), root" "user: nobody (uid 65534)" "groups:" \
	"capabilities: net_bind_service" "pidfile: $WORK/dry.pid" \
	"namespace: mount (private)" \
	"mount: proc on $J/proc (nosuid, nodev, noexec)" \
	"mount: $WORK/dry-src on $J/mnt (read-only, nosuid, nodev)" \
	"rlimit: nofile 64:128" "nice: 3" "umask: 027" "chdir: /" \
	"command: /probe try write:/tmp/dry-ran" \
	"found: /probe"; do
	line "$want" || bad="$bad [$want]"
done
expect_eq "root: the plan names user, caps, files, mounts in order, limits, command" "$bad" ""
# TERM only if the caller has one
expect_eq "root: the environment's names, not their values" \
	"$(printf '%s\n' "$RJ_OUT" | sed -n 's/^env: //p' | sed 's/ TERM//')" "PATH HOME USER LOGNAME SHELL FOO"
n=$(printf '%s\n' "$RJ_OUT" | sed -n 's/^seccomp: default (\([0-9]*\) instructions)$/\1/p')
[ "${n:-0}" -gt 10 ] && pass "root: the seccomp program and its size ($n)" ||
	fail "root: the seccomp program and its size" "$RJ_OUT"
mp=$(printf '%s\n' "$RJ_OUT" | grep -n '^mount: proc' | cut -d: -f1)
mb=$(printf '%s\n' "$RJ_OUT" | grep -n '^mount: /' | cut -d: -f1)
[ "${mp:-9}" -lt "${mb:-0}" ] && pass "root: mounts in the order they are made" ||
	fail "root: mounts in the order they are made" "proc at $mp, bind at $mb"
expect_eq "root: nothing ran, no pidfile, no mount left" \
	"$(ls "$J/tmp")|$([ -e "$WORK/dry.pid" ] && echo pid)|$(mountset)" "||$mounts0"
# Control: the same launch without --dry-run does run and write.
run_rj -r "$J" -u nobody -G '' -P -- /probe try write:/tmp/dry-ran
expect_eq "control: without --dry-run the command runs" \
	"$RJ_RC:$(probe_val write:/tmp/dry-ran):$(ls "$J/tmp")" "0:ok:dry-ran"
rm -f "$J/tmp/dry-ran"

run_rj --dry-run -- /no/such/cmd
expect_eq "root: a command not found is said, exit still 0" \
	"$RJ_RC:$(printf '%s\n' "$RJ_OUT" | grep '^found:')" "0:found: not found"
expect_fail "root: --check and --dry-run together" 125 "choose one" --check --dry-run -- /bin/true
expect_fail "root: a mistake is refused as in a launch" 125 "nice 99" --dry-run -n 99 -- /bin/true

# Root without CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (a container's root):
# --check and --dry-run keep what there is, and work.
run_rj_nocap() { RJ_OUT=$(setpriv --bounding-set=-sys_ptrace,-dac_read_search -- \
	"$RUNJAIL" "$@" 2>&1); RJ_RC=$?; }
run_rj_nocap --check -r "$J" -u nobody -- /probe
case $RJ_RC in 0|1) pass "root without DAC_READ_SEARCH, SYS_PTRACE: --check works ($RJ_RC)" ;;
*) fail "root without DAC_READ_SEARCH, SYS_PTRACE: --check works" "$RJ_RC: $RJ_OUT" ;; esac
run_rj_nocap --dry-run -r "$J" -u nobody -- /probe
expect_eq "root without DAC_READ_SEARCH, SYS_PTRACE: --dry-run works" "$RJ_RC" 0

# What a launch refuses, a dry run refuses.
expect_fail "root: a jail root that is not there" 125 "root /nonexistent-dry" \
	--dry-run -r /nonexistent-dry -- /probe
printf 'command /probe\nroot %s\npermit user:rjtest-nosuch-user user:rjuser\n' "$J" \
	>$PDIR/rjtest-drytypo.conf
chmod 644 $PDIR/rjtest-drytypo.conf
expect_fail "root: a permit line naming nobody is root's to fix (dry run)" 125 \
	"rjtest-drytypo.conf:3: permit user:rjtest-nosuch-user: no such user" --dry-run -p rjtest-drytypo
expect_fail "root: the same in a launch" 125 \
	"rjtest-drytypo.conf:3: permit user:rjtest-nosuch-user: no such user" -p rjtest-drytypo
run_rj -V -p rjtest-missing
expect_eq "--version before -p: printed, whatever the profile" "$RJ_RC:$RJ_OUT" "0:$("$RUNJAIL" -V)"
# Not set-user-ID and not root: --check has nothing to give up.
RJ_OUT=$(as_user "$RUNJAIL" --check -r "$J" -- /probe 2>&1); RJ_RC=$?
case $RJ_RC in 0|1) pass "a caller other than root, not set-uid: --check works ($RJ_RC)" ;;
*) fail "a caller other than root, not set-uid: --check works" "$RJ_RC: $RJ_OUT" ;; esac

# --- set-user-ID: the same permit rules as a launch --------------------------
if ! as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	skip "set-uid --dry-run" "$S does not run set-user-ID here (nosuid mount?)"
	exit 0
fi
printf 'permit user:rjuser\nroot %s\nuser nobody\nproc\nrlimit nofile=32\ncommand /probe\n' \
	"$J" >$PDIR/rjtest-dry.conf
printf 'permit user:root\nroot %s\nuser nobody\ncommand /probe\n' "$J" >$PDIR/rjtest-dryno.conf
chmod 644 $PDIR/rjtest-dry*.conf

sx "profile caller: the plan" 0 "" --dry-run -p rjtest-dry
bad=
for want in "caller: rjuser (uid $RJU), profile caller" "profile: rjtest-dry" \
	"user: nobody (uid 65534)" "rlimit: nofile 32:32" "umask: 022" "nice: 0" \
	"root: $J (opened as root; a parent not root's is refused)" "found: /probe"; do
	line "$want" || bad="$bad [$want]"
done
expect_eq "profile caller: mode, limits reset, umask and root as a launch has them" "$bad" ""
printf '%s\n' "$RJ_OUT" | grep -q "(reset to init's)$" &&
	pass "profile caller: the limits reset to init's are marked" ||
	fail "profile caller: the limits reset to init's are marked" "$RJ_OUT"
sx "profile caller: not permitted, as a launch" 125 "does not permit rjuser" --dry-run -p rjtest-dryno
expect_eq "profile caller: a refused plan prints nothing" "$RJ_OUT" ""
sx "profile caller: an option the profile does not allow, as a launch" 125 \
	"-u: not permitted with a profile" --dry-run -p rjtest-dry -u root
sx "control: the same option refused in a launch" 125 "-u: not permitted with a profile" \
	-p rjtest-dry -u root
sx "self-jail: the plan" 0 "" --dry-run -r "$J" -- /probe
line "caller: rjuser (uid $RJU), self-jail" && line "root: $J (opened as the caller; a parent not root's is refused)" &&
	pass "self-jail: mode and how the root is opened" || fail "self-jail: mode and how the root is opened" "$RJ_OUT"
sx "self-jail: another user refused, as a launch" 125 "only root may run a command as another user" \
	--dry-run -r "$J" -u root -- /probe
mkdir -p "$WORK/dry-own/proc"
chown rjuser "$WORK/dry-own"
sx "self-jail: a root the caller owns refused, as a launch" 125 "not owned by root: refused" \
	--dry-run -r "$WORK/dry-own" -- /probe
sx "control: the launch refuses it too" 125 "not owned by root: refused" -r "$WORK/dry-own" -- /probe
expect_eq "set-uid: nothing left mounted" "$(mountset)" "$mounts0"

# --- the privilege of each phase, seen with strace ---------------------------
if ! command -v strace >/dev/null; then
	skip "privilege of each phase" "strace not installed"
	exit 0
fi
# at PATTERN FILE: the line number of the first match, or 999999.
at() { local n; n=$(grep -n -m1 -E -- "$1" "$2" | cut -d: -f1); echo "${n:-999999}"; }
strace -o "$WORK/check.st" "$RUNJAIL" --check -r "$J" -u nobody -- /probe >/dev/null 2>&1
c=$(at 'capset\(.*effective=1<<CAP_DAC_READ_SEARCH, permitted=1<<CAP_DAC_READ_SEARCH,' "$WORK/check.st")
u=$(at 'setresuid\(65534, 65534, 65534\)' "$WORK/check.st")
r=$(at 'getdents64' "$WORK/check.st")
[ "$u" -lt "$r" ] && [ "$c" -lt "$r" ] && [ "$r" -lt 999999 ] &&
	pass "root --check: user 65534 with CAP_DAC_READ_SEARCH alone before the jail is read" ||
	fail "root --check: user 65534 with CAP_DAC_READ_SEARCH alone before the jail is read" \
		"setresuid at $u, capset at $c, first directory read at $r"
strace -o "$WORK/launch.st" "$RUNJAIL" -r "$J" -u nobody -- /probe >/dev/null 2>&1
c=$(at 'capset\(.*effective=1<<CAP_DAC_READ_SEARCH,' "$WORK/launch.st")
expect_eq "control: a launch keeps root's rights to open the jail" "$c" 999999

# Set-user-ID (traced by root, so the set-user-ID bit still applies): the
# profile read as root, then the caller's file system ids until step 4.
# suid_trace ARGS...: the set-uid copy run by rjuser under strace; its
# calls from its own execve on in $WORK/suid2.st.
suid_trace() {
	strace -f -o "$WORK/suid.st" setpriv --reuid=rjuser --regid=rjuser --init-groups -- \
		"$S" "$@" >/dev/null 2>&1
	sed -n '/execve("[^"]*runjail"/,$p' "$WORK/suid.st" >"$WORK/suid2.st"
}
suid_trace --dry-run -p rjtest-dry
p=$(at 'rjtest-dry.conf' "$WORK/suid2.st"); f=$(at "setfsuid\\($RJU\\)" "$WORK/suid2.st")
u=$(at "setresuid\\($RJU" "$WORK/suid2.st")
[ "$p" -lt "$f" ] && [ "$f" -lt "$u" ] && [ "$u" -lt 999999 ] &&
	pass "set-uid: the profile is read as root, the plan with the caller's file ids" ||
	fail "set-uid: profile, then the caller's file ids, then the drop" "profile $p, setfsuid $f, setresuid $u"
suid_trace -p rjtest-dry
f=$(at "setfsuid\\($RJU\\)" "$WORK/suid2.st"); z=$(at 'setfsuid\(0\)' "$WORK/suid2.st")
m=$(at 'unshare\(CLONE_NEWNS' "$WORK/suid2.st")
[ "$f" -lt "$z" ] && [ "$z" -lt "$m" ] && [ "$m" -lt 999999 ] &&
	pass "set-uid: root's file ids back only for the host side (step 4)" ||
	fail "set-uid: root's file ids back only for the host side" "caller $f, root $z, unshare $m"

# --- -c: every capability <linux/capability.h> defines, by its name in
# any case, with or without "cap_": the table read at build time must not
# depend on the build machine's kernel (libcap-ng's own list does). ---------
hdr=$(echo '#include <linux/capability.h>' | cc -dM -E - 2>/dev/null |
	awk '$1 == "#define" && $2 ~ /^CAP_[A-Z_]+$/ && $3 ~ /^[0-9]+$/ {print $3, tolower(substr($2, 5))}' |
	sort -n | awk '{print $2}')
if [ -n "$hdr" ]; then
	names=$(paste -sd, - <<<"$hdr")
	run_rj --dry-run -r "$J" -u nobody -G '' -c "$(tr a-z A-Z <<<"$names" | sed 's/^/CAP_/; s/,/,cap_/g')" -- /probe
	expect_eq "-c: all $(wc -l <<<"$hdr") capabilities of the kernel's header, named as it names them" \
		"$RJ_RC|$(printf '%s\n' "$RJ_OUT" | sed -n 's/^capabilities: //p')" "0|$(paste -sd' ' - <<<"$hdr")"
	expect_fail "control: a name the header does not define is refused" 125 \
		"cap cap_no_such_cap: unknown capability 'no_such_cap'" --dry-run -r "$J" -u nobody -c cap_no_such_cap -- /probe
else
	skip "-c: the kernel header's capabilities" "cc -E <linux/capability.h> failed"
fi
