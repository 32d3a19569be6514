#!/bin/bash
# tests/e2e.t: end to end, with real daemons: caddy, and NUT's dummy-ups
# driver with upsd, each in a jail built by contrib/mkjail, started by
# runjail (directly, through the profiles and through contrib/init.d),
# checked from the host (HTTP, upsc, /proc/PID/status), stopped.
#
# Needs root and the packages caddy, nut-server, nut-client (and curl, or
# bash's /dev/tcp is used).  What is missing is skipped, visibly.  Only
# loopback networking; every wait is bounded.  Cleans up after itself: the
# daemons, the /etc/runjail/rjtest-*.conf it installs, the users it creates
# (rjwww, rjnut).
. "$(dirname "$0")/lib.sh"
need_root "e2e"

INITD=$SRCDIR/contrib/init.d
E2E=$WORK/e2e
mkdir -p "$E2E" && chmod 755 "$E2E"
. "$SRCDIR/tests/daemons.sh"
trap daemons_cleanup EXIT

# check_jail WHAT JAIL RUNJAIL-ARGS...: no shell, no set-id file; --check.
check_jail() {
	local w=$1 j=$2 found; shift 2
	found=$(find "$j" -xdev -perm /6000 -print)
	expect_eq "$w: no set-uid or set-gid file in the jail" "$found" ""
	found=$(find "$j" -xdev \( -name sh -o -name bash -o -name dash -o -name busybox \
		-o -name ash -o -name zsh -o -name ksh \) -print)
	expect_eq "$w: no shell in the jail" "$found" ""
	if has_opt --check; then
		run_rj --check -r "$j" "$@"
		if [ "$RJ_RC" = 0 ]; then pass "$w: runjail --check -r JAIL ... exits 0"
		else fail "$w: runjail --check -r JAIL ... exits 0" "exit $RJ_RC" "$RJ_OUT" "$RJ_ERR"; fi
	else
		skip "$w: runjail --check" "runjail has no --check"
	fi
}

# initd SCRIPT DEFAULTS ACTION: run a contrib/init.d script; sets INITD_RC.
initd() {
	RJ_DEFAULTS=$2 sh "$INITD/$1" "$3" >>"$E2E/initd.out" 2>&1
	INITD_RC=$?
}

lsb_status() { initd "$1" "$2" status; echo "$INITD_RC"; }

MISSING_OPTS=
for o in --background --pidfile --stdout --stderr; do
	has_opt "$o" || MISSING_OPTS="$MISSING_OPTS $o"
done

