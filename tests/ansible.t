#!/bin/bash
# tests/ansible.t: contrib/ansible's runjail_service role, for real, on this
# machine (ansible-playbook -i localhost, -c local): it deploys caddy jailed,
# as the user rjcaddy, through the init.d glue (contrib/init.d/runjail-service),
# serving a page on 127.0.0.1; a second run changes nothing; after the
# program the jail copies changed on the host, a check-mode run says so and
# changes nothing, and a real run refreshes the jail and restarts the
# service; a jail that fails "runjail --check" fails the play.
#
# The "program" is a copy of caddy under the test directory, so that it
# can be replaced.  runjail and mkjail are the worktree's.  Needs root,
# ansible-playbook (ansible-core) and caddy; skips visibly without them.
# Cleans up: the service, /etc/init.d/rjcaddy, /etc/default/rjcaddy,
# /etc/runjail/rjcaddy.conf, the jail, the user if it made it.
. "$(dirname "$0")/lib.sh"
need_root "ansible"
# alive, wait_for, pick_port, http_get, serves, check_service, SC
. "$SRCDIR/tests/daemons.sh"
ansible_ready "ansible"

NAME=rjcaddy SVCUSER=rjcaddy
INITD=/etc/init.d/$NAME DEFAULTS=/etc/default/$NAME CONF=/etc/runjail/$NAME.conf
for f in "$INITD" "$DEFAULTS" "$CONF"; do
	[ ! -e "$f" ] || { skip "all cases" "$f exists (an earlier run's? remove it)"; exit 0; }
done

A=$WORK/ansible
J=$A/jail PIDFILE=$A/$NAME.pid LOG=$A/$NAME.log OUT=$A/play.out
mkdir -p "$A/bin" "$A/home" && chmod 755 "$A" "$A/bin"
cp "$CADDY" "$A/bin/caddy"

NEWUSER=0 NEWETC=0
getent passwd "$SVCUSER" >/dev/null || NEWUSER=1
[ -d /etc/runjail ] || NEWETC=1

# in_jail: the pids of the processes whose root is the jail.
in_jail() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$J" ] && echo "${p#/proc/}"
	done
}
svc_pid() { local pid=; read -r pid 2>/dev/null <"$PIDFILE"; echo "$pid"; }

CLEANED=0
cleanup() {
	local pid n
	[ "$CLEANED" = 0 ] || return 0
	CLEANED=1
	[ ! -x "$INITD" ] || "$INITD" stop >/dev/null 2>&1
	pid=$(svc_pid)
	if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then
		kill -TERM "$pid"; n=50
		while alive "$pid" && ((n-- > 0)); do sleep 0.1; done
		alive "$pid" && kill -KILL "$pid"
	fi
	for pid in $(in_jail); do kill -KILL "$pid" 2>/dev/null; done
	# not update-rc.d remove: its insserv would renumber every other script
	rm -f /etc/rc[0-6S].d/[SK][0-9][0-9]"$NAME"
	rm -f "$INITD" "$DEFAULTS" "$CONF" "$PIDFILE"
	[ "$NEWETC" = 0 ] || rmdir /etc/runjail 2>/dev/null
	if [ "$NEWUSER" = 1 ] && getent passwd "$SVCUSER" >/dev/null; then
		for ((n = 0; n < 50; n++)); do pgrep -u "$SVCUSER" >/dev/null || break; sleep 0.1; done
		userdel "$SVCUSER" 2>/dev/null
		getent group "$SVCUSER" >/dev/null && groupdel "$SVCUSER" 2>/dev/null
	fi
	rm -rf "$A"
}
trap cleanup EXIT

PORT=$(pick_port 80) || { skip "all cases" "no free port"; exit 0; }
[ "$PORT" = 80 ] || printf '     (port 80 is taken: caddy uses %s)\n' "$PORT"
PAGE="hello from the role $$"
# The playbook and its variables: the role as contrib/ansible ships it.
role_play "$A"
cat >"$A/vars.yml" <<YEOF
---
ansible_python_interpreter: /usr/bin/python3
runjail_service_name: "$NAME"
# the words Ansible's sysvinit module looks for in "status": they must not mislead it
runjail_service_desc: "nonstop caddy, not a stopgap"
runjail_service_runjail: "$RUNJAIL"
runjail_service_mkjail: "$SRCDIR/contrib/mkjail"
runjail_service_jail: "$J"
runjail_service_programs:
  - "$A/bin/caddy"
