#!/bin/bash
# The Debian package: "make deb" builds runjail_VERSION_ARCH.deb from a
# clean tree, lintian finds no error, and the package installed with dpkg
# really works: its set-user-ID runjail starts a jailed command for an
# ordinary user through a permitting profile.  Removed, it leaves nothing
# but its conffile; purged, nothing at all.  Needs root, git, dpkg-dev,
# debhelper and lintian; skipped (visibly) where runjail is installed as a
# package already (this would replace it).
. "$(dirname "$0")/lib.sh"
need_root "the Debian package"
# The package builds its own runjail: a sanitizer run ($RUNJAIL) adds nothing.
if [ -n "${RJ_SANITIZED:-}" ]; then skip "the Debian package" "a sanitizer run"; exit 0; fi

for t in git dpkg-buildpackage dh lintian; do
	command -v "$t" >/dev/null || { skip "the Debian package" "$t not installed (tests/install-deps)"; exit 0; }
done
git -C "$SRCDIR" rev-parse --git-dir >/dev/null 2>&1 ||
	{ skip "the Debian package" "not a git checkout"; exit 0; }
if dpkg-query -W -f '${Status}' runjail 2>/dev/null | grep -q 'ok installed'; then
	skip "the Debian package" "runjail is installed as a package here; not replaced"
	exit 0
fi

VERSION=$(make -s --no-print-directory -C "$SRCDIR" print-version)
ARCH=$(dpkg --print-architecture)
DEB=$SRCDIR/runjail_${VERSION}_${ARCH}.deb
PROFILE=/etc/runjail/rjtest-deb.conf
had_pdir=$([ -d /etc/runjail ] && echo yes)
cleanup() {
	rm -f "$PROFILE"
	dpkg -P runjail >/dev/null 2>&1
	[ -n "$had_pdir" ] || rmdir /etc/runjail 2>/dev/null
	rm -f "$DEB"
}
trap cleanup EXIT

# --- the build, lintian, the version ------------------------------------------
rm -f "$DEB"
if make -s --no-print-directory -C "$SRCDIR" deb >"$WORK/deb.log" 2>&1 && [ -f "$DEB" ]; then
	pass "make deb builds $(basename "$DEB")"
else
	fail "make deb builds $(basename "$DEB")" "$(tail -n 15 "$WORK/deb.log")"
	exit 0
fi
lintian --fail-on error "$DEB" >"$WORK/lintian.out" 2>&1
expect_eq "lintian: no error (warnings allowed, listed in README)" \
	"$?:$(grep '^E:' "$WORK/lintian.out")" "0:"
