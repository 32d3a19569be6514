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
	pval "$3"
}
# pval ACTION: probe_val for an action, which may hold a path.
pval() { probe_val "$(printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g')"; }

# A child to ptrace (attaching stops it: only SIGKILL ends it for sure): attaching to it as root works without a filter.
sleep 60 >/dev/null 2>&1 & victim=$!
# (an append-only file left in WORK would stop tests/run removing it)
trap '"$PROBE" try "setflags-a:$WORK/flags.f" >/dev/null 2>&1
kill -KILL $victim 2>/dev/null' EXIT

# From process_madvise on: the other doors to another process's memory.  The
# victim is root's, so as 65534 the kernel refuses them as well: the runs as
# root are the ones that show the filter at work.
DENIED="mount ptrace:$victim unshare-user unshare-ns setns keyctl bpf perf
personality reboot mknod-chr clone-newuser process_madvise:$victim
kcmp:$victim get_robust_list:$victim move_pages:$victim migrate_pages:$victim"
# io_uring's operations (setxattr, linkat among them) bypass seccomp: the
# ring itself must be refused.  With kernel.io_uring_disabled=2 not even
# root gets one, and nothing would show that the filter refuses it.
if [ "$(cat /proc/sys/kernel/io_uring_disabled 2>/dev/null)" = 2 ]; then
	skip "io_uring_setup denied" "kernel.io_uring_disabled=2"
else
	DENIED="$DENIED io_uring"
fi

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
	for a in getppid mknod-fifo fork spawn get_robust_list:0 move_pages:0 \
	    migrate_pages:0; do
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

# --- nofsmeta: the other ways to loosen a file --------------------------------
# An access ACL sets the mode: the probe's (user::rwx user:65533:---
# group::rwx mask::rwx other::rwx) turns 600 into 777 and stays on the file;
# removing it gives 65533 what other has.  Each call works for the owner
# under default, and fails under nofsmeta with the mode or ACL unchanged.
# fresh FILE: owned by 65534, mode 600, no ACL.
fresh() { rm -f "$1"; install -m 600 -o 65534 -g 65534 /dev/null "$1"; }
# acl FILE: the file's mode and whether it has an access ACL (ok/ENODATA).
acl() { echo "$(stat -c %a "$1") $(try_as bare - "getxattr-acl:$1")"; }
f=$WORK/acl.f
fresh "$f"
ACL_OK=$(try_as bare - "setxattr-acl:$f")
if [ "$ACL_OK" = EOPNOTSUPP ]; then
	skip "nofsmeta: ACLs" "setxattr(system.posix_acl_access) on $WORK: $ACL_OK (no POSIX ACLs there; tmpfs needs CONFIG_TMPFS_POSIX_ACL)"
elif [ "$ACL_OK" != ok ]; then
	fail "no filter: setxattr(posix_acl_access)" "got '$ACL_OK': cannot show the filter denies it"
else
	for c in setxattr lsetxattr fsetxattr setxattrat removexattr \
	    lremovexattr fremovexattr removexattrat; do
		case $c in
		set*|lset*|fset*) before="600 ENODATA" after="777 ok" what="600 -> 777" ;;
		*) before="777 ok" after="777 ENODATA" what="ACL removed" ;;
		esac
		fresh "$f"
		[ "$before" = "600 ENODATA" ] || try_as bare - "setxattr-acl:$f" >/dev/null
		v=$(try_as user default "$c-acl:$f")
		if [ "$v" = ENOSYS ]; then	# *xattrat: Linux 6.13
			skip "$c(posix_acl_access)" "ENOSYS: kernel without $c"
			continue
		fi
		expect_eq "default: $c(posix_acl_access) works, $what" \
		    "$v $(acl "$f")" "ok $after"
		fresh "$f"
		[ "$before" = "600 ENODATA" ] || try_as bare - "setxattr-acl:$f" >/dev/null
		expect_eq "nofsmeta: $c(posix_acl_access) denied, file unchanged" \
		    "$(try_as user nofsmeta "$c-acl:$f") $(acl "$f")" "EPERM $before"
		expect_eq "nofsmeta: $c(posix_acl_access) denied as root" \
		    "$(try_as root nofsmeta "$c-acl:$f") $(acl "$f")" "EPERM $before"
	done
fi

