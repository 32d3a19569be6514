#!/bin/bash
# Mounts: --tmpfs, --ro-root, --dev and what it adds, --dev-bind, --syslog,
# --passwd and --overlay, seen from inside the jail, with controls; the
# host's mount table the same before and after, also after a failure
# half-way through the mounts and after a KILL of the service.
. "$(dirname "$0")/lib.sh"
need_root "mount tests"

J=$WORK/mjail
make_jail "$J"
mkdir -p "$J/data" "$J/rw" "$WORK/msrc"
chown 65534:65534 "$J/data"
mounts0=$(mountset)
A=(-r "$J" -u nobody -G '')
BB=/bin/busybox
[ -x "$J/bin/busybox" ] || BB=

# --- --tmpfs -------------------------------------------------------------------
run_rj "${A[@]}" --tmpfs /tmp:1M --tmpfs /data -- /probe try write:/tmp/t write:/data/d
expect_eq "tmpfs: writable, in the jail only" \
	"$RJ_RC $(probe_val write:/tmp/t) $(probe_val write:/data/d) $(find "$J/tmp" "$J/data" -mindepth 1 | grep -c .)" \
	"0 ok ok 0"
run_rj "${A[@]}" -- /probe try write:/data/d
expect_eq "control: without --tmpfs the write lands in the jail directory" \
	"$(probe_val write:/data/d) $(ls "$J/data")" "ok d"
rm -f "$J/data/d"
if [ -n "$BB" ]; then
	run_rj "${A[@]}" --tmpfs /tmp:1M --tmpfs /data -- /bin/busybox stat -c '%a %u' /tmp /data
	expect_eq "tmpfs: the directory's own mode and owner (1777 /tmp, the service's data)" \
		"$(printf '%s\n' "$RJ_OUT" | paste -sd' ' -)" "1777 0 755 65534"
	run_rj "${A[@]}" --tmpfs /tmp:1M -- /bin/sh -c \
		'/bin/busybox yes | /bin/busybox head -c 2000000 >/tmp/big; echo rc=$?'
	expect_match "tmpfs: SIZE is a limit (2 MB do not fit in 1M)" "$RJ_OUT$RJ_ERR" "No space left|rc=1"
else
	skip "tmpfs: mode, owner, size" "busybox not installed"
fi
ln -s /tmp "$J/lnk"
expect_fail "attack: a symlink planted at the tmpfs's place is not followed" 125 \
	"a symbolic link in the path" "${A[@]}" --tmpfs /lnk -- /probe
rm -f "$J/lnk"
expect_fail "tmpfs: on a file: refused" 125 "not a directory" "${A[@]}" --tmpfs /probe -- /probe
expect_fail "tmpfs: a bad size" 125 "expected an absolute DIR" "${A[@]}" --tmpfs /tmp:lots -- /probe
expect_fail "a failure half-way through the mounts" 125 "/nosuchdir: no such file" \
	"${A[@]}" -P --tmpfs /tmp --tmpfs /nosuchdir -- /probe
expect_eq "... leaves no mount behind" "$(mountset)" "$mounts0"

# --- --ro-root -------------------------------------------------------------------
run_rj -r "$J" -u 0 -G '' --ro-root --tmpfs /tmp --bind "$WORK/msrc:/rw" -- \
	/probe try write:/x write:/tmp/t write:/rw/b
expect_eq "ro-root: even root cannot write the jail; its tmpfs and rw binds stay writable" \
	"$(probe_val write:/x) $(probe_val write:/tmp/t) $(probe_val write:/rw/b)" "EROFS ok ok"
expect_eq "ro-root: the bind's write reached the host's source" "$(ls "$WORK/msrc")" "b"
run_rj -r "$J" -u 0 -G '' -- /probe try write:/x
expect_eq "control: without --ro-root root writes the jail" "$(probe_val write:/x)" "ok"
rm -f "$J/x"

