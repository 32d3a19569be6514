#!/bin/bash
# tests/initsys.t: the init glue for OpenRC, runit and s6 (contrib/openrc,
# contrib/runit, contrib/s6), run by the real supervisors of Debian's
# packages: openrc-run and supervise-daemon; runsv, sv and svlogd;
# s6-supervise, s6-svc, s6-svstat and s6-svwait.  Each starts caddy (and
# NUT's dummy-ups driver and upsd) jailed by runjail through the contrib
# service definition, installed under the test directory with test
# profiles (/etc/runjail/rjtest-*.conf) and the test users rjwww and rjnut;
# the service is checked from the host (HTTP, upsc, /proc), killed with
# SIGKILL and must come back under a new pid, then stopped.  A profile
# runjail refuses (status 125) must leave the service down, not respawning.
#
# OpenRC runs services only on a system it booted, with its state in
# /run/openrc: here openrc-run runs in a private mount namespace where a
# directory of the test is /run/openrc, another holds the scripts as
# /usr/local/etc/init.d (and conf.d), and an empty one hides the host's
# /etc/init.d; the host sees none of it.
#
# Needs root, caddy, nut-server and nut-client, curl (or bash's /dev/tcp),
# and the packages openrc, runit, s6; what is missing is skipped, visibly.
# Cleans up after itself: supervisors and daemons, profiles, users.
. "$(dirname "$0")/lib.sh"
need_root "initsys"
# The init systems' glue is the subject: under a sanitizer build OpenRC
# drops ASAN_OPTIONS from the environment (its leak report fails
# start_pre's --dry-run) and process names differ; e2e.t runs runjail's
# same paths in a sanitizer run.
if [ -n "${RJ_SANITIZED:-}" ]; then skip "init systems" "a sanitizer run"; exit 0; fi
. "$SRCDIR/tests/daemons.sh"

T=$WORK/initsys
mkdir -p "$T" && chmod 755 "$T"
CONTRIB=$SRCDIR/contrib
TEXT="hello from the jail $$"

# ---------------------------------------------------------------------
# Cleanup: every supervisor this file started, by pid, then the daemons'.
SUPERVISORS=() ORC_NS="" ORC_MADE=0


cleanup() {
	local p
	# supervisors first (they would respawn what is killed under them),
	# then whatever is left of their services
	for p in "${SUPERVISORS[@]}"; do stop_pid "$p"; done
	for p in $(pgrep -u rjwww) $(pgrep -u rjnut); do stop_pid "$p"; done
	[ -z "$ORC_NS" ] || stop_pid "$ORC_NS"
	[ "$ORC_MADE" = 0 ] || rmdir /run/openrc 2>/dev/null
	daemons_cleanup
}
trap cleanup EXIT

# ---------------------------------------------------------------------
# The jails and profiles, shared by the three supervisors in turn.
HAVE_CADDY=0 HAVE_NUT=0 CPORT="" NPORT=""
setup_caddy() {
	local caddy
	caddy=$(command -v caddy) || { skip "caddy" "caddy not installed (apt-get install caddy)"; return; }
	new_user rjwww || { fail "caddy: create user rjwww"; return; }
	CPORT=$(pick_port 80) || { skip "caddy" "no free port"; return; }
	[ "$CPORT" = 80 ] || printf '     (port 80 is taken: caddy uses %s)\n' "$CPORT"
	if ! caddy_jail "$T/caddy" rjwww "$CPORT" "$TEXT" "$T"; then
		fail "caddy: mkjail" "$(cat "$T/mkjail-caddy.out")"
		return
	fi
	caddy_profile "$T/caddy" "$caddy"
	HAVE_CADDY=1
}

# nut_supervised WHO PIDFN DRIVERDIR UPSDDIR: the driver and upsd run as
# rjnut under the supervisor (PIDFN DIR: a service's pid); upsd, killed,
# comes back.
nut_supervised() {
	local who=$1 fn=$2 d u
	d=$("$fn" "$3") u=$("$fn" "$4")
	expect_eq "$who: nut: supervised: the driver and upsd, as rjnut" \
		"$(cat "/proc/$d/comm" "/proc/$u/comm" 2>/dev/null | tr '\n' ' ')$(field "$u" Uid)" \
		"dummy-ups upsd $(id -u rjnut) $(id -u rjnut) $(id -u rjnut) $(id -u rjnut)"
	killed_comes_back "$who" "nut: upsd" "$u" "$fn" "$4"
}