# Append-only (like immutable) can only be set or cleared with
# CAP_LINUX_IMMUTABLE: root shows the filter; "trunc" fails with EPERM on an
# append-only file.  Setting and clearing the flag is one call each way.
g=$WORK/flags.f
for c in setflags fssetxattr file_setattr; do
	fresh "$g"
	v=$(try_as bare - "$c+a:$g")
	case $v in
	ok) ;;
	ENOSYS|EOPNOTSUPP|ENOTTY)	# file_setattr: Linux 6.17
		skip "$c append-only" "without a filter: $v"; continue ;;
	*)	fail "no filter: $c append-only" "got '$v'"; continue ;;
	esac
	expect_eq "nofsmeta: $c clearing append-only denied as root" \
	    "$(try_as root nofsmeta "$c-a:$g") $(try_as bare - "trunc:$g")" \
	    "EPERM EPERM"
	expect_eq "default: $c clears append-only as root" \
	    "$(try_as root default "$c-a:$g") $(try_as bare - "trunc:$g")" "ok ok"
	expect_eq "nofsmeta: $c setting append-only denied as root" \
	    "$(try_as root nofsmeta "$c+a:$g") $(try_as bare - "trunc:$g")" \
	    "EPERM ok"
	try_as bare - "setflags-a:$g" >/dev/null
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
	# Counted after the last line's timestamp, not as a difference of
	# totals: a full ring buffer drops old lines while new ones come.
	sleep 5
	since=$(dmesg | tail -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
	"$SR" -l default -- "$PROBE" try keyctl >/dev/null 2>&1
	new=$(dmesg | awk -v t="${since:-0}" '{ s = $0; sub(/^\[ */, "", s); split(s, f, "]") }
		f[1] + 0 > t + 0 && /type=1326.*comm="probe".*syscall=250 / { n++ } END { print n + 0 }')
	expect_eq "log mode: kernel log names keyctl (250)" "$new" 1
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
# (pol, not f: f names the ACL test file, used again below)
for pol in "$SRCDIR"/contrib/policies/*.policy; do
	err=$("$SR" -e "$pol" 2>&1 >/dev/null)
	expect_eq "example $(basename "$pol") compiles" "$?:$err" "0:"
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
	if [ "$ACL_OK" = ok ]; then
		fresh "$f"
		rj -s nofsmeta -- "$PROBE" try "setxattr-acl:$f"
		expect_eq "runjail -s nofsmeta: setxattr(posix_acl_access) denied" \
		    "$(pval "setxattr-acl:$f") $(stat -c %a "$f")" \
		    "EPERM 600"
	fi
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
	    "^125:runjail: seccomp: $WORK/t.policy:2: unknown action 'bogus'\$"

	# A policy compiled once (--compile-seccomp), loaded as it is.
	pf "errno EACCES chmod" "deny keyctl"
	run_rj -s "$WORK/t.policy" --compile-seccomp "$WORK/t.bpf"
	expect_eq "compile-seccomp: exit 0, a compiled file, nothing run" \
	    "$RJ_RC $(head -c 17 "$WORK/t.bpf")" "0 runjail-seccomp 1"
	rj -s "$WORK/t.bpf" -- "$PROBE" try chmod keyctl getppid
	expect_eq "runjail -s COMPILED: the policy's actions" \
	    "$(probe_val chmod) $(probe_val keyctl) $(probe_val getppid)" "EACCES EPERM ok"
	run_rj --dry-run -u 65534 -s "$WORK/t.bpf" -- "$PROBE"
	expect_match "dry-run says the program was compiled before" "$RJ_OUT" \
	    "^seccomp: $WORK/t.bpf \([0-9]+ instructions, compiled before: loaded as it is\)"
	run_rj -u 65534 -g 65534 -G '' -s "$WORK/t.bpf" --seccomp-log -- "$PROBE"
	expect_eq "compiled without --seccomp-log: refused with it" "$RJ_RC:$RJ_ERR" \
	    "125:runjail: seccomp: $WORK/t.bpf: compiled for another mode (--seccomp-log): compile the policy again"
	head -c 30 "$WORK/t.bpf" >"$WORK/cut.bpf"
	run_rj -u 65534 -g 65534 -G '' -s "$WORK/cut.bpf" -- "$PROBE"
	expect_eq "a cut compiled file: refused" "$RJ_RC:$RJ_ERR" \
	    "125:runjail: seccomp: $WORK/cut.bpf: not a compiled policy of this runjail's"
	expect_fail "compile-seccomp needs -s" 125 "compile-seccomp needs -s POLICY" \
	    --compile-seccomp "$WORK/x.bpf"
	expect_fail "compile-seccomp runs nothing: a command is refused" 125 "runs nothing" \
	    -s default --compile-seccomp "$WORK/x.bpf" /bin/true
	# One instruction, a jump past the end: the kernel would refuse it at
	# the last step; refused at the plan instead.
	{ head -n 1 "$WORK/t.bpf" | awk '{ $NF = 1; print }'
	  printf '\005\000\000\000\005\000\000\000'; } >"$WORK/bad.bpf"
	run_rj --dry-run -u 65534 -s "$WORK/bad.bpf" -- "$PROBE"
	expect_eq "a compiled program seccomp would not take: refused at the plan" "$RJ_RC:$RJ_ERR" \
	    "125:runjail: seccomp: $WORK/bad.bpf: not a program seccomp would take"
else
	skip "runjail -s" "runjail not built or without --seccomp"
fi

# --- libseccomp: loaded by the plan, when needed, never from the jail -----
# runjail maps libseccomp only for a launch that compiles a policy or
# learns, and loads it while the launch is a plan: after the chroot, a
# dlopen(3) would look in the jail's own library directories.  A library
# planted there under libseccomp's name says PLANTED when loaded.
LJ=$WORK/scmp-jail
make_jail "$LJ"
MA=$(cc -print-multiarch 2>/dev/null); MA=${MA:-x86_64-linux-gnu}
printf '#include <unistd.h>\n__attribute__((constructor)) static void planted(void)\n%s\n' \
	'{ if (write(2, "PLANTED\n", 8) < 0) _exit(9); }' >"$WORK/plant.c"
printf '%s\n' '#include <dlfcn.h>' '#include <stdio.h>' '#include <unistd.h>' \
	'int main(int c, char **v) { (void)c; if (chroot(v[1]) || chdir("/")) return 2;' \
	'  if (!dlopen(v[2], RTLD_NOW)) { puts(dlerror()); return 1; } puts("loaded"); return 0; }' \
	>"$WORK/latedl.c"
if cc -shared -fPIC -o "$WORK/plant.so" "$WORK/plant.c" &&
   cc -o "$WORK/latedl" "$WORK/latedl.c"; then
	for d in "lib/$MA" "usr/lib/$MA" lib usr/lib lib64; do
		mkdir -p "$LJ/$d"; cp "$WORK/plant.so" "$LJ/$d/libseccomp.so.2"
	done
	expect_eq "control: a dlopen after the chroot loads the jail's planted libseccomp" \
		"$("$WORK/latedl" "$LJ" libseccomp.so.2 2>&1 | paste -sd' ' -)" "PLANTED loaded"
	printf 'default allow\ndeny ptrace\n' >"$WORK/plain.policy"
	run_rj -r "$LJ" -u nobody -G '' -s "$WORK/plain.policy" -- /probe
	expect_eq "attack: a policy to compile, a planted libseccomp in the jail: the host's is used" \
		"$RJ_RC $(probe_val seccomp) $(grep -c PLANTED <<<"$RJ_ERR$RJ_OUT")" "0 2 0"
	mkdir -m 700 "$WORK/scmp-learn"
	run_rj --learn "$WORK/scmp-learn" -r "$LJ" -u nobody -G '' -- /probe
	expect_eq "attack: --learn (its filter loaded in the jail), a planted libseccomp: the host's is used" \
		"$RJ_RC $(grep -c PLANTED <<<"$RJ_ERR$RJ_OUT") $(grep -cw '^allow execve' "$WORK/scmp-learn/seccomp.policy")" \
		"0 0 1"
	rm -rf "${LJ:?}/lib" "${LJ:?}/usr" "${LJ:?}/lib64"
else
	fail "libseccomp planted: setup" "cc could not build the test's library"
fi
# Which launches map it: LD_DEBUG=files (root, not set-user-ID) names
# every object the loader maps, at start or by dlopen.  libs_mapped ARGS:
# the launch's status, its filter mode and capabilities (the probe's),
# and the libraries of the two mapped.
libs_mapped() {
	RJ_OUT=$(LD_DEBUG=files "$RUNJAIL" "$@" 2>"$WORK/.lddebug"); RJ_RC=$?
	printf '%s %s %s %s\n' "$RJ_RC" "$(probe_val seccomp)" "$(probe_val cap_eff)" \
		"$(grep -o 'file=lib\(seccomp\|cap-ng\)[^ ]*' "$WORK/.lddebug" | sort -u | paste -sd' ' -)"
}
expect_eq "a built-in profile and a capability: neither libseccomp nor libcap-ng mapped" \
	"$(libs_mapped -r "$LJ" -u nobody -G '' -s default -c net_bind_service -- /probe)" \
	"0 2 0000000000000400 "
expect_eq "control: a policy to compile maps libseccomp, by dlopen" \
	"$(libs_mapped -r "$LJ" -u nobody -G '' -s "$WORK/plain.policy" -- /probe)" \
	"0 2 0000000000000000 file=libseccomp.so.2"
run_rj -s "$WORK/plain.policy" --compile-seccomp "$WORK/plain.bpf"
expect_eq "a policy compiled once (--compile-seccomp)" "$RJ_RC $(head -c 17 "$WORK/plain.bpf")" \
	"0 runjail-seccomp 1"
expect_eq "a compiled policy file: libseccomp not mapped" \
	"$(libs_mapped -r "$LJ" -u nobody -G '' -s "$WORK/plain.bpf" -- /probe)" "0 2 0000000000000000 "