# ---------------------------------------------------------------------
# caddy: port 80 as an unprivileged user, with net_bind_service alone.
caddy_tests() {
	local caddy cj cpid port uid gid pid pid2 body st
	caddy=$(command -v caddy) || { skip "caddy" "caddy not installed (apt-get install caddy)"; return; }
	[ -z "$MISSING_OPTS" ] || { skip "caddy" "runjail lacks$MISSING_OPTS"; return; }
	new_user rjwww || { fail "caddy: create user rjwww"; return; }
	uid=$(id -u rjwww) gid=$(id -g rjwww)
	port=$(pick_port 80) || { skip "caddy" "no free port"; return; }
	[ "$port" = 80 ] || printf '     (port 80 is taken: caddy uses %s)\n' "$port"

	cj=$E2E/caddy cpid=$E2E/caddy.pid
	PIDFILES+=("$cpid")
	if ! caddy_jail "$cj" rjwww "$port" "hello from the jail $$" "$E2E"; then
		fail "caddy: mkjail" "$(cat "$E2E/mkjail-caddy.out")"
		return
	fi
	pass "caddy: mkjail builds the jail"

	# Go reserves address space up front: as=1G is too little for caddy 2.6.
	local -a args=(-r "$cj" -u rjwww -P -c net_bind_service -l nofile=1024 -l as=2G
		"${SECCOMP[@]}" -m 027 -e XDG_DATA_HOME=/data -e XDG_CONFIG_HOME=/config)
	local -a cmd=(-- "$caddy" run --config /Caddyfile --adapter caddyfile)

	# Audit the jail before the service starts, as an administrator would.
	check_jail caddy "$cj" "${args[@]}" "${cmd[@]}"

	run_rj "${args[@]}" -b --pidfile "$cpid" --stdout "$E2E/caddy.out" \
		--stderr "$E2E/caddy.err" "${cmd[@]}"
	if [ "$RJ_RC" -ne 0 ]; then
		fail "caddy: runjail -b starts it" "exit $RJ_RC: $RJ_ERR" "$(tail -n 3 "$E2E/caddy.err" 2>/dev/null)"
		return
	fi
	pass "caddy: runjail -b starts it (exit 0)"
	read -r pid <"$cpid" 2>/dev/null
	expect_match "caddy: pidfile written before -b returns" "$pid" '^[0-9]+$'
	[[ $pid =~ ^[0-9]+$ ]] || return
	expect_eq "caddy: executed before -b returns (comm)" "$(cat "/proc/$pid/comm" 2>/dev/null)" caddy
	expect_eq "caddy: pidfile root's, outside the jail" "$(stat -c '%u %a' "$cpid")" "0 644"

	wait_for 10 serves "$port" "hello from the jail $$"
	body=$(http_get "$port" /file)
	expect_eq "caddy: serves the file on 127.0.0.1:$port" "$body" "hello from the jail $$"
	expect_match "caddy: its log in the --stderr file" "$(cat "$E2E/caddy.err")" 'server running|serving initial configuration'
	expect_eq "caddy: --stderr file root's, 0640" "$(stat -c '%u %a' "$E2E/caddy.err")" "0 640"
	check_service caddy "$pid" "$uid" "$gid" 0000000000000400 "$SC" "$cj"

	expect_fail "caddy: second start refused (pidfile locked)" 125 \
		"pidfile $cpid: locked by pid $pid" \
		"${args[@]}" -b --pidfile "$cpid" "${cmd[@]}"
	read -r pid2 <"$cpid" 2>/dev/null
	expect_eq "caddy: pidfile unchanged after the refused start" "$pid2" "$pid"
	check "caddy: still running after the refused start" alive "$pid"

	# Stop through the init.d script, explicit configuration.
	cat >"$E2E/caddy.default" <<-EOF
	RUNJAIL=$RUNJAIL
	PIDFILE=$cpid
	LOGFILE=$E2E/caddy.log
	PROFILE=
	RUNJAIL_ARGS="${args[*]} ${cmd[*]}"
	EOF
	expect_eq "caddy: init.d status while running (LSB 0)" "$(lsb_status caddy "$E2E/caddy.default")" 0
	initd caddy "$E2E/caddy.default" stop
	expect_eq "caddy: init.d stop" "$INITD_RC" 0
	if alive "$pid"; then fail "caddy: gone after init.d stop" "pid $pid still runs"
	else pass "caddy: gone after init.d stop"; fi
	if [ -e "$cpid" ]; then fail "caddy: init.d stop removes the pidfile"
	else pass "caddy: init.d stop removes the pidfile"; fi
	expect_eq "caddy: init.d status when stopped (LSB 3)" "$(lsb_status caddy "$E2E/caddy.default")" 3

	# A stale pidfile: LSB 1, and stop clears it.
	sh -c 'exit 0' & wait $!
	echo $! >"$cpid"
	expect_eq "caddy: init.d status, stale pidfile (LSB 1)" "$(lsb_status caddy "$E2E/caddy.default")" 1
	initd caddy "$E2E/caddy.default" stop
	if [ "$INITD_RC" = 0 ] && [ ! -e "$cpid" ]; then pass "caddy: init.d stop clears a stale pidfile"
	else fail "caddy: init.d stop clears a stale pidfile" "exit $INITD_RC"; fi

	# A setup failure after -b: non-zero, the error, no pidfile left.
	run_rj "${args[@]}" -b --pidfile "$cpid" -- /no/such/program
	if [ "$RJ_RC" -ne 0 ] && [ ! -e "$cpid" ] && [ -n "$RJ_ERR" ]; then
		pass "caddy: -b reports a failed start, removes the pidfile"
	else
		fail "caddy: -b reports a failed start, removes the pidfile" "exit $RJ_RC, stderr: $RJ_ERR" \
			"pidfile: $(cat "$cpid" 2>/dev/null || echo none)"
	fi

	# Type=notify: caddy's own READY=1 through --pid-ns --notify, sent on
	# by runjail's pid (the unit's main process); TERM through runjail
	# stops caddy, and its exit status comes back.
	if has_opt --notify; then
		local nl=$E2E/notify.sock nlp rp
		"$SRCDIR/tests/notify_listen" "$nl" 30 >"$E2E/nl.out" & nlp=$!
		sleep 0.3
		NOTIFY_SOCKET=$nl "$RUNJAIL" "${args[@]}" --pid-ns --notify "${cmd[@]}" \
			>"$E2E/cn.out" 2>&1 & rp=$!
		wait "$nlp"
		if grep -q "^pid=$rp uid=$uid msg=.*READY=1" "$E2E/nl.out"; then
			pass "caddy: --pid-ns --notify: READY=1 from runjail's pid"
		else
			fail "caddy: --pid-ns --notify: READY=1 from runjail's pid" "$(cat "$E2E/nl.out")" \
				"$(tail -n 3 "$E2E/cn.out")"
		fi
		body=$(http_get "$port" /file)
		expect_eq "caddy: --pid-ns: serves" "$body" "hello from the jail $$"
		kill -TERM "$rp"; wait "$rp"; st=$?
		expect_eq "caddy: --pid-ns: TERM to runjail stops caddy, status 0" "$st" 0
	else
		skip "caddy: --notify" "runjail lacks --notify"
	fi

	# Under --landlock, caddy may bind its port and no other: it serves;
	# with a list that lacks the port it cannot listen.
	local ll
	ll=$("$RUNJAIL" --dry-run -r / -u nobody --landlock -- /bin/true 2>/dev/null |
		sed -n 's/^landlock: ABI \([0-9]*\).*/\1/p')
	if has_opt --landlock && [ "${ll:-0}" -ge 4 ]; then
		"$RUNJAIL" "${args[@]}" --landlock --landlock-bind "$port" "${cmd[@]}" \
			>"$E2E/cl.out" 2>&1 & rp=$!
		wait_for 10 serves "$port" "hello from the jail $$"
		body=$(http_get "$port" /file)
		expect_eq "caddy: --landlock --landlock-bind $port: serves" "$body" "hello from the jail $$"
		kill -TERM "$rp"; wait "$rp"
		"$RUNJAIL" "${args[@]}" --landlock --landlock-bind 1 "${cmd[@]}" \
			>"$E2E/cl2.out" 2>&1 & rp=$!
		for _ in $(seq 100); do kill -0 "$rp" 2>/dev/null || break; sleep 0.1; done
		kill -TERM "$rp" 2>/dev/null; wait "$rp"; st=$?
		expect_match "caddy: control: --landlock-bind without its port: it cannot listen, and exits" \
			"$st $(tr '\n' ' ' <"$E2E/cl2.out")" "^[1-9][0-9]* .*bind: permission denied"
	else
		skip "caddy: --landlock" "runjail lacks --landlock, or Landlock ABI ${ll:-0} < 4"
	fi

	# The same through a profile, started and stopped by the init.d script.
	if ! has_opt --profile; then
		skip "caddy: profile through init.d" "runjail has no --profile"
		return
	fi
	caddy_profile "$cj" "$caddy"
	cat >"$E2E/caddy-p.default" <<-EOF
	RUNJAIL=$RUNJAIL
	PROFILE=rjtest-caddy
	PIDFILE=$cpid
	LOGFILE=$E2E/caddy-p.log
	EOF
	initd caddy "$E2E/caddy-p.default" start
	expect_eq "caddy: init.d start with -p rjtest-caddy ($(policy caddy | sed 's#/.*/##'))" "$INITD_RC" 0
	read -r pid <"$cpid" 2>/dev/null
	if ! [[ $pid =~ ^[0-9]+$ ]]; then
		fail "caddy: profile: pidfile" "$(tail -n 5 "$E2E/initd.out")"
		return
	fi
	wait_for 10 serves "$port" "hello from the jail $$"
	expect_eq "caddy: profile: serves the file" "$(http_get "$port" /file)" "hello from the jail $$"
	check_service "caddy (profile)" "$pid" "$uid" "$gid" 0000000000000400 "$SC" "$cj"
	expect_eq "caddy: profile: init.d status (LSB 0)" "$(lsb_status caddy "$E2E/caddy-p.default")" 0
	initd caddy "$E2E/caddy-p.default" start
	read -r pid2 <"$cpid" 2>/dev/null
	expect_eq "caddy: profile: start while running is a no-op" "$INITD_RC $pid2" "0 $pid"
	initd caddy "$E2E/caddy-p.default" restart
	read -r pid2 <"$cpid" 2>/dev/null
	if [ "$INITD_RC" = 0 ] && [ -n "$pid2" ] && [ "$pid2" != "$pid" ] && ! alive "$pid"; then
		pass "caddy: profile: init.d restart"
	else
		fail "caddy: profile: init.d restart" "exit $INITD_RC, old pid $pid, new pid $pid2"
	fi
	wait_for 10 serves "$port" "hello from the jail $$"
	expect_eq "caddy: profile: serves after restart" "$(http_get "$port" /file)" "hello from the jail $$"
	initd caddy "$E2E/caddy-p.default" stop
	st=$(lsb_status caddy "$E2E/caddy-p.default")
	if [ "$INITD_RC" = 0 ] && ! alive "$pid2" && [ ! -e "$cpid" ] && [ "$st" = 3 ]; then
		pass "caddy: profile: init.d stop"
	else
		fail "caddy: profile: init.d stop" "exit $INITD_RC, status $st, pidfile $(cat "$cpid" 2>/dev/null || echo removed)"
	fi
}