expect_eq "the package's version is config.h's" "$(dpkg-deb -f "$DEB" Version)" "$VERSION"
# A changelog that disagrees with config.h: the build stops, saying so.
src=$WORK/deb-src/runjail-$VERSION
mkdir -p "$src"
(cd "$SRCDIR" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$src"
cp -R "$SRCDIR/contrib/debian" "$src/debian"
sed -i "1s/($VERSION)/(9.9.9)/" "$src/debian/changelog"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$WORK/deb-bad.log" 2>&1
expect_eq "a changelog version that is not config.h's stops the build" \
	"$?:$(grep -c "debian/changelog says 9.9.9, config.h $VERSION" "$WORK/deb-bad.log")" "2:1"
rm -rf "$WORK/deb-src"

# make deb builds the last commit: an untracked maintainer script in
# contrib/debian (it would run as root on every install) and an edit not
# committed stay out.  Control: committed, the same script is packaged.
C=$WORK/deb-clone
git clone -q "$SRCDIR" "$C"
printf '#!/bin/sh\necho rjtest-untracked-postinst\n#DEBHELPER#\n' >"$C/contrib/debian/runjail.postinst"
echo '/* rjtest-uncommitted */' >>"$C/err.c"
make -s --no-print-directory -C "$C" deb >"$WORK/deb-clone.log" 2>&1
CD=$C/runjail_${VERSION}_${ARCH}.deb
expect_eq "attack: an untracked postinst is not packaged, nor an uncommitted edit" \
	"$([ -f "$CD" ] && echo built):$(dpkg-deb -I "$CD" 2>/dev/null | grep -c postinst):$(dpkg-deb --fsys-tarfile "$CD" | tar -xO ./usr/bin/runjail | grep -c rjtest-uncommitted)" \
	"built:0:0"
git -C "$C" add contrib/debian/runjail.postinst
git -C "$C" -c user.name=t -c user.email=t@t commit -qm postinst
rm -f "$CD"; make -s --no-print-directory -C "$C" deb >"$WORK/deb-clone.log" 2>&1
expect_eq "control: committed, the postinst is packaged" \
	"$(dpkg-deb --ctrl-tarfile "$CD" 2>/dev/null | tar -xO ./postinst 2>/dev/null | grep -c rjtest-untracked-postinst)" 1
rm -rf "$C"

# make install replaces a link at a destination instead of writing through
# it (root would overwrite the file it names).  Control: the redirection
# the recipe used to write with follows it.
I=$WORK/inst
mkdir -p "$I/usr/share/man/man8"
echo rjtest-victim >"$WORK/victim"; chmod 600 "$WORK/victim"
ln -s "$WORK/victim" "$I/usr/share/man/man8/runjail.8"
make -s --no-print-directory -C "$SRCDIR" install DESTDIR="$I" PREFIX=/usr >/dev/null 2>&1
expect_eq "attack: make install through a link at the manual's place: the file it names untouched" \
	"$(cat "$WORK/victim") $(stat -c %a "$WORK/victim") $(stat -c %F "$I/usr/share/man/man8/runjail.8")" \
	"rjtest-victim 600 regular file"
rm -f "$I/usr/share/man/man8/runjail.8"; ln -s "$WORK/victim" "$I/usr/share/man/man8/runjail.8"
sed 's/^\.Os$/.Os runjail/' "$SRCDIR/runjail.8" >"$I/usr/share/man/man8/runjail.8"
expect_eq "control: a plain redirection writes through the link" "$(head -c 3 "$WORK/victim")" ".Dd"
rm -rf "$I" "$WORK/victim"
expect_eq "depends: the C library (shlibs), libseccomp (loaded by dlopen, named), no libcap-ng" \
	"$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort | paste -sd' ' -)" \
	"libc6 libseccomp2"

# --- installed ------------------------------------------------------------------
if ! dpkg -i "$DEB" >"$WORK/dpkg-i.log" 2>&1; then
	fail "dpkg -i installs it" "$(tail -n 5 "$WORK/dpkg-i.log")"
	exit 0
fi
pass "dpkg -i installs it"
expect_eq "/usr/bin/runjail: root's, set-user-ID" "$(stat -c '%U %a' /usr/bin/runjail)" "root 4755"
expect_eq "mkjail installed, executable" "$(stat -c '%U %a' /usr/bin/mkjail 2>&1)" "root 755"
expect_eq "runjail --version and the installed manual say the same version" \
	"$(/usr/bin/runjail --version) $(zcat /usr/share/man/man8/runjail.8.gz | sed -n 's/^\.Os //p')" \
	"runjail $VERSION runjail $VERSION"
expect_eq "/etc/runjail/README is a conffile" \
	"$(dpkg-query -W -f '${Conffiles}' runjail | awk 'NF {print $1}')" "/etc/runjail/README"
expect_match "examples: profiles, policies, init glue" \
	"$(for f in profiles/caddy.conf policies/caddy.policy init.d/runjail-service systemd/caddy.service \
		openrc/caddy runit/caddy/run s6/caddy/run; do
		[ -f "/usr/share/doc/runjail/examples/$f" ] && printf '%s ' "$f"; done)" \
	'^profiles/caddy.conf policies/caddy.policy init.d/runjail-service systemd/caddy.service openrc/caddy runit/caddy/run s6/caddy/run $'
