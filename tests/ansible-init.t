#!/bin/bash
# tests/ansible-init.t: contrib/ansible's runjail_service role with the
# init systems of contrib/runit, contrib/s6 and contrib/openrc, for real, on
# this machine (ansible-playbook -i localhost, -c local).  For each, the
# role deploys caddy jailed as the user rjinit, serving a page on
# 127.0.0.1: the first run starts it under the real supervisor and curl
# gets the page; a second run reports changed=0 and restarts nothing; after
# the program the jail copies changed on the host, a run reports changed
# and restarts it (a new pid); pointed at a directory no supervisor
# watches, the role fails the play and says so; at the end nothing is left
# (processes, supervisors, files, the user).
#
# Nothing of the host's init is touched: runit's runsvdir and s6's
# s6-svscan are the test's own, on directories under the test directory
# (the role's svdir and scandir variables point there); OpenRC runs in a
# private mount namespace (as tests/initsys.t does) where test directories
# are /run/openrc, /usr/local/etc (the role's init.d and conf.d), /etc/init.d
# and /etc/runlevels, and ansible-playbook runs in that namespace: its
# rc-update writes in the test's runlevels, never the host's.
#
# Needs root, ansible-playbook (ansible-core), caddy, and runit, s6,
# openrc (each skipped, visibly, without).
. "$(dirname "$0")/lib.sh"
need_root "ansible-init"
# alive, wait_for, pick_port, http_get, serves, check_service, SC
. "$SRCDIR/tests/daemons.sh"
ansible_ready "ansible-init"

SVCUSER=rjinit
CONTRIB=$SRCDIR/contrib
A=$WORK/ansible-init
mkdir -p "$A/bin" "$A/home" && chmod 755 "$A" "$A/bin"
A=$(readlink -f "$A")
cp "$CADDY" "$A/bin/caddy"
NEWUSER=0 NEWETC=0
getent passwd "$SVCUSER" >/dev/null || NEWUSER=1
[ -d /etc/runjail ] || NEWETC=1

# ---------------------------------------------------------------------
# Bookkeeping: the supervisors this file started (and their children),
# the profiles the role wrote.
PIDS=() CONFS=() ORC_NS="" ORC_MADE=0

# tree PID: PID and its descendants.
tree() {
	local c
	echo "$1"
	for c in $(pgrep -P "$1"); do tree "$c"; done
}
ppid() { awk '{print $4}' "/proc/$1/stat" 2>/dev/null; }
# in_jail DIR: the pids of the processes whose root is DIR.
in_jail() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$1" ] && echo "${p#/proc/}"
	done
}
# caddy_pid DIR: the jailed caddy's pid.
caddy_pid() {
	local p
	for p in $(in_jail "$1"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = caddy ] && { echo "$p"; return 0; }
	done
	return 1
}

CLEANED=0
cleanup() {
	local p n
	[ "$CLEANED" = 0 ] || return 0
	CLEANED=1
	for p in "${PIDS[@]}"; do stop_pid "$p"; done
	[ -z "$ORC_NS" ] || stop_pid "$ORC_NS"
	[ "$ORC_MADE" = 0 ] || rmdir /run/openrc 2>/dev/null
	for p in $(pgrep -u "$SVCUSER" 2>/dev/null); do stop_pid "$p"; done
	rm -f "${CONFS[@]}"
	[ "$NEWETC" = 0 ] || rmdir /etc/runjail 2>/dev/null
	if [ "$NEWUSER" = 1 ] && getent passwd "$SVCUSER" >/dev/null; then
		for ((n = 0; n < 50; n++)); do pgrep -u "$SVCUSER" >/dev/null || break; sleep 0.1; done
		userdel "$SVCUSER" 2>/dev/null
		getent group "$SVCUSER" >/dev/null && groupdel "$SVCUSER" 2>/dev/null
	fi
	rm -rf "$A"
}
trap cleanup EXIT

role_play "$A"

