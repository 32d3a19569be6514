#!/bin/bash
# The core launch: every option checked from inside the jail with the probe.
. "$(dirname "$0")/lib.sh"
need_root "core launch tests"

J=$WORK/core
make_jail "$J"
jail_root=$(stat -c %d:%i "$J")
uid_of() { id -u "$1"; }
RJU=$(uid_of rjuser); RJG=$(getent group rjuser | cut -d: -f3)
G1=$(getent group rjg1 | cut -d: -f3); G2=$(getent group rjg2 | cut -d: -f3)
sorted() { tr ',' '\n' <<<"$1" | sort -n | paste -sd, -; }
mounts0=$(mountset)

# --- identity -------------------------------------------------------------
run_rj -r "$J" -u rjuser -- /probe
expect_eq "user by name: uid r/e/s" "$(probe_val uid)" "$RJU $RJU $RJU"
expect_eq "user by name: primary group r/e/s" "$(probe_val gid)" "$RJG $RJG $RJG"
expect_eq "user by name: supplementary groups from the host db" \
	"$(sorted "$(probe_val groups)")" "$(sorted "$RJG,$G1,$G2")"
expect_eq "root is the jail" "$(probe_val root)" "$jail_root"
expect_eq "cwd defaults to /" "$(probe_val cwd)" "/"
expect_eq "no_new_privs set" "$(probe_val nonewprivs)" 1
for s in inh prm eff bnd amb; do
	expect_eq "no capabilities without -c: $s" "$(probe_val cap_$s)" 0000000000000000
done

run_rj -r "$J" -u rjuser -g rjg1 -G rjg2,0 -- /probe
expect_eq "-g name" "$(probe_val gid)" "$G1 $G1 $G1"
expect_eq "-G names and ids" "$(sorted "$(probe_val groups)")" "$(sorted "0,$G2")"

run_rj -r "$J" -u rjuser -G '' -- /probe
expect_eq "-G '' means no supplementary groups" "$(probe_val groups)" ""
expect_eq "-G '' keeps the primary group" "$(probe_val gid)" "$RJG $RJG $RJG"

run_rj -r "$J" -u 4242 -g 4243 -G '' -- /probe
expect_eq "numeric ids without entries: uid" "$(probe_val uid)" "4242 4242 4242"
expect_eq "numeric ids without entries: gid" "$(probe_val gid)" "4243 4243 4243"
expect_match "numeric ids: USER is the number, HOME is /" "$RJ_OUT" "env=USER=4242"
expect_match "numeric ids: HOME=/" "$RJ_OUT" "env=HOME=/$"
expect_fail "numeric uid without entry and no -g is refused" 125 "give its group with -g" \
	-r "$J" -u 4242 -- /probe

run_rj -r "$J" -u "$RJU" -- /probe
expect_eq "numeric uid with an entry takes its primary group" "$(probe_val gid)" "$RJG $RJG $RJG"
run_rj -r "$J" -u nobody -- /probe
expect_eq "-u alone never leaves gid 0" "$(probe_val gid)" "65534 65534 65534"
expect_eq "-u alone never leaves the caller's groups" "$(probe_val groups)" "65534"

run_rj -r "$J" -u root -c '' -- /probe try setuid0 mount chroot-escape raise-nofile
expect_match "uid 0 without capabilities cannot mount" "$RJ_OUT" "mount=EPERM"
expect_match "uid 0 without capabilities cannot chroot" "$RJ_OUT" "chroot-escape=EPERM"
run_rj -r "$J" -u root -- /probe
expect_eq "uid 0: bounding set empty" "$(probe_val cap_bnd)" 0000000000000000
expect_eq "uid 0: permitted empty after exec" "$(probe_val cap_prm)" 0000000000000000

# --- capabilities -----------------------------------------------------------
run_rj -r "$J" -u rjuser -c net_bind_service -- /probe
for s in inh prm eff bnd amb; do
	expect_eq "-c net_bind_service: $s is exactly it" "$(probe_val cap_$s)" 0000000000000400
done
run_rj -r "$J" -u rjuser -c CAP_NET_BIND_SERVICE,cap_chown -- /probe
expect_eq "-c list, any case, with cap_ prefix" "$(probe_val cap_amb)" 0000000000000401
run_rj -r "$J" -u rjuser -c net_bind_service -- /probe try bind:80 cap-raise
expect_match "kept capability works: bind :80" "$RJ_OUT" "bind:80=ok"
expect_match "no other capability can be raised" "$RJ_OUT" "cap-raise=EPERM"
run_rj -r "$J" -u rjuser -- /probe try bind:80
expect_match "without -c binding :80 fails" "$RJ_OUT" "bind:80=EACCES"

