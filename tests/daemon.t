#!/bin/bash
# -b, --pidfile, --stdout, --stderr: the daemon side of the launch.
. "$(dirname "$0")/lib.sh"
need_root "daemon tests"

J=$WORK/djail
make_jail "$J"
P=$WORK/run/d.pid
mkdir -p "$WORK/run" "$WORK/log"
# A zombie (killed, not yet reaped by whoever adopted it) is not alive.
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
stop() { kill "$1" 2>/dev/null; for _ in $(seq 50); do alive "$1" || return 0; sleep 0.1; done; }

# Background, success: exit 0 once the command runs; the pidfile names it.
run_rj -r "$J" -u rjuser -b --pidfile "$P" --stdout "$WORK/log/out" \
	--stderr "$WORK/log/err" -- /probe try print:started sleep:30
expect_eq "-b: exit 0 once the command runs" "$RJ_RC" 0
pid=$(cat "$P" 2>/dev/null)
check "-b: the pidfile names a live process" alive "${pid:-0}"
expect_eq "-b: that process is the command, as the target user" \
	"$(stat -c %U "/proc/${pid:-0}" 2>/dev/null)" rjuser
expect_eq "-b: in a new session without a terminal" \
	"$(awk '{print $6, $7}' "/proc/${pid:-0}/stat" 2>/dev/null)" "${pid:-x} 0"
expect_eq "-b: stdin is /dev/null" "$(readlink "/proc/${pid:-0}/fd/0")" /dev/null
for _ in $(seq 30); do [ -s "$WORK/log/out" ] && break; sleep 0.1; done
expect_eq "--stdout: the command's output appended" "$(cat "$WORK/log/out")" "$(printf 'started\nprint:started=ok')"
expect_eq "--stdout: created 0640 root:root" "$(stat -c '%a %U:%G' "$WORK/log/out")" "640 root:root"
expect_eq "--pidfile: root-owned, no temporary left" \
	"$(stat -c '%U' "$P") $(find "$WORK/run" -name '.d.pid.*' | wc -l)" "root 0"
extra=
for f in "/proc/${pid:-0}"/fd/*; do case ${f##*/} in 0|1|2) ;; *) extra="$extra${f##*/}" ;; esac; done
expect_eq "-b: besides 0-2 the command has one descriptor, on its pidfile" \
	"$(readlink "/proc/${pid:-0}/fd/${extra:-x}" 2>/dev/null)" "$P"
expect_eq "that lock descriptor is read-only (O_RDONLY)" "$(awk '/^flags/ {print substr($2, length($2)-1)}' \
	"/proc/${pid:-0}/fdinfo/${extra:-x}" 2>/dev/null)" "00"

expect_fail "a second start while it runs is refused" 125 "pidfile .*: locked by pid $pid: already running" \
	-r "$J" -u rjuser -b --pidfile "$P" -- /probe try sleep:30
expect_eq "the refused start left the pidfile alone" "$(cat "$P")" "$pid"
stop "$pid"

# A stale pidfile (its process gone, lock released) does not block a start.
run_rj -r "$J" -u rjuser -b --pidfile "$P" --stdout "$WORK/log/out2" -- /probe try sleep:30
pid2=$(cat "$P" 2>/dev/null)
expect_eq "a stale pidfile does not block a start" "$RJ_RC" 0
fresh=no; [ "${pid2:-0}" != "$pid" ] && alive "${pid2:-0}" && fresh=yes
expect_eq "a stale pidfile is replaced by one naming the new, live process" "$fresh" yes
stop "${pid2:-0}"

# Failures: reported by the foreground process, no pidfile left behind.
rm -f "$P"
expect_fail "-b: a setup failure is reported with 125" 125 "chdir /nowhere" \
	-r "$J" -u rjuser -b --pidfile "$P" -d /nowhere -- /probe
check "-b: failed setup leaves no pidfile" test ! -e "$P"
expect_fail "-b: a missing command is reported with 127" 127 "command not found" \
	-r "$J" -u rjuser -b --pidfile "$P" -- /nosuch
check "-b: failed exec leaves no pidfile" test ! -e "$P"
expect_fail "foreground: a failure after the uid change" 125 "chdir /nowhere" \
	-r "$J" -u rjuser --pidfile "$P" -d /nowhere -- /probe
check "foreground: failed setup leaves no pidfile" test ! -e "$P"
expect_fail "foreground: a failure before the fork" 125 "root .*: No such file" \
	-r "$J/nonexistent" -u rjuser --pidfile "$P" -- /probe
check "foreground: early failure leaves no pidfile" test ! -e "$P"
check "no temporary pidfile left by failures" test -z "$(find "$WORK/run" -name '.d.pid.*')"

# Foreground success: the pidfile names this very process.
run_rj -r "$J" -u rjuser --pidfile "$P" -- /probe
expect_eq "foreground: the pidfile holds the command's pid" "$(cat "$P")" "$(probe_val pid)"
rm -f "$P"
expect_fail "pidfile must be absolute" 125 "pidfile x.pid: not an absolute path" \
	-r "$J" --pidfile x.pid -- /probe