# vars INIT NAME PORT PAGE: $A/NAME.yml, the role's variables for NAME
# (its jail $A/NAME/jail) under INIT; more variables on stdin.
vars() {
	local init=$1 name=$2 port=$3 page=$4
	mkdir -p "$A/$name"
	{
		cat <<-YEOF
		---
		ansible_python_interpreter: /usr/bin/python3
		runjail_service_name: "$name"
		runjail_service_desc: "caddy under $init"
		runjail_service_runjail: "$RUNJAIL"
		runjail_service_mkjail: "$CONTRIB/mkjail"
		runjail_service_jail: "$A/$name/jail"
		runjail_service_programs:
		  - "$A/bin/caddy"
		runjail_service_user: "$SVCUSER"
		runjail_service_create_user: true
		runjail_service_writable: [data, config]
		runjail_service_files:
		  - path: /etc/caddy/Caddyfile
		    content: |
		      {
		        admin off
		        auto_https off
		        storage file_system /data
		      }
		      http://127.0.0.1:$port {
		        root * /www
		        file_server
		      }
		  - path: /www/file
		    content: "$page\n"
		runjail_service_options:
		  - proc
		  - "cap net_bind_service"
		  - "rlimit nofile=1024"
		  - "rlimit as=2G"
		  $SC_LINE
		  - "umask 027"
		  - "setenv XDG_DATA_HOME=/data"
		  - "setenv XDG_CONFIG_HOME=/config"
		runjail_service_command: ["$A/bin/caddy", run, --config, /etc/caddy/Caddyfile, --adapter, caddyfile]
		runjail_service_init: $init
		runjail_service_start_timeout: 20
		YEOF
		cat
	} >"$A/$name.yml"
	CONFS+=("/etc/runjail/$name.conf")
}

# play NAME WHAT [ARGS...]: run the playbook with $A/NAME.yml (in RUNIN, a
# command prefix: OpenRC's namespace); sets PLAY_RC, RECAP (the PLAY RECAP
# line), CHANGED and FAILED (its counts, "?" if there is none), OUT.
RUNIN=()
play() {
	local name=$1 what=$2; shift 2
	OUT=$A/$name.$what.out
	"${RUNIN[@]}" env ANSIBLE_CONFIG="$A/ansible.cfg" ANSIBLE_HOME="$A/home" \
		ANSIBLE_LOCAL_TEMP="$A/home/tmp" ANSIBLE_REMOTE_TEMP="$A/home/rtmp" \
		ANSIBLE_ROLES_PATH="$CONTRIB/ansible/roles" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 \
		ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_STDOUT_CALLBACK=default \
		timeout 600 ansible-playbook -i localhost, -c local -e "@$A/$name.yml" "$@" "$A/play.yml" \
		>"$OUT" 2>&1 </dev/null
	PLAY_RC=$?
	RECAP=$(grep -E '^localhost +: ok=' "$OUT" | tail -n 1 | tr -s ' ')
	CHANGED=$(sed -n 's/.* changed=\([0-9]*\).*/\1/p' <<<"$RECAP")
	FAILED=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$RECAP")
	: "${CHANGED:=?}" "${FAILED:=?}"
	printf '     %s %s: %s\n' "$name" "$what" "${RECAP:-no PLAY RECAP}"
}
play_ok() {
	if [ "$PLAY_RC" = 0 ] && [ "$FAILED" = 0 ]; then pass "$1"
	else fail "$1" "exit $PLAY_RC, recap: $RECAP" "$(grep -E 'FAILED|fatal|ERROR' "$OUT" | head -n 5)"; fi
}
changed_some() {
	if [[ $CHANGED =~ ^[0-9]+$ ]] && [ "$CHANGED" -gt 0 ]; then pass "$1 (changed=$CHANGED)"
	else fail "$1" "recap: $RECAP"; fi
}

