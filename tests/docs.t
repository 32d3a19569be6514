#!/bin/bash
# The documentation: the man page lints clean, and --help, runjail.8 and the
# README name the same long options.
. "$(dirname "$0")/lib.sh"

if command -v mandoc >/dev/null; then
	out=$(mandoc -Tlint -W warning "$SRCDIR/runjail.8" 2>&1)
	expect_eq "mandoc -Tlint runjail.8 is clean" "$out" ""
else
	skip "mandoc -Tlint" "mandoc not installed"
fi

help_opts=$("$RUNJAIL" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
man_opts=$(grep -oE '^\.It Fl .*' "$SRCDIR/runjail.8" | grep -oE 'Fl \\-[a-z][a-z-]*' |
	sed 's/Fl \\-/--/' | sort -u)
readme_opts=$(sed -n '/^Options in brief/,/^Exit status/p' "$SRCDIR/README" |
	grep -oE -- '--[a-z][a-z-]*' | sort -u)
expect_eq "--help and runjail.8 document the same long options" "$help_opts" "$man_opts"
expect_eq "--help and README document the same long options" \
	"$(grep -vx -- '--help\|--version' <<<"$help_opts")" "$readme_opts"
