#!/bin/bash
# tests/mkjail.t: contrib/mkjail builds working jails, updates them, and
# never writes outside them.
. "$(dirname "$0")/lib.sh"
need_root

BASE=$(mktemp -d "$WORK/mkjail.XXXXXX")
chmod 0755 "$BASE"
# The manifests of these jails in a cache of the test's own, not the
# host's /var/cache/mkjail (one case uses that, and cleans up).
CACHE=$BASE/cache
MKJAIL=$BASE/mkjail
printf '#!/bin/sh\nexec "%s" --cache "%s" "$@"\n' "$SRCDIR/contrib/mkjail" "$CACHE" >"$MKJAIL"
chmod 755 "$MKJAIL"
# mkjail refuses a jail below a directory not root's or writable by others:
# tests/run puts WORK under /run; a WORK under /tmp would not do.
for d in $(p=$BASE; while [ "$p" != / ]; do p=$(dirname "$p"); echo "$p"; done); do
	if [ "$(stat -c %u "$d")" != 0 ] || (($(stat -c 0%a "$d") & 022)); then
		skip "all cases" "$d: not root's or writable by others; run through tests/run"; exit 0
	fi
done
LIBC=$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)
LOADER=$(readlink -f /lib64/ld-linux-x86-64.so.2)

# mk JAIL ARGS...: run mkjail, set OUT (stdout+stderr) and RC.
mk() { OUT=$("$MKJAIL" "$@" 2>&1); RC=$?; }
# in_jail JAIL CMD...: run CMD chrooted into JAIL, print its output.
in_jail() { chroot "$@" 2>&1; }
# in_jail_proc JAIL CMD...: the same with /proc mounted (ld.so finds $ORIGIN there).
in_jail_proc() {
	mount -t proc proc "$1/proc" || return
	chroot "$@" 2>&1
	umount "$1/proc"
}
# real_file JAIL PATH: PATH is a regular file in the jail, not a link.
real_file() { [ -f "$1$2" ] && [ ! -L "$1$2" ]; }

# --- 1. dash and static busybox ---------------------------------------------
J=$BASE/dash
mk "$J" /bin/sh
expect_eq "dash: exit status" "$RC" 0
check "dash: /usr/bin/dash copied" real_file "$J" /usr/bin/dash
expect_eq "dash: /bin is a link like on the host" "$(readlink "$J/bin")" "$(readlink /bin)"
check "dash: loader copied ($LOADER)" real_file "$J" "$LOADER"
check "dash: libc copied" cmp -s "$LIBC" "$J$LIBC"
expect_eq "dash: loader path resolves in the jail" \
	"$(in_jail "$J" /bin/sh -c 'test -f /lib64/ld-linux-x86-64.so.2 && echo yes')" yes
expect_eq "dash: runs in the jail" "$(in_jail "$J" /bin/sh -c 'echo hi')" hi
expect_eq "dash: dev nodes" "$(cd "$J/dev" && stat -c '%n %F %t:%T %a %u:%g' -- *)" \
"null character special file 1:3 666 0:0
random character special file 1:8 666 0:0
urandom character special file 1:9 666 0:0
zero character special file 1:5 666 0:0"
expect_eq "dash: tmp is 1777" "$(stat -c %a "$J/tmp")" 1777
expect_eq "dash: no set-uid/set-gid file" "$(find "$J" -perm /6000)" ""
expect_eq "dash: no hard-linked file" "$(find "$J" -type f -links +1)" ""
expect_eq "dash: all root-owned" "$(find "$J" ! -user root -o ! -group root)" ""
expect_eq "dash: nothing writable but tmp" "$(find "$J" ! -type l ! -type c -perm /022 ! -path "$J/tmp")" ""
check "dash: libc is not the host's inode" \
	test "$(stat -c %d:%i "$LIBC")" != "$(stat -c %d:%i "$J$LIBC")"
if [ -x "$RUNJAIL" ]; then
	expect_eq "dash: runs under runjail as nobody" \
		"$("$RUNJAIL" -r "$J" -u nobody -- /bin/sh -c 'echo ok' 2>&1)" ok
else
	skip "dash: runs under runjail as nobody" "no $RUNJAIL yet"
fi

J=$BASE/busybox
mk "$J" /bin/busybox
expect_eq "busybox: exit status" "$RC" 0
check "busybox: copied" real_file "$J" /usr/bin/busybox
expect_eq "busybox: no library, no loader" "$(find "$J" -name '*.so*')" ""
expect_eq "busybox: runs in the jail" "$(in_jail "$J" /bin/busybox sh -c 'echo hi')" hi

# --- 2. nested libraries ------------------------------------------------------
J=$BASE/openssl
mk "$J" openssl
expect_eq "openssl: exit status" "$RC" 0
expect_match "openssl: runs in the jail" "$(in_jail "$J" /usr/bin/openssl version)" '^OpenSSL 3'
if [ -e /usr/include/openssl/ssl.h ] && command -v gcc >/dev/null; then
	mkdir -p "$BASE/src"
	printf '#include <openssl/ssl.h>\n#include <stdio.h>\nint main(void){ printf("%%d\\n", SSL_library_init() > 0); return 0; }\n' >"$BASE/src/s.c"
	gcc -Wl,--as-needed -o "$BASE/src/sslonly" "$BASE/src/s.c" -lssl
	if readelf -dW "$BASE/src/sslonly" | grep -q 'libcrypto'; then
		skip "nested: libcrypto through libssl only" "test program links libcrypto directly"
	else
		J=$BASE/nested
		mk "$J" "$BASE/src/sslonly"
		expect_eq "nested: exit status" "$RC" 0
		expect_match "nested: libcrypto.so.3 in the jail" "$OUT" "added .*/libcrypto\.so\.3$"
		expect_eq "nested: runs in the jail" "$(in_jail "$J" "$BASE/src/sslonly")" 1
	fi
else
	skip "nested: libcrypto through libssl only" "no gcc or libssl-dev"
fi

# A private library found through DT_RUNPATH $ORIGIN, then patched on the "host".
if command -v gcc >/dev/null; then
	H=$BASE/host; mkdir -p "$H/lib" "$H/bin"
	echo 'const char *greet(void) { return "v1"; }' >"$H/g.c"
	printf '#include <stdio.h>\nconst char *greet(void);\nint main(void){ puts(greet()); return 0; }\n' >"$H/m.c"
	gcc -shared -fPIC -Wl,-soname,libgreet.so.1 -o "$H/lib/libgreet.so.1.0" "$H/g.c"
	ln -s libgreet.so.1.0 "$H/lib/libgreet.so.1"
	gcc -o "$H/bin/greet" "$H/m.c" -L"$H/lib" -l:libgreet.so.1 -Wl,-rpath,'$ORIGIN/../lib'
	J=$BASE/greet
	mk "$J" "$H/bin/greet"
	expect_eq "rpath: runs in the jail" "$(in_jail_proc "$J" "$H/bin/greet")" v1
	expect_eq "rpath: soname link mirrored" "$(readlink "$J$H/lib/libgreet.so.1")" libgreet.so.1.0
	sed -i 's/v1/v2/' "$H/g.c"
	gcc -shared -fPIC -Wl,-soname,libgreet.so.1 -o "$H/lib/libgreet.so.1.0" "$H/g.c"
	mk "$J" "$H/bin/greet"
	expect_eq "rpath: host patch reported" "$OUT" "updated $H/lib/libgreet.so.1.0"
	expect_eq "rpath: patched copy runs" "$(in_jail_proc "$J" "$H/bin/greet")" v2
	# The program unchanged (its copy is not read again), but what its
	# library resolves to changed: a host link repointed, a library new
	# earlier in the search path.  A refresh finds them (mkjail looks the
	# host's links and libraries up in batches, the jail's files too).
	echo 'const char *greet(void) { return "v3"; }' >"$H/g.c"
	gcc -shared -fPIC -Wl,-soname,libgreet.so.1 -o "$H/lib/libgreet.so.1.1" "$H/g.c"
	ln -sfn libgreet.so.1.1 "$H/lib/libgreet.so.1"
	mk "$J" "$H/bin/greet"
	expect_eq "rpath: a host link repointed: followed anew" "$OUT|$RC|$(in_jail_proc "$J" "$H/bin/greet")" \
		"updated $H/lib/libgreet.so.1 -> libgreet.so.1.1
added $H/lib/libgreet.so.1.1|0|v3"
	gcc -o "$H/bin/greet2" "$H/m.c" -L"$H/lib" -l:libgreet.so.1 -Wl,-rpath,'$ORIGIN/../new:$ORIGIN/../lib'
	J=$BASE/greet2
	mk "$J" "$H/bin/greet2"
	mkdir "$H/new"
	echo 'const char *greet(void) { return "new"; }' >"$H/g.c"
	gcc -shared -fPIC -Wl,-soname,libgreet.so.1 -o "$H/new/libgreet.so.1" "$H/g.c"
	mk "$J" "$H/bin/greet2"
	expect_eq "rpath: a library new earlier in the search path: brought in, the program unchanged" \
		"$OUT|$RC|$(in_jail_proc "$J" "$H/bin/greet2")" "added $H/new/
