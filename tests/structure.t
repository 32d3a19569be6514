#!/bin/bash
# The launcher's structure, checked on its objects (nm): few mutable
# globals, each one known, and no import circle between its files.
. "$(dirname "$0")/lib.sh"

objs=$(sed -n '/^OBJS/,/^$/p' "$SRCDIR/Makefile" | grep -oE '[a-z_]+\.o')
have=1
for o in $objs; do
	[ -f "$SRCDIR/$o" ] || have=
done
if [ -z "$have" ] || ! command -v nm >/dev/null; then
	skip "structure" "objects not built (run make) or nm missing"
	exit 0
fi

# Mutable globals: objects in writable data (.data, .bss; not
# .data.rel.ro, tables of pointers made read-only after relocation).  Each must be one of these, which
# their files say why they are global:
#   err.o failure      the failure being reported, from any depth
#   daemon.o status_fd the watcher's pipe, for the reporting point
#   daemon.o pf        the pidfile, removed by the reporting point
#   scmp.o lib         libseccomp's functions, once loaded (scmp.h)
known="err.o:failure daemon.o:status_fd daemon.o:pf scmp.o:lib"
found=
for o in $objs; do
	while read -r name; do
		found="$found $o:${name%%.*}"
	done < <(objdump -t "$SRCDIR/$o" | awk '$4 ~ /^\.(data|bss)(\.|$)/ && $4 !~ /^\.data\.rel\.ro/ && $3 == "O" {print $NF}')
done
found=$(tr ' ' '\n' <<<"$found" | sed '/^$/d' | sort | paste -sd' ')
known=$(tr ' ' '\n' <<<"$known" | sort | paste -sd' ')
expect_eq "the launcher's mutable globals are the known ones" "$found" "$known"
n=$(wc -w <<<"$found")
[ "$n" -le 4 ] && pass "at most 4 mutable globals ($n)" || fail "at most 4 mutable globals" "$n: $found"

# Who uses whom: file A imports B when A uses a symbol B defines.  No
# circle: the files can be read (and tested) from the bottom up.
defs=$(for d in $objs; do
	nm --defined-only -g "$SRCDIR/$d" | awk -v f="${d%.o}" 'NF == 3 {print $3, f}'
done)
edges=$(for o in $objs; do
	nm -u "$SRCDIR/$o" | awk -v f="${o%.o}" 'NF == 2 {print $2, f}'
done | awk 'NR == FNR {def[$1] = $2; next}
	($1 in def) && def[$1] != $2 {print $2, def[$1]}' <(printf '%s\n' "$defs") - | sort -u)
[ -n "$edges" ] && pass "the files' imports are found ($(wc -l <<<"$edges") edges)" ||
	fail "the files' imports are found" "none: nm output not understood"
if loop=$(tsort <<<"$edges" 2>&1 >/dev/null); then
	pass "no import circle between the launcher's files"
else
	fail "no import circle between the launcher's files" "$(tr '\n' ' ' <<<"$loop")"
fi

# No product function longer than 80 lines (from its name to its "}").
long=$(for o in $objs; do
	awk -v f="${o%.o}.c" '/^[a-z_][a-z_0-9]*\(/ {name = $0; start = NR}
		/^}/ && start {if (NR - start > 80) print f ": " NR - start " " name; start = 0}' \
		"$SRCDIR/${o%.o}.c"
done)
expect_eq "no product function is longer than 80 lines" "$long" ""
