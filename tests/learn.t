#!/bin/bash
# --learn: a learn run of a dynamic C program (threads, a child, dlopen,
# the time zone, hostile paths), of a shell script, of a static program
# and of python3 over the live system; each learned policy, loaded with
# -s, lets the same workload run and denies a call it never made; the
# files of a run over the live system, fed to mkjail --from, make a jail
# the workload runs in, its state directory handed over.  A
# learn run inside a jail missing one library and /etc/localtime lists
# exactly those; the learner follows threads and children, stops on TERM
# and writes what it learned, and is not led outside the jail.
. "$(dirname "$0")/lib.sh"
need_root "learn tests"
MKJAIL=$SRCDIR/contrib/mkjail	# its manifests in a cache of this test's own, not /var/cache/mkjail
PROG=$SRCDIR/tests/learn_prog
if [ ! -x "$PROG" ] || [ ! -x "$MKJAIL" ]; then
	skip "learn" "tests/learn_prog or contrib/mkjail missing"
	exit 0
fi
mounts0=$(mountset)

# A jail of learn_prog's own (libc and the loader, by mkjail), without
# libz.so.1 and /etc/localtime, which it needs; a symlink planted in it
# at /learn-link, pointing at "/etc".
J=$WORK/ljail
"$MKJAIL" --cache "$WORK/.mkjail-cache" "$J" "$PROG" >/dev/null || fail "mkjail learn_prog"
mkdir -p "$J/etc" "$J/tmp"
chmod 1777 "$J/tmp"
ln -s /etc "$J/learn-link"
P=/${PROG#/}
touch /etc/learn-through-link		# on the host only
L=$WORK/learn1
mkdir "$L"
run_rj --learn "$L" -r "$J" -u nobody -G '' -- "$P"
expect_eq "learn in a jail: the command runs as it would (libz and localtime missing)" \
	"$RJ_RC|$(printf '%s\n' "$RJ_OUT" | paste -sd'|' -)" "0|localtime ok|libz missing"
expect_eq "... the four files are written" "$(ls "$L" | paste -sd' ' -)" "files landlock report seccomp.policy"
missing=$(awk '$2 ~ /m/ && $2 ~ /h/ {print $3}' "$L/files" | sed 's|.*/||' | sort -u | paste -sd' ' -)
expect_eq "... what it lacks and the host has: exactly the library, /etc/localtime (and the loader's cache, for dlopen)" \
	"$missing" "ld.so.cache libz.so.1 localtime"
expect_match "... the report names them" "$(cat "$L/report")" "/etc/localtime"
expect_eq "threads and children are followed" \
	"$(awk '{print $3}' "$L/files" | grep -E '^/etc/learn-from-(thread|child)$' | paste -sd' ' -)" \
	"/etc/learn-from-child /etc/learn-from-thread"
expect_eq "attack: a path climbing out with .. is recorded inside the jail" \
	"$(grep -c 'learn-dotdot' "$L/files") $(awk '{print $3}' "$L/files" | grep learn-dotdot)" "1 /etc/learn-dotdot"
expect_eq "attack: a symlink of the jail's pointing at /etc is followed in the jail, not on the host" \
	"$(grep 'learn-through-link' "$L/files")" "none    m    /learn-link/learn-through-link"
touch "$J/etc/learn-through-link"
mkdir "$WORK/learn1b"
run_rj --learn "$WORK/learn1b" -r "$J" --overlay -u nobody -G '' -- "$P"
expect_eq "control: with the file in the jail's /etc, the link leads to it" \
	"$(awk '$3 == "/learn-link/learn-through-link" {print $1}' "$WORK/learn1b/files")" "file"
rm -f /etc/learn-through-link "$J/etc/learn-through-link"
expect_eq "attack: a path longer than PATH_MAX is not recorded, and nothing breaks" \
	"$(grep -c aaaaaaaaaaaaaaaa "$L/files")" "0"

# The jail completed as the report says, learned again into the same
# directory (merged), and run under the policy.
cp -L /usr/lib/x86_64-linux-gnu/libz.so.1 "$J/lib/x86_64-linux-gnu/" 2>/dev/null ||
	cp -L "$(ldconfig -p | awk '/libz.so.1 / {print $NF; exit}')" "$J/lib/"
cp -L /etc/localtime "$J/etc/localtime"
before=$(awk '/^allow/ {n++} END {print n}' "$L/seccomp.policy")
run_rj --learn "$L" -r "$J" -u nobody -G '' -- "$P"
expect_eq "learn again: the library loads, the files are merged" \
	"$RJ_RC $(printf '%s\n' "$RJ_OUT" | grep libz) $([ "$(awk '/^allow/ {n++} END {print n}' "$L/seccomp.policy")" -ge "$before" ] && echo kept)" \
	"0 libz ok kept"
expect_eq "... getpriority was never called" "$(grep -c '^allow getpriority' "$L/seccomp.policy")" "0"
run_rj -r "$J" -u nobody -G '' -s "$L/seccomp.policy" -- "$P"
expect_eq "C program: under the learned policy the workload runs" \
	"$RJ_RC $(printf '%s\n' "$RJ_OUT" | paste -sd' ' -)" "0 localtime ok libz ok"
run_rj -r "$J" -u nobody -G '' -s "$L/seccomp.policy" -- "$P" extra
expect_eq "... and a call it never made is denied" "$(printf '%s\n' "$RJ_OUT" | grep getpriority)" \
	"getpriority Operation not permitted"
run_rj -r "$J" -u nobody -G '' -- "$P" extra
expect_eq "control: without the policy that call works" "$(printf '%s\n' "$RJ_OUT" | grep getpriority)" "getpriority ok"

# A shell script and a static program (busybox), in a busybox jail.
if [ -x /bin/busybox ]; then
	B=$WORK/lbusy
	make_jail "$B"
	printf '#!/bin/sh\necho hello >/tmp/f\ncat /tmp/f\n' >"$B/script"
	chmod 755 "$B/script"
	mkdir "$WORK/learn-sh" "$WORK/learn-bb"
	run_rj --learn "$WORK/learn-sh" -r "$B" -u nobody -G '' -- /script
	run_rj -r "$B" -u nobody -G '' -s "$WORK/learn-sh/seccomp.policy" -- /script
	expect_eq "shell script: under its learned policy it runs" "$RJ_RC $RJ_OUT" "0 hello"
	expect_eq "... it wrote /tmp, which the files say" \
		"$(awk '$3 == "/tmp" {print $2}' "$WORK/learn-sh/files" | tr -d h)" "w"
	run_rj -r "$B" -u nobody -G '' -s "$WORK/learn-sh/seccomp.policy" -- /bin/busybox stat -f /
	expect_eq "... and a call it never made (statfs) is denied" "$(grep -c '^allow statfs' "$WORK/learn-sh/seccomp.policy") $RJ_RC" "0 1"
	run_rj --learn "$WORK/learn-bb" -r "$B" -u nobody -G '' -- /bin/busybox ls /
	run_rj -r "$B" -u nobody -G '' -s "$WORK/learn-bb/seccomp.policy" -- /bin/busybox ls /
	expect_eq "static program: under its learned policy it runs" "$RJ_RC $(printf '%s\n' "$RJ_OUT" | grep -c probe)" "0 1"
	run_rj -r "$B" -u nobody -G '' -s "$WORK/learn-bb/seccomp.policy" -- /bin/busybox stat -f /
	expect_eq "... and a call it never made (statfs) is denied" "$(grep -c '^allow statfs' "$WORK/learn-bb/seccomp.policy") $RJ_RC" "0 1"
	run_rj -r "$B" -u nobody -G '' -- /bin/busybox stat -f /
	expect_eq "control: without a policy statfs works" "$RJ_RC" "0"
else
	skip "learn: shell and static" "busybox not installed"
fi

# What the learner writes is root's alone: a directory the command could
# write is refused, and an earlier run's files are merged only if root's.
if [ -x /bin/busybox ]; then
	expect_fail "attack: a learn directory inside the jail (the command could forge the next policy): refused" 125 \
		"learn:? $B/tmp: .*(writable by group or other: refused|inside the jail)" --learn "$B/tmp" -r "$B" -u nobody -G '' -- /script
	mkdir -p "$B/learnhere"
	expect_fail "... even one only root may write (the command may run as root)" 125 \
		"learn $B/learnhere: inside the jail" --learn "$B/learnhere" -r "$B" -u nobody -G '' -- /script
	rmdir "$B/learnhere"
	cp "$WORK/learn-sh/seccomp.policy" "$WORK/forged.policy"
	printf 'allow kexec_load # 1\n' >>"$WORK/learn-sh/seccomp.policy"
	chown nobody "$WORK/learn-sh/seccomp.policy"
	expect_fail "attack: an earlier policy not root's is not merged" 125 "seccomp.policy: not a regular file of root's" \
		--learn "$WORK/learn-sh" -r "$B" -u nobody -G '' -- /script
	chown root "$WORK/learn-sh/seccomp.policy"
	run_rj --learn "$WORK/learn-sh" -r "$B" -u nobody -G '' -- /script
	expect_eq "control: root's is merged (the line stays)" "$RJ_RC $(grep -c '^allow kexec_load' "$WORK/learn-sh/seccomp.policy")" "0 1"
	truncate -s 65M "$WORK/learn-sh/files"
	expect_fail "an earlier files list too large to be a run's: refused, not cut" 125 "files: larger than 64 MB" \
		--learn "$WORK/learn-sh" -r "$B" -u nobody -G '' -- /script
	expect_eq "the calls every program may make unseen are allowed: sigreturn, exit" \
		"$(grep -cE '^allow (rt_sigreturn|exit_group|exit|restart_syscall) ' "$WORK/learn-bb/seccomp.policy")" "4"
	# A file made and written, one made and removed.
	mkdir "$WORK/learn-flags"
	run_rj --learn "$WORK/learn-flags" -r "$B" -u nobody -G '' -- /bin/sh -c \
		'echo x >/tmp/made; echo y >/tmp/gone; /bin/busybox rm /tmp/gone'
	expect_eq "flags: a file made and written is c and w; one made and removed is not missing" \
		"$(awk '$3 == "/tmp/made" {print $2}' "$WORK/learn-flags/files") $(awk '$3 == "/tmp/gone" {print $2}' "$WORK/learn-flags/files")" "wc wc"
	# The Landlock lines learned: the directory written, the ports; run
	# under them, the same workload works and another port does not.
	mkdir -p "$B/data" "$WORK/learn-ll"
	chown nobody "$B/data"
	run_rj --learn "$WORK/learn-ll" -r "$B" -u nobody -G '' -- /probe try \
		write:/data/f bind:19060 connect:19061
	expect_eq "learn writes Landlock lines: the directory it made a file in, its ports" \
		"$(grep -v '^#' "$WORK/learn-ll/landlock" | paste -sd'|' -)" \
		"landlock|landlock-write /data|landlock-bind 19060|landlock-connect 19061"
	ll=()
	while read -r k v; do
		case $k in '#'* | '') ;; *) ll+=("--$k" ${v:+"$v"}) ;; esac
	done <"$WORK/learn-ll/landlock"
	run_rj -r "$B" -u nobody -G '' "${ll[@]}" -- /probe try write:/data/f bind:19060 bind:19062
	expect_eq "... under them the workload runs, and another port is refused" \
		"$RJ_RC $(probe_val write:/data/f) $(probe_val bind:19060) $(probe_val bind:19062)" "0 ok ok EACCES"
	# A command that leaves a process behind: killed when learning ends.
	mkdir "$WORK/learn-daemon"
	mkdir -p "$B/dev"
	"$RUNJAIL" --learn "$WORK/learn-daemon" -r "$B" --dev -u nobody -G '' -- /bin/sh -c \
		'/bin/busybox sleep 37 & exit 0' >/dev/null 2>&1 &
	rjpid=$!
	for _ in $(seq 50); do
		pgrep -f 'busybox sleep 37' >/dev/null && [ -z "$(pgrep -P "$rjpid")" ] && break
		sleep 0.1
	done
	sleep 0.3
	kill -TERM "$rjpid"; wait "$rjpid"
	sleep 0.2
	expect_eq "attack: a process left behind under the filter is killed when learning ends" \
		"$(pgrep -f 'busybox sleep 37' | wc -l) $([ -s "$WORK/learn-daemon/seccomp.policy" ] && echo written)" "0 written"