added $H/new/libgreet.so.1|0|new"
else
	skip "rpath: private library" "no gcc"
fi

# --- 3. a #! script -------------------------------------------------------------
printf '#!/bin/sh\necho hello from $0\n' >"$BASE/hello.sh"
chmod 755 "$BASE/hello.sh"
J=$BASE/script
mk "$J" "$BASE/hello.sh"
expect_eq "script: exit status" "$RC" 0
check "script: interpreter copied" real_file "$J" /usr/bin/dash
check "script: libc copied" real_file "$J" "$LIBC"
expect_eq "script: runs in the jail" "$(in_jail "$J" "$BASE/hello.sh")" "hello from $BASE/hello.sh"

# --- 4. update -------------------------------------------------------------------
J=$BASE/dash
printf x >>"$J$LIBC"
mk "$J" /bin/sh
expect_eq "update: changed library reported" "$OUT" "updated $LIBC"
check "update: copy equals the host's again" cmp -s "$LIBC" "$J$LIBC"
mk "$J" /bin/sh
expect_eq "update: second run is silent" "$OUT/$RC" "/0"
chmod 4755 "$J/usr/bin/dash"
ln -sfn /nowhere "$J/usr/bin/sh"
mk "$J" /bin/sh
expect_eq "update: mode and link repaired" "$OUT" "updated /usr/bin/sh -> dash
updated /usr/bin/dash"
expect_eq "update: mode is the host's again" "$(stat -c %a "$J/usr/bin/dash")" "$(stat -c %a /usr/bin/dash)"
mk -v --no-cache "$J" /bin/sh
expect_match "update: -v lists unchanged files" "$OUT" "unchanged $LIBC"
# A copy keeps its original's time; a refresh reads neither when size and
# time agree.  A host file changed to the same size (a new time) is
# compared, and copied again.
J=$BASE/script
printf '#!/bin/sh\necho HELLO FROM $0\n' >"$BASE/hello.sh.new"
chmod 755 "$BASE/hello.sh.new"; touch -d '2001-01-01' "$BASE/hello.sh.new"
mv "$BASE/hello.sh.new" "$BASE/hello.sh"
expect_eq "update: same size, new content and time: the copy is refreshed" \
	"$(mk "$J" "$BASE/hello.sh"; echo "$OUT|$RC")|$(cmp -s "$BASE/hello.sh" "$J$BASE/hello.sh" && echo same)" \
	"updated $BASE/hello.sh|0|same"
expect_eq "update: the copy has its original's time" \
	"$(stat -c %Y "$BASE/hello.sh")" "$(stat -c %Y "$J$BASE/hello.sh")"
# A package upgrade with a reproducible build keeps size and time: the
# host file's change time, after the copy's, still has it compared.
sleep 1.1
printf '#!/bin/sh\necho hellO FROM $0\n' >"$BASE/hello.sh.new"
chmod 755 "$BASE/hello.sh.new"; touch -r "$BASE/hello.sh" "$BASE/hello.sh.new"
mv "$BASE/hello.sh.new" "$BASE/hello.sh"
mk "$J" "$BASE/hello.sh"
expect_eq "update: same size and time, changed after the copy was made: refreshed" \
	"$OUT|$RC|$(cmp -s "$BASE/hello.sh" "$J$BASE/hello.sh" && echo same)" "updated $BASE/hello.sh|0|same"
# A copy changed in the jail with its time put back (a service running as
# root there could): a refresh trusts size and times; --verify compares.
printf '#!/bin/sh\necho HELLO from $0\n' >"$J$BASE/hello.sh.x"
touch -r "$J$BASE/hello.sh" "$J$BASE/hello.sh.x"; chmod 755 "$J$BASE/hello.sh.x"
mv "$J$BASE/hello.sh.x" "$J$BASE/hello.sh"
mk --no-cache "$J" "$BASE/hello.sh"
expect_eq "control: a copy altered in the jail, its size and time kept: a plain refresh without the manifest trusts it" "$OUT|$RC" "|0"
mk --no-cache --verify "$J" "$BASE/hello.sh"
expect_eq "update: --verify compares every copy, and repairs it" \
	"$OUT|$RC|$(cmp -s "$BASE/hello.sh" "$J$BASE/hello.sh" && echo same)" "updated $BASE/hello.sh|0|same"

# A tree with a name holding a newline: find's output would read it as two
# names, the second any host path.
T=$BASE/nltree
mkdir -p "$T/x
$BASE/hostonly" "$BASE/hostonly"
echo decoy >"$T/x
$BASE/hostonly/secret"
echo host-secret >"$BASE/hostonly/secret"; chmod 600 "$BASE/hostonly/secret"
mk "$BASE/nl" "$T"
expect_eq "attack: a name with a newline in a tree: named, left out, no host file copied" \
	"$RC|$(printf '%s\n' "$OUT" | grep -c 'holds a name with a newline')|$([ -e "$BASE/nl$BASE/hostonly/secret" ] && echo copied)" \
	"1|1|"
# An ELF string with a newline (a soname, so a DT_NEEDED) must not be read
# as readelf's own "File:" line for the next file of the batch.
if command -v gcc >/dev/null; then
	printf 'int q(void){return 0;}\n' >"$BASE/q.c"
	printf 'int q(void); int main(void){return q();}\n' >"$BASE/m.c"
	gcc -shared -fPIC -o "$BASE/libq.so" -Wl,-soname,"$(printf 'libq.so\nFile: /bin/true\n  0x0000000000000001 (NEEDED)             Shared library: [%s/hostonly/secret' "$BASE")" "$BASE/q.c" &&
	gcc -o "$BASE/crafted" "$BASE/m.c" -L"$BASE" -lq -Wl,-rpath,"$BASE"
	mk "$BASE/elfnl" "$BASE/crafted" /bin/true
	expect_eq "attack: a DT_NEEDED with a newline and a File: line: mkjail stops, no host file copied" \
		"$RC|$(printf '%s\n' "$OUT" | grep -c 'File: line out of order')|$([ -e "$BASE/elfnl$BASE/hostonly/secret" ] && echo copied)" \
		"1|1|"
else
	skip "attack: a DT_NEEDED with a newline" "no gcc"
fi

# --- 5. dry run --------------------------------------------------------------------
mk -n "$BASE/fresh" /bin/sh
expect_eq "dry-run: exit status" "$RC" 0
expect_match "dry-run: plans to add" "$OUT" "would add /usr/bin/dash"
expect_match "dry-run: plans to mknod" "$OUT" "would mknod /dev/null"
check "dry-run: nothing created" test ! -e "$BASE/fresh"
printf x >>"$J$LIBC"
mk --dry-run "$J" /bin/sh
expect_eq "dry-run: plans the update only" "$OUT" "would update $LIBC"
check "dry-run: stale copy left alone" test "$(stat -c %s "$J$LIBC")" -gt "$(stat -c %s "$LIBC")"
"$MKJAIL" "$J" /bin/sh >/dev/null
OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$MKJAIL" -n "$BASE/fresh" /bin/sh 2>&1)
expect_match "dry-run: works unprivileged" "$OUT" "would add /usr/bin/dash"
OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$MKJAIL" "$BASE/fresh" /bin/sh 2>&1); RC=$?
expect_eq "not root: refused" "$RC/$OUT" "1/mkjail: must be run as root (to chown and mknod); try --dry-run"

# --- 6. planted symlinks ------------------------------------------------------------
OUTSIDE=$BASE/outside; mkdir -p "$OUTSIDE"
J=$BASE/planted
"$MKJAIL" "$J" /bin/sh >/dev/null
rm -rf "${J:?}/usr/bin"; ln -s "$OUTSIDE" "$J/usr/bin"
mk "$J" /bin/sh
expect_match "planted dir link: refused" "$RC $OUT" "^1 mkjail: .*/usr/bin: unexpected symlink"
expect_eq "planted dir link: outside untouched" "$(ls -A "$OUTSIDE")" ""
rm "$J/usr/bin"; "$MKJAIL" "$J" /bin/sh >/dev/null
rm "$J/usr/bin/dash"; ln -s "$OUTSIDE/dash" "$J/usr/bin/dash"
mk "$J" /bin/sh
expect_match "planted file link: refused" "$RC $OUT" "^1 mkjail: .*/usr/bin/dash: unexpected symlink"
expect_eq "planted file link: outside untouched" "$(ls -A "$OUTSIDE")" ""
rm "$J/usr/bin/dash"; "$MKJAIL" "$J" /bin/sh >/dev/null
ln -sfn "$OUTSIDE" "$J/lib"     # a mirrored link, re-aimed: put back, never followed
mk "$J" /bin/sh
expect_eq "re-aimed mirrored link: restored" "$RC $OUT" "0 updated /lib -> usr/lib"
expect_eq "re-aimed mirrored link: outside untouched" "$(ls -A "$OUTSIDE")" ""
chown nobody "$J/usr/lib"
mk "$J" /bin/sh
expect_match "service-owned dir: refused" "$RC $OUT" "^1 mkjail: .*/usr/lib: not owned by root"
chown root "$J/usr/lib"