run_rj --dry-run "${A[@]}" --ro-root --tmpfs /tmp:64K -- /probe
expect_eq "dry-run: the read-only root and the tmpfs, in order" \
	"$(printf '%s\n' "$RJ_OUT" | grep '^mount:' | paste -sd'|' -)" \
	"mount: $J read-only, nodev (and what is mounted below it)|mount: tmpfs on $J/tmp (nosuid, nodev, 65536 bytes)"
expect_eq "nothing left mounted" "$(mountset)" "$mounts0"

# --- --dev ------------------------------------------------------------------
mkdir -p "$J/dev"
mknod "$J/dev/planted" c 1 3 2>/dev/null
run_rj "${A[@]}" --dev -- /probe try open:/dev/null write:/dev/null open:/dev/urandom open:/dev/planted
expect_eq "dev: the host's null and urandom, and nothing of the jail directory's /dev" \
	"$RJ_RC $(probe_val open:/dev/null) $(probe_val write:/dev/null) $(probe_val open:/dev/urandom) $(probe_val open:/dev/planted)" \
	"0 ok ok ok ENOENT"
run_rj "${A[@]}" -- /probe try open:/dev/null open:/dev/planted
expect_eq "control: without --dev, no null, and the jail's own node is there" \
	"$(probe_val open:/dev/null) $(probe_val open:/dev/planted)" "ENOENT ok"
rm -f "$J/dev/planted"
if [ -n "$BB" ]; then
	run_rj "${A[@]}" --dev -- /bin/busybox ls /dev
	expect_eq "dev: exactly null, zero, full, random, urandom, tty and the fd links" \
		"$(printf '%s\n' "$RJ_OUT" | sort | paste -sd' ' -)" \
		"fd full null random stderr stdin stdout tty urandom zero"
	run_rj -r "$J" -u 0 -G '' --dev -- /bin/sh -c \
		'/bin/busybox mknod /dev/mine c 1 3 && echo x >/dev/mine; echo rc=$?'
	expect_match "dev: a node made in it does not work (nodev), even by root" \
		"$RJ_OUT$RJ_ERR" "rc=[12]|Operation not permitted|Permission denied"
else
	skip "dev: listing, nodev" "busybox not installed"
fi
expect_eq "nothing left mounted after --dev" "$(mountset)" "$mounts0"

# --- --dev-pts, --dev-shm, --dev-bind; every other mount nodev --------------------
mknod "$J/mynull" c 1 3
run_rj "${A[@]}" --dev-pts --dev-shm -- /probe try open:/dev/ptmx write:/dev/shm/s open:/mynull
expect_eq "dev-pts, dev-shm: a pty to open, a shared-memory tmpfs; the jail's own node no longer works" \
	"$RJ_RC $(probe_val open:/dev/ptmx) $(probe_val write:/dev/shm/s) $(probe_val open:/mynull)" "0 ok ok EACCES"
run_rj "${A[@]}" --dev -- /probe try open:/dev/ptmx write:/dev/shm/s
expect_eq "control: plain --dev has neither" \
	"$(probe_val open:/dev/ptmx) $(probe_val write:/dev/shm/s)" "ENOENT ENOENT"
run_rj "${A[@]}" -- /probe try open:/mynull
expect_eq "control: without --dev the jail's own node works" "$(probe_val open:/mynull)" "ok"
if [ -n "$BB" ]; then
	run_rj "${A[@]}" --dev-pts --dev-shm -- /bin/busybox stat -c '%n %a' /dev/pts /dev/shm
	expect_eq "dev-shm is 1777; dev-pts a new instance" \
		"$(printf '%s\n' "$RJ_OUT" | paste -sd' ' -)" "/dev/pts 755 /dev/shm 1777"
	run_rj "${A[@]}" --dev-pts -- /bin/busybox ls /dev/pts
	expect_eq "... none of the host's terminals in it: its only entry is ptmx" "$RJ_OUT" "ptmx"
fi
run_rj "${A[@]}" --dev --dev-bind /dev/zero:/dev/ttyS1 -- /probe try open:/dev/ttyS1 write:/dev/ttyS1
expect_eq "dev-bind: one more device, made in the /dev tmpfs" \
	"$RJ_RC $(probe_val open:/dev/ttyS1) $(probe_val write:/dev/ttyS1)" "0 ok ok"