# deploy WHO NAME PORT PAGE STATUS: the three runs every init system gets.
# STATUS: a command printing the pid the supervisor says the service has
# (the caddy process, or s6's runjail above it); sets PID3, the last pid.
deploy() {
	local who=$1 name=$2 port=$3 page=$4 jail p1 s1 p3; shift 4
	jail=$A/$name/jail
	# the program as the package has it (the last case changed it)
	cp "$CADDY" "$A/bin/caddy.new" && mv -f "$A/bin/caddy.new" "$A/bin/caddy"
	play "$name" run1
	play_ok "$who: first run: the play succeeds"
	changed_some "$who: first run: reports changes"
	p1=$(wait_for 10 caddy_pid "$jail")
	if [[ $p1 =~ ^[0-9]+$ ]]; then pass "$who: first run: caddy runs, jailed (pid $p1)"
	else fail "$who: first run: caddy runs, jailed" "$(tail -n 5 "$OUT")"; fi
	s1=$("$@")
	if [[ $s1 =~ ^[0-9]+$ ]] && { [ "$s1" = "$p1" ] || [ "$(ppid "$(ppid "$p1")")" = "$s1" ]; }; then
		pass "$who: the supervised pid is caddy (or, s6, its runjail): $s1"
	else
		fail "$who: the supervised pid is caddy (or, s6, its runjail)" "supervised: '$s1', caddy: '$p1'"
	fi
	check_service "$who: caddy" "${p1:-0}" "$(id -u "$SVCUSER")" "$(id -g "$SVCUSER")" 0000000000000400 "$SC" "$jail"
	wait_for 10 serves "$port" "$page"
	expect_eq "$who: curl gets the page from 127.0.0.1:$port" "$(http_get "$port" /file)" "$page"

	play "$name" run2
	play_ok "$who: second run: the play succeeds"
	expect_eq "$who: second run: changed=0" "$CHANGED" 0
	expect_eq "$who: second run: not restarted" "$(caddy_pid "$jail") $("$@")" "$p1 $s1"

	# a new build of the program on the host: caddy and one more byte
	{ cat "$CADDY"; printf '\n'; } >"$A/bin/caddy.new" && chmod 755 "$A/bin/caddy.new" &&
		mv -f "$A/bin/caddy.new" "$A/bin/caddy"
	play "$name" run3
	play_ok "$who: third run (the program changed on the host): the play succeeds"
	changed_some "$who: third run: reports changed"
	check "$who: third run: the jail's copy is the new program" cmp -s "$A/bin/caddy" "$jail$A/bin/caddy"
	wait_for 10 eval "! alive ${p1:-0}"
	p3=$(wait_for 10 caddy_pid "$jail")
	if [[ $p3 =~ ^[0-9]+$ ]] && [ "$p3" != "$p1" ] && ! alive "${p1:-0}"; then
		pass "$who: third run: restarted (pid $p1, then $p3)"
	else
		fail "$who: third run: restarted" "pid $p1, then '$p3'"
	fi
	wait_for 10 serves "$port" "$page"
	expect_eq "$who: third run: curl gets the page again" "$(http_get "$port" /file)" "$page"
	PID3=$p3
}

# gone WHO WHAT PIDS...: none of PIDS runs (waits up to 10 s).
gone() {
	local who=$1 what=$2 p left=''; shift 2
	for p in "$@"; do
		wait_for 10 eval "! alive $p" || left="$left $p:$(cat "/proc/$p/comm" 2>/dev/null)"
	done
	expect_eq "$who: $what" "$left" ""
}

# unwatched WHO NAME FLAGS...: the role pointed at a directory no
# supervisor watches fails the play, with its message, in time.
unwatched() {
	local who=$1 name=$2 want=$3 t0; shift 3
	mkdir -p "$A/$name/unwatched"
	t0=$SECONDS
	play "$name" unwatched -e runjail_service_start_timeout=6 "$@"
	if [ "$PLAY_RC" != 0 ] && [ "$FAILED" = 1 ] && grep -q "$want" "$OUT" && ((SECONDS - t0 < 120)); then
		pass "$who: no supervisor on the directory: the play fails and says so ($((SECONDS - t0)) s)"
	else
		fail "$who: no supervisor on the directory: the play fails and says so" \
			"exit $PLAY_RC, recap: $RECAP, $((SECONDS - t0)) s" "$(grep -E 'fatal|msg' "$OUT" | head -n 3)"
	fi
}

