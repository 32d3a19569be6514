#!/bin/bash
# tests/elf.t: the ELF module.  The unit tests (tests/elf_unit), then
# elf_check_deps through tests/elf_deps on small jails built under $WORK
# from copies of the host's own programs and libraries.
. "$(dirname "$0")/lib.sh"

UNIT=$SRCDIR/tests/elf_unit
DEPS=$SRCDIR/tests/elf_deps
LD64=/lib64/ld-linux-x86-64.so.2
LIBDIR=/lib/x86_64-linux-gnu

if [ -x "$UNIT" ]; then tap_run unit "$UNIT"; else fail "unit" "$UNIT not built"; fi
need_root "jail cases"
if [ ! -x "$DEPS" ]; then fail "jail cases" "$DEPS not built"; exit 0; fi

# copy_in JAIL FILE [AS]: copy a host file (symlinks followed) into a jail.
copy_in() {
	local dst=$1${3:-$2}
	mkdir -p "$(dirname "$dst")" && cp -L "$2" "$dst"
}

# libs_of PROGRAM: the host paths ldd gives for its libraries and loader.
libs_of() {
	ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}

# new_jail PROGRAM...: a jail holding the programs, their libraries and the
# loader at the host's paths; its directory in $J.
new_jail() {
	local p l
	J=$(mktemp -d "$WORK/elf.XXXXXX")
	for p; do
		copy_in "$J" "$p"
		for l in $(libs_of "$p"); do copy_in "$J" "$l"; done
	done
}

# deps NAME WANT PATH: elf_deps on $J must print exactly WANT.
deps() {
	local out
	out=$("$DEPS" "$J" "$3" 2>&1)
	expect_eq "$1" "$out" "$2"
}

nl=$'\n'

# (a), (b): /bin/ls complete, then without the loader or a nested library.
new_jail /bin/ls
deps "ls: complete jail" "COUNT 0" /bin/ls
mv "$J$LD64" "$J/ld.saved"
deps "ls: no loader" "MISSING /bin/ls $LD64 ELF interpreter missing${nl}COUNT 1" /bin/ls
mv "$J/ld.saved" "$J$LD64"
mv "$J$LIBDIR/libpcre2-8.so.0" "$J/pcre.saved"
deps "ls: nested library (libselinux needs libpcre2)" \
	"MISSING $LIBDIR/libselinux.so.1 libpcre2-8.so.0 library not found${nl}COUNT 1" /bin/ls

# (e) Symlinks resolve inside the jail.  The library is on the host at the
# link's target, not in the jail: it must be missing.
mkdir -p "$J/usr$LIBDIR"
ln -s "$LIBDIR/libpcre2-8.so.0" "$J/usr$LIBDIR/libpcre2-8.so.0"
if [ -e "$LIBDIR/libpcre2-8.so.0" ]; then
	deps "symlink: absolute target only on the host" \
		"MISSING $LIBDIR/libselinux.so.1 libpcre2-8.so.0 library not found${nl}COUNT 1" /bin/ls
else
	skip "symlink: absolute target only on the host" "no host $LIBDIR/libpcre2-8.so.0"
fi
ln -sfn "../../../../../../../../../../..$LIBDIR/libpcre2-8.so.0" "$J/usr$LIBDIR/libpcre2-8.so.0"
deps "symlink: .. stops at the jail root" \
	"MISSING $LIBDIR/libselinux.so.1 libpcre2-8.so.0 library not found${nl}COUNT 1" /bin/ls
mkdir -p "$J/opt/real" && mv "$J/pcre.saved" "$J/opt/real/libpcre2-8.so.0"
ln -sfn /opt/real/libpcre2-8.so.0 "$J/usr$LIBDIR/libpcre2-8.so.0"
deps "symlink: absolute target inside the jail" "COUNT 0" /bin/ls
ln -s /bin/ls "$J/bin/ls-link"
deps "symlink: the program itself" "COUNT 0" /bin/ls-link

# (d) Scripts.
printf '#!/bin/missing-sh\necho hi\n' >"$J/script"
deps "script: interpreter missing" "MISSING /script /bin/missing-sh script interpreter missing${nl}COUNT 1" /script
printf '#! /bin/ls -l\n' >"$J/script"
deps "script: ELF interpreter checked" "COUNT 0" /script
printf '#!/script\n' >"$J/script2"
mv "$J$LD64" "$J/ld.saved"
deps "script: of a script, loader missing" "MISSING /bin/ls $LD64 ELF interpreter missing${nl}COUNT 1" /script2
mv "$J/ld.saved" "$J$LD64"
printf 'hello\n' >"$J/text"
deps "neither ELF nor script: not ours" "COUNT 0" /text