fi

# python3 over the live system: a union over /, nothing written to the host.
if [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
	mkdir "$WORK/learn-py"
	run_rj --learn "$WORK/learn-py" -r / --overlay -u nobody -G '' -- "$PY" -c \
		'import encodings, http.server; open("/tmp/rjlearn-py", "w").write("x"); print("ok")'
	expect_eq "python3 over the live system: it runs, and writes nothing to the host" \
		"$RJ_RC $RJ_OUT $([ -e /tmp/rjlearn-py ] && echo leaked)" "0 ok "
	expect_eq "... its encodings and http.server modules are in the files" \
		"$(awk '$1 == "file" {print $3}' "$WORK/learn-py/files" | grep -cE '/encodings/__init__\.py$|/http/server\.py$')" "2"
	run_rj -r / -u nobody -G '' -s "$WORK/learn-py/seccomp.policy" -- "$PY" -c \
		'import encodings, http.server; print("ok")'
	expect_eq "... under its learned policy it runs" "$RJ_RC $RJ_OUT" "0 ok"
	run_rj -r / -u nobody -G '' -s "$WORK/learn-py/seccomp.policy" -- "$PY" -c \
		'import os; os.getpriority(os.PRIO_PROCESS, 0)'
	expect_eq "... and a call it never made is denied" \
		"$(grep -c '^allow getpriority' "$WORK/learn-py/seccomp.policy") $RJ_RC $(printf '%s\n' "$RJ_ERR" | grep -c PermissionError)" "0 1 1"
else
	skip "learn: python3" "python3 not installed"
fi

# learn -> mkjail --from -> run: no file copied by hand, no state
# directory made by hand.
if [ -x /usr/bin/python3 ]; then
	"$MKJAIL" --cache "$WORK/.mkjail-cache" --from "$WORK/learn-py/files" "$WORK/pyjail" >/dev/null 2>"$WORK/.mkjail" ||
		fail "mkjail --from (python3)" "$(cat "$WORK/.mkjail")"
	run_rj -r "$WORK/pyjail" -u nobody -G '' -- /usr/bin/python3 -c 'import encodings, http.server; print("ok")'
	expect_eq "mkjail --from the python3 run's files: the workload runs in the new jail" "$RJ_RC $RJ_OUT" "0 ok"
	expect_eq "... which holds the modules it imported and not the rest of the library" \
		"$([ -f "$WORK/pyjail/usr/lib/python3.11/http/server.py" ] || [ -n "$(find "$WORK/pyjail" -path '*/http/server.py')" ] && echo has) $(find "$WORK/pyjail" -path '*/xmlrpc/*' | wc -l)" "has 0"
fi
mkdir "$WORK/learn-c"
run_rj --learn "$WORK/learn-c" -r / --overlay -u nobody -G '' -- "$PROG"
"$MKJAIL" --cache "$WORK/.mkjail-cache" --from "$WORK/learn-c/files" "$WORK/cjail" >/dev/null 2>"$WORK/.mkjail" ||
	fail "mkjail --from (learn_prog)" "$(cat "$WORK/.mkjail")"
run_rj -r "$WORK/cjail" -u nobody -G '' -- "$PROG"
expect_eq "mkjail --from the C program's files: its library and time zone are there" \
	"$RJ_RC $(printf '%s\n' "$RJ_OUT" | paste -sd' ' -)" "0 localtime ok libz ok"
mkdir -p /var/lib/rjtest-learn-state "$WORK/learn-state"
run_rj --learn "$WORK/learn-state" -r / --overlay -u nobody -G '' -- /bin/sh -c \
	'echo x >/var/lib/rjtest-learn-state/f'
expect_eq "a state directory the command wrote to is listed as written" \
	"$(awk '$3 == "/var/lib/rjtest-learn-state" {print $2}' "$WORK/learn-state/files")" "wh"
"$MKJAIL" --cache "$WORK/.mkjail-cache" --from "$WORK/learn-state/files" --user nobody "$WORK/sjail" >/dev/null 2>"$WORK/.mkjail" ||
	fail "mkjail --from --user" "$(cat "$WORK/.mkjail")"
run_rj -r "$WORK/sjail" -u nobody -G '' -- /bin/sh -c 'echo x >/var/lib/rjtest-learn-state/f'
expect_eq "... mkjail --from --user hands it over, and the command writes there in the jail" \
	"$RJ_RC $(stat -c %U "$WORK/sjail/var/lib/rjtest-learn-state") $(cat "$WORK/sjail/var/lib/rjtest-learn-state/f")" "0 nobody x"
"$MKJAIL" --cache "$WORK/.mkjail-cache" --from "$WORK/learn-state/files" "$WORK/sjail2" >/dev/null 2>"$WORK/.mkjail"
expect_match "control: without --user it is not handed over, and mkjail says so" \
	"$(stat -c %U "$WORK/sjail2/var/lib/rjtest-learn-state") $(cat "$WORK/.mkjail")" "^root .*rjtest-learn-state: the command wrote there: give --user"
rmdir /var/lib/rjtest-learn-state

# TERM to runjail ends learning; the results are written.
mkdir "$WORK/learn-term"
cp "$PROBE" "$J/probe"
"$RUNJAIL" --learn "$WORK/learn-term" -r "$J" -u nobody -G '' -- /probe try sleep:30 >/dev/null 2>&1 &
rjpid=$!
for _ in $(seq 100); do
	kid=$(pgrep -P "$rjpid" | head -n 1)
	[ -n "$kid" ] && tr '\0' ' ' <"/proc/$kid/cmdline" 2>/dev/null | grep -q 'try sleep' && break
	sleep 0.1
done
sleep 0.3
kill -TERM "$rjpid"
wait "$rjpid"; rc=$?
expect_eq "TERM ends learning: the command got it, the results are written" \
	"$rc $(grep -cE '^allow (clock_)?nanosleep' "$WORK/learn-term/seccomp.policy")" "143 1"

# Refusals.
expect_fail "learn: a relative directory" 125 "learn learn1: not an absolute path" --learn learn1 -r "$J" -- "$P"
expect_fail "learn: not with -b" 125 "not with --check, -b" --learn "$L" -b -r "$J" -- "$P"
expect_fail "learn: a missing directory" 125 "learn $WORK/nosuch: No such file" --learn "$WORK/nosuch" -r "$J" -- "$P"
setuid_setup learn
if as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	sx "learn: root's alone" 125 "learn: only root may learn" --learn "$L" -r "$J" -- /probe
else
	skip "learn: set-uid" "$S does not run set-user-ID here"
fi
[ -z "${created_pdir:-}" ] || rmdir "$PDIR"
expect_eq "nothing left mounted" "$(mountset)" "$mounts0"