# ---------------------------------------------------------------------
# runit: the test's runsvdir on $A/rji-runit/service.
rsv_pid() { sv status "$1" 2>/dev/null | sed -n 's/^run: [^(]*(pid \([0-9]*\)).*/\1/p'; }

runit_case() {
	local who=runit name=rji-runit port d scan rsvd pids c
	for c in runsvdir runsv sv svlogd; do
		command -v "$c" >/dev/null && continue
		skip "$who" "$c not installed (apt-get install runit)"
		return
	done
	port=$(pick_port 80) || { skip "$who" "no free port"; return; }
	d=$A/$name scan=$A/$name/service
	mkdir -p "$scan"
	vars runit "$name" "$port" "page under runit $$" <<-YEOF
	runjail_service_enabled: false
	runjail_service_runit_svdir: "$d/sv"
	runjail_service_runit_scandir: "$scan"
	runjail_service_runit_logdir: "$d/log"
	YEOF
	runsvdir -P "$scan" </dev/null >/dev/null 2>&1 &
	rsvd=$!
	PIDS+=("$rsvd")
	deploy "$who" "$name" "$port" "page under runit $$" rsv_pid "$scan/$name"
	for c in run finish log/run; do
		check "$who: $c is contrib/runit/caddy's" cmp -s "$CONTRIB/runit/caddy/$c" "$d/sv/$name/$c"
	done
	expect_eq "$who: ./conf names the profile and runjail" \
		"$(grep -E '^(PROFILE|RUNJAIL)=' "$d/sv/$name/conf")" "PROFILE=$name
RUNJAIL=$RUNJAIL"
	expect_eq "$who: not enabled: ./down, and yet sv says run" \
		"$([ -e "$d/sv/$name/down" ] && echo down) $(sv status "$scan/$name" | cut -d: -f1)" "down run"
	wait_for 5 grep -q 'serving initial configuration' "$d/log/current"
	check "$who: caddy's log through log/run (svlogd)" grep -q 'serving initial configuration' "$d/log/current"
	unwatched "$who" "$name" "is a runsvdir watching" -e "runjail_service_runit_scandir=$d/unwatched" \
		-e "runjail_service_runit_svdir=$d/unwatched-sv"
	expect_eq "$who: ... and the service runs on, untouched" "$(rsv_pid "$scan/$name")" "$PID3"
	# stop: as an administrator would; then runsvdir and its runsv
	pids=$(tree "$rsvd")
	sv -w 15 force-stop "$scan/$name" >/dev/null
	expect_eq "$who: sv force-stop" "$?" 0
	sv exit "$scan/$name" "$scan/$name/log" >/dev/null
	kill -HUP "$rsvd"
	# shellcheck disable=SC2086 # a list of pids
	gone "$who" "runsvdir, runsv, svlogd and caddy gone" $pids
}

# ---------------------------------------------------------------------
# s6: the test's s6-svscan on $A/rji-s6/scan.
s6_pid() { local p; p=$(s6-svstat -o pid "$1" 2>/dev/null); [ "${p:--1}" != -1 ] && echo "$p"; }