# (g) A library of the wrong class is passed over, as ld.so does.
if [ -f /usr/lib32/libc.so.6 ]; then
	mv "$J$LIBDIR/libc.so.6" "$J/libc.saved"
	cp /usr/lib32/libc.so.6 "$J$LIBDIR/libc.so.6"
	deps "wrong class: 32-bit libc only" "MISSING /bin/ls libc.so.6 library not found${nl}COUNT 1" /bin/ls
	mv "$J/libc.saved" "$J/usr$LIBDIR/libc.so.6"
	deps "wrong class: skipped, 64-bit found later" "COUNT 0" /bin/ls

	# A 32-bit object: the i386 loader and search path.
	new_jail
	copy_in "$J" /usr/lib32/libc.so.6 /lib32/libc.so.6
	deps "i386: loader missing" "MISSING /lib32/libc.so.6 /lib/ld-linux.so.2 ELF interpreter missing${nl}COUNT 1" /lib32/libc.so.6
	copy_in "$J" /lib/ld-linux.so.2
	deps "i386: complete" "COUNT 0" /lib32/libc.so.6
else
	skip "wrong class, i386" "no /usr/lib32/libc.so.6 (libc6-i386)"
fi

# Not there at all: an error, not a report.
out=$("$DEPS" "$J" /nonexistent 2>&1); rc=$?
expect_eq "missing program: exit status" "$rc" 2
expect_match "missing program: ENOENT" "$out" "No such file or directory"

# A static program.
if [ -x /bin/busybox ]; then
	new_jail
	copy_in "$J" /bin/busybox
	deps "static busybox" "COUNT 0" /bin/busybox
else
	skip "static busybox" "busybox-static not installed"
fi

# (c) libcrypto missing: openssl needs it itself (reported once, against
# openssl); a program linked with libssl alone needs it through libssl.
if [ -x /usr/bin/openssl ]; then
	new_jail /usr/bin/openssl
	crypto=$(libs_of /usr/bin/openssl | grep libcrypto)
	rm -f "$J$crypto"
	deps "openssl: libcrypto reported once" \
		"MISSING /usr/bin/openssl libcrypto.so.3 library not found${nl}COUNT 1" /usr/bin/openssl
else
	skip "openssl: libcrypto reported once" "no /usr/bin/openssl"
fi
prog=$WORK/elf-sslprog
if printf '%s\n' 'int OPENSSL_init_ssl(unsigned long long, const void *);' \
	'int main(void) { return !OPENSSL_init_ssl(0, 0); }' |
	"${CC:-cc}" -x c - -o "$prog" -lssl 2>/dev/null &&
	! readelf -d "$prog" | grep -q 'NEEDED.*libcrypto'; then
	new_jail "$prog"
	ssl=$(libs_of "$prog" | grep libssl)
	crypto=$(libs_of "$prog" | grep libcrypto)
	rm -f "$J$crypto"
	deps "libssl needs libcrypto" "MISSING $ssl libcrypto.so.3 library not found${nl}COUNT 1" "$prog"
else
	skip "libssl needs libcrypto" "cannot link a program with -lssl only (libssl-dev?)"
fi

# (f) The jail's own ld.so.cache, in each format ldconfig writes; the
# host's cache, copied in, does not help.
new_jail
copy_in "$J" /bin/ls
copy_in "$J" "$LD64"
for l in $(libs_of /bin/ls | grep -v ld-linux); do copy_in "$J" "$l" "/opt/lib/${l##*/}"; done
want_none="MISSING /bin/ls libselinux.so.1 library not found${nl}MISSING /bin/ls libc.so.6 library not found${nl}COUNT 2"
deps "cache: none" "$want_none" /bin/ls
copy_in "$J" /etc/ld.so.cache
deps "cache: the host's is no use" "$want_none" /bin/ls
echo /opt/lib >"$J/etc/ld.so.conf"
for fmt in new old compat; do
	if ldconfig -r "$J" -c "$fmt" 2>/dev/null; then
		deps "cache: $fmt format" "COUNT 0" /bin/ls
	else
		skip "cache: $fmt format" "ldconfig -c $fmt failed"
	fi
done
head -c 100 "$J/etc/ld.so.cache" >"$J/etc/c" && mv "$J/etc/c" "$J/etc/ld.so.cache"
deps "cache: truncated" "$want_none" /bin/ls
head -c 4096 /dev/urandom >"$J/etc/ld.so.cache"
deps "cache: garbage" "$want_none" /bin/ls

# valgrind on the driver, when valgrind knows openat2 (3.19 does not).
new_jail /bin/ls
if ! command -v valgrind >/dev/null; then
	skip "valgrind" "not installed"
elif [ "$(valgrind -q "$DEPS" / /bin/true 2>/dev/null)" != "COUNT 0" ]; then
	skip "valgrind" "cannot run elf_deps here (valgrind 3.19 lacks openat2)"
else
	check "valgrind: elf_deps clean" valgrind -q --leak-check=full \
		--errors-for-leak-kinds=all --error-exitcode=9 "$DEPS" "$J" /bin/ls
fi