# ---------------------------------------------------------------------
# NUT: the dummy-ups driver and upsd, in one jail, as one user.
nut_tests() {
	local drv upsd nj port uid gid dpid upid pid st up
	nut_bins || { skip "nut" "dummy-ups/upsd not installed (apt-get install nut-server)"; return; }
	command -v upsc >/dev/null || { skip "nut" "upsc not installed (apt-get install nut-client)"; return; }
	[ -z "$MISSING_OPTS" ] || { skip "nut" "runjail lacks$MISSING_OPTS"; return; }
	new_user rjnut || { fail "nut: create user rjnut"; return; }
	uid=$(id -u rjnut) gid=$(id -g rjnut)
	port=$(pick_port 3493) || { skip "nut" "no free port"; return; }

	drv=$NUT_DRV upsd=$NUT_UPSD
	nj=$E2E/nut dpid=$E2E/nut-driver.pid upid=$E2E/upsd.pid
	PIDFILES+=("$upid" "$dpid")
	if ! nut_jail "$nj" rjnut "$port" "$E2E"; then
		fail "nut: mkjail" "$(cat "$E2E/mkjail-nut.out")"
		return
	fi
	pass "nut: mkjail builds the jail"

	# -F: foreground (runjail -b does the rest); -u/-g: the user runjail
	# gives them, so that they do not try to switch themselves.
	local -a common=(-r "$nj" -u rjnut -l nofile=256 -l as=256M "${SECCOMP[@]}" -m 027)
	local -a dcmd=("$drv" -a test -F -u rjnut -g rjnut) ucmd=("$upsd" -F -u rjnut)
	if has_opt --profile; then
		nut_profiles "$nj" "$port"
		printf 'RUNJAIL=%s\nPROFILE=rjtest-nut-driver\nPIDFILE=%s\nLOGFILE=%s\n' \
			"$RUNJAIL" "$dpid" "$E2E/nut-driver.log" >"$E2E/nut-driver.default"
		printf 'RUNJAIL=%s\nPROFILE=rjtest-upsd\nPIDFILE=%s\nLOGFILE=%s\n' \
			"$RUNJAIL" "$upid" "$E2E/upsd.log" >"$E2E/upsd.default"
		up="profiles"
	else
		printf 'RUNJAIL=%s\nPROFILE=\nRUNJAIL_ARGS="%s -- %s"\nPIDFILE=%s\nLOGFILE=%s\n' \
			"$RUNJAIL" "${common[*]}" "${dcmd[*]}" "$dpid" "$E2E/nut-driver.log" >"$E2E/nut-driver.default"
		printf 'RUNJAIL=%s\nPROFILE=\nRUNJAIL_ARGS="%s -- %s"\nPIDFILE=%s\nLOGFILE=%s\n' \
			"$RUNJAIL" "${common[*]}" "${ucmd[*]}" "$upid" "$E2E/upsd.log" >"$E2E/upsd.default"
		up="options (runjail has no --profile)"
	fi

	check_jail nut "$nj" "${common[@]}" -- "${ucmd[@]}"

	initd nut-driver "$E2E/nut-driver.default" start
	expect_eq "nut: init.d starts the driver ($up)" "$INITD_RC" 0
	wait_for 10 test -S "$nj/run/nut/dummy-ups-test"
	check "nut: the driver's socket in the jail's /run/nut" test -S "$nj/run/nut/dummy-ups-test"
	initd upsd "$E2E/upsd.default" start
	expect_eq "nut: init.d starts upsd ($up${SECCOMP[*]:+, $(policy upsd | sed 's#/.*/##')})" "$INITD_RC" 0
	wait_for 10 ups_ol "$port"
	expect_eq "nut: upsc test@127.0.0.1:$port ups.status" \
		"$(upsc "test@127.0.0.1:$port" ups.status 2>/dev/null)" OL
	if [ "$(upsc "test@127.0.0.1:$port" ups.status 2>/dev/null)" != OL ]; then
		printf '     %s\n' "driver: $(tail -n 3 "$E2E/nut-driver.log" 2>/dev/null)" \
			"upsd: $(tail -n 3 "$E2E/upsd.log" 2>/dev/null)" "init.d: $(tail -n 4 "$E2E/initd.out")"
	fi

	for pid in "$dpid" "$upid"; do
		read -r st <"$pid" 2>/dev/null
		if [[ $st =~ ^[0-9]+$ ]]; then
			check_service "nut: $(cat "/proc/$st/comm" 2>/dev/null)" "$st" "$uid" "$gid" 0000000000000000 "$SC" "$nj"
		else
			fail "nut: pidfile $pid" "no pid in it"
		fi
	done

	read -r st <"$upid" 2>/dev/null
	initd upsd "$E2E/upsd.default" stop
	if [ "$INITD_RC" = 0 ] && ! alive "${st:-0}" && [ ! -e "$upid" ]; then pass "nut: init.d stops upsd"
	else fail "nut: init.d stops upsd" "exit $INITD_RC, pid ${st:-?}"; fi
	read -r st <"$dpid" 2>/dev/null
	initd nut-driver "$E2E/nut-driver.default" stop
	if [ "$INITD_RC" = 0 ] && ! alive "${st:-0}" && [ ! -e "$dpid" ]; then pass "nut: init.d stops the driver"
	else fail "nut: init.d stops the driver" "exit $INITD_RC, pid ${st:-?}"; fi
	expect_eq "nut: init.d status when stopped (LSB 3)" "$(lsb_status upsd "$E2E/upsd.default")" 3
}

caddy_tests
nut_tests
