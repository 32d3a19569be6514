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