setup_nut() {
	nut_bins || { skip "nut" "dummy-ups/upsd not installed (apt-get install nut-server)"; return; }
	command -v upsc >/dev/null || { skip "nut" "upsc not installed (apt-get install nut-client)"; return; }
	new_user rjnut || { fail "nut: create user rjnut"; return; }
	NPORT=$(pick_port 3493) || { skip "nut" "no free port"; return; }
	if ! nut_jail "$T/nut" rjnut "$NPORT" "$T"; then
		fail "nut: mkjail" "$(cat "$T/mkjail-nut.out")"
		return
	fi
	nut_profiles "$T/nut" "$NPORT"
	HAVE_NUT=1
}

# A profile runjail refuses: its jail does not exist.
install_conf rjtest-broken <<EOF
root $T/no-such-jail
user rjwww
command /bin/true
EOF

# ---------------------------------------------------------------------
# Checks shared by the supervisors.

# newpid OLD GETPID...: GETPID prints a live pid other than OLD.
newpid() {
	local old=$1 p; shift
	p=$("$@")
	[[ $p =~ ^[0-9]+$ ]] && [ "$p" != "$old" ] && alive "$p"
}

# caddy_up WHO PID: the supervised pid is a jailed caddy, and it serves.
caddy_up() {
	local who=$1 pid=$2
	if ! [[ $pid =~ ^[0-9]+$ ]]; then
		fail "$who: caddy: a supervised pid" "got '$pid'"
		return 1
	fi
	wait_for 10 serves "$CPORT" "$TEXT"
	expect_eq "$who: caddy: serves 127.0.0.1:$CPORT" "$(http_get "$CPORT" /file)" "$TEXT"
	check_service "$who: caddy" "$pid" "$(id -u rjwww)" "$(id -g rjwww)" 0000000000000400 "$SC" "$T/caddy"
}

# killed_comes_back WHO NAME OLD GETPID...: after SIGKILL to OLD the
# supervisor runs the service again, under a new pid.
killed_comes_back() {
	local who=$1 name=$2 old=$3 new; shift 3
	if ! [[ $old =~ ^[0-9]+$ ]]; then
		fail "$who: $name: killed with SIGKILL, runs again" "no pid to kill"
		return 1
	fi
	kill -KILL "$old"
	if wait_for 15 newpid "$old" "$@"; then
		new=$("$@")
		pass "$who: $name: killed with SIGKILL, runs again (pid $old, then $new)"
	else
		fail "$who: $name: killed with SIGKILL, runs again" "pid $old, then '$("$@")'"
	fi
}

# gone WHO WHAT PID: PID has ended (waits up to 10 s).
gone() {
	if ! [[ $3 =~ ^[1-9][0-9]*$ ]]; then fail "$1: $2" "no pid"; return; fi
	if wait_for 10 eval "! alive $3"; then pass "$1: $2"
	else fail "$1: $2" "pid $3 still runs: $(cat "/proc/$3/comm" 2>/dev/null)"; fi
}

# ---------------------------------------------------------------------
# OpenRC: openrc-run scripts, supervise-daemon.
orc() { nsenter -t "$ORC_NS" -m -- "$@"; }
ORC=/usr/local/etc/init.d

# orc_ns_ready: the holder has left the host's mount namespace and made
# its mounts private (unshare does both before it executes sleep).
orc_ns_ready() {
	[ "$(cat "/proc/$ORC_NS/comm" 2>/dev/null)" = sleep ] &&
		[ "$(readlink "/proc/$ORC_NS/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]
}