s6_case() {
	local who=s6 name=rji-s6 port d scan svscan pids c
	for c in s6-svscan s6-supervise s6-svc s6-svstat s6-svwait s6-svok s6-svscanctl; do
		command -v "$c" >/dev/null && continue
		skip "$who" "$c not installed (apt-get install s6)"
		return
	done
	has_opt --ready-fd || { skip "$who" "runjail lacks --ready-fd"; return; }
	port=$(pick_port 80) || { skip "$who" "no free port"; return; }
	d=$A/$name scan=$A/$name/scan
	mkdir -p "$scan"
	vars s6 "$name" "$port" "page under s6 $$" <<-YEOF
	runjail_service_enabled: false
	runjail_service_s6_svdir: "$d/sv"
	runjail_service_s6_scandir: "$scan"
	YEOF
	s6-svscan "$scan" </dev/null >>"$d.svscan.out" 2>&1 &
	svscan=$!
	PIDS+=("$svscan")
	deploy "$who" "$name" "$port" "page under s6 $$" s6_pid "$scan/$name"
	for c in run finish notification-fd; do
		check "$who: $c is contrib/s6/caddy's" cmp -s "$CONTRIB/s6/caddy/$c" "$d/sv/$name/$c"
	done
	expect_eq "$who: s6-svstat: up and ready (readiness through runjail --ready-fd)" \
		"$(s6-svstat -o up,ready "$scan/$name")" "true true"
	c=$(s6_pid "$scan/$name")
	expect_eq "$who: the supervised pid is runjail, caddy its grandchild (--pid-ns)" \
		"$(cat "/proc/$c/comm" 2>/dev/null) $(ppid "$(ppid "$PID3")")" "runjail $c"
	check "$who: not enabled: ./down" test -e "$d/sv/$name/down"
	unwatched "$who" "$name" "is an s6-svscan running on" -e "runjail_service_s6_scandir=$d/unwatched" \
		-e "runjail_service_s6_svdir=$d/unwatched-sv"
	c=$(caddy_pid "$d/jail")
	expect_eq "$who: ... and the service runs on, untouched" "$c" "$PID3"
	pids=$(tree "$svscan")
	s6-svc -wD -T 15000 -d "$scan/$name"
	expect_eq "$who: s6-svc -wD -d" "$?" 0
	s6-svc -x "$scan/$name"
	kill -TERM "$svscan"
	# shellcheck disable=SC2086 # a list of pids
	gone "$who" "s6-svscan, s6-supervise, runjail and caddy gone" $pids
}

# ---------------------------------------------------------------------
# OpenRC, in a private mount namespace; ansible-playbook runs in it.
orc() { nsenter -t "$ORC_NS" -m -- "$@"; }
orc_ns_ready() {
	[ "$(cat "/proc/$ORC_NS/comm" 2>/dev/null)" = sleep ] &&
		[ "$(readlink "/proc/$ORC_NS/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]
}
# orc_bound DIR SRC: in the namespace, DIR is the test's SRC.
orc_bound() { [ "$(orc stat -c '%d:%i' "$1" 2>/dev/null)" = "$(stat -c '%d:%i' "$2")" ]; }

openrc_setup() {
	local o=$1 d
	for d in run/openrc usr/local/etc/init.d usr/local/etc/conf.d etc/init.d \
		etc/runlevels/default etc/runlevels/boot etc/runlevels/sysinit; do
		mkdir -p "$o/$d"
	done
	(cd "$o/run/openrc" && mkdir daemons exclusive failed hotplugged inactive \
		options scheduled started starting stopping tmp wasinactive && : >softlevel)
	# what "need localmount" asks for: nothing to do here
	printf '#!/sbin/openrc-run\ndescription="the test'\''s localmount"\nstart() { :; }\n' \
		>"$o/etc/init.d/localmount"
	chmod 755 "$o/etc/init.d/localmount"
	[ -d /run/openrc ] || { mkdir -m 755 /run/openrc && ORC_MADE=1; }
	[ -d /usr/local/etc ] && [ -d /etc/runlevels ] || return 1
	unshare --mount --propagation private sleep 900 &
	ORC_NS=$!
	wait_for 5 orc_ns_ready || return 1
	for d in /run/openrc /usr/local/etc /etc/init.d /etc/runlevels; do
		orc mount --bind "$o$d" "$d" || return 1
		orc_bound "$d" "$o$d" || return 1
	done
}

