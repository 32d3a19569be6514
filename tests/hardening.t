#!/bin/bash
# The hardening of the built runjail (a set-uid program): PIE, full RELRO,
# stack protector, FORTIFY_SOURCE, CET (IBT and SHSTK), non-executable
# stack.  Read from the ELF file with readelf; nothing is run.
. "$(dirname "$0")/lib.sh"

if ! command -v readelf >/dev/null; then
	skip "hardening flags" "readelf missing (binutils)"; exit 0
fi
case $RUNJAIL in
*-asan | *-ubsan | *-msan | *-tsan)
	skip "hardening flags" "$RUNJAIL is a sanitizer build"; exit 0 ;;
esac
if readelf -d "$RUNJAIL" 2>/dev/null | grep -Eq 'NEEDED.*lib(a|ub|t)san'; then
	skip "hardening flags" "$RUNJAIL is a sanitizer build"; exit 0
fi
if [ ! -f "$RUNJAIL" ]; then fail "hardening flags" "no $RUNJAIL"; exit 0; fi

hdr=$(readelf -hW "$RUNJAIL"); phdr=$(readelf -lW "$RUNJAIL")
dyn=$(readelf -dW "$RUNJAIL"); dsyms=$(readelf --dyn-syms -W "$RUNJAIL")
notes=$(readelf -nW "$RUNJAIL")

expect_match "PIE: ELF type DYN" "$hdr" "Type:[[:space:]]+DYN"
expect_match "PIE: DF_1_PIE flag" "$dyn" "FLAGS_1.*PIE"
expect_match "RELRO: GNU_RELRO segment" "$phdr" "GNU_RELRO"
expect_match "full RELRO: BIND_NOW" "$dyn" "\((BIND_NOW|FLAGS)\).*(BIND_NOW|NOW)"
expect_match "full RELRO: FLAGS_1 NOW" "$dyn" "FLAGS_1.*NOW"
expect_match "stack protector: __stack_chk_fail" "$dsyms" "UND __stack_chk_fail"
expect_match "FORTIFY_SOURCE: __*_chk functions" "$dsyms" "UND __[a-z]+_chk(@|$)"
# CET: the link keeps the IBT/SHSTK property only if every input object has
# it.  Debian 12's glibc start files (Scrt1.o, crti.o, crtn.o) have none, so
# no program linked there is marked, whatever -fcf-protection did: then the
# objects of runjail are checked instead, and the binary's marking skipped.
crt=$(${CC:-cc} -print-file-name=Scrt1.o 2>/dev/null)
for f in IBT SHSTK; do
	if printf '%s\n' "$notes" | grep -Eq "x86 feature:.*$f"; then
		pass "CET: $f"
	elif [ -f "$crt" ] && ! readelf -nW "$crt" | grep -q "x86 feature:.*$f"; then
		skip "CET: $f in $RUNJAIL" "the C library's $crt has no $f note, so the link drops it"
		if [ -f "$SRCDIR/runjail.o" ]; then
			expect_match "CET: $f in runjail.o (-fcf-protection)" \
				"$(readelf -nW "$SRCDIR/runjail.o")" "x86 feature:.*$f"
		fi
	else
		fail "CET: $f" "no x86 feature $f note in $RUNJAIL"
	fi
done
stack=$(printf '%s\n' "$phdr" | grep GNU_STACK)
if [ -z "$stack" ]; then
	fail "non-executable stack" "no GNU_STACK header (the stack would be executable)"
else
	expect_eq "non-executable stack: GNU_STACK RW" "$(awk '{print $7}' <<<"$stack")" RW
fi

# --- The default build needs the C library alone at start: libcap-ng's
# names are read at build time, libseccomp is loaded when a launch needs
# it (seccomp.t checks which launches map it).  make STATIC_LIBS=1:
# libseccomp linked in, the C library shared (NSS keeps working), the
# hardening unchanged; it launches. ------------------------------------------
expect_eq "the default build: the C library its only NEEDED library" \
	"$(printf '%s\n' "$dyn" | grep NEEDED | grep -o '\[.*\]' | paste -sd' ' -)" "[libc.so.6]"
expect_match "control: the default build loads libseccomp with dlopen" "$dsyms" "UND dlopen(@|$)"
if [ "$(id -u)" -ne 0 ] || ! git -C "$SRCDIR" rev-parse --git-dir >/dev/null 2>&1; then
	skip "STATIC_LIBS=1 build" "needs root and a git checkout"; exit 0
