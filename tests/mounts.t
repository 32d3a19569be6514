#!/bin/bash
# Mounts: --tmpfs and --ro-root, seen from inside the jail, with controls;
# the host's mount table the same before and after, also after a failure
# half-way through the mounts.
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
	"mount: $J read-only (and what is mounted below it)|mount: tmpfs on $J/tmp (nosuid, nodev, 65536 bytes)"
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

# --- a caller other than root: what narrows is allowed ------------------------
setuid_setup mnt
if as_user "$S" -r "$J" -- /probe >/dev/null 2>&1; then
	sx "self-jail: --tmpfs and --ro-root (they only narrow)" 0 "" -r "$J" --ro-root --tmpfs /tmp -- \
		/probe try write:/tmp/s
	expect_eq "self-jail: the write went to the tmpfs" "$(probe_val write:/tmp/s):$(ls "$J/tmp")" "ok:"
	sx "control: a bind still is root's" 125 "only root may bind-mount" -r "$J" --tmpfs /tmp \
		--bind /etc:/mnt -- /probe
else
	skip "self-jail mounts" "$S does not run set-user-ID here"
fi
[ -z "${created_pdir:-}" ] || rmdir "$PDIR"
expect_eq "nothing left mounted, after all" "$(mountset)" "$mounts0"
