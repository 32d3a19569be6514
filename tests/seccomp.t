#!/bin/bash
# tests/seccomp.t: seccomp policies.  The parser's unit tests, then the
# filters at work on the probe, through tests/seccomp_run (which drops to
# uid 65534 like runjail, or stays root with -r) and, when it knows -s,
# through runjail itself.
#
# A denied call must be shown to be denied by the filter, not by a missing
# privilege: each one is also run as root, once without a filter (where it
# must not fail with EPERM) and once with one (where it must).
. "$(dirname "$0")/lib.sh"

SR=$SRCDIR/tests/seccomp_run
UNIT=$SRCDIR/tests/seccomp_unit

if [ -x "$UNIT" ]; then tap_run unit "$UNIT"; else fail "unit" "$UNIT not built"; fi
need_root "filters at work"
for p in "$SR" "$PROBE"; do
	[ -x "$p" ] || { fail "setup" "$p not built"; exit 0; }
done
ulimit -c 0			# the SIGSYS kills below would dump core
rm -f /tmp/.probe-*		# the probe's scratch files, maybe root's

# sr ARGS...: run seccomp_run; sets RJ_OUT, RJ_ERR, RJ_RC.
sr() {
	RJ_OUT=$("$SR" "$@" 2>"$WORK/.stderr"); RJ_RC=$?
	RJ_ERR=$(cat "$WORK/.stderr")
}

# try_as HOW POLICY ACTION: the probe's answer for ACTION, where HOW is
# "bare" (root, no filter), "root" (root, filter) or "user" (65534, filter).
try_as() {
	case $1 in
	bare) RJ_OUT=$(unshare -m "$PROBE" try "$3" 2>&1) ;;	# mounts stay private
	root) sr -r "$2" -- "$PROBE" try "$3" ;;
	user) sr "$2" -- "$PROBE" try "$3" ;;
	esac
	probe_val "$(printf '%s' "$3" | sed 's/[][\.*^$]/\\&/g')"
}

# A child to ptrace (attaching stops it: only SIGKILL ends it for sure): attaching to it as root works without a filter.
sleep 60 >/dev/null 2>&1 & victim=$!
trap 'kill -KILL $victim 2>/dev/null' EXIT

DENIED="mount ptrace:$victim unshare-user unshare-ns setns keyctl bpf perf
personality reboot mknod-chr clone-newuser"

# --- baseline: without a filter, root gets past every one of them ----------
for a in $DENIED; do
	v=$(try_as bare - "$a")
	if [ -n "$v" ] && [ "$v" != EPERM ]; then pass "no filter: $a=$v"
	else fail "no filter: $a" "got '$v': cannot show the filter denies it"; fi
done
# (script gives the probe a terminal; the injected '#' is echoed first)
v=$(script -qec "$PROBE try tiocsti" /dev/null </dev/null | tr -d '\r' |
    sed -n 's/.*tiocsti=//p')
expect_eq "no filter: tiocsti on a terminal" "$v" ok

# --- the built-in profiles -------------------------------------------------
for prof in default nofsmeta; do
	sr "$prof" -- "$PROBE"
	expect_eq "$prof: probe sees seccomp=2" "$(probe_val seccomp)" 2
	expect_eq "$prof: probe runs as 65534" "$(probe_val uid)" "65534 65534 65534"
	for a in $DENIED; do
		expect_eq "$prof: $a denied as root" "$(try_as root "$prof" "$a")" EPERM
		expect_eq "$prof: $a denied" "$(try_as user "$prof" "$a")" EPERM
	done
	v=$(script -qec "$SR -r $prof -- $PROBE try tiocsti" /dev/null </dev/null |
	    tr -d '\r' | sed -n 's/.*tiocsti=//p')
	expect_eq "$prof: tiocsti denied on a terminal" "$v" EPERM
	for a in getppid mknod-fifo fork spawn; do
		expect_eq "$prof: $a allowed" "$(try_as user "$prof" "$a")" ok
	done
	expect_eq "$prof: clone3 says ENOSYS" "$(try_as user "$prof" clone3)" ENOSYS
	for a in int80 x32; do
		sr "$prof" -- "$PROBE" try "$a"
		expect_eq "$prof: $a killed by SIGSYS" "$RJ_RC:$RJ_OUT" "159:"
	done
done
for a in chmod chown link symlink; do
	expect_eq "default: $a allowed" "$(try_as user default "$a")" ok
	expect_eq "nofsmeta: $a denied" "$(try_as user nofsmeta "$a")" EPERM