touch "$J/ups"
run_rj "${A[@]}" --dev-bind /dev/zero:/ups -- /probe try open:/ups open:/mynull
expect_eq "dev-bind onto the jail's own file; the root is then nodev" \
	"$RJ_RC $(probe_val open:/ups) $(probe_val open:/mynull)" "0 ok EACCES"
rm -f "$J/ups"
expect_fail "dev-bind: a missing mount point outside runjail's tmpfs is named, not made" 125 \
	"$J/ttyS1: no such file or directory in the jail .*create the file" "${A[@]}" --dev-bind /dev/zero:/ttyS1 -- /probe
expect_fail "dev-bind: a file that is not a device is refused" 125 "dev-bind /etc/hostname: not a device" \
	"${A[@]}" --dev --dev-bind /etc/hostname:/dev/h -- /probe
mkdir -p "$WORK/nodes" "$J/rw"
mknod "$WORK/nodes/null" c 1 3
run_rj "${A[@]}" --bind "$WORK/nodes:/rw" -- /probe try open:/rw/null
expect_eq "attack: a device node reached through a --bind does not work (nodev)" "$(probe_val open:/rw/null)" "EACCES"
run_rj "${A[@]}" --dev-bind "$WORK/nodes/null:/mynull" -- /probe try open:/mynull
expect_eq "control: the same node through --dev-bind works" "$(probe_val open:/mynull)" "ok"
ln -s /etc "$J/lnk"
expect_fail "attack: a symlink planted at a dev-bind's place is not followed" 125 \
	"a symbolic link in the path" "${A[@]}" --dev-bind /dev/zero:/lnk/zero -- /probe
rm -f "$J/lnk" "$J/mynull"
expect_eq "nothing left mounted after the devices" "$(mountset)" "$mounts0"

# --- --passwd --------------------------------------------------------------------
rm -f "$J/etc/passwd" "$J/etc/group"
echo "nameserver 127.0.0.1" >"$J/etc/resolv.conf"
if [ -n "$BB" ]; then
	ng=$(id -gn nobody)
	run_rj -r "$J" -u nobody -G "$ng,root" --passwd -- /bin/sh -c \
		'id -un; id -u nobody; id root; cat /etc/passwd; cat /etc/group; ls /etc | paste -sd" " -'
	expect_eq "passwd: id -un and getpwnam of the target work in a jail with no passwd; no one else is named" \
		"$RJ_RC|$(printf '%s\n' "$RJ_OUT" | paste -sd'|' -)" \
		"0|nobody|65534|$(getent passwd nobody | awk -F: '{print $1 ":x:" $3 ":" $4 "::" $6 ":" $7}')|$ng:x:$(id -g nobody):|root:x:0:nobody|group passwd resolv.conf"
	expect_eq "... and the jail directory is unchanged" "$(ls "$J/etc" | paste -sd' ' -)" "resolv.conf"
	run_rj -r "$J" -u nobody -- /bin/sh -c 'id -un'
	expect_eq "control: without --passwd the jail knows no name" "$RJ_OUT" "65534"
	: >"$J/etc/passwd"; : >"$J/etc/group"
	run_rj -r "$J" -u 0 -G '' --passwd -- /bin/sh -c 'id -un; echo x >/etc/new && echo wrote'
	expect_eq "passwd: bound over the jail's own files, /etc stays writable" \
		"$(printf '%s\n' "$RJ_OUT" | paste -sd' ' -) $(wc -c <"$J/etc/passwd")" "root wrote 0"
	rm -f "$J/etc/new" "$J/etc/passwd" "$J/etc/group"
else
	skip "passwd" "busybox not installed"
fi
ln -s /../../../etc/shadow "$J/etc/passwd"; : >"$J/etc/group"
expect_fail "attack: a symlink planted at /etc/passwd is not followed" 125 "a symbolic link in the path" \
	-r "$J" -u nobody --passwd -- /probe
