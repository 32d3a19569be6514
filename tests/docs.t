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

# The steps of the launch: runjail.c numbers them in comments "/* N. ...",
# runjail.8 lists them under "Order of operations".  The same count, the
# code's numbers 1..N each once, and each step about the same thing.
code_steps=$(grep -oE '^	/\* [0-9]+\. ' "$SRCDIR/runjail.c" | tr -dc '0-9\n' | sort -n | paste -sd' ')
man_items=$(awk '/^\.Ss Order of operations/ {p = 1} p && /^\.It/ {n++} p && /^\.El/ {print n; exit}' \
	"$SRCDIR/runjail.8")
expect_eq "runjail.c numbers its steps 1..N, each once" "$code_steps" "$(seq -s ' ' 1 "${man_items:-0}")"
# step N: a word that both the code's comment and the man page's item hold
keys=("" "argc" "option" "policy" "reset" "seccomp" "pidfile" "namespace" "chroot"
	"limits" "capabilit" "no_new_privs" "keyring" "working directory" "signal"
	"output files" "seccomp")
bad=
for n in $(seq 1 "${man_items:-0}"); do
	item=$(awk -v n="$n" '/^\.Ss Order of operations/ {p = 1} p && /^\.It/ {i++; next}
		p && /^\.El/ {exit} p && i == n' "$SRCDIR/runjail.8" | tr '\n' ' ')
	step=$(awk -v n="$n" '$0 ~ "^\t/\\* " n "\\. " {p = 1} p {print} p && /\*\// {exit}' \
		"$SRCDIR/runjail.c" | tr '\n' ' ')
	grep -qi -- "${keys[$n]}" <<<"$item" || bad="$bad man:$n"
	grep -qi -- "${keys[$n]}" <<<"$step" || bad="$bad code:$n"
done
expect_eq "each step of runjail.c and of runjail.8 is about the same thing" "$bad" ""
