#!/bin/bash
# Fault injection: every privileged call of runjail's launch made to fail,
# one at a time, through tests/faults.so (an LD_PRELOAD shim, tests only).
# Each must end runjail with status 125 (execve: 126/127) and exactly one
# line "runjail: <the step>: ..." on stderr, before the command runs, with
# nothing left mounted on the host.  Then calls made to "succeed" without
# doing anything: runjail's verification must notice.
# runjail runs as root here, not set-uid: LD_PRELOAD is ignored for set-uid.
. "$(dirname "$0")/lib.sh"
need_root "fault injection"

SHIM=$SRCDIR/tests/faults.so
if [ ! -f "$SHIM" ]; then
	skip "fault injection" "$SHIM not built (make tests/faults.so)"; exit 0
fi
if [ -n "$(readelf -d "$RUNJAIL" 2>/dev/null | grep -E 'NEEDED.*lib(a|ub)san')" ]; then
	# The shim goes before the sanitizer's runtime in the link order.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fi

J=$WORK/faults
make_jail "$J"
mkdir -p "$J/mnt" "$WORK/bindsrc"
chmod 755 "$J/mnt" "$WORK/bindsrc"
PIDDIR=$WORK/fpid
mkdir -m 755 "$PIDDIR"
mounts0=$(mountset)

# inject NAME ENV... -- ARGS...: runjail with the shim and ENV (RJ_FAIL=...),
# sets RJ_OUT, RJ_ERR, RJ_RC.
inject() {
	local -a envs=()
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	RJ_OUT=$(env "${envs[@]}" LD_PRELOAD="$SHIM" "$RUNJAIL" "$@" 2>"$WORK/.stderr")
	RJ_RC=$?
	RJ_ERR=$(cat "$WORK/.stderr")
}

