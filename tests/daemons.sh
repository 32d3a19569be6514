# shellcheck shell=bash
# tests/daemons.sh: sourced (after lib.sh) by the tests that run real
# daemons, jailed, from the host: e2e.t and initsys.t.  Their bookkeeping
# and cleanup, waits, ports, HTTP and upsc from the host, what the kernel
# says of a service, and the caddy and NUT jails.

HELP=$("$RUNJAIL" --help 2>&1)
has_opt() { grep -qwe "$1" <<<"$HELP"; }

# ---------------------------------------------------------------------
# Bookkeeping and cleanup: what daemons_cleanup undoes.
PIDFILES=() CONFS=() NEWUSERS=() NEWETC=0

# alive PID: running, not a zombie waiting to be reaped.
alive() {
	kill -0 "$1" 2>/dev/null || return 1
	! grep -q '^State:[[:space:]]*[ZX]' "/proc/$1/status" 2>/dev/null
}

# kill_pidfile FILE: stop the process in FILE (TERM, then KILL), remove FILE.
kill_pidfile() {
	local pid n
	[ -e "$1" ] || return 0
	read -r pid <"$1" 2>/dev/null
	if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		n=50
		while alive "$pid" && ((n-- > 0)); do sleep 0.1; done
		alive "$pid" && kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$1"
}

daemons_cleanup() {
	local f u n
	for f in "${PIDFILES[@]}"; do kill_pidfile "$f"; done
	for f in "${CONFS[@]}"; do rm -f "$f"; done
	[ "$NEWETC" = 0 ] || rmdir /etc/runjail 2>/dev/null
	for u in "${NEWUSERS[@]}"; do
		# userdel refuses while a process (even a zombie) has the uid
		for ((n = 0; n < 50; n++)); do pgrep -u "$u" >/dev/null || break; sleep 0.1; done
		userdel "$u" 2>/dev/null
		getent group "$u" >/dev/null && groupdel "$u" 2>/dev/null
	done
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	local n=$(($1 * 10)); shift
	while ((n-- > 0)); do "$@" && return 0; sleep 0.1; done
	"$@"
}

# new_user NAME: a system user with its own group, no home, no shell.
new_user() {
	getent passwd "$1" >/dev/null && return 0
	useradd -r -M -d / -s /usr/sbin/nologin -U "$1" || return 1
	NEWUSERS+=("$1")
}

# install_conf NAME: stdin becomes /etc/runjail/NAME.conf, root's, 0644.
install_conf() {
	if [ ! -d /etc/runjail ]; then mkdir -m 755 /etc/runjail && NEWETC=1; fi
	cat >"/etc/runjail/$1.conf" && chmod 644 "/etc/runjail/$1.conf"
	CONFS+=("/etc/runjail/$1.conf")
}

# stop_pid PID: TERM, then KILL after 5 s; waits until it is gone.
stop_pid() {
	local n=50
	alive "$1" || return 0
	kill -TERM "$1" 2>/dev/null
	while alive "$1" && ((n-- > 0)); do sleep 0.1; done
	alive "$1" && kill -KILL "$1" 2>/dev/null
	n=20
	while alive "$1" && ((n-- > 0)); do sleep 0.1; done
}

# ansible_ready NAME: skip the whole file NAME, visibly, in a sanitizer run
# (the Ansible tests check the role's logic; e2e.t and initsys.t run
# runjail's same paths) or without ansible-playbook, caddy or $RUNJAIL;
# else set CADDY.
# shellcheck disable=SC2034 # CADDY: for the test file
ansible_ready() {
	if [ -n "${RJ_SANITIZED:-}" ]; then skip "$1" "a sanitizer run"; exit 0; fi
	command -v ansible-playbook >/dev/null ||
		{ skip "all cases" "ansible-playbook not installed (apt-get install ansible-core)"; exit 0; }
	CADDY=$(command -v caddy) || { skip "all cases" "caddy not installed (apt-get install caddy)"; exit 0; }
	[ -x "$RUNJAIL" ] || { skip "all cases" "no $RUNJAIL (make)"; exit 0; }
}