expect_match "README.Debian says why the binary is set-user-ID" \
	"$(cat /usr/share/doc/runjail/README.Debian 2>&1)" 'Why /usr/bin/runjail is set-user-ID root'

# The core launch, by an ordinary user, through the installed binary: a
# profile of root's permits rjuser to run the probe as nobody in a jail,
# keeping one capability, under the default seccomp profile.
J=$WORK/deb-jail
make_jail "$J"
printf 'root %s\nuser nobody\ngroup nogroup\ngroups %s\ncap net_bind_service\nseccomp default\ncommand /probe\npermit user:rjuser\n' \
	"$J" "''" >"$PROFILE"
chmod 644 "$PROFILE"
# shellcheck disable=SC2034 # RJ_OUT is what probe_val reads
RJ_OUT=$(setpriv --reuid=rjuser --regid=rjuser --init-groups -- /usr/bin/runjail -p rjtest-deb 2>&1); RJ_RC=$?
expect_eq "installed, as rjuser: the profile's jail, user, capability and filter" \
	"$RJ_RC|$(probe_val uid)|$(probe_val gid)|$(probe_val cap_eff)|$(probe_val seccomp)|$(probe_val cwd)" \
	"0|65534 65534 65534|65534 65534 65534|0000000000000400|2|/"
RJ_ERR=$(setpriv --reuid=rjuser --regid=rjuser --init-groups -- /usr/bin/runjail -r "$J" -u nobody -- /probe 2>&1 >/dev/null); RJ_RC=$?
expect_match "control: rjuser may not choose another user without a profile" "$RJ_RC:$RJ_ERR" '^125:runjail: '
check "control: the same launch without the set-user-ID bit fails: not root" \
	sh -c 'chmod u-s /usr/bin/runjail && ! setpriv --reuid=rjuser --regid=rjuser --init-groups -- /usr/bin/runjail -p rjtest-deb >/dev/null 2>&1; rc=$?; chmod u+s /usr/bin/runjail; exit $rc'
rm -f "$PROFILE"
# The installed mkjail keeps a manifest in /var/cache/mkjail (mkjail(8));
# a purge removes it (checked below if this test made the directory).
had_mkcache=; [ -d /var/cache/mkjail ] && had_mkcache=1
/usr/bin/mkjail "$WORK/deb-mkjail" /bin/true >/dev/null 2>&1
mkhash=$(printf '%s' "$(realpath "$WORK/deb-mkjail")" | sha256sum | cut -d' ' -f1)
expect_eq "the installed mkjail builds a jail and keeps its manifest" \
	"$([ -x "$WORK/deb-mkjail/bin/true" ] || [ -x "$WORK/deb-mkjail/usr/bin/true" ] && echo built) $(ls /var/cache/mkjail/"$mkhash" 2>/dev/null | paste -sd' ' -)" "built paths state"

# --- removed, then purged --------------------------------------------------------
files=$(dpkg -L runjail | while IFS= read -r f; do [ -d "$f" ] || printf '%s\n' "$f"; done)
dpkg -r runjail >"$WORK/dpkg-r.log" 2>&1
expect_eq "dpkg -r: state config-files" "$(dpkg-query -W -f '${Status}' runjail 2>&1)" \
	"deinstall ok config-files"
left=$(printf '%s\n' "$files" | while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done)
expect_eq "dpkg -r: nothing left but the conffile" "$left" "/etc/runjail/README"
dpkg -P runjail >"$WORK/dpkg-p.log" 2>&1
left=$(printf '%s\n' "$files" | while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done)
expect_eq "dpkg -P: nothing left" "$left$(dpkg-query -W -f '${Status}' runjail 2>/dev/null)" ""
if [ -z "$had_mkcache" ]; then
	check "dpkg -P: mkjail's manifests (/var/cache/mkjail) are gone" test ! -e /var/cache/mkjail
fi
if [ -z "$had_pdir" ]; then
	check "dpkg -P: /etc/runjail, made by the package, is gone" test ! -e /etc/runjail
fi