# --- 7. set-uid source ------------------------------------------------------------
mkdir -p "$BASE/suid"; cp /usr/bin/true "$BASE/suid/true"; chmod 6755 "$BASE/suid/true"
J=$BASE/suidjail
mk "$J" "$BASE/suid/true"
expect_eq "set-uid: exit status" "$RC" 0
expect_eq "set-uid: bits stripped" "$(stat -c %a "$J$BASE/suid/true")" 755
expect_match "set-uid: reported" "$OUT" "set-uid/set-gid bits stripped"

# --- 8. options and usage errors --------------------------------------------------
mk; expect_eq "usage: no args exits 2" "$RC" 2
mk "$BASE/x"; expect_eq "usage: no program exits 2" "$RC" 2
mk --bogus "$BASE/x" /bin/sh; expect_eq "usage: unknown option exits 2" "$RC" 2
mk --writable data "$BASE/x" /bin/sh; expect_eq "usage: --writable without --user exits 2" "$RC" 2
mk --dev sda "$BASE/x" /bin/sh
expect_eq "unknown --dev: refused" "$RC/${OUT%%:*}" "1/mkjail"
mk "$BASE/x" /no/such/program
expect_match "missing program: refused" "$RC $OUT" "^1 mkjail: /no/such/program"
check "errors: nothing created" test ! -e "$BASE/x"

J=$BASE/full
mk --etc --dev tty --dev full --passwd nobody --user nobody --writable var/lib/svc "$J" /bin/sh
expect_eq "options: exit status" "$RC" 0
expect_eq "options: dev nodes" "$(cd "$J/dev" && stat -c '%n %t:%T %a' -- *)" \
"full 1:7 666
null 1:3 666
random 1:8 666
tty 5:0 666
urandom 1:9 666
zero 1:5 666"
check "options: resolv.conf copied" cmp -s /etc/resolv.conf "$J$(readlink -f /etc/resolv.conf)"
expect_eq "options: passwd has just nobody, no hash" "$(cat "$J/etc/passwd")" \
	"$(getent passwd nobody | awk -F: -v OFS=: '{ $2 = "x"; print }')"
expect_eq "options: group has nobody's group" "$(cut -d: -f1-3 "$J/etc/group")" "$(getent group "$(id -g nobody)" | cut -d: -f1,3 | sed 's/:/:x:/')"
expect_eq "options: writable dir" "$(stat -c '%U %a' "$J/var/lib/svc")" "nobody 750"
mk --passwd nobody --user nobody --writable var/lib/svc "$J" /bin/sh
expect_eq "options: second run is silent" "$RC $OUT" "0 "

# --- 9. the jail's path: root's all the way up ------------------------------------
# The jail and every directory above it must be root's and writable by root
# alone (sticky or not): else their owner could swap the jail for a link
# while mkjail runs, and have root chmod/chown/write what the link names.
# tree DIR: what is in DIR, with modes and owners, to show nothing changed.
tree() { find "$1" -printf '%P %y %m %u:%g %s\n' | sort; }
as_user() { setpriv --reuid=rjuser --regid=rjuser --clear-groups "$@"; }
# swap_start DIR A B: as rjuser, swap the names A and B in DIR back and forth
# until swap_stop: atomically with renameat2(RENAME_EXCHANGE) from perl (each
# name is then always there), else with mv.  setpriv (not as_user, a function:
# its subshell would be $!) execs the loop, so $! is the loop; it also stops by
# itself when the file $SWAP_STOP appears.
swap_start() {
	SWAP_STOP=$(mktemp -u "$BASE/stop.XXXXXX")
	if perl -e 'require "syscall.ph"; exit !defined &SYS_renameat2' 2>/dev/null; then
		setpriv --reuid=rjuser --regid=rjuser --clear-groups perl -e 'require "syscall.ph"; my ($dir, $a, $b, $stop) = @ARGV; chdir $dir or die;
			until (-e $stop) { syscall(&SYS_renameat2, -100, $a, -100, $b, 2) for 1 .. 1000 }' \
			"$@" "$SWAP_STOP" &
	else
		setpriv --reuid=rjuser --regid=rjuser --clear-groups bash -c 'cd "$1" || exit
			while [ ! -e "$4" ]; do mv -T "$2" .x && mv -T "$3" "$2" && mv -T "$2" "$3"; mv -T .x "$2"; done 2>/dev/null' \
			_ "$@" "$SWAP_STOP" &
	fi
	SWAPPER=$!
}
swap_stop() { touch "$SWAP_STOP"; kill "$SWAPPER" 2>/dev/null; wait "$SWAPPER"; }

P=$BASE/rootdir; mkdir -m 0755 "$P"
mk "$P/jail" /bin/sh
expect_eq "root-owned 0755 parent: exit status" "$RC" 0
expect_eq "root-owned 0755 parent: runs in the jail" "$(in_jail "$P/jail" /bin/sh -c 'echo hi')" hi
mk "$P/a/b/jail" /bin/sh
expect_eq "missing parents: made root's, 0755" "$RC $(stat -c '%U:%G %a' "$P/a" "$P/a/b" "$P/a/b/jail" | xargs)" \
	"0 root:root 755 root:root 755 root:root 755"
ln -s rootdir "$BASE/rootlink"		# root's link in root's directory: no one else can repoint it
mk "$BASE/rootlink/jail2" /bin/sh
expect_eq "root's link above the jail: followed once" "$RC" 0
check "root's link above the jail: built at the real path" real_file "$P/jail2" /usr/bin/dash

if id rjuser >/dev/null 2>&1; then
	U=$BASE/userdir; mkdir -m 0755 "$U"; chown rjuser: "$U"
	mk "$U/jail" /bin/sh
	expect_eq "user-owned parent: refused" "$RC $OUT" \
		"1 mkjail: $U: owned by rjuser, not root: refusing a jail at or below it"
	expect_eq "user-owned parent: nothing created" "$(ls -A "$U")" ""
	mkdir -m 0755 "$U/old"		# the reported case: root's jail, the user's parent
	mk "$U/old" /bin/sh
	expect_eq "user-owned parent of root's jail: refused" "$RC $OUT" \
		"1 mkjail: $U: owned by rjuser, not root: refusing a jail at or below it"
	expect_eq "user-owned parent of root's jail: nothing written" "$(ls -A "$U/old")" ""
	mkdir -m 0755 "$U/sub"
	mk "$U/sub/jail" /bin/sh
	expect_eq "user-owned grandparent: refused" "$RC $OUT" \
		"1 mkjail: $U: owned by rjuser, not root: refusing a jail at or below it"
	expect_eq "user-owned grandparent: nothing created" "$(ls -A "$U/sub")" ""
	as_user ln -s "$P" "$U/link"	# aimed at a good place, but the user may re-aim it
	mk "$U/link/jail3" /bin/sh
	expect_eq "link in a user's directory: refused" "$RC $OUT" \
		"1 mkjail: $U: owned by rjuser, not root: refusing a jail at or below it"
	check "link in a user's directory: nothing created" test ! -e "$P/jail3"
	mk -n "$U/jail" /bin/sh
	expect_eq "user-owned parent: dry run refused too" "$RC $OUT" \
		"1 mkjail: $U: owned by rjuser, not root: refusing a jail at or below it"
else
	skip "user-owned parent" "no user rjuser (tests/run creates it)"
fi

G=$BASE/gw; mkdir -m 0775 "$G"
mk "$G/jail" /bin/sh
expect_eq "group-writable parent: refused" "$RC $OUT" \
	"1 mkjail: $G: writable by group or others (mode 775): refusing a jail at or below it"
chmod 1777 "$G"
mk "$G/jail" /bin/sh
expect_eq "sticky world-writable parent: refused" "$RC $OUT" \
	"1 mkjail: $G: writable by group or others (mode 1777): refusing a jail at or below it"
expect_eq "writable parent: nothing created" "$(ls -A "$G")" ""
chmod 0755 "$G"; mkdir -m 0775 "$G/jail"
mk "$G/jail" /bin/sh
expect_eq "group-writable jail: refused" "$RC $OUT" \
	"1 mkjail: $G/jail: writable by group or others (mode 775): refusing a jail at or below it"
expect_eq "group-writable jail: nothing written" "$(ls -A "$G/jail")" ""

ln -s rootdir/jail "$BASE/jaillink"
before=$(tree "$P/jail")
mk "$BASE/jaillink" /bin/sh
expect_eq "jail path a symlink: refused" "$RC $OUT" \
	"1 mkjail: $BASE/jaillink: a symbolic link (to rootdir/jail): give the jail's real path"
mk "$BASE/jaillink/." /bin/sh
expect_eq "jail path a symlink, with /.: refused" "$RC $OUT" \
	"1 mkjail: $BASE/jaillink/.: a symbolic link (to rootdir/jail): give the jail's real path"