rm -f "$J/etc/passwd" "$J/etc/group"
expect_fail "passwd: a uid the host does not know" 125 "uid 4242 has no entry in the host's user database" \
	-r "$J" -u 4242 -g 4242 --passwd -- /probe
expect_eq "nothing left mounted after --passwd" "$(mountset)" "$mounts0"

# --- --syslog ----------------------------------------------------------------------
# A busybox syslogd on a /dev/log of a private mount namespace's own (a
# tmpfs over /dev there, the host's nodes bound in): the host's /dev is
# not touched, and runjail, started in that namespace, binds that socket.
if [ -n "$BB" ] && command -v unshare >/dev/null; then
	ln -sf busybox "$J/bin/logger"
	cat >"$WORK/syslog.sh" <<'END'
set -u
W=$1; shift
mkdir -p "$W/sdev" && mount -t tmpfs -o mode=755 none "$W/sdev" || exit 99
for n in null zero full random urandom tty; do
	touch "$W/sdev/$n" && mount --bind "/dev/$n" "$W/sdev/$n" || exit 99
done
mount --move "$W/sdev" /dev || exit 99
busybox syslogd -n -O "$W/syslog.out" & pid=$!
for _ in $(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done
"$@"; rc=$?
for _ in $(seq 30); do grep -q rjtest "$W/syslog.out" 2>/dev/null && break; sleep 0.1; done
kill "$pid"; wait "$pid" 2>/dev/null
exit $rc
END
	rm -f "$WORK/syslog.out"
	unshare -m --propagation private bash "$WORK/syslog.sh" "$WORK" "$RUNJAIL" "${A[@]}" --dev --syslog -- \
		/bin/logger -t rjtest hello-from-the-jail 2>"$WORK/.stderr"
	expect_match "syslog: a logger line from inside the jail reaches the host's syslogd" \
		"$(cat "$WORK/syslog.out" 2>/dev/null)" "rjtest.*hello-from-the-jail"
	rm -f "$WORK/syslog.out"
	unshare -m --propagation private bash "$WORK/syslog.sh" "$WORK" "$RUNJAIL" "${A[@]}" --dev -- \
		/bin/logger -t rjtest hello-from-the-jail 2>"$WORK/.stderr"
	expect_eq "control: without --syslog nothing arrives" "$(grep -c rjtest "$WORK/syslog.out" 2>/dev/null)" "0"
	rm -f "$J/bin/logger"
else
	skip "syslog" "busybox or unshare missing"
fi
[ -e /dev/log ] || expect_fail "syslog: a host without /dev/log is told" 125 "the host has no /dev/log" \
	"${A[@]}" --dev --syslog -- /probe

# --- --overlay ---------------------------------------------------------------------
# Over / itself, with a second file system (a tmpfs) mounted below it.
mkdir -p "$WORK/ovsub"
mount -t tmpfs -o mode=755 none "$WORK/ovsub"
echo base >"$WORK/ovsub/f"
run_rj -r / -u 0 -G '' --overlay -- "$PROBE" try write:/etc/rjtest-ovl write:"$WORK/ovsub/f" write:"$WORK/ovsub/new"
expect_eq "overlay over /: the service writes to / and to the file system below it" \
	"$RJ_RC $(probe_val write:/etc/rjtest-ovl) $(probe_val write:"$WORK/ovsub/f") $(probe_val write:"$WORK/ovsub/new")" "0 ok ok ok"
expect_eq "... and the host sees neither write" \
	"$([ -e /etc/rjtest-ovl ] && echo leaked) $(cat "$WORK/ovsub/f") $(ls "$WORK/ovsub" | paste -sd' ' -)" " base f"
run_rj -r / -u 0 -G '' -- "$PROBE" try write:/etc/rjtest-ovl
expect_eq "control: without --overlay the write reaches the host" \
	"$(probe_val write:/etc/rjtest-ovl) $(ls /etc/rjtest-ovl)" "ok /etc/rjtest-ovl"
rm -f /etc/rjtest-ovl
if [ -n "$BB" ]; then
	run_rj -r "$J" -u nobody --overlay -- /bin/busybox stat -c '%a %u' /tmp /
	expect_eq "overlay: the union's directories keep the lower's mode and owner" \
		"$(printf '%s\n' "$RJ_OUT" | paste -sd' ' -)" "1777 0 755 0"
fi
# --overlay-upper: the layer is kept, and hidden from the service.
mkdir -m 755 "$WORK/ovup"
run_rj -r "$J" -u 0 -G '' --overlay-upper "$WORK/ovup" -- /probe try write:/kept
run_rj -r "$J" -u 0 -G '' --overlay-upper "$WORK/ovup" -- /probe try open:/kept
expect_eq "overlay-upper: the write is there on the next run, not in the jail" \
	"$RJ_RC $(probe_val open:/kept) $([ -e "$J/kept" ] && echo leaked)" "0 ok "
run_rj -r "$J" -u 0 -G '' --overlay -- /probe try open:/kept
expect_eq "control: a fresh layer does not have it" "$(probe_val open:/kept)" "ENOENT"
run_rj -r / -u 0 -G '' --overlay-upper "$WORK/ovup" -- "$PROBE" try open:"$WORK/ovup/root/upper/kept" open:"$WORK/ovsub/f"
expect_eq "overlay-upper inside the lower: the layers are hidden from the service" \
	"$RJ_RC $(probe_val open:"$WORK/ovup/root/upper/kept") $(probe_val open:"$WORK/ovsub/f")" "0 EACCES ok"
chmod 777 "$WORK/ovup"
expect_fail "overlay-upper: a directory others could write is refused" 125 \
	"overlay-upper: .*writable by group or other: refused" -r "$J" -u 0 --overlay-upper "$WORK/ovup" -- /probe
chmod 755 "$WORK/ovup"
expect_fail "overlay: a lower directory inside the layers' is refused" 125 "is inside the layers' directory" \
	-r "$WORK/ovup/root" -u 0 --overlay-upper "$WORK/ovup" -- /probe
expect_fail "overlay and --ro-root: one" 125 "choose one" -r "$J" --overlay --ro-root -- /probe
expect_fail "overlay: a failure half-way" 125 "/nosuch: no such file" \
	-r "$J" -u 0 --overlay-upper "$WORK/ovup" --dev --passwd --tmpfs /tmp --bind /etc:/nosuch -- /probe
umount "$WORK/ovsub"
expect_eq "... leaves no mount behind" "$(mountset)" "$mounts0"

run_rj --dry-run -r "$J" -u nobody --overlay-upper "$WORK/ovup" --dev-shm --syslog \
	--dev-bind /dev/zero:/dev/z --passwd -- /probe
expect_eq "dry-run: the union, /dev, the log, the device and the passwd files, in order" \
	"$(printf '%s\n' "$RJ_OUT" | grep '^mount:' | sed 's/ (.*//; s/:.*bound from.*//' | paste -sd'|' -)" \
	"mount: a union on $J: a writable layer in $WORK/ovup over it, and over each mount below it but /proc, /sys, /dev|mount: tmpfs on $J/dev|mount: /dev/log on $J/dev/log|mount: device /dev/zero on $J/dev/z|mount: $J/etc/passwd and group: nobody and its 1 group(s) only, read-only"

# --- the union and the passwd files guard what they cover as it was guarded ------
mkdir -p "$J/host"
run_rj -r "$J" -u 0 -G '' --overlay --ro-bind /:/host -- /probe try open:/host/etc/passwd open:/host/s
expect_eq "attack: a bind of / under --overlay shows the host's root, not runjail's own layers" \
	"$RJ_RC $(probe_val open:/host/etc/passwd) $(probe_val open:/host/s)" "0 ok ENOENT"
run_rj -r "$J" -u 0 -G '' --ro-bind /:/host -- /probe try open:/host/etc/passwd
expect_eq "control: the same bind without --overlay" "$(probe_val open:/host/etc/passwd)" "ok"
mkdir -p "$WORK/ovup2" "$J/nx"
mount -t tmpfs -o mode=755,noexec none "$J/nx"
cp "$PROBE" "$J/nx/probe"
run_rj -r "$J" -u nobody -G '' --overlay -- /nx/probe try open:/
expect_eq "attack: a noexec mount below the lower stays noexec in its union" "$RJ_RC" "126"
umount "$J/nx"
cp "$PROBE" "$J/nx/probe"
run_rj -r "$J" -u nobody -G '' --overlay -- /nx/probe try open:/
expect_eq "control: without noexec it runs" "$RJ_RC" "0"
rm -rf "$J/nx"
if [ -n "$BB" ]; then
	run_rj -r "$J" -u 0 -G '' --overlay-upper "$WORK/ovup2" -- /bin/busybox stat -c %a /
	chmod 711 "$J"
	run_rj -r "$J" -u 0 -G '' --overlay-upper "$WORK/ovup2" -- /bin/busybox stat -c %a /
	expect_eq "attack: a kept layer follows a later chmod of the lower directory" "$RJ_OUT" "711"
	chmod 755 "$J"
fi
rm -f "$J/etc/passwd" "$J/etc/group"
mkdir -p "$J/etc/private"
echo KEY >"$J/etc/private/key"
expect_fail "attack: --passwd's union over /etc would hide a mount below it: refused" 125 \
	"has mounts below it" -r "$J" -u nobody --tmpfs /etc/private --passwd -- /probe try open:/etc/private/key
: >"$J/etc/passwd"; : >"$J/etc/group"
run_rj -r "$J" -u nobody --tmpfs /etc/private --passwd -- /probe try open:/etc/private/key
expect_eq "control: with the files there to bind over, the tmpfs hides the key" "$RJ_RC $(probe_val open:/etc/private/key)" "0 ENOENT"
rm -rf "$J/etc/private" "$J/etc/passwd" "$J/etc/group"
echo SECRET >"$J/etc/secret"
chmod 700 "$J/etc"
run_rj -r "$J" -u nobody -G '' --passwd -- /probe try open:/etc/secret open:/etc/passwd
expect_eq "attack: --passwd's union over a closed /etc keeps it closed to the service" \
	"$RJ_RC $(probe_val open:/etc/secret) $(probe_val open:/etc/passwd)" "0 EACCES EACCES"
chmod 755 "$J/etc"
run_rj -r "$J" -u nobody -G '' --passwd -- /probe try open:/etc/secret open:/etc/passwd
expect_eq "control: an open /etc is read through it" \
	"$RJ_RC $(probe_val open:/etc/secret) $(probe_val open:/etc/passwd)" "0 ok ok"
rm -f "$J/etc/secret"
expect_eq "nothing left mounted after the unions" "$(mountset)" "$mounts0"

# --- a KILL of the service leaves nothing either ------------------------------------
"$RUNJAIL" -r "$J" -u nobody --overlay --dev-pts --passwd --tmpfs /tmp -- /probe try sleep:30 &
rjpid=$!
for _ in $(seq 50); do
	tr '\0' ' ' <"/proc/$rjpid/cmdline" 2>/dev/null | grep -q 'try sleep' && break	# the service runs
	sleep 0.1
done
kill -KILL "$rjpid"; wait "$rjpid"; rc=$?
expect_eq "a KILLed service (it was running) leaves no mount behind" "$rc $(mountset)" "137 $mounts0"

# --- a caller other than root: what narrows is allowed ------------------------
setuid_setup mnt
if as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	sx "self-jail: --tmpfs and --ro-root (they only narrow)" 0 "" -r "$J" --ro-root --tmpfs /tmp -- \
		/probe try write:/tmp/s
	expect_eq "self-jail: the write went to the tmpfs" "$(probe_val write:/tmp/s):$(ls "$J/tmp")" "ok:"
	sx "control: a bind still is root's" 125 "only root may bind-mount" -r "$J" --tmpfs /tmp \
		--bind /etc:/mnt -- /probe
	mkdir -p "$J/dev"
	sx "self-jail: --dev-pts, --dev-shm and --passwd (the caller's own entry)" 0 "" -r "$J" \
		--dev-pts --dev-shm --passwd -- /probe try open:/dev/ptmx write:/dev/shm/s open:/etc/passwd
	expect_eq "... all there" "$(probe_val open:/dev/ptmx) $(probe_val write:/dev/shm/s) $(probe_val open:/etc/passwd)" "ok ok ok"
	sx "self-jail: --dev-bind is root's" 125 "dev-bind: only root may bind-mount" -r "$J" \
		--dev --dev-bind /dev/zero:/dev/z -- /probe
	sx "self-jail: --syslog is root's" 125 "syslog: only root may bind-mount" -r "$J" --dev --syslog -- /probe
	sx "self-jail: --overlay is root's or a profile's" 125 "overlay: only root, or a profile" -r "$J" --overlay -- /probe
	sx "self-jail: --overlay-upper too" 125 "overlay: only root, or a profile" -r "$J" --overlay-upper /tmp -- /probe
	# A jail's /etc closed to the caller, with no passwd of its own.
	mkdir -p "$J/etc"
	rm -f "$J/etc/passwd" "$J/etc/group"
	echo SECRET >"$J/etc/secret"
	chmod 644 "$J/etc/secret"
	chmod 700 "$J/etc"
	sx "attack: self-jail --passwd over a /etc closed to the caller: refused, nothing shown" 125 \
		"etc/passwd: Permission denied" -r "$J" --passwd -- /probe try open:/etc/secret
	chmod 755 "$J/etc"
	sx "control: an open /etc" 0 "" -r "$J" --passwd -- /probe try open:/etc/secret open:/etc/passwd
	expect_eq "... is read" "$(probe_val open:/etc/secret) $(probe_val open:/etc/passwd)" "ok ok"
	rm -f "$J/etc/secret"
	# A self-jail's mount points are looked up as the caller.
	mkdir -p "$J/closed/x"
	chown rjuser "$J/closed/x"
	chmod 700 "$J/closed"
	sx "attack: a self-jail's mount point the caller cannot reach" 125 "closed/x: Permission denied" \
		-r "$J" --tmpfs /closed/x -- /probe
	sx "... nor can it tell a missing one from it" 125 "closed/nosuch: Permission denied" \
		-r "$J" --tmpfs /closed/nosuch -- /probe
	chmod 755 "$J/closed"
	sx "control: once reachable, the tmpfs is mounted" 0 "" -r "$J" --tmpfs /closed/x -- /probe try write:/closed/x/f
	expect_eq "... and written to" "$(probe_val write:/closed/x/f) $(ls "$J/closed/x")" "ok "
	rm -rf "$J/closed"
else
	skip "self-jail mounts" "$S does not run set-user-ID here"
fi
[ -z "${created_pdir:-}" ] || rmdir "$PDIR"
expect_eq "nothing left mounted, after all" "$(mountset)" "$mounts0"

# --- many mounts: up to 1024, made in runjail's own tmpfs ---------------------
mkdir -p "$WORK/many" "$WORK/mjail/many"
echo hi >"$WORK/many/f"
args=()
for i in $(seq 1 1023); do args+=(--ro-bind "$WORK/many:/many/b$i"); done
run_rj "${A[@]}" --tmpfs /many "${args[@]}" -- /probe try open:/many/b1/f open:/many/b1023/f
expect_eq "1024 mounts (a tmpfs and 1023 binds whose mount points it holds)" \
	"$RJ_RC $(probe_val open:/many/b1/f) $(probe_val open:/many/b1023/f)" "0 ok ok"
expect_fail "... and not one more" 125 "more than 1024 mounts" "${A[@]}" --tmpfs /many "${args[@]}" \
	--ro-bind "$WORK/many:/many/x" -- /probe
expect_eq "nothing left mounted after them" "$(mountset)" "$mounts0"