# role_play DIR: DIR/play.yml, a play of the runjail_service role alone,
# an empty DIR/ansible.cfg; SC_LINE, the role's profile line for the
# seccomp policy where the tests use one (SC).
# shellcheck disable=SC2034 # SC_LINE: for the test file
role_play() {
	cat >"$1/play.yml" <<-'YEOF'
	---
	- name: A jailed caddy through the runjail_service role
	  hosts: all
	  gather_facts: false
	  roles:
	    - runjail_service
	YEOF
	: >"$1/ansible.cfg"
	SC_LINE=''
	[ "$SC" = 0 ] || SC_LINE='- "seccomp default"'
}

# caddy_profile ROOT CADDY: the test profile rjtest-caddy: CADDY, jailed in
# ROOT as rjwww, with net_bind_service alone and the caddy policy.
caddy_profile() {
	install_conf rjtest-caddy <<-EOF
	# runjail test: caddy
	root $1
	user rjwww
	proc
	cap net_bind_service
	rlimit nofile=1024
	rlimit as=2G
	$(policy caddy)
	umask 027
	setenv XDG_DATA_HOME=/data
	setenv XDG_CONFIG_HOME=/config
	command $2 run --config /Caddyfile --adapter caddyfile
	EOF
}

# nut_profiles ROOT PORT: the test profiles rjtest-nut-driver and
# rjtest-upsd for NUT jailed in ROOT as rjnut (NUT_DRV, NUT_UPSD: nut_bins),
# under Landlock as contrib/profiles has them where the kernel has it: both
# write only run/nut, upsd binds PORT only.
nut_profiles() {
	local lld='' llu=''
	if has_opt --landlock && [ "$(landlock_abi)" -ge 4 ]; then
		lld=landlock llu="landlock-bind $2"
	fi
	install_conf rjtest-nut-driver <<-EOF
	root $1
	user rjnut
	rlimit nofile=256
	rlimit as=256M
	${SECCOMP[*]:+seccomp default}
	$lld
	umask 027
	command $NUT_DRV -a test -F -u rjnut -g rjnut
	EOF
	install_conf rjtest-upsd <<-EOF
	root $1
	user rjnut
	rlimit nofile=256
	rlimit as=256M
	$(policy upsd)
	$llu
	umask 027
	command $NUT_UPSD -F -u rjnut
	EOF
}

