#!/bin/bash
# --landlock: what a chroot cannot say.  A service user that owns its
# binary cannot overwrite, truncate or rename it; writes go only where the
# user could write today (and --landlock-write); TCP ports as listed;
# no signal and no abstract unix socket outside the jail; the strict form
# refused on a kernel ABI that lacks a right (RUNJAIL_LANDLOCK_ABI, root's
# test hook, stands for an older kernel).  Each with its control.
. "$(dirname "$0")/lib.sh"
need_root "landlock tests"

ABI=$("$RUNJAIL" --dry-run -r / -u nobody --landlock -- /bin/true 2>/dev/null |
	sed -n 's/^landlock: ABI \([0-9]*\).*/\1/p')
if [ -z "$ABI" ] || [ "$ABI" -lt 1 ]; then
	skip "landlock" "this kernel has no Landlock"
	exit 0
fi

J=$WORK/ll
make_jail "$J"
mkdir -p "$J/data" "$J/opt/app" "$J/dev"
chown nobody "$J/data"
cp "$PROBE" "$J/bin/svc"
chown nobody "$J/bin/svc" 			# the service owns its binary
touch "$J/etc/owned"
chown nobody "$J/etc/owned"		# and a file in a directory of root's
A=(-r "$J" -u nobody -G '')

# --- files -------------------------------------------------------------------
run_rj "${A[@]}" --landlock -- /probe try write:/bin/svc trunc:/bin/svc write:/etc/owned write:/data/x write:/tmp/t
expect_eq "landlock: its own binary and a file it owns elsewhere are read-only; its directories writable" \
	"$RJ_RC $(probe_val write:/bin/svc) $(probe_val trunc:/bin/svc) $(probe_val write:/etc/owned) $(probe_val write:/data/x) $(probe_val write:/tmp/t)" \
	"0 EACCES EACCES EACCES ok ok"
run_rj "${A[@]}" -- /probe try write:/bin/svc trunc:/bin/svc write:/etc/owned
expect_eq "control: without --landlock the owner writes them" \
	"$(probe_val write:/bin/svc) $(probe_val trunc:/bin/svc) $(probe_val write:/etc/owned)" "ok ok ok"
cp "$PROBE" "$J/bin/svc"
run_rj "${A[@]}" --landlock-write /etc -- /probe try write:/etc/owned write:/etc/new
expect_eq "landlock-write: one more directory, as far as the file's own rights go" \
	"$(probe_val write:/etc/owned) $(probe_val write:/etc/new)" "ok EACCES"
rm -f "$J/data/x"
if command -v python3 >/dev/null; then
	# A directory of root's that an ACL opens to the user: its mode says
	# read-only, so Landlock keeps it so, rename included.
	cp "$PROBE" "$J/opt/app/svc"
	chown nobody "$J/opt/app/svc"
	python3 - "$J/opt/app" <<'EOF'
import os, struct, sys
e = lambda tag, perm, id=0xffffffff: struct.pack("<HHI", tag, perm, id)
acl = struct.pack("<I", 2) + e(1, 7) + e(2, 7, 65534) + e(4, 5) + e(0x10, 7) + e(0x20, 5)
os.setxattr(sys.argv[1], "system.posix_acl_access", acl)
EOF
	run_rj "${A[@]}" --landlock -- /probe try rename:/opt/app/svc,/opt/app/svc.old
	expect_eq "landlock: its binary in a directory an ACL opens: no rename" "$(probe_val rename:/opt/app/svc,/opt/app/svc.old)" "EACCES"
	run_rj "${A[@]}" -- /probe try rename:/opt/app/svc,/opt/app/svc.old
	expect_eq "control: without --landlock it renames it" "$(probe_val rename:/opt/app/svc,/opt/app/svc.old)" "ok"
else
	skip "landlock: rename" "python3 not installed (to set the ACL)"
fi

# --- ports ---------------------------------------------------------------------
if [ "$ABI" -ge 4 ]; then
	run_rj "${A[@]}" --landlock-bind 18080 --landlock-connect 18082 -- /probe try \
		bind:18080 bind:18081 connect:18082 connect:18083
	expect_eq "landlock: bind and connect only to the ports listed" \
		"$(probe_val bind:18080) $(probe_val bind:18081) $(probe_val connect:18082) $(probe_val connect:18083)" \
		"ok EACCES ECONNREFUSED EACCES"
	run_rj "${A[@]}" --landlock -- /probe try bind:18081 connect:18083
	expect_eq "control: --landlock with no port list leaves TCP alone" \
		"$(probe_val bind:18081) $(probe_val connect:18083)" "ok ECONNREFUSED"