expect_eq "jail path a symlink: target untouched" "$(tree "$P/jail")" "$before"

# --- 10. inside the jail: no chmod/chown/write through a name a user can swap ---------
if id rjuser >/dev/null 2>&1; then
	J=$BASE/race
	"$MKJAIL" "$J" /bin/sh >/dev/null
	# a sticky directory the service may write to: allowed for mkjail's own
	# files (no one else can rename root's), not for chmod of the service's
	mkdir -m 1770 "$J/spool"; chgrp rjuser "$J/spool"
	mk --user rjuser --writable spool/svc "$J" /bin/sh
	expect_eq "sticky parent: writable dir made" "$RC $(stat -c '%U %a' "$J/spool/svc")" "0 rjuser 750"
	OUTD=$BASE/outside-race; mkdir -m 0755 "$OUTD"; echo keep >"$OUTD/file"
	before=$(tree "$OUTD")
	as_user chmod 700 "$J/spool/svc"	# the service changed it: mkjail would chmod it back
	mk --user rjuser --writable spool/svc "$J" /bin/sh
	expect_eq "service's dir in a sticky dir: refused" "$RC $OUT" \
		"1 mkjail: $J/spool/svc: not owned by root, in a directory others can write to (it could be swapped for a link): refusing to chown/chmod it"
	# The race: the service swaps its directory with a link to root's
	# directory outside, back and forth, while mkjail runs, again and again.
	# The old mkjail, which chmod'ed the path, lost this in about one run in four.
	as_user ln -s "$OUTD" "$J/spool/lnk"
	swap_start "$J/spool" svc lnk
	for _ in $(seq 25); do "$MKJAIL" --user rjuser --writable spool/svc "$J" /bin/sh >/dev/null 2>&1; done
	swap_stop
	expect_eq "swapped for a link in a race: outside untouched" "$(tree "$OUTD")" "$before"

	# A program in a directory its user can write (host paths are trusted),
	# swapped with a link to a root-only file while it is copied: the copy may
	# hold that file, but then with that file's mode, never the program's.
	# The old mkjail took them from two looks at the path: about one run in six.
	printf 'SECRET\n' >"$BASE/secret"; chmod 600 "$BASE/secret"
	UB=$BASE/userbin; mkdir -m 0755 "$UB"; chown rjuser: "$UB"
	as_user sh -c 'echo hello >"$1/prog" && chmod 755 "$1/prog" && ln -s "$2" "$1/lnk"' _ "$UB" "$BASE/secret"
	swap_start "$UB" prog lnk
	leaks=''
	for _ in $(seq 25); do
		rm -rf "$BASE/leak"; "$MKJAIL" "$BASE/leak" "$UB/prog" >/dev/null 2>&1
		leaks=$leaks$(find "$BASE/leak" -type f -perm /044 -exec grep -q SECRET {} \; -printf '%p (mode %m)\n')
	done
	swap_stop
	expect_eq "program swapped while copied: no readable copy of a secret" "$leaks" ""

	J=$BASE/owned
	"$MKJAIL" "$J" /bin/sh >/dev/null
	chown rjuser "$J/etc"
	mk --passwd nobody "$J" /bin/sh
	expect_eq "--passwd into a service-owned etc: refused" "$RC $OUT" \
		"1 mkjail: $J/etc: not owned by root, refusing to write below it"
	check "--passwd into a service-owned etc: nothing written" test ! -e "$J/etc/passwd"
	chown root "$J/etc"
	chown rjuser "$J/dev"; rm "$J/dev/null"
	mk "$J" /bin/sh
	expect_eq "mknod into a service-owned dev: refused" "$RC $OUT" \
		"1 mkjail: $J/dev: not owned by root, refusing to write below it"
	check "mknod into a service-owned dev: nothing made" test ! -e "$J/dev/null"
	chown root "$J/dev"
	OUT=$(TMPDIR=$U "$MKJAIL" --passwd nobody "$J" /bin/sh 2>&1); RC=$?
	expect_eq "--passwd: the user's TMPDIR not used" "$RC $(ls -A "$U" | tr "\n" " ")" "0 link old sub "
	mk --user rjuser --writable . "$J" /bin/sh
	expect_eq "--writable the jail's root: refused" "$RC $OUT $(stat -c %U "$J")" \
		"1 mkjail: --writable .: is the jail's root, refusing to give it away root"
else
	skip "inside the jail" "no user rjuser (tests/run creates it)"
fi

# --- directories, bad entries, numeric users, the jail's PATH, --etc ----------
S=$BASE/src
mkdir -p "$S/sub" "$BASE/shims"
printf '#! /usr/local/bin/nosuchpython\nprint(1)\n' >"$S/cgi.py"
printf '#!/usr/bin/env sh\necho hi from the jail\n' >"$S/sub/run.sh"
chmod 755 "$S/sub/run.sh"
echo data >"$S/sub/z.txt"
# A caller's PATH with a shim named sh first: "#!/usr/bin/env sh" is the
# jail's sh, looked up in runjail's PATH, not this.
printf '#!/bin/bash\necho shim\n' >"$BASE/shims/sh"
chmod 755 "$BASE/shims/sh"
J=$BASE/tree
OUT=$(PATH=$BASE/shims:$PATH "$MKJAIL" --etc --user 64006 --writable var/state "$J" "$S" 2>&1); RC=$?
expect_eq "a directory: copied as a tree; a bad script is named, the rest copied, exit 1" \
	"$RC $(printf '%s\n' "$OUT" | grep -c "$S/cgi.py: its interpreter /usr/local/bin/nosuchpython") $(cat "$J$S/sub/z.txt")" "1 1 data"
expect_eq "#!/usr/bin/env sh: the jail's sh (runjail's PATH), not the caller's shim" \
	"$(in_jail "$J" "$S/sub/run.sh") $([ -e "$J$BASE/shims/sh" ] && echo shim-copied)" "hi from the jail "
expect_eq "--user UID with no entry: owns the --writable directory" "$(stat -c '%u:%g %a' "$J/var/state")" "64006:64006 750"
expect_eq "--etc copies /etc/localtime (and what it links to)" \
	"$([ -e "$J/etc/localtime" ] && cmp -s "$(readlink -f /etc/localtime)" "$J$(readlink -f /etc/localtime)" && echo same)" \
	"$([ -e /etc/localtime ] && echo same)"
mk --user 64006:64007 --writable data "$BASE/num2" /bin/true
expect_eq "--user UID:GID" "$RC $(stat -c '%u:%g' "$BASE/num2/data")" "0 64006:64007"
mk --user 64006:x --writable data "$BASE/num3" /bin/true
expect_eq "--user UID:junk: a usage error" "$RC" "2"

# a directory whose new files get another group (set-gid): copies root's
J=$BASE/sgid
mkdir -p "$J/usr/bin"; chgrp 65534 "$J/usr/bin"; chmod 2755 "$J/usr/bin"
mk "$J" /usr/bin/true
expect_eq "copies: root's in a set-gid directory of another group" \
	"$RC $(stat -c '%u:%g %a' "$J/usr/bin/true")" "0 0:0 $(stat -c %a /usr/bin/true)"

# mkjail stops on an error: what it reported before is in place.
J=$BASE/stop
mkdir -p "$J/usr/bin"; ln -s /nowhere "$J/usr/bin/sleep"
mk "$J" /usr/bin/true /usr/bin/sleep
expect_eq "an error midway: what was reported added before it is in place" \
	"$RC $(printf '%s\n' "$OUT" | grep -c '^added /usr/bin/true$') $(cmp -s /usr/bin/true "$J/usr/bin/true" && echo copied) $(readlink "$J/usr/bin/sleep")" \
	"1 1 copied /nowhere"

# --- 11. standard output: the changes, and nothing else ---------------------------
# A configuration manager (contrib/ansible) tells from it whether the jail
# changed: warnings go to standard error, a run that changed nothing prints
# nothing.
J=$BASE/stdout
mkdir -p "$BASE/so"; cp /usr/bin/true "$BASE/so/true"; chmod 4755 "$BASE/so/true"
"$MKJAIL" --user nobody --writable data "$J" "$BASE/so/true" >"$BASE/so.out" 2>"$BASE/so.err"; RC=$?
n=$(grep -c '' "$BASE/so.out")
expect_eq "stdout: a fresh jail: lines, each a change" \
	"$RC $((n > 0)) $(grep -cvE '^(added|updated|mknod) /' "$BASE/so.out")" "0 1 0"
expect_match "stdout: the warning on stderr, not stdout" \
	"$(cat "$BASE/so.err") | $(grep -c stripped "$BASE/so.out")" "set-uid/set-gid bits stripped.* \| 0$"
# copies are made a directory at a time, through a temporary directory
expect_eq "copies: the set-uid file's copy is root's, mode 755, with the host's time; no temporary left" \
	"$(stat -c '%u:%g %a %Y' "$J$BASE/so/true") $(find "$J" -name '.mkjail.*' | wc -l)" \
	"0:0 755 $(stat -c %Y "$BASE/so/true") 0"