openrc_setup() {
	local d
	for d in /run/openrc /usr/local/etc/init.d /etc/init.d; do mkdir -p "$T/openrc$d"; done
	mkdir -p "$T/openrc/usr/local/etc/conf.d"
	# the state directories that OpenRC's boot would have made
	(cd "$T/openrc/run/openrc" && mkdir daemons exclusive failed hotplugged inactive \
		options scheduled started starting stopping tmp wasinactive && : >softlevel)
	for d in caddy upsd nut-driver; do
		install -m 755 "$CONTRIB/openrc/$d" "$T/openrc$ORC/$d"
	done
	# What "need localmount" asks for: on the test's OpenRC, nothing to do.
	printf '#!/sbin/openrc-run\ndescription="the test'\''s localmount"\nstart() { :; }\n' \
		>"$T/openrc$ORC/localmount"
	chmod 755 "$T/openrc$ORC/localmount"
	[ -d /run/openrc ] || { mkdir -m 755 /run/openrc && ORC_MADE=1; }
	[ -d /usr/local/etc ] || return 1
	unshare --mount --propagation private sleep 900 &
	ORC_NS=$!
	wait_for 5 orc_ns_ready || return 1
	orc mount --bind "$T/openrc/run/openrc" /run/openrc &&
		orc mount --bind "$T/openrc/usr/local/etc" /usr/local/etc &&
		orc mount --bind "$T/openrc/etc/init.d" /etc/init.d
}

# orc_conf NAME LINES...: /etc/conf.d/NAME, as the test's OpenRC sees it.
orc_conf() {
	local n=$1; shift
	printf '%s\n' "runjail=$RUNJAIL" "output_log=$T/openrc-$n.log" \
		"pidfile=$T/openrc-$n.pid" respawn_delay=1 "$@" >"$T/openrc/usr/local/etc/conf.d/$n"
}

# orc_rc NAME ACTION: run the script; its output in $T/openrc.out.
orc_rc() {
	orc "$ORC/$1" "$2" >>"$T/openrc.out" 2>&1
}

# orc_child NAME: the pid supervise-daemon runs for NAME.
orc_child() {
	local sd
	read -r sd <"$T/openrc-$1.pid" 2>/dev/null || return 1
	pgrep -P "$sd" | head -n 1
}

openrc_tests() {
	local c
	for c in openrc-run supervise-daemon nsenter unshare; do
		command -v "$c" >/dev/null && continue
		skip "openrc" "$c not installed (apt-get install openrc util-linux)"
		return
	done
	if ! openrc_setup; then
		fail "openrc: a private mount namespace for OpenRC's state"
		return
	fi
	[ "$HAVE_CADDY" = 0 ] || openrc_caddy
	[ "$HAVE_NUT" = 0 ] || openrc_nut
	stop_pid "$ORC_NS"
	ORC_NS=""
}

openrc_caddy() {
	local who=openrc c c2 sd d
	orc_conf caddy profile=rjtest-caddy
	if orc_rc caddy start; then
		pass "$who: caddy: start (supervise-daemon)"
	else
		fail "$who: caddy: start (supervise-daemon)" "$(cat "$T/openrc.out")"
		return
	fi
	read -r sd <"$T/openrc-caddy.pid" 2>/dev/null
	expect_eq "$who: caddy: its supervisor is supervise-daemon" \
		"$(tr '\0' '\n' <"/proc/${sd:-0}/cmdline" 2>/dev/null | head -n 1)" supervise-daemon
	c=$(orc_child caddy)
	caddy_up "$who" "$c"
	orc_rc caddy status
	expect_eq "$who: caddy: status while running" "$?" 0
	killed_comes_back "$who" caddy "$c" orc_child caddy
	c2=$(orc_child caddy)
	wait_for 10 serves "$CPORT" "$TEXT"
	expect_eq "$who: caddy: serves again" "$(http_get "$CPORT" /file)" "$TEXT"
	expect_eq "$who: caddy: the new pid is caddy, jailed" \
		"$(cat "/proc/$c2/comm" 2>/dev/null) $(readlink "/proc/$c2/root")" \
		"caddy $(readlink -f "$T/caddy")"
	orc_rc caddy stop
	expect_eq "$who: caddy: stop" "$?" 0
	gone "$who" "caddy: gone after stop" "$c2"
	gone "$who" "caddy: supervise-daemon gone after stop" "$sd"
	orc_rc caddy status
	expect_eq "$who: caddy: status when stopped" "$?" 3
	# a profile runjail refuses: start fails and says why, and
	# leaves no supervisor respawning a failing runjail
	orc_conf caddy profile=rjtest-broken
	: >"$T/openrc.out"
	orc_rc caddy start
	d=$?
	if [ "$d" != 0 ] && grep -q "runjail: .*no-such-jail" "$T/openrc.out" &&
		! [ -e "$T/openrc-caddy.pid" ]; then
		pass "$who: caddy: a refused profile: start fails with runjail's message, nothing supervised"
	else
		fail "$who: caddy: a refused profile: start fails with runjail's message, nothing supervised" \
			"exit $d, pidfile $(cat "$T/openrc-caddy.pid" 2>/dev/null || echo none)" "$(cat "$T/openrc.out")"
	fi
}