# --- limits, nice, umask, cwd -----------------------------------------------
run_rj -r "$J" -u rjuser -l nofile=64:128 -l as=384M -l core=0 -l fsize=1G \
	-l cpu=unlimited -l nproc=100 -n 7 -m 027 -d /tmp -- /probe
expect_eq "rlimit nofile soft:hard" "$(probe_val rlimit_nofile)" "64:128"
expect_eq "rlimit as with M suffix" "$(probe_val rlimit_as)" "402653184:402653184"
expect_eq "rlimit core=0" "$(probe_val rlimit_core)" "0:0"
expect_eq "rlimit fsize with G suffix" "$(probe_val rlimit_fsize)" "1073741824:1073741824"
expect_eq "rlimit cpu unlimited" "$(probe_val rlimit_cpu)" "unlimited:unlimited"
expect_eq "rlimit nproc" "$(probe_val rlimit_nproc)" "100:100"
expect_eq "nice" "$(probe_val nice)" 7
expect_eq "umask" "$(probe_val umask)" 0027
expect_eq "-d" "$(probe_val cwd)" /tmp
run_rj -r "$J" -u rjuser -l nofile=64:128 -- /probe try raise-nofile
expect_match "the hard limit cannot be raised back" "$RJ_OUT" "raise-nofile=EPERM"

# --- /proc -----------------------------------------------------------------
run_rj -r "$J" -u rjuser -- /probe try open:/proc/self/status
expect_match "no /proc without -P" "$RJ_OUT" "=ENOENT"
run_rj -r "$J" -u rjuser -P -- /bin/cat /proc/self/mountinfo
expect_match "-P mounts proc nosuid,nodev,noexec" "$RJ_OUT" " /proc [^ ]*nosuid,nodev,noexec"
expect_eq "-P leaves nothing mounted on the host" "$(mountset)" "$mounts0"
# The host's /proc hides other users' processes: the jail's must too.
RJ_OUT=$(unshare -m --propagation private sh -c 'mount -t proc -o hidepid=invisible proc /proc &&
	"$0" -r "$1" -u rjuser -P -- /bin/cat /proc/self/mountinfo' "$RUNJAIL" "$J" 2>&1)
expect_match "-P keeps the host's hidepid= on the jail's /proc" "$RJ_OUT" " /proc .* - proc [^ ]+ [^ ]*hidepid=invisible"

# --- bind mounts -----------------------------------------------------------
mkdir -p "$WORK/hostdata" "$J/data" "$J/rodata"
echo secret-ok >"$WORK/hostdata/file"
chmod 755 "$WORK/hostdata"; chmod 644 "$WORK/hostdata/file"
run_rj -r "$J" -u root --bind "$WORK/hostdata:/data" --ro-bind "$WORK/hostdata:/rodata" \
	-- /probe try open:/data/file write:/data/new write:/rodata/new2
expect_match "--bind: host file visible" "$RJ_OUT" "open:/data/file=ok"
expect_match "--bind: read-write" "$RJ_OUT" "write:/data/new=ok"
expect_match "--ro-bind: read-only" "$RJ_OUT" "write:/rodata/new2=EROFS"
expect_eq "binds leave nothing mounted on the host" "$(mountset)" "$mounts0"
ln -s /etc "$J/badlink"
expect_fail "bind onto a symlink in the jail is refused" 125 "symbolic link" \
	-r "$J" --bind "$WORK/hostdata:/badlink" -- /probe
expect_fail "bind onto a missing mount point" 125 "no such file or directory in the jail" \
	-r "$J" --bind "$WORK/hostdata:/nowhere" -- /probe

# --- environment -----------------------------------------------------------
RJ_OUT=$(env -i ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} TERM=vt100 LD_PRELOAD=/lib/x86_64-linux-gnu/libc.so.6 LD_LIBRARY_PATH=/x GCONV_PATH=/x \
	KEEPME=yes DROPME=no "$RUNJAIL" -r "$J" -u rjuser -e FOO=bar=baz \
	--keep-env KEEPME --keep-env ABSENT -e HOME=/srv -- /probe)
envs=$(printf '%s\n' "$RJ_OUT" | sed -n 's/^env=//p' | sort | paste -sd' ')
expect_eq "clean environment: exactly the documented variables" "$envs" \
	"FOO=bar=baz HOME=/srv KEEPME=yes LOGNAME=rjuser PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SHELL=/bin/sh TERM=vt100 USER=rjuser"

# --- descriptors and signals -----------------------------------------------
RJ_OUT=$(exec 7</ 8>"$WORK/leak"; "$RUNJAIL" -r "$J" -u rjuser -- /probe 0<&-)
expect_eq "only fds 0-2: a leaked fd to / is not inherited, closed stdin reopened" \
	"$(probe_val fds)" "0,1,2"
