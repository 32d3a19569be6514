#!/bin/bash
# runjail --check: silent on a clean jail built by contrib/mkjail, and finds
# each problem planted in one.
. "$(dirname "$0")/lib.sh"
need_root "--check tests"

MKJAIL=$SRCDIR/contrib/mkjail
[ -x "$MKJAIL" ] || { skip "--check" "contrib/mkjail missing"; exit 0; }
fresh() { rm -rf "$WORK/chk"; "$MKJAIL" "$WORK/chk" "$@" >/dev/null || fail "mkjail $*"; }
C=$WORK/chk
chk() { run_rj --check -r "$C" -u nobody "$@"; }
finds() { # NAME REGEX ARGS...: --check exits 1 and reports the regex
	local n=$1 re=$2; shift 2
	chk "$@"
	if [ "$RJ_RC" -ne 1 ]; then fail "$n" "exit $RJ_RC, want 1" "$RJ_OUT $RJ_ERR"; return; fi
	expect_match "$n" "$RJ_OUT" "$re"
}

fresh /bin/ls
chk -- /bin/ls
expect_eq "clean jail: exit 0" "$RJ_RC" 0
expect_eq "clean jail: no warning or error" "$(grep -cE '^(warning|error):' <<<"$RJ_OUT")" 0
run_rj -r "$C" -u nobody -- /bin/ls /
expect_eq "and the clean jail really runs ls" "$RJ_RC" 0

loader=$(readelf -l /bin/ls | sed -n 's/.*interpreter: \(.*\)]/\1/p')
rm -f "$C$loader"
finds "missing ELF loader" "^error: /bin/ls: $loader: ELF interpreter missing" -- /bin/ls

if [ -x /usr/bin/openssl ] && ldd /usr/bin/openssl | grep -q libssl; then
	fresh /usr/bin/openssl
	crypto=$(ldd /usr/bin/openssl | awk '/libcrypto/ {print $3}')
	rm -f "$C$crypto" "$C$(readlink -f "$crypto")"
	finds "missing nested library (libssl needs libcrypto)" "error: .*libcrypto\.so" -- /usr/bin/openssl
else
	skip "missing nested library" "openssl not installed"
fi

fresh /bin/ls
finds "command not in the jail" "^error: nosuch: command not found in the jail" -- nosuch
cp "$C/usr/bin/ls" "$C/usr/bin/suid"; chmod 4755 "$C/usr/bin/suid"
finds "set-uid file" "^warning: /usr/bin/suid: set-user-ID file"
rm "$C/usr/bin/suid"
mknod "$C/dev/mem" c 1 1
finds "/dev/mem-like device node" "^warning: /dev/mem: device node \(character 1,1\)"
rm "$C/dev/mem"
mkdir -m 777 "$C/spool"; chmod 777 "$C/spool"
finds "world-writable directory without sticky bit" "^warning: /spool: world-writable directory without the sticky bit"
rmdir "$C/spool"
chown nobody "$C/usr/bin"
finds "bin directory writable by the target user" "^warning: /usr/bin/ls: its directory is writable by nobody"
chown root "$C/usr/bin"
chown nobody "$C"
finds "jail root not owned by root" "^warning: $C: not owned by root"
chown root "$C"
ln "$C/usr/bin/ls" "$C/usr/bin/ls-hardlink"
finds "hard link" "^warning: /usr/bin/ls: 2 hard links"
rm "$C/usr/bin/ls-hardlink"
ln -s busybox "$C/usr/bin/sh" 2>/dev/null; cp /bin/busybox "$C/usr/bin/busybox" 2>/dev/null
chk
expect_match "shells are reported as information" "$RJ_OUT" "^info: /usr/bin/busybox: a shell"
expect_eq "information alone is not a finding" "$RJ_RC" 0

# The command is looked for along the PATH it will have: with
# --keep-env PATH, the caller's (the launch's own search).
fresh /bin/ls
mkdir -p "$C/opt/tools"; mv "$C/usr/bin/ls" "$C/opt/tools/ls"
RJ_OUT=$(PATH=/opt/tools "$RUNJAIL" --check -r "$C" -u nobody --keep-env PATH -- ls 2>&1); RJ_RC=$?
expect_eq "--check follows --keep-env PATH, as the launch does" "$RJ_RC:$(grep -c 'not found' <<<"$RJ_OUT")" 0:0
RJ_OUT=$(PATH=/opt/tools "$RUNJAIL" -r "$C" -u nobody --keep-env PATH -- ls / 2>&1); RJ_RC=$?
expect_eq "and the launch finds it there" "$RJ_RC" 0
mv "$C/opt/tools/ls" "$C/usr/bin/ls"

run_rj --check -r /nonexistent/jail -u nobody
expect_eq "--check on a missing root: exit 125" "$RJ_RC" 125

# The whole jail, not the command only: a CGI script whose interpreter is
# missing, another program missing a library.
fresh /bin/sh /bin/ls
mkdir -p "$C/cgi-bin"
printf '#!/bin/bash\necho hi\n' >"$C/cgi-bin/hello.cgi"
chmod 755 "$C/cgi-bin/hello.cgi"
finds "a script of the jail's whose interpreter is missing, named" \
	"error: /cgi-bin/hello.cgi: /bin/bash: script interpreter missing" -- /bin/sh
libsel=$(ldd /bin/ls | awk '/libselinux/ {print $3}')
if [ -n "$libsel" ]; then
	printf '#!/bin/sh\necho hi\n' >"$C/cgi-bin/hello.cgi"
	rm -f "$C$libsel" "$C$(readlink -f "$libsel")"
	finds "another program of the jail missing a library, named (the command is fine)" \
		"error: /(usr/)?bin/ls: libselinux\.so\.1" -- /bin/sh
else
	skip "another program missing a library" "ls is not linked with libselinux here"
fi
fresh /bin/sh /bin/ls
mkdir -p "$C/cgi-bin"
printf '#!/bin/sh\necho hi\n' >"$C/cgi-bin/hello.cgi"
chmod 755 "$C/cgi-bin/hello.cgi"
chk -- /bin/sh
expect_eq "control: the same jail with the script's interpreter and every library: clean" \
	"$RJ_RC $(grep -cE '^(warning|error):' <<<"$RJ_OUT")" "0 0"