openrc_nut() {
	local who=openrc d u
	orc_conf nut-driver profile=rjtest-nut-driver
	orc_conf upsd profile=rjtest-upsd
	if orc_rc upsd start; then
		pass "$who: nut: upsd start"
	else
		fail "$who: nut: upsd start" "$(cat "$T/openrc.out")"
		return
	fi
	orc_rc nut-driver status
	expect_eq "$who: nut: upsd's need started nut-driver" "$?" 0
	wait_for 15 ups_ol "$NPORT"
	expect_eq "$who: nut: upsc test@127.0.0.1:$NPORT ups.status" \
		"$(upsc "test@127.0.0.1:$NPORT" ups.status 2>/dev/null)" OL
	d=$(orc_child nut-driver) u=$(orc_child upsd)
	expect_eq "$who: nut: supervised: the driver and upsd, as rjnut" \
		"$(cat "/proc/$d/comm" "/proc/$u/comm" 2>/dev/null | tr '\n' ' ')$(field "$u" Uid)" \
		"dummy-ups upsd $(id -u rjnut) $(id -u rjnut) $(id -u rjnut) $(id -u rjnut)"
	killed_comes_back "$who" "nut: upsd" "$u" orc_child upsd
	wait_for 15 ups_ol "$NPORT"
	expect_eq "$who: nut: upsc after upsd's respawn" \
		"$(upsc "test@127.0.0.1:$NPORT" ups.status 2>/dev/null)" OL
	u=$(orc_child upsd)
	orc_rc nut-driver stop
	expect_eq "$who: nut: nut-driver stop" "$?" 0
	gone "$who" "nut: the driver gone" "$d"
	gone "$who" "nut: upsd, which needs it, stopped too" "$u"
	orc_rc upsd status
	expect_eq "$who: nut: upsd status when stopped" "$?" 3
}

# ---------------------------------------------------------------------
# runit: run and finish scripts, runsv, sv, svlogd.

# rsv_pid DIR: the pid runsv runs for DIR ("run: DIR: (pid N) ...").
rsv_pid() { sv status "$1" 2>/dev/null | sed -n 's/^run: [^(]*(pid \([0-9]*\)).*/\1/p'; }

runit_tests() {
	local c
	for c in runsv sv svlogd; do
		command -v "$c" >/dev/null && continue
		skip "runit" "$c not installed (apt-get install runit)"
		return
	done
	mkdir -p "$T/runit"
	[ "$HAVE_CADDY" = 0 ] || runit_caddy
	[ "$HAVE_NUT" = 0 ] || runit_nut
}