runjail_service_user: "$SVCUSER"
runjail_service_create_user: true
runjail_service_writable:
  - data
  - config
runjail_service_files:
  - path: /etc/caddy/Caddyfile
    content: |
      {
        admin off
        auto_https off
        storage file_system /data
      }
      http://127.0.0.1:$PORT {
        root * /www
        file_server
      }
  - path: /www/file
    content: "$PAGE\n"
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
runjail_service_init: initd
# update-rc.d would renumber other scripts' links on this host: not at boot
runjail_service_enabled: false
runjail_service_initd_lib: "$A/runjail-service"
runjail_service_pidfile: "$PIDFILE"
runjail_service_logfile: "$LOG"
YEOF

# play WHAT [ARGS...]: run the playbook; sets PLAY_RC, RECAP (the host's
# PLAY RECAP line), CHANGED and FAILED (its counts, "?" if there is none).
play() {
	local what=$1; shift
	ANSIBLE_CONFIG=$A/ansible.cfg ANSIBLE_HOME=$A/home ANSIBLE_LOCAL_TEMP=$A/home/tmp \
		ANSIBLE_REMOTE_TEMP=$A/home/rtmp ANSIBLE_ROLES_PATH=$SRCDIR/contrib/ansible/roles \
		ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0 \
		ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_STDOUT_CALLBACK=default \
		timeout 600 ansible-playbook -i localhost, -c local -e "@$A/vars.yml" "$@" "$A/play.yml" \
		>"$OUT.$what" 2>&1 </dev/null
	PLAY_RC=$?
	RECAP=$(grep -E '^localhost +: ok=' "$OUT.$what" | tail -n 1 | tr -s ' ')
	CHANGED=$(sed -n 's/.* changed=\([0-9]*\).*/\1/p' <<<"$RECAP")
	FAILED=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$RECAP")
	: "${CHANGED:=?}" "${FAILED:=?}"
	printf '     %s: %s\n' "$what" "${RECAP:-no PLAY RECAP}"
}
# play_ok CASE: the last play exited 0 and failed nothing.
play_ok() {
	if [ "$PLAY_RC" = 0 ] && [ "$FAILED" = 0 ]; then pass "$1"
	else fail "$1" "exit $PLAY_RC, recap: $RECAP" "$(grep -E 'FAILED|fatal|ERROR' "$OUT.$2" | head -n 5)"; fi
}

# --- 1. first run: the jail built, the service installed and started -----
play run1
play_ok "first run: the play succeeds" run1
if [[ $CHANGED =~ ^[0-9]+$ ]] && [ "$CHANGED" -gt 0 ]; then pass "first run: reports changes (changed=$CHANGED)"
else fail "first run: reports changes" "recap: $RECAP"; fi
expect_eq "the user is made" "$(getent passwd "$SVCUSER" | cut -d: -f1,6,7)" "$SVCUSER:/:/usr/sbin/nologin"
expect_eq "profile: root's, 0644" "$(stat -c '%U:%G %a' "$CONF" 2>&1)" "root:root 644"
expect_eq "profile: the jail, the user, the command" "$(grep -E '^(root|user|command) ' "$CONF" 2>&1)" \
	"root $J
user $SVCUSER
command $A/bin/caddy run --config /etc/caddy/Caddyfile --adapter caddyfile"
expect_eq "init.d script: the description in its header" \
	"$(grep '^# Short-Description:' "$INITD" 2>&1)" "# Short-Description: nonstop caddy, not a stopgap, jailed by runjail"
expect_eq "init.d script and its defaults installed" \
	"$(stat -c '%n %U %a' "$INITD" "$DEFAULTS" 2>&1 | tr '\n' ' ')" "$INITD root 755 $DEFAULTS root 644 "
check "the jail's copy of the program is the host's" cmp -s "$A/bin/caddy" "$J$A/bin/caddy"
expect_eq "the writable directories are the user's" \
	"$(stat -c '%U %a' "$J/data" "$J/config" 2>&1 | tr '\n' ' ')" "$SVCUSER 750 $SVCUSER 750 "