done

# --- discovery mode ----------------------------------------------------------
sr -l default -- "$PROBE" try keyctl mount getppid
expect_eq "log mode: keyctl passes" "$(probe_val keyctl)" ok
expect_eq "log mode: mount reaches the kernel" "$(probe_val mount)" EPERM
expect_eq "log mode: seccomp=2" "$("$SR" -l default -- "$PROBE" | sed -n 's/^seccomp=//p')" 2
sr -l -r default -- "$PROBE" try ptrace:"$victim"
expect_eq "log mode: ptrace as root passes" "$(probe_val "ptrace:$victim")" ok
sr -l default -- "$PROBE" try int80
expect_eq "log mode: int80 still killed" "$RJ_RC" 159
if dmesg >/dev/null 2>&1; then
	# The kernel rate-limits these lines (10 per 5 s without auditd):
	# look for the one line this test makes, after a quiet moment.
	sleep 5
	before=$(dmesg | grep -c 'type=1326.*comm="probe".*syscall=250 ')
	"$SR" -l default -- "$PROBE" try keyctl >/dev/null 2>&1
	after=$(dmesg | grep -c 'type=1326.*comm="probe".*syscall=250 ')
	expect_eq "log mode: kernel log names keyctl (250)" "$((after - before))" 1
else
	skip "log mode: kernel log" "dmesg not readable"
fi

# --- policy files --------------------------------------------------------------
pf() { printf '%s\n' "$@" >"$WORK/t.policy"; }

pf "errno EACCES chmod"
sr "$WORK/t.policy" -- "$PROBE" try chmod chown
expect_eq "policy: errno EACCES chmod" "$(probe_val chmod):$(probe_val chown)" EACCES:ok

pf "# clone with a new user namespace" "deny clone arg0 & CLONE_NEWUSER"
sr "$WORK/t.policy" -- "$PROBE" try clone-newuser fork unshare-user
expect_eq "policy: masked condition denies clone(CLONE_NEWUSER)" \
    "$(probe_val clone-newuser)" EPERM
expect_eq "policy: masked condition lets fork through" "$(probe_val fork)" ok
expect_eq "policy: masked condition leaves unshare alone" \
    "$(probe_val unshare-user)" ok

pf "kill keyctl"
sr "$WORK/t.policy" -- "$PROBE" try getppid keyctl
expect_eq "policy: kill action" "$RJ_RC:$RJ_OUT" "159:getppid=ok"

# An allow-list for the probe, found with "default log" and the kernel log.
pf "default errno EPERM" "allow execve exit_group" \
    "allow brk arch_prctl set_tid_address set_robust_list rseq prlimit64" \
    "allow readlink getrandom mprotect newfstatat write ioctl getppid"
sr "$WORK/t.policy" -- "$PROBE" try getppid keyctl chmod
expect_eq "allow-list: listed call works" "$(probe_val getppid)" ok
expect_eq "allow-list: keyctl not listed" "$(probe_val keyctl)" EPERM
expect_eq "allow-list: open not listed" "$(probe_val chmod)" EPERM
pf "default kill" "allow read"
sr "$WORK/t.policy" -- "$PROBE" try getppid
expect_eq "allow-list without execve refused" "$RJ_RC:$RJ_ERR" \
    "125:seccomp_run: $WORK/t.policy:1: an allow-list must 'allow execve': runjail needs it to start the service"

# --- errors ----------------------------------------------------------------
pf "deny chmod" "" "errno EACCES mkdri"
sr "$WORK/t.policy" -- "$PROBE"
expect_eq "bad policy: exit 125, file:line message" "$RJ_RC:$RJ_ERR" \
    "125:seccomp_run: $WORK/t.policy:3: unknown system call 'mkdri'"
pf "deny ioctl arg1 == TIOCSTI junk"
sr "$WORK/t.policy" -- "$PROBE"
expect_eq "bad policy: trailing garbage" "$RJ_RC:$RJ_ERR" \
    "125:seccomp_run: $WORK/t.policy:1: unexpected 'junk' after the condition"
sr defualt -- "$PROBE"
expect_eq "unknown built-in profile" "$RJ_RC:$RJ_ERR" \
    "125:seccomp_run: unknown built-in profile 'defualt'"
sr "$WORK/none.policy" -- "$PROBE"
expect_eq "missing policy file" "$RJ_RC:$RJ_ERR" \
    "125:seccomp_run: $WORK/none.policy: No such file or directory"

