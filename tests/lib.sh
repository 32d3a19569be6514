# shellcheck shell=bash
# tests/lib.sh: sourced by every tests/*.t script.
#
# A test file reports each case with pass/fail/skip; tests/run adds them up.
# Environment set by tests/run (or by hand):
#   SRCDIR   the source tree          RUNJAIL  the runjail binary under test
#   PROBE    the static probe         RESULTS  file the counts are appended to
#   WORK     a scratch directory, root-owned 0755, removed by tests/run

: "${SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${RUNJAIL:=$SRCDIR/runjail}"
: "${PROBE:=$SRCDIR/tests/probe}"
: "${RESULTS:=/dev/null}"
: "${WORK:=$(mktemp -d)}"
T_NAME=$(basename "$0" .t)

pass() { printf 'ok   %s: %s\n' "$T_NAME" "$1"; echo pass >>"$RESULTS"; }
fail() { printf 'FAIL %s: %s\n' "$T_NAME" "$1"; [ $# -gt 1 ] && printf '     %s\n' "${@:2}"; echo fail >>"$RESULTS"; }
skip() { printf 'skip %s: %s (%s)\n' "$T_NAME" "$1" "$2"; echo skip >>"$RESULTS"; }

# need_root NAME: skip the rest of the file, visibly, when not root.
need_root() {
	if [ "$(id -u)" -ne 0 ]; then skip "${1:-all cases}" "needs root"; exit 0; fi
}

# check NAME CMD...: one case from a command's exit status.
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "command failed: $*"; fi; }

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  '$2'" "want: '$3'"; fi
}

# expect_match NAME TEXT EXTENDED-REGEX
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then pass "$1"; else fail "$1" "text: '$2'" "does not match: $3"; fi
}

# run_rj ARGS...: runs runjail, sets RJ_OUT, RJ_ERR, RJ_RC.
run_rj() {
	RJ_OUT=$("$RUNJAIL" "$@" 2>"$WORK/.stderr"); RJ_RC=$?
	RJ_ERR=$(cat "$WORK/.stderr")
}

# expect_fail NAME STATUS STDERR-REGEX ARGS...: runjail must fail with STATUS,
# one line on stderr starting "runjail: " and matching the regex.
expect_fail() {
	local n=$1 st=$2 re=$3; shift 3
	run_rj "$@"
	local lines; lines=$(printf '%s' "$RJ_ERR" | grep -c '')
	if [ "$RJ_RC" -ne "$st" ]; then fail "$n" "exit $RJ_RC, want $st" "stderr: $RJ_ERR"; return; fi
	if [ "$lines" -ne 1 ] || ! printf '%s\n' "$RJ_ERR" | grep -Eq -- "^runjail: .*$re"; then
		fail "$n" "stderr not one matching line: '$RJ_ERR'" "want: runjail: ...$re"; return
	fi
	pass "$n"
}

# probe_val KEY: the value of KEY= in the last probe output ($RJ_OUT).
probe_val() { printf '%s\n' "$RJ_OUT" | sed -n "s|^$1=||p" | head -n 1; }

# tap_run NAME CMD...: a C unit-test program printing "ok X" / "not ok X"
# lines.  A program that reports no case at all has failed.
tap_run() {
	local n=$1 line out rc cases=0; shift
	out=$("$@" 2>&1); rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "$n: ${line#ok }"; cases=$((cases + 1)) ;;
		"not ok "*) fail "$n: ${line#not ok }"; cases=$((cases + 1)) ;;
		*) [ -n "$line" ] && printf '     %s\n' "$line" ;;
		esac
	done <<<"$out"
	[ "$rc" -eq 0 ] || fail "$n: exit status $rc"
	[ "$cases" -gt 0 ] || fail "$n: reported no test case"
}

# make_jail DIR: a minimal test jail: the static probe, static busybox (if
# installed) with sh/echo/cat links, proc/ and a sticky tmp/, all root-owned.
make_jail() {
	local d=$1
	mkdir -p "$d/proc" "$d/tmp" "$d/bin" "$d/etc"
	chmod 755 "$d" "$d/proc" "$d/bin" "$d/etc"
	chmod 1777 "$d/tmp"
	cp "$PROBE" "$d/probe"
	if [ -x /bin/busybox ]; then
		cp /bin/busybox "$d/bin/busybox"
		for l in sh echo cat id ls; do ln -sf busybox "$d/bin/$l"; done
	fi
}

# mountset: the host's mount points, for "nothing left mounted" checks.
mountset() { awk '{print $5}' /proc/self/mountinfo | sort; }

# setuid_setup NAME: a set-user-ID root copy of runjail in $WORK/NAME-sbin
# ($S), a test jail $WORK/NAME-jail ($J), rjuser's uid ($RJU), and the
# profile directory ($PDIR; created_pdir=1 if this made it).
# shellcheck disable=SC2034 # set for the test file that calls it
setuid_setup() {
	S=$WORK/$1-sbin/runjail
	mkdir -p "$WORK/$1-sbin"
	install -m 4755 -o root -g root "$RUNJAIL" "$S"
	J=$WORK/$1-jail
	make_jail "$J"
	RJU=$(id -u rjuser)
	PDIR=/etc/runjail
	[ -d $PDIR ] || { mkdir -m 755 $PDIR; created_pdir=1; }
}

# as_user CMD...: run as rjuser with its own groups, keeping the environment.
as_user() { setpriv --reuid=rjuser --regid=rjuser --init-groups -- "$@"; }
# sx NAME STATUS REGEX ARGS...: the set-uid binary, run by rjuser.
sx() {
	local n=$1 st=$2 re=$3; shift 3
	RUNJAIL_SAVED=$RUNJAIL; RUNJAIL="as_user $S"
	RJ_OUT=$(as_user "$S" "$@" 2>"$WORK/.stderr"); RJ_RC=$?
	RJ_ERR=$(cat "$WORK/.stderr"); RUNJAIL=$RUNJAIL_SAVED
	if [ "$RJ_RC" -ne "$st" ]; then fail "$n" "exit $RJ_RC, want $st" "stderr: $RJ_ERR"; return; fi
	if [ "$st" -ne 0 ] && ! printf '%s\n' "$RJ_ERR" | grep -Eq -- "^runjail: .*$re"; then
		fail "$n" "stderr: '$RJ_ERR'" "want: runjail: ...$re"; return
	fi
	if [ "$st" -ne 0 ] && [ "$(printf '%s' "$RJ_ERR" | grep -c '')" -ne 1 ]; then
		fail "$n" "not one line: '$RJ_ERR'"; return
	fi
	pass "$n"
}
