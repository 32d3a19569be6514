#!/bin/bash
# The attack run of issue 11, as tests: runjail installed set-user-ID root
# and run by an ordinary user (rjuser), or run by root for a jailed service,
# and each attack tried for real.  Each attack sits next to a control that
# shows the same action works where nothing defends, so that a pass means
# runjail stopped it.  Numbers in the names are the issue's items.
. "$(dirname "$0")/lib.sh"
need_root "attack tests"

setuid_setup a
BG=()
cleanup() {
	for p in "${BG[@]}"; do kill -KILL "$p" 2>/dev/null; done	# stopped ones too (ptrace)
	rm -f $PDIR/rjatk-*.conf
	[ -n "${created_pdir:-}" ] && rmdir $PDIR
	for d in /sys/fs/cgroup/rjatk* /sys/fs/cgroup/*/rjatk*; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	if grep -q " $WORK/amnt " /proc/self/mountinfo; then umount "$WORK/amnt"; fi
}
trap cleanup EXIT
mounts0=$(mountset)

# ux ARGS...: the set-uid binary run by rjuser; sets RJ_OUT, RJ_ERR, RJ_RC.
ux() { RJ_OUT=$(as_user "$S" "$@" 2>"$WORK/.stderr"); RJ_RC=$?; RJ_ERR=$(cat "$WORK/.stderr"); }
profile() { printf '%s\n' "$2" >"$PDIR/$1.conf"; chmod 644 "$PDIR/$1.conf"; }
# bg CMD...: start CMD in the background, record its pid in BGPID.
bg() { "$@" >/dev/null 2>&1 & BGPID=$!; disown "$BGPID"; BG+=("$BGPID"); sleep 0.3; }
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

if ! as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	skip "attack tests" "$S does not run set-user-ID here (nosuid mount?)"
	exit 0
fi

# --- 1. self-jail through /proc/PID/root into another mount namespace -----
mkdir -p "$WORK/amnt"
bg unshare -m --propagation private sh -c "mount -t tmpfs none '$WORK/amnt' &&
	echo nsprivate >'$WORK/amnt/secret' && chmod 644 '$WORK/amnt/secret' && exec sleep 60"
nspid=$BGPID
expect_eq "1 control: root sees the namespace's private file" \
	"$(cat "/proc/$nspid/root$WORK/amnt/secret" 2>&1)" nsprivate
ux -r "/proc/$nspid/root/." -- /bin/cat "$WORK/amnt/secret"
expect_match "1: a root process's mount namespace is not a self-jail root" \
	"$RJ_RC:$RJ_ERR" "^125:runjail: root /proc/$nspid/root/.: "
check "1: its private file was not read" test "$(grep -c nsprivate <<<"$RJ_OUT")" -eq 0

# Another user's jail, under a directory the caller cannot search.
mkdir -p "$WORK/priv"; chmod 700 "$WORK/priv"; make_jail "$WORK/priv/jail"
echo jailsecret >"$WORK/priv/jail/data"; chmod 644 "$WORK/priv/jail/data"
bg "$RUNJAIL" -r "$WORK/priv/jail" -u rjother -- /probe try sleep:60
svc=$BGPID
RJ_OUT=$(as_user cat "$WORK/priv/jail/data" 2>&1)
check "1 control: the caller cannot reach that jail by its path" test "$(grep -c jailsecret <<<"$RJ_OUT")" -eq 0
for link in root cwd; do
	ux -r "/proc/$svc/$link/." -- /bin/cat /data
	expect_match "1: /proc/PID/$link of another user's service is not a self-jail root" \
		"$RJ_RC:$RJ_ERR" "^125:runjail: root /proc/$svc/$link/.: "
done

# --- 2. a policy file through /proc/PID/cwd -------------------------------
# The file is readable, its directory searchable, but a directory above
# is not: only the magic link, which jumps past it, leads there.
mkdir -p "$WORK/priv2/sub"; chmod 700 "$WORK/priv2"; chmod 755 "$WORK/priv2/sub"
printf 'topsecret words\n' >"$WORK/priv2/sub/secret.txt"; chmod 644 "$WORK/priv2/sub/secret.txt"
bg sh -c "cd '$WORK/priv2/sub' && exec sleep 60"
cwdpid=$BGPID
check "2 control: root reads it through the link" grep -q topsecret "/proc/$cwdpid/cwd/secret.txt"
ux -r "$J" -s "/proc/$cwdpid/cwd/secret.txt" -- /probe
expect_match "2: a policy file through /proc/PID/cwd is refused" "$RJ_RC:$RJ_ERR" \
	"^125:runjail: seccomp /proc/$cwdpid/cwd/secret.txt: "
check "2: nothing of the file is shown" test "$(grep -c topsecret <<<"$RJ_ERR")" -eq 0

# --- 3. /proc/PID/mem and /proc/PID/root of a same-uid process outside -----
bg setpriv --reuid=rjuser --regid=rjuser --clear-groups sleep 60
upid=$BGPID
RJ_OUT=$(as_user "$PROBE" try "memopen:$upid" "rootopen:$upid" "ptrace:$upid")
expect_eq "3 control: outside a jail, rjuser reaches its own process" \
	"$(probe_val "memopen:$upid"):$(probe_val "rootopen:$upid")" ok:ok
run_rj -r "$J" -P -u rjuser -s default -- /probe try "memopen:$upid" "rootopen:$upid"
expect_eq "3: -P -s default: no /proc/PID/mem, no /proc/PID/root outside the jail" \
	"$RJ_RC:$(probe_val "memopen:$upid"):$(probe_val "rootopen:$upid")" 0:EACCES:EACCES
ux -r "$J" -P -- /probe try "memopen:$upid" "rootopen:$upid" "ptrace:$upid"
expect_eq "3: a self-jail with -P: the same" \
	"$(probe_val "memopen:$upid"):$(probe_val "rootopen:$upid"):$(probe_val "ptrace:$upid")" \
	EACCES:EACCES:EPERM
ux -r "$J" -P -- /probe try memopen:self fork
expect_eq "3: the service still reaches its own /proc/self/mem" "$(probe_val memopen:self):$(probe_val fork)" ok:ok

RJ_OUT=$("$RUNJAIL" --check -r "$J" -P -u rjuser -- /probe 2>&1)
if [ "$(RJ_OUT=$("$PROBE"); probe_val landlock_abi)" -ge 6 ]; then
	expect_match "3: --check -P: a same-uid process outside is out of reach" "$RJ_OUT" \
		"^info: --proc: [0-9]+ process(es)? of rjuser runs? outside the jail, out of its reach"
else
	expect_match "3: --check -P: a same-uid process outside is reported" "$RJ_OUT" \
		"^warning: --proc: [0-9]+ process(es)? of rjuser runs? outside the jail"
fi

# The domain must not cost the service what a jail allows: renaming a file
# into another directory (a domain refuses it unless it grants "refer").
run_rj -r "$J" -u rjuser -- /probe try renamedir
expect_eq "3: the Landlock domain lets a file be renamed into another directory" \
	"$(probe_val renamedir)" ok
abi=$(RJ_OUT=$("$PROBE"); probe_val landlock_abi)
if [ "${abi:-0}" -ge 6 ]; then
	RJ_OUT=$(as_user "$PROBE" try "kill:$upid")
	expect_eq "3 control: rjuser signals its own process outside a jail" "$(probe_val "kill:$upid")" ok
	ux -r "$J" -- /probe try "kill:$upid"
	expect_eq "3: Landlock ABI $abi: no signal out of the jail to a same-uid process" \
		"$(probe_val "kill:$upid")" EPERM
else
	skip "3: signals out of the jail" "Landlock ABI ${abi:-none}: signal scoping needs 6"
fi

# --- 4. root's session keyring ----------------------------------------------
if command -v keyctl >/dev/null; then
	RJ_OUT=$(keyctl session - bash -c 'keyctl add user rjatk hunter2 @s >/dev/null &&
		setpriv --reuid=rjuser --regid=rjuser --clear-groups "$0" try keyread:rjatk' "$PROBE" 2>&1)
	expect_eq "4 control: a process that keeps the session keyring reads the key" \
		"$(probe_val keyread:rjatk)" ok
	RJ_OUT=$(keyctl session - bash -c 'keyctl add user rjatk hunter2 @s >/dev/null &&
		"$0" -r "$1" -u rjuser -- /probe try keyread:rjatk' "$RUNJAIL" "$J" 2>&1)
	expect_eq "4: the service gets a fresh session keyring" "$(probe_val keyread:rjatk)" ENOKEY
else
	skip "4: session keyring" "keyctl (keyutils) not installed"
fi

# --- 6, 7. what a profile caller hands a service run as someone else -------
mkdir -p "$WORK/alog"; chmod 755 "$WORK/alog"
profile rjatk-inh "root $J
user nobody
group nogroup
groups ''
proc
stdout $WORK/alog/out
pidfile $WORK/alog/svc.pid
command /probe
permit user:rjuser"
cg=
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ -e "$d/cgroup.procs" ] && mkdir "$d/rjatk" 2>/dev/null; then cg=$d/rjatk; break; fi
done
# The caller's own attributes (a cgroup it was put in, as a delegated one
# would be), then the set-uid launch.
bash -c '[ -n "$0" ] && echo $$ >"$0/cgroup.procs"; exec setpriv --reuid=rjuser --regid=rjuser --init-groups -- bash -c "$1" "$2" "$3"' \
	"$cg" 'umask 0; echo 500 >/proc/self/oom_score_adj
	exec chrt -i 0 taskset -c 0 ionice -c 3 "$0" spoil "$1" -p rjatk-inh' "$PROBE" "$S" >/dev/null 2>&1
RJ_OUT=$(cat "$WORK/alog/out")
expect_eq "6: umask: the profile's default, not the caller's 0" "$(probe_val umask)" 0022
expect_eq "6: scheduling class: SCHED_OTHER, not SCHED_IDLE" "$(probe_val sched)" 0
allcpus=$(RJ_OUT=$("$PROBE"); probe_val affinity)
expect_eq "6: CPU affinity: init's, not the caller's one CPU" "$(probe_val affinity)" "$allcpus"
expect_eq "6: oom_score_adj: 0, not the caller's 500" "$(probe_val oom_score_adj)" 0
expect_eq "6: I/O priority: the default, not idle" "$(probe_val ioprio)" 0
expect_eq "6: personality, timer slack, THP, subreaper: defaults" \
	"$(probe_val personality):$(probe_val thp_disable):$(probe_val subreaper)" 0:0:0
check "6: timer slack: the default, not the caller's 1 ns" test "$(probe_val timerslack)" -gt 1
expect_eq "6: the working directory: /" "$(probe_val cwd)" /
if [ -n "$cg" ]; then
	check "6: the cgroup: not the caller's" test "$(probe_val cgroup | grep -c rjatk)" -eq 0
else
	skip "6: cgroup" "no writable cgroup hierarchy"
fi
expect_eq "7: the output file is root's, not the caller's group" "$(stat -c %U:%G "$WORK/alog/out")" root:root
RJ_OUT=$(as_user bash -c 'umask 0; exec "$0" -r "$1" -- /probe' "$S" "$J")
expect_eq "6 control: a self-jail keeps the caller's own umask" "$(probe_val umask)" 0000

# --- 8. a profile that does not permit the caller tells nothing ------------
profile rjatk-secret "user nobody
permit user:rjother"
ux -p rjatk-secret -P /probe
expect_match "8: -P with a profile that does not permit: only 'does not permit'" \
	"$RJ_RC:$RJ_ERR" "^125:runjail: profile rjatk-secret: does not permit rjuser"
ux -p rjatk-secret
expect_match "8: no command: only 'does not permit'" \
	"$RJ_RC:$RJ_ERR" "^125:runjail: profile rjatk-secret: does not permit rjuser"
ux -p rjatk-secret -u root /probe
expect_match "8: an option: only 'does not permit'" \
	"$RJ_RC:$RJ_ERR" "^125:runjail: profile rjatk-secret: does not permit rjuser"
RJ_ERR=$("$RUNJAIL" -p rjatk-secret -P /probe 2>&1)
expect_match "8 control: root is told what is wrong" "$RJ_ERR" "need a jail root"

# A relative policy path in a profile would be opened, as root, in the
# caller's working directory: the caller could choose the service's policy.
profile rjatk-rel "root $J
user nobody
seccomp pol/strict.policy
command /probe
permit user:rjuser"
RJ_ERR=$("$RUNJAIL" -p rjatk-rel 2>&1)
expect_match "8: a relative policy path in a profile is refused" "$RJ_ERR" \
	"rjatk-rel.conf:3: seccomp pol/strict.policy: a policy file in a profile must be an absolute path"

# --- 10, 11. a signal or a CPU limit that kills runjail after the pidfile ---
profile rjatk-pf "root $J
user nobody
group nogroup
groups ''
pidfile $WORK/alog/pf.pid
command /probe
permit user:rjuser"
pidfile_ok() { # no temporary; a pidfile only if the service ran ($1: its output)
	[ -z "$(find "$WORK/alog" -name '.pf.pid.*')" ] &&
		{ [ ! -e "$WORK/alog/pf.pid" ] || grep -q '^uid=' "$1"; }
}
for sig in 15 2 20; do
	rm -f "$WORK/alog/pf.pid"
	RJ_OUT=$(timeout -s KILL 10 setpriv --reuid=rjuser --regid=rjuser --init-groups -- "$PROBE" pendexec $sig "$S" -p rjatk-pf 2>&1); RJ_RC=$?
	expect_eq "10: signal $sig left pending across the set-uid exec: the service runs" \
		"$RJ_RC:$(probe_val uid)" "0:65534 65534 65534"
done
RJ_OUT=$(as_user timeout -s KILL 5 "$PROBE" pendexec 15 /usr/bin/perl -MPOSIX \
	-e 'sigprocmask(SIG_UNBLOCK, POSIX::SigSet->new(15)); print "survived\n"' 2>&1); RJ_RC=$?
expect_eq "10 control: the same pending signal kills a program that unblocks it" "$RJ_RC:$RJ_OUT" 143:
# A large policy keeps runjail busy (compiling it) for some tens of ms
# before the pidfile: the caller's CPU limit runs out in that window.
{ echo "default allow"; for i in $(seq 1000); do echo "deny ioctl arg1 & 0xffff == $((i + 100))"; done; } \
	>"$WORK/big.policy"
profile rjatk-cpu "root $J
user nobody
group nogroup
groups ''
seccomp $WORK/big.policy
pidfile $WORK/alog/pf.pid
command /probe
permit user:rjuser"
bad=0; ran=0
for d in 30 25 20 15 10 5; do
	rm -f "$WORK/alog/pf.pid"
	as_user bash -c 'ulimit -St 1; exec "$0" burnexec "$1" "$2" -p rjatk-cpu' \
		"$PROBE" "$((1000 - d))" "$S" >"$WORK/.cpu" 2>&1
	grep -q '^uid=65534' "$WORK/.cpu" && ran=$((ran + 1))
	pidfile_ok "$WORK/.cpu" || bad=$((bad + 1))
done
expect_eq "11: the caller's CPU limit never kills runjail holding the pidfile" "$bad" 0
check "11: the service ran in some tries ($ran of 6)" test "$ran" -ge 2

# An interval timer the caller set, or CPU time it spent, before the exec.
profile rjatk-time "root $J
user nobody
group nogroup
groups ''
rlimit cpu=2
command /probe try sleep:2 spin:1500 print:survived
permit user:rjuser"
RJ_OUT=$(as_user "$PROBE" alarmexec 1 /bin/sleep 3 2>&1); RJ_RC=$?
expect_eq "10 control: an interval timer survives execve and kills" "$RJ_RC" 142
RJ_OUT=$(as_user "$PROBE" alarmexec 1 "$S" -p rjatk-time 2>&1); RJ_RC=$?
expect_eq "10: a caller's interval timer does not reach the service" "$RJ_RC:$(probe_val print:survived)" 0:ok
RJ_OUT=$(as_user "$PROBE" burnexec 1500 "$S" -p rjatk-time 2>&1); RJ_RC=$?
expect_eq "11: CPU time the caller spent does not count against the profile's limit" \
	"$RJ_RC:$(probe_val print:survived)" 0:ok

# A failed exec under a filter that kills what runjail's error path uses
# (setrlimit, the log's socket): still a failure, and no pidfile left.
printf 'default allow\nkill prlimit64 setrlimit socket connect sendto\n' >"$WORK/killer.policy"
rm -f "$WORK/alog/k.pid"
run_rj -r "$J" -u rjuser -b --pidfile "$WORK/alog/k.pid" -s "$WORK/killer.policy" -- /nosuch
check "12: a launch dying under its filter is a failure ($RJ_RC)" test "$RJ_RC" -ne 0
check "12: and leaves no pidfile" test ! -e "$WORK/alog/k.pid"

# --- 12. the watcher fork fails (a pids cgroup at its limit) ---------------
pcg=
for d in /sys/fs/cgroup/pids /sys/fs/cgroup; do
	if mkdir "$d/rjatk-pids" 2>/dev/null; then
		[ -e "$d/rjatk-pids/pids.max" ] && { pcg=$d/rjatk-pids; break; }
		rmdir "$d/rjatk-pids"
	fi
done
if [ -n "$pcg" ]; then
	echo 2 >"$pcg/pids.max"
	rm -f "$WORK/alog/w.pid"
	RJ_ERR=$(sh -c 'echo $$ >"$0/cgroup.procs"; exec "$1" -r "$2" --pidfile "$3" -- /nosuch' \
		"$pcg" "$RUNJAIL" "$J" "$WORK/alog/w.pid" 2>&1); RJ_RC=$?
	expect_match "12: a failed watcher fork stops runjail" "$RJ_RC:$RJ_ERR" "^125:runjail: fork"
	check "12: and leaves no pidfile" test ! -e "$WORK/alog/w.pid"
	check "12: and no temporary" test -z "$(find "$WORK/alog" -name '.w.pid.*')"
	echo max >"$pcg/pids.max"
else
	skip "12: watcher fork" "no pids cgroup controller"
fi

# --- 13, 14. no hang as root: FIFOs where files are expected -------------
mkfifo "$WORK/afifo"; chmod 666 "$WORK/afifo"
timeout 2 cat "$WORK/afifo" >/dev/null; expect_eq "13 control: reading the FIFO blocks" "$?" 124
RJ_ERR=$(timeout -s KILL 10 setpriv --reuid=rjuser --regid=rjuser --init-groups -- "$S" -r "$J" -s "$WORK/afifo" -- /probe 2>&1); RJ_RC=$?
expect_match "13: a FIFO as the policy file: refused at once" "$RJ_RC:$RJ_ERR" \
	"^125:runjail: seccomp $WORK/afifo: not a regular file"
mkfifo "$WORK/alog/fifo.log"
RJ_ERR=$(timeout -s KILL 10 "$RUNJAIL" -r "$J" -u rjuser --stdout "$WORK/alog/fifo.log" -- /probe 2>&1); RJ_RC=$?
expect_match "14: a FIFO at the --stdout path: refused at once" "$RJ_RC:$RJ_ERR" \
	"^125:runjail: $WORK/alog/fifo.log: not a regular file"
ln "$WORK/alog/out" "$WORK/alog/hardlink.log"
RJ_ERR=$(timeout -s KILL 10 "$RUNJAIL" -r "$J" -u rjuser --stdout "$WORK/alog/hardlink.log" -- /probe 2>&1); RJ_RC=$?
expect_match "14: a hard-linked --stdout file: refused" "$RJ_RC:$RJ_ERR" \
	"^125:runjail: $WORK/alog/hardlink.log: has other links"
mkfifo "$J/fifocmd"
RJ_OUT=$(timeout -s KILL 10 "$RUNJAIL" --check -r "$J" -- /fifocmd 2>&1); RJ_RC=$?
expect_match "14: a FIFO as the command under --check: reported, no hang" "$RJ_RC:$RJ_OUT" \
	"^error: /fifocmd: not a regular file"
expect_eq "14: --check exits 1 (findings)" "$RJ_RC" 1
rm -f "$J/fifocmd"
J2=$WORK/ajail2
make_jail "$J2"
chown rjuser "$J2/proc"
# FIFOs for the next 3000 pids, made by one process (each process spent
# here would take a pid).
last=$(cat /proc/sys/kernel/ns_last_pid)
perl -MPOSIX -e 'for my $i ($ARGV[1] .. $ARGV[2]) { mkdir "$ARGV[0]/$i"; POSIX::mkfifo("$ARGV[0]/$i/status", 0600) }' \
	"$J2/proc" $((last + 1)) $((last + 3000))
chown -R rjuser "$J2/proc"
RJ_OUT=$(timeout -s KILL 20 "$RUNJAIL" -r "$J2" -u rjuser -c net_bind_service -- /probe 2>&1); RJ_RC=$?
expect_eq "14: FIFOs at the jail's proc/PID/status (no -P): no hang" "$RJ_RC:$(probe_val uid)" \
	"0:$RJU $RJU $RJU"

# --- 15. a tiny stack limit ----------------------------------------------
# A command that is not there: runjail goes through every step and says so
# (127), or refuses at once (125) when it cannot raise the hard limit.  An
# empty environment: the kernel puts it, and a random offset of up to 8K,
# on the same 16K of stack before runjail's first instruction (the test's
# own 3K of environment crashed the dynamic loader one run in three).
for l in "-Ss 16" "-s 16" "-Ss 32"; do
	if [ -n "${RJ_SANITIZED:-}" ] && [ "${l#* }" -lt 32 ]; then
		skip "15: ulimit $l" "a sanitizer's runtime needs more stack before main"; continue
	fi
	RJ_OUT=$(as_user env -i /bin/bash -c "ulimit $l; exec \"\$0\" -r \"\$1\" -- /nosuch" \
		"$S" "$J" 2>&1); RJ_RC=$?
	case $RJ_RC:$RJ_OUT in
	"127:runjail: /nosuch: command not found"|"125:runjail: rlimit stack: "*)
		pass "15: ulimit $l: runjail runs or refuses cleanly ($RJ_RC)" ;;
	*) fail "15: ulimit $l: runjail runs or refuses cleanly" "$RJ_RC: $RJ_OUT" ;;
	esac
done
RJ_OUT=$(as_user bash -c 'ulimit -Ss 64; exec "$0" -r "$1" -- /probe' "$S" "$J" 2>&1)
expect_eq "15: the service gets the caller's stack limit back" "$(probe_val rlimit_stack | cut -d: -f1)" 65536

# --- 16. closed descriptors 0-2: /dev/null, as runjail.8 says --------------
RJ_OUT=$(as_user "$S" -r "$J" -- /probe 0<&-)
expect_eq "16: closed stdin: /dev/null, readable" "$(probe_val fd0)" chr:1:3:r
RJ_OUT=$(as_user "$S" -r "$J" -- /probe 2>&-)
expect_eq "16: closed stderr: /dev/null, writable" "$(probe_val fd2)" chr:1:3:w

# --- suspected: the terminal guard skipped when /dev/tty cannot be opened ---
# With 4 descriptors allowed and the audit socket on fd 3, runjail's own
# open of /dev/tty failed (EMFILE), and that read as "no terminal"; the
# command, with fds 0-2 not terminals, then typed into the caller's
# terminal through /dev/tty.
if command -v script >/dev/null; then
	bare=$(as_user script -qec "bash -c 'ulimit -Sn 4; exec $PROBE try tiocsti-tty' </dev/null 2>&1 | cat" /dev/null | tr -d '\r')
	jailed=$(as_user script -qec "bash -c 'ulimit -Sn 4; exec $S -- $PROBE try tiocsti-tty' </dev/null 2>&1 | cat" /dev/null | tr -d '\r')
	case $bare in
	*tiocsti-tty=ok*)
		expect_match "suspected: TIOCSTI through /dev/tty under a 4-descriptor limit" "$jailed" "tiocsti-tty=EPERM" ;;
	*) skip "suspected: TIOCSTI under a descriptor limit" "the kernel denies TIOCSTI anyway ($bare)" ;;
	esac
else
	skip "suspected: TIOCSTI under a descriptor limit" "script(1) not installed"
fi

# --- suspected: a bind of a directory with a mount below it --------------
mkdir -p "$WORK/abind/sub" "$J/mnt"
echo covered >"$WORK/abind/sub/hidden"
mount -t tmpfs none "$WORK/abind/sub"; echo ontop >"$WORK/abind/sub/top"
run_rj -r "$J" -u rjuser --ro-bind "$WORK/abind:/mnt" -- /probe try open:/mnt/sub/top open:/mnt/sub/hidden
umount "$WORK/abind/sub"
expect_eq "suspected: --bind takes the mounts below the source (rbind)" \
	"$(probe_val open:/mnt/sub/top):$(probe_val open:/mnt/sub/hidden)" ok:ENOENT

expect_eq "nothing left mounted" "$(mountset)" "$mounts0"