# --- the documentation and the examples ---------------------------------------
# The man page (or doc/seccomp.mdoc, its SECCOMP section) lists each
# profile in policy syntax between ".\" profile NAME" and ".Ed": it must
# compile to the built-in's program.
doc=$SRCDIR/runjail.8
grep -q '^\.\\" profile default$' "$doc" 2>/dev/null || doc=$SRCDIR/doc/seccomp.mdoc
for prof in default nofsmeta; do
	sed -n "/^\\.\\\\\" profile $prof\$/,/^\\.Ed/p" "$doc" |
	    sed '1,2d;$d' >"$WORK/$prof.policy"
	if [ -s "$WORK/$prof.policy" ] &&
	    cmp -s <("$SR" -e "$prof") <("$SR" -e "$WORK/$prof.policy"); then
		pass "doc: profile $prof as listed is the built-in"
	else
		fail "doc: profile $prof as listed is the built-in" \
		    "$("$SR" -e "$WORK/$prof.policy" 2>&1 >/dev/null)"
	fi
done
for f in "$SRCDIR"/contrib/policies/*.policy; do
	err=$("$SR" -e "$f" 2>&1 >/dev/null)
	expect_eq "example $(basename "$f") compiles" "$?:$err" "0:"
done

# --- a real server: busybox httpd on loopback ---------------------------------
# serve POLICY: start busybox httpd under POLICY, fetch a page, stop it.
serve() {
	local port pid got=""
	mkdir -p "$WORK/www"
	echo "hello from the jail" >"$WORK/www/index.html"
	chmod -R a+rX "$WORK/www"
	port=$((20000 + RANDOM % 20000))
	"$SR" "$1" -- /bin/busybox httpd -f -p "127.0.0.1:$port" -h "$WORK/www" \
	    2>"$WORK/httpd.err" &
	pid=$!
	for _ in $(seq 50); do
		got=$(timeout 2 busybox wget -q -O - "http://127.0.0.1:$port/" 2>/dev/null) &&
		    break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	printf '%s' "$got"
}
if [ -x /bin/busybox ]; then
	expect_eq "busybox httpd answers under default" "$(serve default)" \
	    "hello from the jail"
	expect_eq "busybox httpd answers under the allow-list example" \
	    "$(serve "$SRCDIR/contrib/policies/allowlist-example.policy")" \
	    "hello from the jail"
else
	skip "busybox httpd" "no /bin/busybox"
fi

# --- through runjail ------------------------------------------------------------
if [ -x "$RUNJAIL" ] && "$RUNJAIL" --help 2>&1 | grep -q -- --seccomp; then
	rj() { run_rj -u 65534 -g 65534 -G '' "$@"; }
	rj -s default -- "$PROBE"
	expect_eq "runjail -s default: seccomp=2" "$(probe_val seccomp)" 2
	rj -s default -- "$PROBE" try mount keyctl personality getppid
	expect_eq "runjail -s default: denied and allowed" \
	    "$(probe_val mount) $(probe_val keyctl) $(probe_val personality) $(probe_val getppid)" \
	    "EPERM EPERM EPERM ok"
	rj -s nofsmeta -- "$PROBE" try chmod
	expect_eq "runjail -s nofsmeta: chmod denied" "$(probe_val chmod)" EPERM
	rj -s default --seccomp-log -- "$PROBE" try keyctl
	expect_eq "runjail --seccomp-log: keyctl passes" "$(probe_val keyctl)" ok
	rj -s default -- "$PROBE" try int80
	expect_eq "runjail -s default: int80 killed" "$RJ_RC" 159
	pf "default errno EPERM" "allow execve exit_group" \
	    "allow brk arch_prctl set_tid_address set_robust_list rseq prlimit64" \
	    "allow readlink getrandom mprotect newfstatat write ioctl getppid"
	rj -s "$WORK/t.policy" -- "$PROBE" try getppid keyctl
	expect_eq "runjail -s allow-list" "$(probe_val getppid):$(probe_val keyctl)" ok:EPERM
	pf "deny chmod" "bogus line"
	run_rj -u 65534 -g 65534 -G '' -s "$WORK/t.policy" -- "$PROBE"
	expect_match "runjail -s bad policy: file:line message" "$RJ_RC:$RJ_ERR" \
	    "^[1-9][0-9]*:runjail: seccomp: $WORK/t.policy:2: unknown action 'bogus'\$"
else
	skip "runjail -s" "runjail not built or without --seccomp"
fi