runit_caddy() {
	local who=runit c d rsv n st
	d=$T/runit/caddy
	cp -R "$CONTRIB/runit/caddy" "$d"
	printf '%s\n' PROFILE=rjtest-caddy "RUNJAIL=$RUNJAIL" "LOGDIR=$T/runit-log" >"$d/conf"
	runsv "$d" </dev/null >/dev/null 2>&1 &
	rsv=$!
	SUPERVISORS+=("$rsv")
	if ! wait_for 10 eval '[ -n "$(rsv_pid "$d")" ]'; then
		fail "$who: caddy: runsv runs it" "$(sv status "$d")"
		sv exit "$d" >/dev/null
		return
	fi
	c=$(rsv_pid "$d")
	caddy_up "$who" "$c"
	expect_eq "$who: caddy: runsv's child is caddy itself" "$(awk '{print $4}' "/proc/$c/stat" 2>/dev/null)" "$rsv"
	killed_comes_back "$who" caddy "$c" rsv_pid "$d"
	c=$(rsv_pid "$d")
	wait_for 10 serves "$CPORT" "$TEXT"
	expect_eq "$who: caddy: serves again" "$(http_get "$CPORT" /file)" "$TEXT"
	wait_for 5 grep -q 'serving initial configuration' "$T/runit-log/current"
	expect_match "$who: caddy: its log through log/run (svlogd, timestamped)" \
		"$(grep 'serving initial configuration' "$T/runit-log/current" | head -n 1)" \
		'^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9:.]+ .*serving initial configuration'
	sv -w 15 down "$d" >/dev/null
	expect_eq "$who: caddy: sv down" "$?" 0
	gone "$who" "caddy: gone after sv down" "$c"
	# A profile runjail refuses: finish sees 125 and takes the service
	# down; runsv, restarting every second otherwise, runs it once.
	printf '%s\n' PROFILE=rjtest-broken "RUNJAIL=$RUNJAIL" "LOGDIR=$T/runit-log" >"$d/conf"
	: >"$T/runit-log/current"
	sv up "$d"
	sleep 3.5
	st=$(sv status "$d")
	n=$(grep -c 'runjail: .*no-such-jail' "$T/runit-log/current")
	if [[ $st == down:* ]] && [ "$n" = 1 ]; then
		pass "$who: caddy: a refused profile (125): finish takes it down, no respawn"
	else
		fail "$who: caddy: a refused profile (125): finish takes it down, no respawn" \
			"status: $st" "runjail's messages in the log: $n"
	fi
	sv exit "$d" >/dev/null
	gone "$who" "runsv exits on sv exit" "$rsv"
}

runit_nut() {
	local who=runit d u dd ud r1 r2
	dd=$T/runit/nut-driver ud=$T/runit/upsd
	cp -R "$CONTRIB/runit/nut-driver" "$dd"
	cp -R "$CONTRIB/runit/upsd" "$ud"
	printf '%s\n' PROFILE=rjtest-nut-driver "RUNJAIL=$RUNJAIL" >"$dd/conf"
	printf '%s\n' PROFILE=rjtest-upsd "RUNJAIL=$RUNJAIL" >"$ud/conf"
	# upsd first: its run waits for ../nut-driver to run, and fails until the
	# driver's runsv is there
	runsv "$ud" </dev/null >"$T/runit-upsd.out" 2>&1 &
	r1=$!
	SUPERVISORS+=("$r1")
	sleep 1.5
	runsv "$dd" </dev/null >"$T/runit-nut-driver.out" 2>&1 &
	r2=$!
	SUPERVISORS+=("$r2")
	wait_for 20 ups_ol "$NPORT"
	expect_eq "$who: nut: upsc test@127.0.0.1:$NPORT ups.status (upsd's run waited for the driver)" \
		"$(upsc "test@127.0.0.1:$NPORT" ups.status 2>/dev/null)" OL
	nut_supervised "$who" rsv_pid "$dd" "$ud"
	wait_for 15 ups_ol "$NPORT"
	expect_eq "$who: nut: upsc after upsd's restart" \
		"$(upsc "test@127.0.0.1:$NPORT" ups.status 2>/dev/null)" OL
	u=$(rsv_pid "$ud") d=$(rsv_pid "$dd")
	sv -w 15 down "$ud" >/dev/null && sv -w 15 down "$dd" >/dev/null
	expect_eq "$who: nut: sv down upsd, then the driver" "$?" 0
	gone "$who" "nut: upsd gone" "$u"
	gone "$who" "nut: the driver gone" "$d"
	# A driver runjail refuses stays down (its finish): upsd waits for it,
	# and never brings it back up.
	printf '%s\n' PROFILE=rjtest-broken "RUNJAIL=$RUNJAIL" >"$dd/conf"
	n0=$(grep -c 'runjail: .*no-such-jail' "$T/runit-nut-driver.out")
	sv up "$dd"; sv up "$ud"
	sleep 10
	n1=$(grep -c 'runjail: .*no-such-jail' "$T/runit-nut-driver.out")
	expect_eq "$who: nut: a refused driver runs once and stays down, upsd waiting (10 s)" \
		"$((n1 - n0)) $(sv status "$dd" | cut -d: -f1) $(grep -c 'waiting for' "$T/runit-upsd.out" | sed 's/^0$/none/; s/^[0-9]*$/waits/')" \
		"1 down waits"
	sv exit "$ud" "$dd" >/dev/null
	gone "$who" "nut: runsv exits on sv exit" "$r1"
}