RJ_OUT=$(perl -MPOSIX -e '$SIG{HUP}="IGNORE"; $SIG{PIPE}="IGNORE";
	sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGTERM, SIGUSR1)); exec @ARGV' \
	"$RUNJAIL" -r "$J" -u rjuser -- /probe)
expect_eq "ignored signals reset" "$(probe_val sigign)" ""
expect_eq "signal mask reset" "$(probe_val sigmask)" ""

# --- escapes ---------------------------------------------------------------
run_rj -r "$J" -u rjuser -- /probe try chroot-escape setuid0 setgroups0 mount ptrace:1 unshare-user
for a in chroot-escape setuid0 setgroups0 mount ptrace:1; do
	expect_match "escape attempt fails: $a" "$RJ_OUT" "^$a=EPERM"
done
cp "$PROBE" "$J/suidprobe"; chown root:root "$J/suidprobe"; chmod 4755 "$J/suidprobe"
run_rj -r "$J" -u rjuser -- /suidprobe
expect_eq "a set-uid-root binary in the jail does not give root" "$(probe_val uid)" "$RJU $RJU $RJU"
rm -f "$J/suidprobe"

# --- exit status and exec diagnostics --------------------------------------
run_rj -r "$J" -u rjuser -- /probe try exit:7
expect_eq "the command's exit status is passed on" "$RJ_RC" 7
run_rj -r "$J" -u rjuser -- echo via-path
expect_eq "a bare name is found in the jail's PATH" "$RJ_OUT" via-path
expect_fail "missing command: 127" 127 "nosuch: command not found" -r "$J" -u rjuser -- nosuch
expect_fail "missing absolute command: 127" 127 "/nosuch: command not found" -r "$J" -u rjuser -- /nosuch
printf 'not a program\n' >"$J/noexec"; chmod 644 "$J/noexec"
expect_fail "not executable: 126" 126 "/noexec: Permission denied" -r "$J" -u rjuser -- /noexec
printf '\177ELFgarbage' >"$J/badexec"; chmod 755 "$J/badexec"
expect_fail "bad executable format: 126" 126 "/badexec: Exec format error" -r "$J" -u rjuser -- /badexec
cp /bin/true "$J/dyntrue"
expect_fail "missing ELF interpreter is named" 127 \
	"/dyntrue: its interpreter /lib64/ld-linux-x86-64.so.2 is not in the jail" -r "$J" -u rjuser -- /dyntrue
printf '#!/bin/nosuch-sh\necho hi\n' >"$J/script"; chmod 755 "$J/script"
expect_fail "missing #! interpreter is named" 127 \
	"/script: its interpreter /bin/nosuch-sh is not in the jail" -r "$J" -u rjuser -- /script

# --- options end at the command or at -- ------------------------------------
run_rj -r "$J" -u rjuser /bin/echo -u root
expect_eq "options after the command are its arguments" "$RJ_OUT" "-u root"
run_rj -r "$J" -u rjuser -- /probe try print:-r
expect_eq "nothing after -- is an option" "$RJ_OUT" "$(printf -- '-r\nprint:-r=ok')"

# --- no -r: privilege drop only --------------------------------------------
run_rj -u rjuser -- "$PROBE"
expect_eq "without -r: root unchanged" "$(probe_val root)" "$(stat -c %d:%i /)"
expect_eq "without -r: uid dropped" "$(probe_val uid)" "$RJU $RJU $RJU"

# --- help, version ---------------------------------------------------------
run_rj --help
expect_match "--help prints usage" "$RJ_OUT" "^usage: runjail"
expect_eq "--help exits 0" "$RJ_RC" 0
run_rj -V
expect_match "-V prints the version" "$RJ_OUT" "^runjail [0-9]"

expect_eq "nothing left mounted on the host" "$(mountset)" "$mounts0"

# --- the fast path: numeric ids look nothing up ------------------------------
if command -v strace >/dev/null; then
	strace -f -e trace=openat,open -o "$WORK/nss.trace" "$RUNJAIL" -r "$J" -u 4242 -g 4243 -G '' \
		-- /probe try exit:0 >/dev/null 2>&1
	expect_eq "numeric -u -g -G: no NSS, passwd, group or locale file opened" \
		"$(grep -cE 'nsswitch|/etc/passwd|/etc/group|libnss|locale' "$WORK/nss.trace")" 0
	strace -f -e trace=openat,open -o "$WORK/nss2.trace" "$RUNJAIL" -r "$J" -u nobody -G '' \
		-- /probe try exit:0 >/dev/null 2>&1
	check "a name is looked up (the trace would see it)" grep -q /etc/passwd "$WORK/nss2.trace"
else
	skip "fast path without NSS" "strace not installed"
fi