PID1=$(svc_pid)
if [[ $PID1 =~ ^[0-9]+$ ]] && alive "$PID1"; then pass "init.d started it: pidfile names a live process"
else fail "init.d started it: pidfile names a live process" "pidfile: '$PID1'" "$(tail -n 3 "$LOG" 2>/dev/null)"; fi
expect_eq "the service is caddy" "$(cat "/proc/$PID1/comm" 2>&1)" caddy
check_service "the service" "$PID1" "$(id -u "$SVCUSER")" "$(id -g "$SVCUSER")" 0000000000000400 "$SC" "$J"
wait_for 10 serves "$PORT" "$PAGE"
expect_eq "curl gets the page from 127.0.0.1:$PORT" "$(http_get "$PORT" /file)" "$PAGE"
links=$(find /etc/rc[0-6S].d -name "[SK][0-9][0-9]$NAME" 2>/dev/null)
expect_eq "not enabled at boot, as asked: no rc link" "$links" ""
expect_eq "init.d status: running (LSB 0)" "$("$INITD" status >/dev/null 2>&1; echo $?)" 0
RC=$("$RUNJAIL" --check -p "$NAME" >"$A/check.out" 2>&1; echo $?)
expect_eq "runjail --check -p $NAME passes" "$RC $(cat "$A/check.out")" "0 "

# --- 2. second run, nothing changed: changed=0, not restarted ---------------
play run2
play_ok "second run: the play succeeds" run2
expect_eq "second run: changed=0" "$CHANGED" 0
expect_eq "second run: the service was not restarted" "$(svc_pid)" "$PID1"

# An init system the role does not know: refused up front.  (openrc,
# runit and s6: tests/ansible-init.t, under the test's own supervisors.)
play upstart -e runjail_service_init=upstart
if [ "$PLAY_RC" != 0 ] && [ "$CHANGED" = 0 ] && grep -q 'known values for init' "$OUT.upstart"; then
	pass "runjail_service_init=upstart (unknown): refused before any change"
else
	fail "runjail_service_init=upstart (unknown): refused before any change" "exit $PLAY_RC, recap: $RECAP"
fi
if command -v shellcheck >/dev/null; then
	check "the init.d script written passes shellcheck" shellcheck -s sh -S warning -e SC1091 "$INITD"
else
	skip "the init.d script written passes shellcheck" "no shellcheck"
fi

# --- 3. the program changes on the host -------------------------------------
# A new build of the program: caddy with one more byte (ELF ignores it),
# put in place as a package upgrade does, by a rename.
{ cat "$CADDY"; printf '\n'; } >"$A/bin/caddy.new" && chmod 755 "$A/bin/caddy.new" &&
	mv -f "$A/bin/caddy.new" "$A/bin/caddy"
play check3 --check
play_ok "check mode after the change: the play succeeds" check3
if [[ $CHANGED =~ ^[0-9]+$ ]] && [ "$CHANGED" -gt 0 ]; then pass "check mode: reports the change (changed=$CHANGED)"
else fail "check mode: reports the change" "recap: $RECAP"; fi
if cmp -s "$A/bin/caddy" "$J$A/bin/caddy"; then fail "check mode: the jail's copy left alone" "it was replaced"
else pass "check mode: the jail's copy left alone"; fi
expect_eq "check mode: the service left alone" "$(svc_pid)" "$PID1"

play run3
play_ok "third run: the play succeeds" run3
if [[ $CHANGED =~ ^[0-9]+$ ]] && [ "$CHANGED" -gt 0 ]; then pass "third run: reports changed (changed=$CHANGED)"
else fail "third run: reports changed" "recap: $RECAP"; fi
check "third run: the jail's copy matches the new program" cmp -s "$A/bin/caddy" "$J$A/bin/caddy"
PID3=$(svc_pid)
if [[ $PID3 =~ ^[0-9]+$ ]] && [ "$PID3" != "$PID1" ] && alive "$PID3" && ! alive "$PID1"; then
	pass "third run: the service was restarted"
else
	fail "third run: the service was restarted" "old pid $PID1, new pid '$PID3'"
fi
wait_for 10 serves "$PORT" "$PAGE"
expect_eq "third run: curl gets the page again" "$(http_get "$PORT" /file)" "$PAGE"
RC=$("$RUNJAIL" --check -p "$NAME" >"$A/check.out" 2>&1; echo $?)
expect_eq "third run: runjail --check -p $NAME passes" "$RC $(cat "$A/check.out")" "0 "