# ---------------------------------------------------------------------
# s6: service directories, s6-supervise, s6-svc, s6-svstat, s6-svwait.

s6_pid() { local p; p=$(s6-svstat -o pid "$1" 2>/dev/null); [ "${p:--1}" != -1 ] && echo "$p"; }
jailed_caddy() { pgrep -u rjwww -x caddy | head -n 1; }
ppid() { awk '{print $4}' "/proc/$1/stat" 2>/dev/null; }

# s6_start DIR: an s6-supervise for DIR, in the background.
s6_start() {
	s6-supervise "$1" </dev/null >>"$T/s6.out" 2>&1 &
	SUPERVISORS+=("$!")
}

s6_tests() {
	local c
	for c in s6-supervise s6-svc s6-svstat s6-svwait s6-notifyoncheck; do
		command -v "$c" >/dev/null && continue
		skip "s6" "$c not installed (apt-get install s6)"
		return
	done
	mkdir -p "$T/s6"
	if [ "$HAVE_CADDY" = 1 ] && ! has_opt --ready-fd; then
		skip "s6: caddy" "runjail lacks --ready-fd"
	elif [ "$HAVE_CADDY" = 1 ]; then
		s6_caddy
	fi
	[ "$HAVE_NUT" = 0 ] || s6_nut
}

