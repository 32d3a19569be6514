#!/bin/bash
# Namespaces and the service-manager contract: --pid-ns (runjail as the
# namespace's init), --net-ns, --ipc-ns, --hostname, --listen-fds.  Each
# checked from inside the jail with the probe, next to a control without
# the option; nothing left mounted and no process left behind.
. "$(dirname "$0")/lib.sh"
need_root "namespace tests"

J=$WORK/nsjail
make_jail "$J"
mounts0=$(mountset)
A=(-r "$J" -u nobody -G '' -P)
PORT=$((20000 + RANDOM % 20000))
HOSTPIDS=()
cleanup() { for p in "${HOSTPIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done; }
trap cleanup EXIT
left() { pgrep -f '^/probe ' | paste -sd, -; }
# alive PID: running (a zombie the host's init has not reaped yet is not).
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# wait_for FILE REGEX: up to 5 s for a line in FILE.
wait_for() { local _; for _ in $(seq 50); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# --- --pid-ns: what the command sees -----------------------------------------
run_rj "${A[@]}" --pid-ns -- /probe pids
expect_eq "pid-ns: /proc shows the init and the command only" "$RJ_RC:$(probe_val pids)" "0:1,2"
run_rj "${A[@]}" -- /probe pids
n=$(probe_val pids | tr ',' '\n' | grep -c .)
[ "$n" -gt 2 ] && pass "control: without --pid-ns /proc shows the host's $n processes" ||
	fail "control: without --pid-ns /proc shows the host's processes" "$(probe_val pids)"

# A process of the same uid on the host: out of reach by pid.
setpriv --reuid=nobody --regid=nogroup --clear-groups -- sleep 60 & HP=$!; HOSTPIDS+=("$HP"); disown "$HP"
run_rj "${A[@]}" --pid-ns -- /probe try "kill:$HP" "ptrace:$HP" "rootopen:$HP"
expect_eq "pid-ns: a same-uid host process cannot be signalled, traced or entered" \
	"$(probe_val "kill:$HP") $(probe_val "ptrace:$HP") $(probe_val "rootopen:$HP")" "ESRCH ESRCH ENOENT"
run_rj "${A[@]}" -- /probe pids
printf '%s\n' "$(probe_val pids)" | tr ',' '\n' | grep -qx "$HP" &&
	pass "control: without --pid-ns the host process is there by its pid" ||
	fail "control: without --pid-ns the host process is there by its pid" "$(probe_val pids)"

# --- exit status --------------------------------------------------------------
run_rj "${A[@]}" --pid-ns -- /probe exit 0
expect_eq "pid-ns: exit status 0" "$RJ_RC" 0
run_rj "${A[@]}" --pid-ns -- /probe exit 3
expect_eq "pid-ns: exit status 3" "$RJ_RC" 3

# --- signals: each one a process sends reaches the command ------------------
out=$WORK/serve.out
"$RUNJAIL" "${A[@]}" --pid-ns -- /probe serve 7 >"$out" 2>&1 & SP=$!
if wait_for "$out" '^ready'; then
	for s in HUP INT QUIT USR1 USR2 WINCH TERM; do
		kill -"$s" "$SP"
		wait_for "$out" "^signal=$s\$" || break
	done
fi
wait "$SP"; rc=$?
expect_eq "pid-ns: HUP INT QUIT USR1 USR2 WINCH TERM forwarded, in order" \
	"$(sed -n 's/^signal=//p' "$out" | paste -sd' ' -)" "HUP INT QUIT USR1 USR2 WINCH TERM"
expect_eq "pid-ns: the command's own exit status after TERM" "$rc" 7
"$RUNJAIL" "${A[@]}" --pid-ns -- /probe serve kill >"$out" 2>&1 & SP=$!
wait_for "$out" '^ready' && kill -TERM "$SP"
wait "$SP"; rc=$?
expect_eq "pid-ns: killed by TERM: 128+15, as a shell says" "$rc" 143

# --- orphans ---------------------------------------------------------------
start=$(date +%s)
run_rj "${A[@]}" --pid-ns --kill-after 1 -- /probe orphan
took=$(( $(date +%s) - start ))
expect_eq "pid-ns: an orphan that ignores TERM is killed; status is the command's" \
	"$RJ_RC:$(left)" "0:"
[ "$took" -le 5 ] && pass "pid-ns: --kill-after 1 ends it in ${took}s" ||
	fail "pid-ns: --kill-after 1 ends it quickly" "took ${took}s"
run_rj "${A[@]}" -- /probe orphan
op=$(probe_val orphan)
alive "$op" && pass "control: without --pid-ns the orphan outlives runjail" ||
	fail "control: without --pid-ns the orphan outlives runjail" "orphan '$op'"
kill -KILL "$op" 2>/dev/null

# --- what stays outside holds nothing --------------------------------------
"$RUNJAIL" "${A[@]}" -c net_bind_service --pid-ns -- /probe serve 0 >"$out" 2>&1 & SP=$!
wait_for "$out" '^ready'
IP=$(pgrep -P "$SP" | head -n 1)
st() { awk -v k="$2:" '$1 == k {$1 = ""; print substr($0, 2)}' "/proc/$1/status" | tr -s '\t ' ' '; }
expect_eq "pid-ns: the supervisor: the target's ids, no capability at all, no_new_privs" \
	"$(st "$SP" Uid)|$(st "$SP" CapPrm)|$(st "$SP" CapEff)|$(st "$SP" CapBnd)|$(st "$SP" CapAmb)|$(st "$SP" NoNewPrivs)" \
	"65534 65534 65534 65534|0000000000000000|0000000000000000|0000000000000000|0000000000000000|1"
# Not dumpable: a process of the same uid may not read their environment
# (ptrace access), as it may that of an ordinary process of its own.
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
readable() { as_nobody cat "/proc/$1/environ" >/dev/null 2>&1 && echo readable || echo denied; }
expect_eq "pid-ns: the supervisor and the init are not dumpable (same uid: no ptrace access)" \
	"$(readable "$SP") $(readable "$IP")" "denied denied"
expect_eq "control: an ordinary process of that uid is" "$(readable "$HP")" "readable"
expect_eq "pid-ns: the init: the target's ids, no capability (the command keeps its own)" \
	"$(st "$IP" Uid)|$(st "$IP" CapPrm)|$(st "$IP" CapEff)|$(st "$IP" CapAmb)" \
	"65534 65534 65534 65534|0000000000000000|0000000000000000|0000000000000000"
kill -TERM "$SP"; wait "$SP"

# --- the supervisor killed: nothing of the jail stays --------------------------
"$RUNJAIL" "${A[@]}" --pid-ns -- /probe serve 0 >"$out" 2>&1 & SP=$!
wait_for "$out" '^ready'
kill -KILL "$SP"; wait "$SP" 2>/dev/null
sleep 0.5
expect_eq "pid-ns: KILL of the supervisor leaves no process of the jail" "$(left)" ""

# --- -b and --pidfile: the pidfile names the supervisor -----------------------
rm -f "$WORK/ns.pid"
run_rj "${A[@]}" --pid-ns -b --pidfile "$WORK/ns.pid" --stdout "$WORK/ns.log" -- /probe serve 0
pp=$(cat "$WORK/ns.pid" 2>/dev/null)
wait_for "$WORK/ns.log" '^ready'
kill -HUP "$pp" 2>/dev/null; wait_for "$WORK/ns.log" '^signal=HUP$'
kill -TERM "$pp" 2>/dev/null; wait_for "$WORK/ns.log" '^signal=TERM$'
sleep 0.5
expect_eq "pid-ns -b --pidfile: started, HUP and TERM through the pidfile's pid, then gone" \
	"$RJ_RC:$(sed -n 's/^signal=//p' "$WORK/ns.log" | paste -sd' ' -):$(alive "$pp" && echo alive):$(left)" \
	"0:HUP TERM::"

# --- --net-ns ------------------------------------------------------------------
perl -MSocket -e 'socket(my $s, PF_INET, SOCK_STREAM, 0) or die; setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
	bind($s, sockaddr_in($ARGV[0], INADDR_LOOPBACK)) or die "bind: $!"; listen($s, 5) or die; sleep 30' \
	"$PORT" & LP=$!; HOSTPIDS+=("$LP")
sleep 0.3
run_rj "${A[@]}" --net-ns -- /probe
ifaces=$(probe_val ifaces)
run_rj "${A[@]}" --net-ns -- /probe try "connect:$PORT"
expect_eq "net-ns: only lo, and the host's 127.0.0.1:$PORT is not there" \
	"$ifaces $(probe_val "connect:$PORT")" "lo ECONNREFUSED"
run_rj "${A[@]}" -- /probe try "connect:$PORT"
expect_eq "control: without --net-ns the host's port answers" "$(probe_val "connect:$PORT")" "ok"
kill "$LP" 2>/dev/null

# --- --ipc-ns, --hostname ------------------------------------------------------
host_ipc=$(readlink /proc/self/ns/ipc); host_name=$(uname -n)
run_rj "${A[@]}" --ipc-ns --hostname jailbox -- /probe
expect_eq "ipc-ns, hostname: an IPC namespace of its own, its own host name" \
	"$([ "$(probe_val ns_ipc)" != "$host_ipc" ] && echo own):$(probe_val hostname)" "own:jailbox"
run_rj "${A[@]}" -- /probe
expect_eq "control: without them, the host's IPC namespace and name" \
	"$(probe_val ns_ipc):$(probe_val hostname)" "$host_ipc:$host_name"
expect_eq "the host's name is left alone" "$(uname -n)" "$host_name"

# --- --listen-fds ----------------------------------------------------------------
P2=$((PORT + 1))
perl "$SRCDIR/tests/listen.pl" "$P2" "$RUNJAIL" "${A[@]}" --pid-ns --listen-fds -- \
	/probe try accept >"$WORK/sa.out" 2>&1 & SA=$!
got=
for _ in $(seq 30); do
	got=$(perl -MSocket -e 'socket(my $s, PF_INET, SOCK_STREAM, 0); connect($s, sockaddr_in($ARGV[0], INADDR_LOOPBACK)) or exit 1; print scalar <$s>' "$P2" 2>/dev/null) && break
	sleep 0.1
done
wait "$SA"
expect_eq "listen-fds: the passed socket is served from inside the jail" \
	"$got:$(grep '^accept=' "$WORK/sa.out")" "hello:accept=ok"
RJ_OUT=$(perl "$SRCDIR/tests/listen.pl" $((PORT + 2)) "$RUNJAIL" "${A[@]}" --pid-ns --listen-fds -- /probe 2>&1)
expect_eq "listen-fds: fd 3 and LISTEN_FDS=1, LISTEN_PID the pid the command has" \
	"$(probe_val fds) $(printf '%s\n' "$RJ_OUT" | grep -E '^env=LISTEN_(FDS|PID)=' | paste -sd' ' -)" \
	"0,1,2,3 env=LISTEN_FDS=1 env=LISTEN_PID=2"
RJ_OUT=$(perl "$SRCDIR/tests/listen.pl" $((PORT + 3)) "$RUNJAIL" "${A[@]}" -- /probe 2>&1)
expect_eq "control: without --listen-fds nothing passes" \
	"$(probe_val fds) $(printf '%s\n' "$RJ_OUT" | grep -c '^env=LISTEN_')" "0,1,2 0"
RJ_OUT=$(perl "$SRCDIR/tests/listen.pl" "file:/etc/hostname" "$RUNJAIL" "${A[@]}" --listen-fds -- /probe 2>&1); RJ_RC=$?
expect_eq "listen-fds: a descriptor that is not a socket is refused" "$RJ_RC:$RJ_OUT" \
	"125:runjail: listen-fds: descriptor 3 is not a listening socket"
expect_fail "listen-fds: nothing passed is an error" 125 "do not pass runjail any socket" \
	"${A[@]}" --listen-fds -- /probe

# --- --notify: sd_notify relayed by the supervisor, the unit's main pid --------
NL=$WORK/notify.sock
"$SRCDIR/tests/notify_listen" "$NL" 10 >"$WORK/nl.out" & NLP=$!; HOSTPIDS+=("$NLP")
sleep 0.3
NOTIFY_SOCKET=$NL "$RUNJAIL" "${A[@]}" --pid-ns --notify -- \
	/probe try notify:STATUS=up,MAINPID=2,READY=1 >"$WORK/n.out" 2>&1 & RP=$!
wait "$RP"; rc=$?
wait "$NLP"
expect_eq "notify: READY=1 from inside the jail reaches NOTIFY_SOCKET, from runjail's pid, without MAINPID" \
	"$rc:$(cat "$WORK/nl.out")" "0:pid=$RP uid=65534 msg=STATUS=up|READY=1"
RJ_OUT=$(NOTIFY_SOCKET=$NL "$RUNJAIL" "${A[@]}" --pid-ns -- /probe try notify:READY=1 2>&1)
expect_eq "control: without --notify the jail cannot reach it" "$(probe_val notify:READY=1)" "ENOENT"
expect_fail "notify: needs --pid-ns" 125 "notify needs --pid-ns" "${A[@]}" --notify -- /probe

# --- --ready-fd: READY=1 as a newline on a descriptor (s6's notification-fd) --
# ready_read ARGS...: runjail ARGS with descriptor 7 on a FIFO; sets RD to
# what the reader got ("line" for a newline, "eof" for none) and RD_ALIVE
# to "alive" if runjail still ran when it came.
ready_read() {
	local f=$WORK/ready.fifo rp
	rm -f "$f"; mkfifo "$f"
	"$RUNJAIL" "$@" 7>"$f" >"$WORK/rd.out" 2>&1 & rp=$!
	if IFS= read -r -t 10 _ <"$f"; then RD=line; else RD=eof; fi
	RD_ALIVE=$(alive "$rp" && echo alive)
	wait "$rp"; RD_RC=$?
	rm -f "$f"
}
ready_read "${A[@]}" --pid-ns --notify --ready-fd 7 -- /probe try sleep:1 notify:READY=1 sleep:2
expect_eq "ready-fd: a newline on the descriptor once READY=1 is sent, the command still running" \
	"$RD:$RD_ALIVE:$RD_RC" "line:alive:0"
ready_read "${A[@]}" --pid-ns --notify --ready-fd 7 -- /probe try sleep:1
expect_eq "control: no READY=1, no newline (end of file as runjail exits)" "$RD:$RD_RC" "eof:0"
ready_read "${A[@]}" --pid-ns --notify --ready-fd 7 -- /probe
expect_eq "ready-fd: the command does not hold the descriptor" "$(grep '^fds=' "$WORK/rd.out")" "fds=0,1,2"
expect_fail "ready-fd: needs --notify" 125 "ready-fd needs --notify" "${A[@]}" --pid-ns --ready-fd 7 -- /probe
expect_fail "ready-fd: a descriptor not open is refused" 125 "ready-fd 12: not an open descriptor" \
	"${A[@]}" --pid-ns --notify --ready-fd 12 -- /probe
run_rj "${A[@]}" --pid-ns --notify --ready-fd 7 -- /probe 7>"$WORK/rd.file"
expect_eq "ready-fd: a regular file is refused" "$RJ_RC:$RJ_ERR" "125:runjail: ready-fd 7: not a pipe or a socket"
expect_fail "ready-fd: 0 to 2 are the command's" 125 "ready-fd 2: expected a descriptor number, 3 up" \
	"${A[@]}" --pid-ns --notify --ready-fd 2 -- /probe
# The descriptor's flags are its holders' (here the command's standard
# output shares it): runjail writes the newline on a description of its
# own, so the command's output does not turn non-blocking under it.
flags() { sed -n 's/^flags:[[:space:]]*//p' | tail -n 1; }
fdi=$("$RUNJAIL" "${A[@]}" --pid-ns --notify --ready-fd 3 -- /bin/sh -c \
	'/probe try notify:READY=1 sleep:1 >&2; cat /proc/self/fdinfo/1' 3>&1 2>/dev/null | cat)
f=$(printf '%s\n' "$fdi" | flags)
expect_eq "attack: --ready-fd 3 3>&1: the command's output stays blocking after READY=1" \
	"$([ -n "$f" ] && echo $(( 0$f & 04000 )))" 0
fdi=$("$RUNJAIL" "${A[@]}" --pid-ns --notify -- /bin/sh -c \
	'/probe try notify:READY=1 sleep:1 >&2; cat /proc/self/fdinfo/1' 2>/dev/null | cat)
expect_eq "control: the same without --ready-fd" "$(f=$(printf '%s\n' "$fdi" | flags); echo $(( 0$f & 04000 )))" 0
ready_read "${A[@]}" --pid-ns --notify --ready-fd 7 -b --pidfile "$WORK/rb.pid" -- /probe try sleep:1 notify:READY=1 sleep:3
expect_eq "ready-fd with -b: the newline once ready, the watcher gone before" "$RD:$RD_RC" "line:0"
kill -TERM "$(cat "$WORK/rb.pid" 2>/dev/null)" 2>/dev/null

# --- -b --wait-ready: a command that dies at once is a failed start ------------
rm -f "$WORK/w.pid"
run_rj "${A[@]}" -b --wait-ready 3 --pidfile "$WORK/w.pid" -- /probe exit 3
expect_eq "wait-ready: the command's early exit is runjail's status; no pidfile" \
	"$RJ_RC:$([ -e "$WORK/w.pid" ] && echo pidfile):$RJ_ERR" \
	"3::runjail: the command exited with status 3 before it was ready"
run_rj "${A[@]}" -b --pidfile "$WORK/w.pid" -- /probe exit 3
sleep 0.3
expect_eq "control: -b alone exits 0 and leaves a pidfile naming a dead pid" \
	"$RJ_RC:$([ -e "$WORK/w.pid" ] && echo pidfile):$(alive "$(cat "$WORK/w.pid" 2>/dev/null)" && echo alive)" \
	"0:pidfile:"
rm -f "$WORK/w.pid"
start=$(date +%s)
run_rj "${A[@]}" --pid-ns --notify -b --wait-ready 10 --pidfile "$WORK/w.pid" --stdout "$WORK/w.out" -- \
	/probe try notify:READY=1 sleep:30
took=$(( $(date +%s) - start )); wp=$(cat "$WORK/w.pid" 2>/dev/null)
expect_eq "wait-ready --notify: 0 as soon as READY=1, the command running" \
	"$RJ_RC:$([ "$took" -lt 10 ] && echo soon):$(alive "$wp" && echo alive)" "0:soon:alive"
kill -TERM "$wp" 2>/dev/null; sleep 0.5
run_rj "${A[@]}" --pid-ns --notify -b --wait-ready 1 --pidfile "$WORK/w.pid" --stdout "$WORK/w.out" -- \
	/probe try sleep:30
sleep 0.5
expect_eq "wait-ready --notify: never ready: 125, stopped, no pidfile" \
	"$RJ_RC:$([ -e "$WORK/w.pid" ] && echo pidfile):$(left)" "125::"

# --- attacks on what --pid-ns and --notify leave outside -----------------------
# The init and the supervisor hold no descriptor of the host's: with a
# kept CAP_SYS_PTRACE the command could take one from the init
# (pidfd_getfd) and fchdir out of the jail.
rm -f "$WORK/fd.pid"
"$RUNJAIL" "${A[@]}" -c sys_ptrace --pid-ns --pidfile "$WORK/fd.pid" --stdout "$WORK/fd.log" -- \
	/probe serve 0 >/dev/null 2>&1 & SP=$!
wait_for "$WORK/fd.log" '^ready'
IP=$(pgrep -P "$SP" | head -n 1)
fds() { local f; for f in /proc/"$1"/fd/*; do readlink "$f"; done | sort | paste -sd' ' -; }
bad=$(for p in "$SP" "$IP"; do fds "$p" | tr ' ' '\n'; done |
	grep -vE '^(/dev/null|pipe:.*|socket:.*|anon_inode:.*|'"$WORK/fd.pid"')$' | paste -sd' ' -)
expect_eq "attack: the supervisor and the init hold no file or directory of the host's" "$bad" ""
kill -TERM "$SP"; wait "$SP"

# A signal sent while pid 1 is still root (slowed down here by strace) is
# passed on once it can be, not lost.
if command -v strace >/dev/null; then
	strace -f -o /dev/null -e inject=chroot:delay_enter=1500000 "$RUNJAIL" "${A[@]}" --pid-ns -- \
		/probe serve 0 >"$out" 2>&1 & SP=$!
	sleep 0.5
	RP=$(pgrep -P "$SP" | head -n 1)	# runjail, strace's child
	kill -TERM "$RP"
	# Handled (the line), or, arriving before the probe set its handler,
	# its default action: killed by TERM (strace passes that on).
	wait_for "$out" '^signal=TERM$' || sleep 3
	alive "$RP" && kill -KILL "$RP"
	wait "$SP" 2>/dev/null; rc=$?
	expect_eq "pid-ns: TERM sent before pid 1 gave up root still arrives" \
		"$( { grep -q '^signal=TERM$' "$out" || [ "$rc" = 143 ]; } && echo arrived)" arrived
else
	skip "pid-ns: an early TERM" "strace not installed"
fi

# READY=1 from a process of the same uid on the host, to the abstract name
# it can read in /proc/net/unix: not the jail's, not passed on.
run_rj "${A[@]}" --pid-ns --notify -b --wait-ready 4 --pidfile "$WORK/sp.pid" --stdout "$WORK/sp.log" -- \
	/probe try sleep:30 &
RB=$!
name=
for _ in $(seq 30); do
	name=$(grep -o '@runjail-notify-[0-9a-f-]*' /proc/net/unix | head -n 1) && [ -n "$name" ] && break
	sleep 0.1
done
NOTIFY_SOCKET=$name setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$PROBE" try notify:READY=1 >/dev/null
wait "$RB"
expect_eq "attack: READY=1 from outside the jail is ignored (never ready: 125, nothing left)" \
	"$([ -n "$name" ] && echo named):$RJ_RC:$(left)" "named:125:"

# Never ready, and deaf to TERM: KILL after --kill-after, and only then is
# the pidfile removed; nothing runs on.
rm -f "$WORK/it.pid"
run_rj "${A[@]}" --pid-ns --notify --kill-after 1 -b --wait-ready 1 --pidfile "$WORK/it.pid" \
	--stdout "$WORK/it.log" -- /probe ignterm
expect_eq "wait-ready: a command deaf to TERM is killed before runjail says it failed" \
	"$RJ_RC:$([ -e "$WORK/it.pid" ] && echo pidfile):$(left)" "125::"

# Killed by a signal: the supervisor dies of it too (a service manager
# reads a clean stop by TERM from that), and a shell sees 128+N.
sig=$(perl -e '$p = fork; if (!$p) { open STDOUT, ">", "/dev/null"; exec @ARGV; exit 127 }
	sleep 1; kill "TERM", $p; waitpid($p, 0); print $? & 127' "$RUNJAIL" "${A[@]}" --pid-ns -- /probe serve kill)
expect_eq "pid-ns: the command killed by TERM: runjail is killed by TERM" "$sig" 15

# --- a caller other than root (set-uid): no descriptors, no NOTIFY_SOCKET ----
setuid_setup ns
cleanup2() { cleanup; rm -f "$PDIR"/rjtest-ns*.conf; [ -n "${created_pdir:-}" ] && rmdir "$PDIR"; }
trap cleanup2 EXIT
printf 'permit user:rjuser\nroot %s\nuser nobody\npid-ns\nlisten-fds\nnotify\ncommand /probe\nargs any\n' \
	"$J" >"$PDIR/rjtest-nsu.conf"
chmod 644 "$PDIR/rjtest-nsu.conf"
if as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	RJ_OUT=$(as_user perl "$SRCDIR/tests/listen.pl" $((PORT + 4)) "$S" -p rjtest-nsu 2>&1); RJ_RC=$?
	expect_eq "attack: a profile caller's LISTEN_FDS are not passed on (a descriptor of theirs in the jail)" \
		"$RJ_RC:$RJ_OUT" "125:runjail: listen-fds: LISTEN_FDS and LISTEN_PID do not pass runjail any socket (only root's are passed on)"
	sed -i '/^listen-fds$/d' "$PDIR/rjtest-nsu.conf"
	NL2=$WORK/notify2.sock
	"$SRCDIR/tests/notify_listen" "$NL2" 3 >"$WORK/nl2.out" & NLP=$!; HOSTPIDS+=("$NLP")
	sleep 0.3
	RJ_OUT=$(NOTIFY_SOCKET=$NL2 as_user "$S" -p rjtest-nsu try notify:READY=1 2>&1); RJ_RC=$?
	wait "$NLP"
	expect_eq "attack: a profile caller's NOTIFY_SOCKET gets nothing (the service's READY=1 stays in)" \
		"$RJ_RC:$(probe_val notify:READY=1):$(cat "$WORK/nl2.out")" "0:ok:"
	RJ_OUT=$(as_user "$S" -p rjtest-nsu --ready-fd 7 try 2>&1 7>/dev/null); RJ_RC=$?
	expect_eq "attack: a profile caller may not add --ready-fd" "$RJ_RC:$RJ_OUT" \
		"125:runjail: --ready-fd: not permitted with a profile for callers other than root"
	mkfifo "$WORK/ru.fifo"; chmod 666 "$WORK/ru.fifo"
	RJ_OUT=$(as_user sh -c 'exec 7<>"$1"; shift; exec "$@"' sh "$WORK/ru.fifo" \
		"$S" -r "$J" --pid-ns --notify --ready-fd 7 -- /probe 2>&1); RJ_RC=$?
	expect_eq "attack: a self-jail caller's descriptor is not kept (root's only)" "$RJ_RC:$RJ_OUT" \
		"125:runjail: ready-fd: only root may pass a descriptor on"
	printf 'ready-fd 7\n' >>"$PDIR/rjtest-nsu.conf"
	RJ_OUT=$("$RUNJAIL" -p rjtest-nsu 2>&1 7>/dev/null); RJ_RC=$?
	expect_match "ready-fd: not a profile keyword (a profile cannot know descriptors)" "$RJ_RC:$RJ_OUT" \
		"^125:runjail: $PDIR/rjtest-nsu.conf:[0-9]+: ready-fd: unknown keyword$"
else
	skip "set-uid namespace attacks" "$S does not run set-user-ID here"
fi

expect_eq "nothing left mounted" "$(mountset)" "$mounts0"
expect_eq "no process of a jail left" "$(left)" ""