"$MKJAIL" --user nobody --writable data "$J" "$BASE/so/true" >"$BASE/so.out" 2>"$BASE/so.err"; RC=$?
expect_eq "stdout: nothing changed, nothing printed (on either)" "$RC [$(cat "$BASE/so.out")] [$(cat "$BASE/so.err")]" "0 [] []"
printf x >>"$BASE/so/true"; chmod 700 "$J/data"
"$MKJAIL" --user nobody --writable data "$J" "$BASE/so/true" >"$BASE/so.out" 2>/dev/null; RC=$?
expect_eq "stdout: after a change, exactly the changes" "$RC $(cat "$BASE/so.out")" \
	"0 updated $BASE/so/true
updated /data/ (mode 750, owner nobody)"

# --- 12. the manifest: a refresh with nothing changed does nothing --------------
# A run that ends well records what it looked at (host and jail paths,
# misses too) and what find said of each, outside the jail; the next run
# with the same arguments finds it all as it was with one find, and stops.
# Each kind of change must still be noticed: a missed input would be a
# refresh that silently skips a real change.
# manifest J: the manifest of the jail J.
manifest() { printf '%s/%s' "$CACHE" "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"; }
# in_use NAME J ARGS...: a case: mkjail ARGS (on the jail J) used its manifest.
in_use() {
	local n=$1 j=$2; shift 2
	mk -v "$@"
	expect_eq "manifest: $n: in use before the change" "$RC $OUT" "0 unchanged everything (as recorded in $(manifest "$j"))"
}
# settled ARGS...: mkjail ARGS, twice: files changed just before a run
# (their ctime after its start, less a margin) keep it from writing a
# manifest, lest it record a state the jail was not made from.
settled() { mk "$@"; sleep 0.1; mk "$@"; }
S=$BASE/mf
mkdir -p "$S/bin" "$S/tree/sub"
printf '#!/bin/sh\necho one\n' >"$S/bin/prog"; chmod 755 "$S/bin/prog"
echo a >"$S/tree/sub/a.txt"
J=$BASE/mfjail M=$(manifest "$BASE/mfjail")
sleep 0.1
mk "$J" "$S/bin/prog"
expect_eq "manifest: written by a run that ended well: root's, 0700, its files 0600" \
	"$RC $(stat -c '%U %a' "$CACHE" "$M" "$M/paths" "$M/state" | xargs)" "0 root 700 root 700 root 600 root 600"