s6_caddy() {
	local who=s6 c d p p2 st
	d=$T/s6/caddy
	cp -R "$CONTRIB/s6/caddy" "$d"
	printf '%s\n' PROFILE=rjtest-caddy "RUNJAIL=$RUNJAIL" >"$d/conf"
	s6_start "$d"
	# Ready means serving: one request right after s6-svwait -U.
	if s6-svwait -U -t 20000 "$d"; then
		pass "$who: caddy: s6-svwait -U (caddy's READY=1 through --ready-fd)"
	else
		fail "$who: caddy: s6-svwait -U (caddy's READY=1 through --ready-fd)" "$(tail -n 3 "$T/s6.out")"
		s6-svc -xd "$d"
		return
	fi
	expect_eq "$who: caddy: serves as soon as it is ready" "$(http_get "$CPORT" /file)" "$TEXT"
	expect_eq "$who: caddy: s6-svstat: up, ready" "$(s6-svstat -o up,ready "$d")" "true true"
	p=$(s6_pid "$d") c=$(jailed_caddy)
	expect_eq "$who: caddy: the supervised pid is runjail, caddy its grandchild (--pid-ns)" \
		"$(cat "/proc/$p/comm" 2>/dev/null) $(ppid "$(ppid "$c")")" \
		"runjail $p"
	caddy_up "$who" "$c"
	# SIGKILL to caddy: runjail ends as it did, s6 runs it again
	killed_comes_back "$who" "caddy (in the jail)" "$c" jailed_caddy
	s6-svwait -U -t 20000 "$d"
	p2=$(s6_pid "$d")
	if [ -n "$p2" ] && [ "$p2" != "$p" ]; then
		pass "$who: caddy: a new runjail, ready again (pid $p, then $p2)"
	else
		fail "$who: caddy: a new runjail, ready again" "pid $p, then '$p2'"
	fi
	expect_eq "$who: caddy: serves again" "$(http_get "$CPORT" /file)" "$TEXT"
	# SIGKILL to the supervised runjail: its namespace dies with it
	c=$(jailed_caddy)
	killed_comes_back "$who" "runjail (the supervised pid)" "$p2" s6_pid "$d"
	gone "$who" "caddy: gone with its runjail" "$c"
	s6-svwait -U -t 20000 "$d"
	expect_eq "$who: caddy: serves again, ready" "$(http_get "$CPORT" /file)" "$TEXT"
	c=$(jailed_caddy) p=$(s6_pid "$d")
	s6-svc -wD -T 15000 -d "$d"
	expect_eq "$who: caddy: s6-svc -wD -d" "$?" 0
	gone "$who" "caddy: gone after s6-svc -d" "$c"
	gone "$who" "runjail: gone after s6-svc -d (TERM passed on)" "$p"
	expect_match "$who: caddy: its exit, as runjail returned it" \
		"$(s6-svstat -o up,exitcode,signal "$d")" '^false 0 NA$'
	# A profile runjail refuses: finish exits 125, s6 leaves it down
	printf '%s\n' PROFILE=rjtest-broken "RUNJAIL=$RUNJAIL" >"$d/conf"
	: >"$T/s6.out"
	s6-svc -u "$d"
	sleep 3.5
	st=$(s6-svstat -o up,wantedup,exitcode "$d")
	c=$(grep -c 'runjail: .*no-such-jail' "$T/s6.out")
	if [ "$st" = "false false 125" ] && [ "$c" = 1 ]; then
		pass "$who: caddy: a refused profile (125): finish exits 125, not restarted"
	else
		fail "$who: caddy: a refused profile (125): finish exits 125, not restarted" \
			"up, wanted up, exit code: $st" "runjail's messages: $c"
	fi
	s6-svc -x "$d"
}

s6_nut() {
	local who=s6 d p dd ud
	dd=$T/s6/nut-driver ud=$T/s6/upsd
	cp -R "$CONTRIB/s6/nut-driver" "$dd"
	cp -R "$CONTRIB/s6/upsd" "$ud"
	printf '%s\n' PROFILE=rjtest-nut-driver "RUNJAIL=$RUNJAIL" >"$dd/conf"
	printf '%s\n' PROFILE=rjtest-upsd "RUNJAIL=$RUNJAIL" "UPS=test@127.0.0.1:$NPORT" >"$ud/conf"
	# upsd first: its run waits for the driver
	s6_start "$ud"
	sleep 0.5
	s6_start "$dd"
	if s6-svwait -U -t 30000 "$ud"; then
		pass "$who: nut: s6-svwait -U upsd (s6-notifyoncheck, data/check)"
	else
		fail "$who: nut: s6-svwait -U upsd (s6-notifyoncheck, data/check)" "$(tail -n 3 "$T/s6.out")"
		s6-svc -xd "$ud"
		s6-svc -xd "$dd"
		return
	fi
	expect_eq "$who: nut: upsc answers as soon as upsd is ready" \
		"$(upsc "test@127.0.0.1:$NPORT" ups.status 2>/dev/null)" OL
	nut_supervised "$who" s6_pid "$dd" "$ud"
	s6-svwait -U -t 30000 "$ud"
	expect_eq "$who: nut: upsc after upsd's restart" \
		"$(upsc "test@127.0.0.1:$NPORT" ups.status 2>/dev/null)" OL
	p=$(s6_pid "$ud") d=$(s6_pid "$dd")
	s6-svc -wD -T 15000 -d "$ud" && s6-svc -wD -T 15000 -d "$dd"
	expect_eq "$who: nut: s6-svc -wD -d upsd, then the driver" "$?" 0
	gone "$who" "nut: upsd gone" "$p"
	gone "$who" "nut: the driver gone" "$d"
	s6-svc -x "$ud"
	s6-svc -x "$dd"
}

setup_caddy
setup_nut
openrc_tests
runit_tests
s6_tests
