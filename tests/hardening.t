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