mk "$J" "$S/bin/prog"
expect_eq "manifest: a refresh with nothing changed prints nothing" "$RC [$OUT]" "0 []"
mk -v "$J" "$S/bin/prog"
expect_eq "manifest: -v says the manifest was used" "$RC $OUT" "0 unchanged everything (as recorded in $M)"
if command -v strace >/dev/null; then
	strace -f -qq -e trace=execve -o "$BASE/mf.strace" "$MKJAIL" "$J" "$S/bin/prog" >/dev/null 2>&1
	expect_eq "manifest: nothing read again (no readelf, no cp, no stat of the jail's files one by one)" \
		"$(grep -v ENOENT "$BASE/mf.strace" | grep -cE 'execve\("[^"]*/(readelf|cp|ldconfig|mktemp)"')" 0
else
	skip "manifest: nothing read again" "no strace"
fi
mk -v -n "$J" "$S/bin/prog"
expect_eq "manifest: --dry-run uses it too (nothing would change)" "$RC $OUT" "0 unchanged everything (as recorded in $M)"
mk -v --verify "$J" "$S/bin/prog"
expect_match "manifest: --verify compares every copy: not used" "$RC $OUT" "^0 unchanged /bin"
mk -v --no-cache "$J" "$S/bin/prog"
expect_match "manifest: --no-cache: not used" "$RC $OUT" "^0 unchanged /bin"

in_use "a host program changed" "$J" "$J" "$S/bin/prog"
cp -p "$S/bin/prog" "$BASE/mf.ref"
printf '#!/bin/sh\necho two\n' >"$S/bin/prog"; touch -r "$BASE/mf.ref" "$S/bin/prog"
mk "$J" "$S/bin/prog"
expect_eq "manifest: a host program changed, same size, its time put back (not its ctime): copied again" \
	"$RC $OUT $(tail -n 1 "$J$S/bin/prog")" "0 updated $S/bin/prog echo two"

settled "$J" "$S/bin/prog"
in_use "a copy changed in the jail" "$J" "$J" "$S/bin/prog"
cp -p "$J$S/bin/prog" "$BASE/mf.ref"
printf '#!/bin/sh\necho TWO\n' >"$J$S/bin/prog"; touch -r "$BASE/mf.ref" "$J$S/bin/prog"
mk "$J" "$S/bin/prog"
expect_eq "manifest: a copy changed in the jail, its size and time put back: noticed, compared, repaired" \
	"$RC $OUT $(tail -n 1 "$J$S/bin/prog")" "0 updated $S/bin/prog echo two"

settled "$J" "$S/bin/prog"
in_use "a copy removed from the jail" "$J" "$J" "$S/bin/prog"
rm "$J/usr/bin/dash"
mk "$J" "$S/bin/prog"
expect_eq "manifest: a file removed from the jail: put back" "$RC $OUT" "0 added /usr/bin/dash"

settled "$J" "$S/bin/prog"
in_use "ld.so.cache changed" "$J" "$J" "$S/bin/prog"
touch -r /etc/ld.so.cache /etc/ld.so.cache	# the same times: only its ctime changes
mk -v "$J" "$S/bin/prog"
expect_match "manifest: ld.so.cache changed (its ctime alone): everything looked up again" "$RC $OUT" "^0 unchanged /bin"

settled "$J" "$S/bin/prog"
in_use "other arguments" "$J" "$J" "$S/bin/prog"
mk --dev tty "$J" "$S/bin/prog"
expect_eq "manifest: other arguments (--dev tty): not used" "$RC $OUT" "0 mknod /dev/tty"
settled "$J" "$S/bin/prog"
OUT=$(PATH=$S/bin:$PATH "$MKJAIL" -v "$J" "$S/bin/prog" 2>&1); RC=$?
expect_match "manifest: another PATH: not used" "$RC $OUT" "^0 unchanged /bin"
mk -v "$J" "$S/bin/prog"		# the manifest of the run with that PATH
expect_match "manifest: ... and the manifest is of the last run" "$RC $OUT" "^0 unchanged /bin"

settled "$J" "$S/bin/prog"
in_use "made group-writable" "$J" "$J" "$S/bin/prog"
chmod g+w "$M/state"
mk -v "$J" "$S/bin/prog"
expect_match "manifest: group-writable: not trusted, everything done" "$RC $OUT" "^0 unchanged /bin"
expect_eq "manifest: ... and written again, 0600" "$(stat -c %a "$M/state")" 600
settled "$J" "$S/bin/prog"
chown nobody "$M/state"
mk -v "$J" "$S/bin/prog"
expect_match "manifest: owned by another user: not trusted, everything done" "$RC $OUT" "^0 unchanged /bin"
settled "$J" "$S/bin/prog"
chown nobody "$M"
mk -v "$J" "$S/bin/prog"
expect_match "manifest: its directory owned by another user: not trusted" "$RC $OUT" "^0 unchanged /bin"
settled "$J" "$S/bin/prog"
chmod 0770 "$CACHE"
mk -v "$J" "$S/bin/prog"
expect_match "manifest: the cache group-writable: not trusted, said, the run goes on" \
	"$RC $(printf '%s\n' "$OUT" | grep -c '^mkjail: .*cache: not a directory of root.s that only root can write to') $(printf '%s\n' "$OUT" | grep -c '^unchanged /bin ')" \
	"^0 1 1$"
chmod 0700 "$CACHE"

settled "$J" "$S/bin/prog"
in_use "forged" "$J" "$J" "$S/bin/prog"
# a forged manifest: the copy that was removed said to be there
rm "$J$S/bin/prog"
OUTSIDE_MF=$BASE/outside-mf; mkdir -p "$OUTSIDE_MF"
printf '%s\0' "$OUTSIDE_MF/victim" >>"$M/paths"
echo "f 644 0 0 1 5 1 1 1.0 1.0 $OUTSIDE_MF/victim -> " >>"$M/state"
mk "$J" "$S/bin/prog"
expect_eq "manifest: forged to claim another state (a removed copy there, a path outside): everything done, nothing written outside" \
	"$RC $OUT $(ls -A "$OUTSIDE_MF")" "0 added $S/bin/prog "

J=$BASE/mftree M=$(manifest "$BASE/mftree")
settled "$J" "$S/tree"
in_use "a tree entry added" "$J" "$J" "$S/tree"
echo b >"$S/tree/sub/b.txt"
mk "$J" "$S/tree"
expect_eq "manifest: an entry added to a tree: copied" "$RC $OUT" "0 added $S/tree/sub/b.txt"

# an error: no manifest (the last good one set aside, .prev), no temporary file
printf '#!/no/such/interpreter\n' >"$S/tree/bad"
mk "$J" "$S/tree"
expect_eq "manifest: a run that ends in an error: none (the last good one set aside), and none left over" \
	"$RC $([ -e "$M" ] && echo manifest) $([ -d "$M.prev" ] && echo prev) $(find "$CACHE" -name "${M##*/}.*" ! -name '*.lock' ! -name '*.prev')" "1  prev "
rm "$S/tree/bad"

if command -v gcc >/dev/null; then
	# a library through DT_RUNPATH $ORIGIN: a link repointed on the host,
	# then a library new earlier in the search path
	mkdir -p "$S/lib" "$S/new"
	echo 'const char *greet(void) { return "v1"; }' >"$S/g.c"
	printf '#include <stdio.h>\nconst char *greet(void);\nint main(void){ puts(greet()); return 0; }\n' >"$S/m.c"
	gcc -shared -fPIC -Wl,-soname,libmf.so.1 -o "$S/lib/libmf.so.1.0" "$S/g.c"
	ln -s libmf.so.1.0 "$S/lib/libmf.so.1"
	gcc -o "$S/bin/greet" "$S/m.c" -L"$S/lib" -l:libmf.so.1 -Wl,-rpath,'$ORIGIN/../new:$ORIGIN/../lib'
	J=$BASE/mfgreet
	settled "$J" "$S/bin/greet"
	in_use "a host link repointed" "$J" "$J" "$S/bin/greet"
	echo 'const char *greet(void) { return "v2"; }' >"$S/g.c"
	gcc -shared -fPIC -Wl,-soname,libmf.so.1 -o "$S/lib/libmf.so.1.1" "$S/g.c"
	ln -sfn libmf.so.1.1 "$S/lib/libmf.so.1"
	mk "$J" "$S/bin/greet"
	expect_eq "manifest: a host link repointed: followed" "$RC $OUT|$(in_jail_proc "$J" "$S/bin/greet")" \
		"0 updated $S/lib/libmf.so.1 -> libmf.so.1.1
added $S/lib/libmf.so.1.1|v2"
	settled "$J" "$S/bin/greet"
	in_use "a library new earlier in the search path" "$J" "$J" "$S/bin/greet"
	echo 'const char *greet(void) { return "new"; }' >"$S/g.c"
	gcc -shared -fPIC -Wl,-soname,libmf.so.1 -o "$S/new/libmf.so.1" "$S/g.c"
	mk "$J" "$S/bin/greet"
	expect_eq "manifest: a library new earlier in the search path (DT_RUNPATH): brought in" \
		"$RC $OUT|$(in_jail_proc "$J" "$S/bin/greet")" "0 added $S/new/
added $S/new/libmf.so.1|new"
	# a candidate earlier in the search path, a link to nothing: its
	# target appears (the link itself unchanged)
	mkdir -p "$S/new2" "$S/stash"
	ln -s ../stash/libmf.so.1 "$S/new2/libmf.so.1"
	gcc -o "$S/bin/greet2" "$S/m.c" -L"$S/lib" -l:libmf.so.1 -Wl,-rpath,'$ORIGIN/../new2:$ORIGIN/../lib'
	J=$BASE/mfgreet2
	settled "$J" "$S/bin/greet2"
	in_use "a link's target appears" "$J" "$J" "$S/bin/greet2"
	echo 'const char *greet(void) { return "stash"; }' >"$S/g.c"
	gcc -shared -fPIC -Wl,-soname,libmf.so.1 -o "$S/stash/libmf.so.1" "$S/g.c"
	mk "$J" "$S/bin/greet2"
	expect_eq "manifest: a library earlier in the search path, a link whose target appears: brought in" \
		"$RC $OUT|$(in_jail_proc "$J" "$S/bin/greet2")" "0 added $S/new2/
added $S/new2/libmf.so.1 -> ../stash/libmf.so.1
added $S/stash/
added $S/stash/libmf.so.1|stash"
else
	skip "manifest: a host link repointed, a library new earlier in the search path" "no gcc"
fi

# "#!/usr/bin/env NAME": NAME looked up in the jail's PATH (runjail's), on
# the host: one new earlier there is brought in.  (Host directories: a
# name of this test's own, removed after.)
n=rjmf-interp-$$
if [ ! -e "/usr/bin/$n" ] && [ ! -e "/usr/local/bin/$n" ] && mkdir -p /usr/local/bin; then
	printf '#!/bin/sh\necho usr\n' >"/usr/bin/$n"; chmod 755 "/usr/bin/$n"
	printf '#!/usr/bin/env %s\n' "$n" >"$S/bin/envprog"; chmod 755 "$S/bin/envprog"
	J=$BASE/mfenv
	settled "$J" "$S/bin/envprog"
	in_use "an interpreter new earlier in runjail's PATH" "$J" "$J" "$S/bin/envprog"
	printf '#!/bin/sh\necho local\n' >"/usr/local/bin/$n"; chmod 755 "/usr/local/bin/$n"
	mk "$J" "$S/bin/envprog"
	expect_eq "manifest: #!/usr/bin/env NAME, NAME new earlier in runjail's PATH: brought in" \
		"$RC $(printf '%s\n' "$OUT" | tail -n 1)" "0 added /usr/local/bin/$n"
	rm -f "/usr/bin/$n" "/usr/local/bin/$n"
else
	skip "manifest: an interpreter new earlier in runjail's PATH" "/usr/bin/$n or /usr/local/bin/$n there, or no /usr/local/bin"
fi
# a PROGRAM named: looked up in the caller's PATH, anew on every run
mkdir -p "$S/p1" "$S/p2"
printf '#!/bin/sh\necho p2\n' >"$S/p2/mfprog"; chmod 755 "$S/p2/mfprog"
J=$BASE/mfpath
OUT=$(PATH=$S/p1:$S/p2:$PATH; "$MKJAIL" "$J" mfprog 2>&1; sleep 0.1; "$MKJAIL" "$J" mfprog 2>&1; "$MKJAIL" -v "$J" mfprog 2>&1); RC=$?
expect_match "manifest: a program named: in use before the change" "$RC $OUT" "unchanged everything"
printf '#!/bin/sh\necho p1\n' >"$S/p1/mfprog"; chmod 755 "$S/p1/mfprog"
OUT=$(PATH=$S/p1:$S/p2:$PATH "$MKJAIL" "$J" mfprog 2>&1); RC=$?
expect_eq "manifest: a program named, new earlier in PATH: brought in" "$RC $OUT" "0 added $S/p1/
added $S/p1/mfprog"

# cut short: no manifest, no temporary file left (the last good one set aside)
J=$BASE/mfcut M=$(manifest "$BASE/mfcut")
settled "$J" "$S/bin/prog"
progs=$(find /usr/bin -maxdepth 1 -type f -perm -u+x -size -200k | sort | head -n 300)
# shellcheck disable=SC2086 # one program a word
timeout -s TERM 0.2 "$MKJAIL" "$J" $progs >/dev/null 2>&1; RC=$?
expect_eq "manifest: a run cut short (SIGTERM): none, and none left over" \
	"$RC $([ -e "$M" ] && echo manifest) $(find "$CACHE" -name "${M##*/}.*" ! -name '*.lock' ! -name '*.prev')" "124  "

# Runs on one jail wait for each other: one holding the lock, another
# waits (then does all, as the arguments differ).
J=$BASE/mflock M=$(manifest "$BASE/mflock")
settled "$J" "$S/bin/prog"
flock "$M.lock" sleep 1 &
sleep 0.2
s=$(date +%s%N); mk --dev full "$J" "$S/bin/prog"; e=$(( ($(date +%s%N) - s) / 1000000 ))
wait
expect_eq "manifest: runs on one jail wait for each other" "$RC $OUT $((e >= 700))" "0 mknod /dev/full 1"

# can_hold: strace is there, and can delay a call (inject).
can_hold() { command -v strace >/dev/null && strace -qq -o /dev/null -e inject=getpid:delay_enter=1 true 2>/dev/null; }
# held_start US CMD...: CMD in the background (HP: its pid), under strace,
# which holds its first sort(1), the manifest's first step, US microseconds;
# under timeout(1) if HOLD_LIMIT (seconds) is set.
held_start() {
	local us=$1 lim=(); shift
	[ -z "${HOLD_LIMIT:-}" ] || lim=(timeout -s KILL "$HOLD_LIMIT")
	"${lim[@]}" strace -f -qq -o /dev/null -P /usr/bin/sort -e trace=execve \
		-e inject=execve:delay_enter="$us" "$@" &
	HP=$!
}
# held_wait DEPTH [TEST...]: HELD=1 once a child of the process DEPTH - 1
# levels below HP (mkjail: 2 under strace, 3 under timeout too) waits in
# execve (the held sort), and TEST, if given, succeeds; at most 5 s.
held_wait() {
	local depth=$1 p q i; shift
	HELD=''
	for _ in $(seq 100); do
		p=$HP
		for ((i = 1; i < depth; i++)); do p=$(pgrep -P "$p" 2>/dev/null | head -n 1); done
		for q in $(pgrep -P "$p" 2>/dev/null); do
			grep -qs '^59 ' "/proc/$q/syscall" && { [ $# -eq 0 ] || "$@"; } && { HELD=1; return 0; }
		done
		sleep 0.05
	done
}

# A host file changed while mkjail runs (after it was read): the manifest
# would record a state the jail was not made from: none is written.
# strace holds mkjail at its first step of writing the manifest (sort);
# the file changes then.
if can_hold; then
	J=$BASE/mfrace
	printf '#!/bin/sh\necho one\n' >"$S/bin/race"; chmod 755 "$S/bin/race"
	sleep 0.1
	held_start 3000000 "$MKJAIL" -v "$J" "$S/bin/race" >"$BASE/mfrace.out" 2>&1
	held_wait 2
	printf '#!/bin/sh\necho two\n' >"$S/bin/race"
	wait "$HP"
	if [ -n "$HELD" ]; then
		expect_eq "manifest: a host file changed while mkjail ran: said (-v), none written" \
			"$(tail -n 1 "$BASE/mfrace.out") $([ -e "$(manifest "$J")" ] && echo manifest)" \
			"mkjail: $S/bin/race: changed while mkjail ran: no manifest written (the next run does everything) "
		mk "$J" "$S/bin/race"
		expect_eq "manifest: ... and the next run copies it again" "$RC $OUT" "0 updated $S/bin/race"
	else
		skip "manifest: a host file changed while mkjail ran" "mkjail not seen held by strace"
	fi
else
	skip "manifest: a host file changed while mkjail ran" "no strace, or one without inject"
fi

# the default place: /var/cache/mkjail, made root's and 0700
J=$BASE/mfdefault
h=$(printf '%s' "$J" | sha256sum | cut -d' ' -f1)
had=$([ -d /var/cache/mkjail ] && echo yes)
"$SRCDIR/contrib/mkjail" "$J" /bin/true >/dev/null 2>&1
expect_eq "manifest: by default in /var/cache/mkjail, root's, 0700" \
	"$(stat -c '%U %a' /var/cache/mkjail/ "/var/cache/mkjail/$h" "/var/cache/mkjail/$h/state" 2>&1 | xargs)" \
	"$([ -n "$had" ] && stat -c '%U %a' /var/cache/mkjail/ || echo root 700) root 700 root 600"
rm -rf "/var/cache/mkjail/$h" "/var/cache/mkjail/$h.lock" "/var/cache/mkjail/$h.prev"
[ -n "$had" ] || [ ! -d /var/cache/mkjail ] || rmdir /var/cache/mkjail

# --- 13. the manifest: what a jailed root, a full disk or a coarse clock can do --
# cache_mounts: the filesystems these cases mount, unmounted at the end
# whatever happens (tests leave no mount behind).
MOUNTS=()
unmount_all() { local m; for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done; MOUNTS=(); }
trap unmount_all EXIT
# full_fs DIR: a 64 KiB tmpfs at DIR (root's, 0700), filled up.
full_fs() {
	mkdir -p "$1" && mount -t tmpfs -o size=64k,mode=0700 tmpfs "$1" || return 1
	MOUNTS+=("$1")
	dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null
	return 0
}
jail_files() { (cd "$1" && find . | sort); }

# A full cache filesystem: the records cannot be written, and that must
# change nothing but the manifest (a failed write read as "looked up
# before" gave a jail without libc, and exit 0).
FC=$BASE/fullcache
if full_fs "$FC"; then
	J=$BASE/fulljail
	OUT=$("$SRCDIR/contrib/mkjail" --cache "$FC" "$J" /usr/bin/ls 2>&1); RC=$?
	expect_eq "full cache: the jail complete (ls runs in it), exit 0, no manifest" \
		"$RC $(in_jail "$J" /usr/bin/ls --version | head -n 1) $(find "$FC" -mindepth 1 ! -name fill ! -name '*.lock')" \
		"0 $(/usr/bin/ls --version | head -n 1) "
	mk --no-cache "$BASE/fulljail-ctl" /usr/bin/ls
	expect_eq "full cache: the same files as with --no-cache" "$(jail_files "$J")" "$(jail_files "$BASE/fulljail-ctl")"
	umount "$FC"; MOUNTS=()
else
	skip "full cache" "cannot mount a tmpfs"
fi

# The cache filesystem fills up while the manifest is written (held at
# its first step, sort; the space left then: enough for the paths, not
# for the state): no manifest, where find's or awk's failed writes went
# unchecked.
if can_hold &&
	mkdir -p "$BASE/fullcache2" && mount -t tmpfs -o size=256k,mode=0700 tmpfs "$BASE/fullcache2"; then
	FC=$BASE/fullcache2 MOUNTS+=("$BASE/fullcache2")
	J=$BASE/fulljail2 M=$FC/$(printf '%s' "$BASE/fulljail2" | sha256sum | cut -d' ' -f1)
	held_start 2000000 "$SRCDIR/contrib/mkjail" --cache "$FC" "$J" /usr/bin/ls >/dev/null 2>&1
	# held once its records are there
	recorded() { r=$(find "$FC" -mindepth 2 -maxdepth 2 -name rec 2>/dev/null | head -n 1); [ -n "$r" ]; }
	held_wait 2 recorded
	if [ -n "$HELD" ]; then
		# free: the pages of paths (as rec), and one for the key
		need=$(( ($(stat -c %s "$r") + 4095) / 4096 + 1 ))
		free=$(stat -f -c %a "$FC")
		dd if=/dev/zero of="$FC/fill" bs=4k count=$((free - need)) 2>/dev/null
	fi
	wait "$HP"; RC=$?
	if [ -n "$HELD" ]; then
		expect_eq "cache full while the manifest is written: exit 0, no manifest" \
			"$RC $([ -e "$M" ] && echo manifest)" "0 "
	else
		skip "cache full while the manifest is written" "mkjail not seen held by strace"
	fi
	umount "$FC"; MOUNTS=()
else
	skip "cache full while the manifest is written" "no strace with inject, or cannot mount a tmpfs"
fi

# A filesystem that keeps whole seconds (ext4 with 128-byte inodes): a
# change in the second the run started may have been made during it (its
# ctime then before the start): no manifest.
if command -v mkfs.ext4 >/dev/null && truncate -s 8M "$BASE/coarse.img" &&
	mkfs.ext4 -q -F -I 128 "$BASE/coarse.img" >/dev/null 2>&1 && mkdir -p "$BASE/coarse" &&
	mount -o loop "$BASE/coarse.img" "$BASE/coarse" 2>/dev/null; then
	MOUNTS+=("$BASE/coarse")
	chmod 755 "$BASE/coarse"
	J=$BASE/coarsejail M=$(manifest "$BASE/coarsejail")
	mk "$J" /bin/true; sleep 1.1		# the jail settled
	# early in a second: the run starts in the same second
	while [ "$(date +%N)" -gt 300000000 ]; do sleep 0.05; done
	printf '#!/bin/sh\necho coarse\n' >"$BASE/coarse/prog"; chmod 755 "$BASE/coarse/prog"
	mk -v "$J" /bin/true "$BASE/coarse/prog"
	expect_eq "coarse times: a change in the second the run started: no manifest" \
		"$RC $([ -e "$M" ] && echo manifest) $(printf '%s\n' "$OUT" | grep -c 'changed while mkjail ran')" "0  1"
	sleep 2.1
	mk "$J" /bin/true "$BASE/coarse/prog"
	expect_eq "coarse times: ... written by a run 2 s later" "$RC $([ -e "$M" ] && echo manifest)" "0 manifest"
	umount "$BASE/coarse"; MOUNTS=()
else
	skip "coarse times" "no mkfs.ext4, or cannot mount a loop device"
fi

# A root service in the jail alters a copy (its size and time kept) and
# makes the next run fail (/dev writable by others): the run after still
# compares the jail with the last good manifest, and repairs the copy.
J=$BASE/mftamper M=$(manifest "$BASE/mftamper")
printf '#!/bin/sh\necho one\n' >"$S/bin/tprog"; chmod 755 "$S/bin/tprog"
sleep 0.1
settled "$J" "$S/bin/tprog"
in_use "tampered, then a failed run" "$J" "$J" "$S/bin/tprog"
printf '#!/bin/sh\necho BAD\n' >"$J$S/bin/tprog"; touch -r "$S/bin/tprog" "$J$S/bin/tprog"
chmod 777 "$J/dev"
mk "$J" "$S/bin/tprog"
chmod 755 "$J/dev"
expect_eq "tampered, then a failed run: that run fails" "$RC" 1
mk "$J" "$S/bin/tprog"
expect_eq "tampered, then a failed run: the run after repairs the copy" \
	"$RC $OUT $(cmp -s "$S/bin/tprog" "$J$S/bin/tprog" && echo same)" "0 updated $S/bin/tprog same"

# A copy this run wrote, altered in the jail while the run goes on (held
# at its manifest's first step): no manifest; the next run repairs it.
if can_hold; then
	J=$BASE/mftamper2 M=$(manifest "$BASE/mftamper2")
	settled "$J" "$S/bin/tprog"
	printf '#!/bin/sh\necho two\n' >"$S/bin/tprog"
	sleep 0.1
	held_start 2000000 "$MKJAIL" "$J" "$S/bin/tprog" >/dev/null 2>&1
	held_wait 2
	printf '#!/bin/sh\necho BAD\n' >"$J$S/bin/tprog"; touch -r "$S/bin/tprog" "$J$S/bin/tprog"
	wait "$HP"
	if [ -n "$HELD" ]; then
		expect_eq "a copy altered while the run that wrote it goes on: no manifest" "$([ -e "$M" ] && echo manifest)" ""
		mk "$J" "$S/bin/tprog"
		expect_eq "... and the next run repairs it" \
			"$RC $OUT $(cmp -s "$S/bin/tprog" "$J$S/bin/tprog" && echo same)" "0 updated $S/bin/tprog same"
	else
		skip "a copy altered while the run that wrote it goes on" "mkjail not seen held by strace"
	fi
else
	skip "a copy altered while the run that wrote it goes on" "no strace, or one without inject"
fi

# --cache in the jail: refused (a root service there could forge it);
# a symlink on the cache's way: nothing made through it.
J=$BASE/mfin
OUT=$("$SRCDIR/contrib/mkjail" --cache "$J/cache" "$J" /bin/true 2>&1); RC=$?
expect_eq "--cache in the jail: said, no cache made there, the jail made" \
	"$RC $(printf '%s\n' "$OUT" | grep -c "^mkjail: --cache $J/cache: in the jail $J: no cache used") $([ -e "$J/cache" ] && echo made) $(real_file "$J" /usr/bin/true && echo true)" \
	"0 1  true"
mkdir -p "$BASE/elsewhere"; ln -s "$BASE/elsewhere" "$BASE/clink"; chown -h rjuser "$BASE/clink" 2>/dev/null
OUT=$("$SRCDIR/contrib/mkjail" --cache "$BASE/clink/sub/cache" "$BASE/mfin2" /bin/true 2>&1); RC=$?
expect_eq "--cache through a symlink: nothing made through it, said" \
	"$RC $(find "$BASE/elsewhere" -mindepth 1) $(printf '%s\n' "$OUT" | grep -c 'not a directory of root.s that only root can write to')" "0  1"

# A run that warned writes no manifest: the next one warns again.
J=$BASE/mfwarn
printf '#!/usr/bin/env\necho x\n' >"$S/bin/noname"; chmod 755 "$S/bin/noname"
sleep 0.1
mk "$J" "$S/bin/noname"; mk "$J" "$S/bin/noname"
expect_match "a warning: said again by the next run" "$RC $OUT" "^0 mkjail: $S/bin/noname: #!/usr/bin/env without a program name"

# The reader gone (mkjail -v | head -n 1): no temporary manifest left over.
J=$BASE/mfpipe M=$(manifest "$BASE/mfpipe")
progs=$(find /usr/bin -maxdepth 1 -type f -perm -u+x -size -200k | sort | head -n 100)
# shellcheck disable=SC2086 # one program a word
"$MKJAIL" -v "$J" $progs 2>/dev/null | head -n 1 >/dev/null
expect_eq "SIGPIPE: no temporary manifest left over" \
	"$(find "$CACHE" -name "${M##*/}.*" ! -name '*.lock' ! -name '*.prev')" ""
# What a run killed outright left (a temporary manifest): removed by the
# next run that writes, under the lock.
mkdir -m 0700 "$M.XkIlLd"
mk "$J" /bin/true
expect_eq "a temporary manifest left by a run killed: removed by the next run" \
	"$RC $([ -e "$M.XkIlLd" ] && echo left)" "0 "

# A copy this run wrote, replaced in the jail by a link to its source on
# the host (the same bytes, read through the link) while the run goes on:
# no manifest.
if can_hold; then
	J=$BASE/mftamper3 M=$(manifest "$BASE/mftamper3")
	printf '#!/bin/sh\necho three\n' >"$S/bin/tprog3"; chmod 755 "$S/bin/tprog3"
	sleep 0.1
	held_start 2000000 "$MKJAIL" "$J" "$S/bin/tprog3" >/dev/null 2>&1
	held_wait 2
	ln -sf "$S/bin/tprog3" "$J$S/bin/tprog3"
	wait "$HP"
	if [ -n "$HELD" ]; then
		expect_eq "a copy replaced by a link to its source while the run goes on: no manifest" "$([ -e "$M" ] && echo manifest)" ""
	else
		skip "a copy replaced by a link while the run goes on" "mkjail not seen held by strace"
	fi
else
	skip "a copy replaced by a link while the run goes on" "no strace, or one without inject"
fi

# A copy this run wrote, replaced in the jail by a FIFO while the run goes
# on: the check of what it wrote must not wait for a writer (root's tool
# blocked for ever, the jail's lock held): the run ends, no manifest.
if can_hold; then
	J=$BASE/mftamper4 M=$(manifest "$BASE/mftamper4")
	printf '#!/bin/sh\necho four\n' >"$S/bin/tprog4"; chmod 755 "$S/bin/tprog4"
	sleep 0.1
	HOLD_LIMIT=60 held_start 2000000 "$MKJAIL" "$J" "$S/bin/tprog4" >/dev/null 2>&1
	held_wait 3
	rm -f "$J$S/bin/tprog4"; mkfifo -m 755 "$J$S/bin/tprog4"
	wait "$HP"; rc=$?
	# whatever still waits on it (the mkjail before this case's fix)
	timeout 2 sh -c ': >"$1"' sh "$J$S/bin/tprog4" 2>/dev/null
	if [ -n "$HELD" ]; then
		expect_eq "a copy replaced by a FIFO while the run goes on: the run ends, no manifest" \
			"$rc $([ -e "$M" ] && echo manifest)" "0 "
		rm -f "$J$S/bin/tprog4"
		mk "$J" "$S/bin/tprog4"
		expect_eq "... and the next run puts the copy back" \
			"$RC $(cmp -s "$S/bin/tprog4" "$J$S/bin/tprog4" && echo same)" "0 same"
	else
		skip "a copy replaced by a FIFO while the run goes on" "mkjail not seen held by strace"
	fi
else
	skip "a copy replaced by a FIFO while the run goes on" "no strace, or one without inject"
fi

# A run adds a copy, then writes no manifest (it warned): the copies it
# added are in no manifest.  One altered since, its size and time kept,
# is still found by the next run, which compares every copy.
J=$BASE/mfprev M=$(manifest "$BASE/mfprev")
printf '#!/bin/sh\necho five\n' >"$S/bin/tprog5"; chmod 755 "$S/bin/tprog5"
cp "$S/bin/tprog5" "$S/bin/tsuid5"; chmod 4755 "$S/bin/tsuid5"
sleep 0.1
settled "$J" "$S/bin/tprog5"
in_use "a copy added by a run that wrote none" "$J" "$J" "$S/bin/tprog5"
mk "$J" "$S/bin/tprog5" "$S/bin/tsuid5"
expect_eq "a run that warned (set-uid bits stripped): it adds the copy, no manifest, the last good one set aside" \
	"$RC $([ -e "$M" ] && echo manifest) $([ -e "$M.prev" ] && echo prev) $([ -f "$J$S/bin/tsuid5" ] && echo added)" \
	"0  prev added"
printf '#!/bin/sh\necho BAD5\n' >"$J$S/bin/tsuid5"; touch -r "$S/bin/tsuid5" "$J$S/bin/tsuid5"
mk "$J" "$S/bin/tprog5" "$S/bin/tsuid5"
expect_eq "... a copy it added, altered since (size and time kept): the next run repairs it" \
	"$(cmp -s "$S/bin/tsuid5" "$J$S/bin/tsuid5" && echo same)" "same"
rm -f "$S/bin/tsuid5"

# A jail whose path holds a backslash: awk must not read it as an escape
# (the list of copies to compare came out empty, and an altered copy
# with its time put back was kept).
J="$BASE/mf\\tjail" M=$(manifest "$BASE/mf\\tjail")
settled "$J" "$S/bin/tprog5"
in_use "a jail path with a backslash" "$J" "$J" "$S/bin/tprog5"
printf '#!/bin/sh\necho BAD6\n' >"$J$S/bin/tprog5"; touch -r "$S/bin/tprog5" "$J$S/bin/tprog5"
mk "$J" "$S/bin/tprog5"
expect_eq "a jail path with a backslash: a copy altered, its time put back: repaired" \
	"$RC $OUT $(cmp -s "$S/bin/tprog5" "$J$S/bin/tprog5" && echo same)" "0 updated $S/bin/tprog5 same"
unmount_all