orc_child() {
	local sd
	read -r sd <"$1" 2>/dev/null || return 1
	pgrep -P "$sd" | head -n 1
}

openrc_case() {
	local who=openrc name=rji-openrc port o c sd pids
	for c in openrc-run supervise-daemon rc-service rc-update nsenter unshare; do
		command -v "$c" >/dev/null && continue
		skip "$who" "$c not installed (apt-get install openrc util-linux)"
		return
	done
	port=$(pick_port 80) || { skip "$who" "no free port"; return; }
	o=$A/$name/root
	if ! openrc_setup "$o"; then
		fail "$who: a private mount namespace for OpenRC (/run/openrc, /usr/local/etc, /etc/init.d, /etc/runlevels)"
		return
	fi
	pass "$who: a private mount namespace: the test's /run/openrc, /usr/local/etc, /etc/init.d, /etc/runlevels"
	# enabled: rc-update, in the test's /etc/runlevels (checked just above)
	vars openrc "$name" "$port" "page under OpenRC $$" <<-YEOF
	runjail_service_enabled: true
	runjail_service_openrc_initdir: /usr/local/etc/init.d
	runjail_service_pidfile: "$A/$name/supervise-daemon.pid"
	runjail_service_logfile: "$A/$name/caddy.log"
	YEOF
	RUNIN=(nsenter -t "$ORC_NS" -m --)
	deploy "$who" "$name" "$port" "page under OpenRC $$" orc_child "$A/$name/supervise-daemon.pid"
	check "$who: the script is contrib/openrc/caddy" cmp -s "$CONTRIB/openrc/caddy" "$o/usr/local/etc/init.d/$name"
	expect_eq "$who: conf.d: the description, the profile, runjail" \
		"$(grep -E '^(description|profile|runjail)=' "$o/usr/local/etc/conf.d/$name")" \
		"description='caddy under openrc, jailed by runjail'
profile=$name
runjail=$RUNJAIL"
	expect_eq "$who: rc-service status: started" "$(orc rc-service "$name" status >/dev/null 2>&1; echo $?)" 0
	expect_eq "$who: enabled: rc-update's link, in the test's runlevels" \
		"$(readlink "$o/etc/runlevels/default/$name")" "/usr/local/etc/init.d/$name"
	expect_eq "$who: the host's runlevels untouched" "$(ls -d /etc/runlevels/*/"$name" 2>/dev/null)" ""
	read -r sd <"$A/$name/supervise-daemon.pid" 2>/dev/null
	expect_eq "$who: its supervisor is supervise-daemon" \
		"$(tr '\0' '\n' <"/proc/${sd:-0}/cmdline" 2>/dev/null | head -n 1)" supervise-daemon
	pids="${sd:-} $(caddy_pid "$A/$name/jail")"
	orc rc-service "$name" stop >"$A/$name/stop.out" 2>&1
	expect_eq "$who: rc-service stop" "$?" 0
	RUNIN=()
	# shellcheck disable=SC2086 # a list of pids
	gone "$who" "supervise-daemon and caddy gone" $pids
	stop_pid "$ORC_NS"
	ORC_NS=""
}

runit_case
s6_case
openrc_case

# ---------------------------------------------------------------------
cleanup
left=$(pgrep -a -u "$SVCUSER" 2>/dev/null; pgrep -a -f "$A/" 2>/dev/null)
for d in rji-runit rji-s6 rji-openrc; do left=$left$(in_jail "$A/$d/jail"); done
expect_eq "cleanup: nothing left running" "$left" ""
expect_eq "cleanup: no file left" "$(ls -d "${CONFS[@]}" "$A" 2>/dev/null)" ""
if [ "$NEWUSER" = 1 ]; then
	expect_eq "cleanup: the user is gone" "$(getent passwd "$SVCUSER")" ""
fi