else
	skip "landlock: ports" "Landlock ABI $ABI (4 needed)"
fi

# --- signals and abstract unix sockets ------------------------------------------
if [ "$ABI" -ge 6 ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups sleep 30 &
	spid=$!
	perl -MSocket -e 'socket(S, AF_UNIX, SOCK_STREAM, 0) or die; bind(S, pack_sockaddr_un("\0rjtest-ll-abs")) or die;
		listen(S, 5); sleep 30' &
	lpid=$!
	sleep 0.3
	run_rj "${A[@]}" --landlock -- /probe try "kill:$spid" abstract:rjtest-ll-abs
	expect_eq "attack: a same-uid process outside and a host abstract socket, under --landlock (no seccomp, no pid-ns)" \
		"$(probe_val "kill:$spid") $(probe_val abstract:rjtest-ll-abs)" "EPERM EPERM"
	RJ_OUT=$(RUNJAIL_LANDLOCK_ABI=5 "$RUNJAIL" "${A[@]}" -- /probe try "kill:$spid" abstract:rjtest-ll-abs 2>/dev/null)
	expect_eq "control: without --landlock (and, on ABI 5, without the default domain's signal scope) both reach" \
		"$(probe_val "kill:$spid") $(probe_val abstract:rjtest-ll-abs)" "ok ok"
	kill "$spid" "$lpid" 2>/dev/null; wait "$spid" "$lpid" 2>/dev/null
else
	skip "landlock: signals, abstract sockets" "Landlock ABI $ABI (6 needed)"
fi

# --- the kernel's ABI ------------------------------------------------------------
RJ_ERR=$(RUNJAIL_LANDLOCK_ABI=3 "$RUNJAIL" "${A[@]}" --landlock-strict -- /probe 2>&1); RJ_RC=$?
expect_eq "landlock-strict: refused on an ABI that lacks a right, saying which" "$RJ_RC $RJ_ERR" \
	"125 runjail: landlock-strict: this kernel's Landlock ABI is 3, and 6 (Linux 6.12) is needed: signals and abstract unix sockets outside not closed"
RJ_OUT=$(RUNJAIL_LANDLOCK_ABI=3 "$RUNJAIL" --dry-run "${A[@]}" --landlock -- /probe 2>&1 | grep '^landlock:')
expect_eq "landlock without strict on that ABI: what is dropped is said" "$RJ_OUT" \
	"landlock: ABI 3; dropped: signals and abstract unix sockets outside not closed"
if [ "$ABI" -ge 6 ]; then
	run_rj "${A[@]}" --landlock-strict -- /probe try write:/data/y
	expect_eq "control: landlock-strict on this kernel runs" "$RJ_RC $(probe_val write:/data/y)" "0 ok"
fi
run_rj --check "${A[@]}" --landlock -- /probe
expect_match "--check says the ABI in force" "$RJ_OUT" "^info: landlock: ABI [0-9]"
expect_fail "landlock needs a jail" 125 "landlock needs a jail root" -u nobody --landlock -- /bin/true
expect_fail "landlock-bind: a bad port" 125 "landlock-bind 0: expected PORT" "${A[@]}" --landlock-bind 0 -- /probe

# --- what the attack run found --------------------------------------------------
# A directory the user owns is writable under --landlock whatever its mode
# (it may chmod it), and --check says so of a program in it.
mkdir -p "$J/opt/own"
cp "$PROBE" "$J/opt/own/svc"
chown nobody "$J/opt/own"
chmod 555 "$J/opt/own"
run_rj --check "${A[@]}" --landlock -- /probe
expect_match "--check: a program in a directory the user owns (mode 555) could be replaced" "$RJ_OUT" \
	"warning: /opt/own/svc: its directory is writable by nobody"
rm -rf "$J/opt/own"
ln -s / "$J/data/cache"
expect_fail "attack: a symlink planted at a --landlock-write directory is not followed" 125 \
	"landlock: /data/cache: Too many levels of symbolic links" "${A[@]}" --landlock-write /data/cache -- /probe
rm -f "$J/data/cache"
if [ "$ABI" -ge 4 ]; then
	run_rj "${A[@]}" --landlock-bind 18080 -- /probe try mptcp-bind:18081
	expect_eq "attack: an MPTCP socket around --landlock-bind: refused" "$(probe_val mptcp-bind:18081)" "EACCES"
	run_rj "${A[@]}" -- /probe try mptcp-bind:18081
	expect_match "control: without it, MPTCP binds (or the kernel has none)" "$(probe_val mptcp-bind:18081)" "^(ok|EPROTONOSUPPORT|EINVAL|ENOPROTOOPT)$"
fi
run_rj "${A[@]}" --pid-ns --notify --landlock -- /probe try notify:READY=1
expect_eq "--notify under --landlock: the service reaches init's socket" "$RJ_RC $(probe_val notify:READY=1) $RJ_ERR" "0 ok "
# Files and devices bound outside /dev, /proc with -P, a standard error of
# the host's opened again.
echo x >"$WORK/llfile"; chown nobody "$WORK/llfile"
touch "$J/etc/boundfile" "$J/etc/nul"
: >"$WORK/llerr"; chown nobody "$WORK/llerr"
RJ_OUT=$("$RUNJAIL" "${A[@]}" -P --dev --landlock --bind "$WORK/llfile:/etc/boundfile" \
	--dev-bind /dev/null:/etc/nul -- /probe try write:/etc/boundfile write:/etc/nul \
	write:/proc/self/comm write:/dev/stderr 2>>"$WORK/llerr"); RJ_RC=$?
expect_eq "landlock: a bound file, a device bound outside /dev, /proc's own files, /dev/stderr (a file of the user's): writable" \
	"$RJ_RC $(probe_val write:/etc/boundfile) $(probe_val write:/etc/nul) $(probe_val write:/proc/self/comm) $(probe_val write:/dev/stderr)" \
	"0 ok ok ok ok"
rm -f "$J/etc/boundfile" "$J/etc/nul"
RJ_ERR=$(RUNJAIL_LANDLOCK_ABI=0 "$RUNJAIL" --dry-run "${A[@]}" --landlock -- /probe 2>&1); RJ_RC=$?
expect_eq "--landlock on a kernel without Landlock: refused at the plan, --dry-run too" "$RJ_RC $RJ_ERR" \
	"125 runjail: landlock: this kernel has no Landlock"
setuid_setup ll
if as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	mkdir -p "$J/closed/x"; chmod 700 "$J/closed"
	sx "attack: self-jail --landlock-write looks as the caller: a closed directory" 125 \
		"landlock: /closed/x: Permission denied" -r "$J" --landlock-write /closed/x -- /probe
	sx "... and a missing one there looks the same" 125 \
		"landlock: /closed/nosuch: Permission denied" -r "$J" --landlock-write /closed/nosuch -- /probe
	rm -rf "$J/closed"
else
	skip "landlock: set-uid" "$S does not run set-user-ID here"
fi
[ -z "${created_pdir:-}" ] || rmdir "$PDIR"

# --- the final review's findings -------------------------------------------------
if [ "$ABI" -ge 4 ]; then
	run_rj "${A[@]}" --landlock-connect 18082 -- /probe try fastopen:18083
	expect_eq "attack: a TCP Fast Open send around --landlock-connect: refused" "$(probe_val fastopen:18083)" "EACCES"
	run_rj "${A[@]}" -- /probe try fastopen:18083
	expect_match "control: without it, the send connects (refused by no listener)" "$(probe_val fastopen:18083)" "^(ECONNREFUSED|ok|EPIPE|EINPROGRESS)$"
fi
RJ_OUT=$("$RUNJAIL" "${A[@]}" -P --landlock -- /probe try write:/etc/owned <"$WORK/ll/etc/owned" 2>/dev/null)
expect_eq "attack: a file handed in on standard input for reading stays read-only" "$(probe_val write:/etc/owned)" "EACCES"
RJ_OUT=$("$RUNJAIL" "${A[@]}" -P -- /probe try write:/etc/owned <"$WORK/ll/etc/owned" 2>/dev/null)
expect_eq "control: without --landlock the owner writes it" "$(probe_val write:/etc/owned)" "ok"