# --- 4. a jail that fails its audit fails the play ---------------------------
cp /bin/true "$J/sbin-true" && chmod 4755 "$J/sbin-true"
play run4
if [ "$PLAY_RC" != 0 ] && [ "$FAILED" = 1 ] && grep -q 'Check the jail' "$OUT.run4"; then
	pass "a set-uid file in the jail: the check fails the play"
else
	fail "a set-uid file in the jail: the check fails the play" "exit $PLAY_RC, recap: $RECAP"
fi
expect_eq "failed check: the service left alone" "$(svc_pid)" "$PID3"
rm -f "$J/sbin-true"

# --- 4b. a file put in the jail through a link the service planted --------
# A directory the service owns (as --from hands over): it replaces conf/
# with a link to a host directory; the admin's file must not land there.
V=$A/victim
mkdir -p "$V" "$J/srv/conf"
chown "$SVCUSER" "$J/srv"
printf 'runjail_service_files:\n  - path: /srv/conf/app.ini\n    content: "admin content\\n"\n' >"$A/files.yml"
rmdir "$J/srv/conf"; ln -s "$V" "$J/srv/conf"
play run5 -e "@$A/files.yml"
expect_eq "attack: a link planted in a directory of the service's: the play fails, nothing written through it" \
	"$([ "$PLAY_RC" != 0 ] && echo failed):$(grep -c 'srv: not root' "$OUT.run5"):$(ls "$V")" "failed:1:"
rm -f "$J/srv/conf"; chown root "$J/srv"; mkdir "$J/srv/conf"
play run6 -e "@$A/files.yml"
expect_eq "control: the same file in directories of root's is written" \
	"$PLAY_RC:$(cat "$J/srv/conf/app.ini" 2>&1)" "0:admin content"
rm -rf "$J/srv"

# --- 4c. a description that would start a line of its own in the glue -------
printf '{"runjail_service_desc": "Web\\ntouch %s/pwned #"}' "$A" >"$A/desc.json"
play run7 -e "@$A/desc.json"
expect_eq "attack: a newline in the description: the play fails before any change, nothing run" \
	"$([ "$PLAY_RC" != 0 ] && echo failed):$CHANGED:$(grep -c 'Check the words of the init glue' "$OUT.run7"):$([ -e "$A/pwned" ] && echo pwned)" \
	"failed:0:1:"

# --- 5. the systemd unit (systemd is not PID 1 here: rendered only) ---------
ROLE=$SRCDIR/contrib/ansible/roles/runjail_service
ANSIBLE_CONFIG=$A/ansible.cfg ANSIBLE_HOME=$A/home ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_NOCOLOR=1 \
	ansible localhost -i localhost, -c local -m ansible.builtin.template \
	-a "src=$ROLE/templates/systemd.service.j2 dest=$A/unit.service" -e "@$A/vars.yml" \
	-e "@$ROLE/defaults/main.yml" -e "@$A/vars.yml" -e 'runjail_service_desc="50% off"' \
	>"$OUT.unit" 2>&1 </dev/null
expect_eq "systemd unit: a % in the description is written %% (not a specifier)" \
	"$(grep '^Description=' "$A/unit.service")" "Description=50%% off, jailed by runjail"
expect_eq "systemd unit: Type=exec, runjail -p $NAME" \
	"$(grep -E '^(Type|ExecStart|ConditionPathExists)=' "$A/unit.service" 2>&1)" \
	"ConditionPathExists=$CONF
Type=exec
ExecStart=$RUNJAIL -p $NAME"
RC=$(cd "$SRCDIR/contrib/ansible" && ANSIBLE_CONFIG=$A/ansible.cfg ANSIBLE_HOME=$A/home \
	ansible-playbook -i localhost, --syntax-check site.yml >"$OUT.site" 2>&1 </dev/null; echo $?)
expect_eq "contrib/ansible/site.yml: syntax check" "$RC" 0

# --- 6. clean up: nothing left --------------------------------------------------
cleanup
left=$(pgrep -a -u "$SVCUSER" 2>/dev/null; in_jail; pgrep -af "$A/bin/caddy")
expect_eq "cleanup: nothing of caddy left running" "$left" ""
expect_eq "cleanup: no file left" "$(ls -d "$INITD" "$DEFAULTS" "$CONF" "$PIDFILE" "$A" 2>/dev/null)" ""
if [ "$NEWUSER" = 1 ]; then
	expect_eq "cleanup: the user is gone" "$(getent passwd "$SVCUSER")" ""
fi