# fault NAME STATUS REGEX ENV... -- ARGS...: one case.
fault() {
	local n=$1 st=$2 re=$3 lines m1 m2; shift 3
	m1=$(mountset)
	inject "$@"
	sleep 0.05	# a -b child that (wrongly) went on has printed by now
	m2=$(mountset)
	lines=$(printf '%s' "$RJ_ERR" | grep -c '')
	if [ "$RJ_RC" -ne "$st" ]; then
		fail "$n" "exit $RJ_RC, want $st" "stderr: $RJ_ERR"
	elif [ "$lines" -ne 1 ] || ! printf '%s\n' "$RJ_ERR" | grep -Eq -- "^runjail: .*$re"; then
		fail "$n" "stderr not one matching line: '$RJ_ERR'" "want: runjail: ...$re"
	elif [ -n "$RJ_OUT" ]; then
		fail "$n" "the command ran: $(printf '%s' "$RJ_OUT" | head -n 3 | paste -sd' ')"
	elif [ "$m1" != "$m2" ]; then
		fail "$n" "mounts left on the host: $(diff <(echo "$m1") <(echo "$m2") | grep '^>' | paste -sd' ')"
	elif [ -n "$(ls -A "$PIDDIR")" ]; then
		fail "$n" "files left in the pidfile directory: $(ls -A "$PIDDIR" | paste -sd' ')"
	else
		pass "$n"
	fi
	rm -f "$PIDDIR"/* "$PIDDIR"/.[!.]*
}

A=(-r "$J" -u nobody)
C=(-r "$J" -u nobody -c net_bind_service)

# --- 1. hygiene (argc, dumpable, signals) ----------------------------------
fault "prctl(PR_SET_DUMPABLE)" 125 "prctl\(PR_SET_DUMPABLE\)" RJ_FAIL=prctl:4 -- "${A[@]}" /probe

# --- 5. fork for -b / --pidfile, the pidfile itself ---------------------------
fault "pipe2 (-b)" 125 "pipe" RJ_FAIL=pipe2 -- "${A[@]}" -b /probe
fault "fork (-b)" 125 "fork" RJ_FAIL=fork -- "${A[@]}" -b /probe
fault "pipe2 (--pidfile)" 125 "pipe" RJ_FAIL=pipe2 -- "${A[@]}" --pidfile "$PIDDIR/p" /probe
fault "fork (--pidfile)" 125 "fork" RJ_FAIL=fork -- "${A[@]}" --pidfile "$PIDDIR/p" /probe
fault "setsid (-b)" 125 "setsid" RJ_FAIL=setsid -- "${A[@]}" -b /probe
fault "flock (--pidfile)" 125 "pidfile .*: lock" RJ_FAIL=flock -- "${A[@]}" --pidfile "$PIDDIR/p" /probe
fault "renameat (--pidfile)" 125 "pidfile .*write" RJ_FAIL=renameat -- "${A[@]}" --pidfile "$PIDDIR/p" /probe
fault "renameat (-b --pidfile)" 125 "pidfile .*write" RJ_FAIL=renameat -- "${A[@]}" -b --pidfile "$PIDDIR/p" /probe

# --- 6, 7. namespace, mounts, chroot --------------------------------------
fault "unshare" 125 "unshare\(CLONE_NEWNS\)" RJ_FAIL=unshare -- "${A[@]}" -P /probe
fault "mount (make / private)" 125 "making / private" RJ_FAIL=mount -- "${A[@]}" -P /probe
fault "fsopen" 125 "fsopen\(proc\)" RJ_FAIL=fsopen -- "${A[@]}" -P /probe
fault "fsconfig" 125 "creating a proc filesystem" RJ_FAIL=fsconfig -- "${A[@]}" -P /probe
fault "fsmount" 125 "fsmount\(proc\)" RJ_FAIL=fsmount -- "${A[@]}" -P /probe
fault "move_mount (proc)" 125 "mounting proc on $J/proc" RJ_FAIL=move_mount -- "${A[@]}" -P /probe
fault "open_tree (--bind)" 125 "bind $WORK/bindsrc: " RJ_FAIL=open_tree -- "${A[@]}" --bind "$WORK/bindsrc:/mnt" /probe
fault "mount_setattr (--ro-bind)" 125 "setting mount flags" RJ_FAIL=mount_setattr -- "${A[@]}" --ro-bind "$WORK/bindsrc:/mnt" /probe
fault "move_mount (--bind)" 125 "bind $WORK/bindsrc on $J/mnt" RJ_FAIL=move_mount -- "${A[@]}" --bind "$WORK/bindsrc:/mnt" /probe
fault "fchdir (root)" 125 "chdir $J" RJ_FAIL=fchdir -- "${A[@]}" /probe
fault "chroot" 125 "chroot $J" RJ_FAIL=chroot -- "${A[@]}" /probe

# --- 8. limits --------------------------------------------------------------
fault "setrlimit" 125 "rlimit nofile" RJ_FAIL=setrlimit -- "${A[@]}" -l nofile=64 /probe
fault "setpriority" 125 "nice 5" RJ_FAIL=setpriority -- "${A[@]}" -n 5 /probe

# --- 9. identity and capabilities -----------------------------------------
fault "setgroups" 125 "setgroups" RJ_FAIL=setgroups -- "${A[@]}" /probe
fault "setresgid" 125 "setresgid 65534" RJ_FAIL=setresgid -- "${A[@]}" /probe
fault "prctl(PR_CAPBSET_DROP)" 125 "cannot reduce the bounding set" \
	RJ_FAIL=prctl:24 -- "${C[@]}" /probe
fault "prctl(PR_SET_KEEPCAPS)" 125 "prctl\(PR_SET_KEEPCAPS\)" RJ_FAIL=prctl:8 -- "${C[@]}" /probe
fault "setresuid" 125 "setresuid 65534" RJ_FAIL=setresuid -- "${A[@]}" /probe
fault "capset" 125 "capset" RJ_FAIL=syscall:126 -- "${C[@]}" /probe
fault "prctl(PR_CAP_AMBIENT_CLEAR_ALL)" 125 "cannot clear the ambient set" RJ_FAIL=prctl:47:4 -- "${C[@]}" /probe
fault "prctl(PR_CAP_AMBIENT_RAISE)" 125 "cannot raise capability 10 as ambient" RJ_FAIL=prctl:47:2 -- "${C[@]}" /probe

# --- 10, 15. no_new_privs, seccomp ----------------------------------------
fault "prctl(PR_SET_NO_NEW_PRIVS)" 125 "prctl\(PR_SET_NO_NEW_PRIVS\)" RJ_FAIL=prctl:38 -- "${A[@]}" /probe
fault "seccomp(SET_MODE_FILTER)" 125 "seccomp: loading the filter" RJ_FAIL=syscall:317:1 -- "${A[@]}" -s default /probe
if command -v script >/dev/null; then
	# The terminal guard is loaded only when a terminal is attached.
	m1=$(mountset)
	script -qec "env RJ_FAIL=syscall:317:1 LD_PRELOAD='$SHIM' '$RUNJAIL' -r '$J' -u nobody /probe \
		>'$WORK/.tty.out' 2>'$WORK/.tty.err'; echo \$? >'$WORK/.tty.rc'" /dev/null >/dev/null 2>&1
	RJ_RC=$(cat "$WORK/.tty.rc" 2>/dev/null); RJ_ERR=$(cat "$WORK/.tty.err" 2>/dev/null)
	if [ "$RJ_RC" = 125 ] && [ "$(printf '%s' "$RJ_ERR" | grep -c '')" -eq 1 ] &&
		printf '%s\n' "$RJ_ERR" | grep -q '^runjail: seccomp: loading the terminal guard' &&
		[ ! -s "$WORK/.tty.out" ] && [ "$m1" = "$(mountset)" ]; then
		pass "seccomp_load (terminal guard)"
	else
		fail "seccomp_load (terminal guard)" "exit '$RJ_RC', stderr '$RJ_ERR'"
	fi
else
	skip "seccomp_load (terminal guard)" "script(1) missing"
fi

# --- 15. execve, after the seccomp filters ---------------------------------
fault "execve EPERM: 126" 126 "/probe: Operation not permitted" RJ_FAIL=execve -- "${A[@]}" /probe
fault "execve EACCES: 126" 126 "/probe: Permission denied" RJ_FAIL=execve RJ_FAIL_ERRNO=EACCES -- "${A[@]}" /probe
fault "execve ENOENT: 127" 127 "/probe" RJ_FAIL=execve RJ_FAIL_ERRNO=ENOENT -- "${A[@]}" /probe

# --- close_range has a fallback: the launch goes on, descriptors closed -----
inject RJ_FAIL=close_range -- "${A[@]}" /probe 7</dev/null 8>/dev/null
expect_eq "close_range fails: the fallback still closes fds 3+" "$RJ_RC:$(probe_val fds)" "0:0,1,2"

# --- calls that lie: "succeed" and do nothing ------------------------------
fault "setresuid does nothing: caught by the verification" 125 "ids are not the target's" \
	RJ_FAIL=setresuid RJ_FAIL_NOOP=1 -- "${A[@]}" /probe
fault "setresgid does nothing: caught by the verification" 125 "ids are not the target's" \
	RJ_FAIL=setresgid RJ_FAIL_NOOP=1 -- "${A[@]}" /probe
fault "setgroups does nothing: caught by the verification" 125 "supplementary groups not as asked" \
	RJ_FAIL=setgroups RJ_FAIL_NOOP=1 -- -r "$J" -u rjuser /probe
fault "capset does nothing: caught" 125 "capabilit" \
	RJ_FAIL=syscall:126 RJ_FAIL_NOOP=1 -- "${C[@]}" /probe
fault "PR_CAPBSET_DROP does nothing: caught" 125 "capability sets are not as asked" \
	RJ_FAIL=prctl:24 RJ_FAIL_NOOP=1 -- "${C[@]}" /probe

# --- and without a fault, the shim changes nothing ------------------------
inject -- "${C[@]}" -P -l nofile=64 -n 5 -s default /probe
expect_eq "no fault: the launch works under the shim" "$RJ_RC:$(probe_val uid)" "0:65534 65534 65534"

expect_eq "nothing left mounted on the host" "$(mountset)" "$mounts0"