fi
B=$WORK/static-libs
mkdir -p "$B"
(cd "$SRCDIR" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$B"
if ! make -s -C "$B" STATIC_LIBS=1 runjail >"$WORK/static-libs.log" 2>&1; then
	fail "STATIC_LIBS=1 builds" "$(tail -n 5 "$WORK/static-libs.log")"; exit 0
fi
sdyn=$(readelf -dW "$B/runjail")
expect_eq "STATIC_LIBS=1: the C library shared, libseccomp linked in, no dlopen" \
	"$(printf '%s\n' "$sdyn" | grep NEEDED | grep -o '\[.*\]' | paste -sd' ' -):$(readelf -sW "$B/runjail" | grep -c ' FUNC .* seccomp_export_bpf$'):$(readelf --dyn-syms -W "$B/runjail" | grep -c 'UND dlopen')" \
	"[libc.so.6]:1:0"
expect_match "STATIC_LIBS=1: PIE and full RELRO kept" "$sdyn" "FLAGS_1.*NOW.*PIE|FLAGS_1.*PIE.*NOW"
SJ=$WORK/static-libs-jail
make_jail "$SJ"
# shellcheck disable=SC2034 # RJ_OUT is what probe_val reads
RJ_OUT=$("$B/runjail" -r "$SJ" -u nobody -G '' -c net_bind_service -s default -- /probe 2>&1)
expect_eq "STATIC_LIBS=1: a launch by user name (NSS), with a capability and a filter" \
	"$(probe_val uid)|$(probe_val cap_eff)|$(probe_val seccomp)" "65534 65534 65534|0000000000000400|2"

# --- make STATIC=1: static-pie, no program interpreter, no library ever
# loaded: names from /etc/passwd and /etc/group alone, whatever
# /etc/nsswitch.conf names (a static binary cannot load an NSS module
# safely).  The nsswitch.conf below names a module for every database
# runjail uses, initgroups too (which getgrouplist follows): the default
# build goes looking for it, the static one does not, and both resolve
# the same groups from the files. --------------------------------------------
B=$WORK/static
mkdir -p "$B"
(cd "$SRCDIR" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$B"
if ! make -s -C "$B" STATIC=1 runjail >"$WORK/static.log" 2>&1; then
	fail "STATIC=1 builds" "$(tail -n 5 "$WORK/static.log")"; exit 0
fi
sphdr=$(readelf -lW "$B/runjail"); sdyn=$(readelf -dW "$B/runjail")
expect_eq "STATIC=1: no program interpreter, no NEEDED library" \
	"$(grep -c INTERP <<<"$sphdr"):$(grep -c NEEDED <<<"$sdyn")" "0:0"
expect_match "STATIC=1: PIE (type DYN)" "$(readelf -hW "$B/runjail")" "Type:[[:space:]]+DYN"
expect_eq "STATIC=1: full RELRO (GNU_RELRO, FLAGS_1 NOW)" \
	"$(grep -c GNU_RELRO <<<"$sphdr"):$(grep -c 'FLAGS_1.*NOW' <<<"$sdyn")" "1:1"
expect_match "STATIC=1: -V says where names come from" \
	"$("$B/runjail" -V)" "^runjail [0-9.]+ \(static: users and groups from /etc/passwd and /etc/group only\)$"
SJ=$WORK/static-jail
make_jail "$SJ"
# shellcheck disable=SC2034 # RJ_OUT is what probe_val reads
RJ_OUT=$("$B/runjail" -r "$SJ" -u nobody -G '' -c net_bind_service -s default -- /probe 2>&1)
expect_eq "STATIC=1: a launch by user name, with a capability and a filter" \
	"$(probe_val uid)|$(probe_val cap_eff)|$(probe_val seccomp)" "65534 65534 65534|0000000000000400|2"
if ! command -v strace >/dev/null || ! command -v unshare >/dev/null; then
	skip "STATIC=1: NSS modules" "strace or unshare missing"; exit 0
fi
printf '%s\n' "passwd: files rjtestmod" "group: files rjtestmod" \
	"initgroups: files rjtestmod" >"$WORK/nsswitch.conf"
# nss_run BINARY USER: USER's launch (groups from the database) with that
# nsswitch.conf, in a mount namespace of its own; prints the probe's
# groups line, then how many times a libnss_ file was opened.  nobody is
# in no group's list, so the files answer "not found" for its groups and
# the C library goes on to the next module named.
nss_run() {
	unshare -m sh -c 'mount --bind "$1" /etc/nsswitch.conf &&
		strace -f -qq -e trace=openat -o "$2" "$3" -r "$4" -u "$5" -- /probe' \
		_ "$WORK/nsswitch.conf" "$WORK/strace.out" "$1" "$SJ" "$2" 2>&1 | grep '^groups='
	grep -c 'libnss_' "$WORK/strace.out"
}
dout=$(nss_run "$RUNJAIL" nobody)
sout=$(nss_run "$B/runjail" nobody)
expect_match "control: the default build looks for the module nsswitch.conf names" \
	"$(tail -n 1 <<<"$dout")" "^[1-9][0-9]*$"
expect_eq "STATIC=1: no NSS module looked for; nobody's groups as the default build's" \
	"$sout" "$(head -n 1 <<<"$dout")
0"
sout=$(nss_run "$B/runjail" rjuser)
expect_eq "STATIC=1: rjuser's groups from /etc/group (its own, rjg1, rjg2), no module" \
	"$sout" "groups=$(id -G rjuser | tr ' ' '\n' | sort -n | paste -sd, -)
0"
# Last, as it rebuilds runjail.o in $B: STATIC=1 with STATIC_LIBS=0 would
# be a static binary that dlopen()s libseccomp.so (and with it a second C
# library and the loader) for a policy file: refused at build time.
if make -s -B -C "$B" STATIC=1 STATIC_LIBS=0 runjail.o >"$WORK/static0.log" 2>&1; then
	fail "STATIC=1 STATIC_LIBS=0: refused at build time" "it built"
else
	expect_match "STATIC=1 STATIC_LIBS=0: refused at build time" \
		"$(cat "$WORK/static0.log")" "STATIC=1 needs STATIC_LIBS=1"
fi