# port_free PORT: nothing listens on 127.0.0.1:PORT (or on the wildcard).
port_free() {
	if command -v ss >/dev/null; then
		[ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
	else
		! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# pick_port WANTED: WANTED if free, else a free port from 20000 up.
pick_port() {
	local p=$1
	port_free "$p" && { echo "$p"; return; }
	for ((p = 20000 + RANDOM % 20000; p < 65000; p += 7)); do
		port_free "$p" && { echo "$p"; return; }
	done
	return 1
}

# http_get PORT PATH: the body of http://127.0.0.1:PORT/PATH.
http_get() {
	if command -v curl >/dev/null; then
		curl -s -m 2 "http://127.0.0.1:$1$2"
		return
	fi
	(
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
		timeout 2 cat <&3 | sed '1,/^\r\{0,1\}$/d'
	) 2>/dev/null
}

serves() { [ "$(http_get "$1" /file)" = "$2" ]; }
ups_ol() { [ "$(upsc "test@127.0.0.1:$1" ups.status 2>/dev/null)" = OL ]; }

# field PID NAME: the values of "NAME:" in /proc/PID/status, blank-separated.
field() { awk -v k="$2:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "/proc/$1/status" 2>/dev/null; }

# check_service WHAT PID UID GID CAPS SECCOMP JAIL: what the kernel says of it.
check_service() {
	local w=$1 pid=$2 uid=$3 gid=$4 caps=$5 sc=$6 jail=$7 c
	expect_eq "$w: uids (real, effective, saved, fs)" "$(field "$pid" Uid)" "$uid $uid $uid $uid"
	expect_eq "$w: gids" "$(field "$pid" Gid)" "$gid $gid $gid $gid"
	for c in CapEff CapPrm CapAmb CapBnd; do
		expect_eq "$w: $c" "$(field "$pid" "$c")" "$caps"
	done
	expect_eq "$w: NoNewPrivs" "$(field "$pid" NoNewPrivs)" 1
	if [ "$sc" = 1 ]; then
		expect_eq "$w: Seccomp (filter mode)" "$(field "$pid" Seccomp)" 2
	fi
	expect_eq "$w: root is the jail" "$(readlink "/proc/$pid/root")" "$(readlink -f "$jail")"
}

# shellcheck disable=SC2034 # for the test file that sources this
SECCOMP=() SC=0
if has_opt --seccomp && "$RUNJAIL" -s default -- /bin/true 2>/dev/null; then
	# shellcheck disable=SC2034 # for the test file that sources this
	SECCOMP=(-s default) SC=1
fi
# policy NAME: the seccomp line for a profile: contrib/policies/NAME.policy
# if there is one (the daemon is then tested under it), else "default".
policy() {
	local f=$SRCDIR/contrib/policies/$1.policy
	[ "$SC" = 1 ] || return 0
	if [ -f "$f" ]; then echo "seccomp $f"; else echo "seccomp default"; fi
}

# landlock_abi: the Landlock ABI runjail would use (0: none).
landlock_abi() {
	local ll
	ll=$("$RUNJAIL" --dry-run -r / -u nobody --landlock -- /bin/true 2>/dev/null |
		sed -n 's/^landlock: ABI \([0-9]*\).*/\1/p')
	echo "${ll:-0}"
}

# ---------------------------------------------------------------------
# The jails, built by contrib/mkjail; each returns non-zero with mkjail's
# output in $OUT/mkjail-NAME.out if that failed.

# caddy_jail DIR USER PORT TEXT OUT: caddy (as found in PATH) serving
# /www/file, holding TEXT, on 127.0.0.1:PORT with the Caddyfile /Caddyfile
# (no admin endpoint, no certificates, state in /data and /config, which
# USER owns).
caddy_jail() {
	local cj=$1 user=$2 port=$3 text=$4 out=$5 caddy
	caddy=$(command -v caddy) || return 1
	sh "$SRCDIR/contrib/mkjail" --user "$user" --writable data --writable config "$cj" "$caddy" \
		>"$out/mkjail-caddy.out" 2>&1 || return 1
	mkdir -p "$cj/www"
	echo "$text" >"$cj/www/file"
	cat >"$cj/Caddyfile" <<-EOF
	{
		admin off
		auto_https off
		storage file_system /data
	}
	http://127.0.0.1:$port {
		root * /www
		file_server
	}
	EOF
	chmod 644 "$cj/www/file" "$cj/Caddyfile"
}

# nut_bins: sets NUT_DRV and NUT_UPSD to dummy-ups and upsd, or fails.
nut_bins() {
	local d
	for d in /lib/nut /usr/lib/nut; do
		if [ -x "$d/dummy-ups" ] && [ -x "$d/upsd" ]; then
			NUT_DRV=$d/dummy-ups NUT_UPSD=$d/upsd
			return 0
		fi
	done
	return 1
}

# nut_jail DIR USER PORT OUT: dummy-ups and upsd (nut_bins), sharing the
# jail's /run/nut; the UPS "test" (ups.status OL) on 127.0.0.1:PORT.
nut_jail() {
	local nj=$1 user=$2 port=$3 out=$4
	local -a extra=()
	# NUT looks its user up (--passwd); the driver's socket goes in /run/nut.
	[ -f /usr/share/nut/cmdvartab ] && extra=(/usr/share/nut/cmdvartab)
	sh "$SRCDIR/contrib/mkjail" --passwd "$user" --user "$user" --writable run/nut "$nj" \
		"$NUT_DRV" "$NUT_UPSD" "${extra[@]}" >"$out/mkjail-nut.out" 2>&1 || return 1
	mkdir -p "$nj/etc/nut" && chmod 755 "$nj/etc/nut"
	printf '[test]\n\tdriver = dummy-ups\n\tport = test.dev\n\tdesc = "runjail test"\n' >"$nj/etc/nut/ups.conf"
	printf 'ups.status: OL\nbattery.charge: 100\n' >"$nj/etc/nut/test.dev"
	printf 'LISTEN 127.0.0.1 %s\n' "$port" >"$nj/etc/nut/upsd.conf"
	: >"$nj/etc/nut/upsd.users"
	chown root:"$user" "$nj"/etc/nut/*
	chmod 640 "$nj"/etc/nut/*
}
