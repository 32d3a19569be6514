# runjail Makefile.  Packagers: PREFIX, DESTDIR, CFLAGS, LDFLAGS, PKG_CONFIG,
# OWNER (empty: install as whoever runs it; the package makes files root's).
# The version is defined once, in config.h; the package checks it agrees.
VERSION   != sed -n 's/^\#define RUNJAIL_VERSION[^"]*"\(.*\)"/\1/p' config.h
PREFIX     = /usr/local
OWNER      = -o root -g root
BINDIR     = $(PREFIX)/bin
MANDIR     = $(PREFIX)/share/man
PKG_CONFIG = pkg-config

CC        ?= cc
CFLAGS    ?= -O2 -g
# Hardening a setuid program: on by default, kept apart from CFLAGS so that
# a packager's CFLAGS do not silently drop it.  _FORTIFY_SOURCE=2 unless
# the packager's CPPFLAGS or CFLAGS choose a level (=3): never both.
FORTIFY   != case "$(CPPFLAGS) $(CFLAGS)" in *_FORTIFY_SOURCE*) ;; \
             *) echo -D_FORTIFY_SOURCE=2 ;; esac
HARDEN     = -fPIE -fstack-protector-strong -fstack-clash-protection \
             -fcf-protection $(FORTIFY)
HARDEN_LD  = -pie -Wl,-z,relro,-z,now
WARN       = -std=gnu11 -Wall -Wextra
DEPS_CFLAGS != $(PKG_CONFIG) --cflags libcap-ng libseccomp
SECCOMP_CFLAGS != $(PKG_CONFIG) --cflags libseccomp
SECCOMP_LIBS   != $(PKG_CONFIG) --libs libseccomp
CAPNG_LIBS     != $(PKG_CONFIG) --libs libcap-ng
# runjail maps neither library at every launch: libcap-ng's capability
# names are read at build time (capnames.h), and libseccomp is loaded
# with dlopen(3), by this name, only by a launch that compiles a policy
# or learns (scmp.h).  The same major version as the headers' (the
# package names libseccomp2 in contrib/debian/control).  -ldl: dlopen
# is in the C library itself from glibc 2.34 on, in libdl before.
SECCOMP_SONAME != echo "libseccomp.so.$$($(PKG_CONFIG) --modversion libseccomp | cut -d. -f1)"
# STATIC_LIBS=1: libseccomp linked in instead (the C library stays shared,
# so NSS works): no dlopen(3) at all; its security updates then need a
# rebuild.
# STATIC=1 (implies STATIC_LIBS=1): a static-pie executable, the C library
# linked in too, for high-rate spawning (README: Install, Benchmarks).  It
# loads no library ever, so it looks names up in /etc/passwd and
# /etc/group alone (RJ_NSS_FILES; a static binary cannot load NSS modules
# safely), and the security updates of both libraries need a rebuild.
STATIC      = 0
STATIC_LIBS = $(STATIC)
LINK_LIBS_0 = -ldl
LINK_LIBS_1 = -Wl,-Bstatic $(SECCOMP_LIBS) -Wl,-Bdynamic
LINK_0      = $(LINK_LIBS_$(STATIC_LIBS))
LINK_1      = -static-pie $(SECCOMP_LIBS)
SCMP_0      = -DRJ_LIBSECCOMP_SONAME='"$(SECCOMP_SONAME)"'
SCMP_1      = -DRJ_SCMP_DIRECT
NSS_1       = -DRJ_NSS_FILES
# The generators run on the build machine, whatever CC builds for.
BUILD_CC    = cc
# Seconds each fuzzer runs (make fuzz).
FUZZ_SECONDS = 60
# The built-in seccomp profiles are compiled to BPF at build time by a
# generator that runs on the build machine (mk/seccomp_gen.c, with
# libseccomp); PREBUILT_SECCOMP=0 (a cross build) skips it, and runjail
# compiles them at launch instead (about 0.2 ms more).
PREBUILT_SECCOMP = 1

ALL_CFLAGS = $(WARN) $(HARDEN) $(DEPS_CFLAGS) $(SCMP_$(STATIC_LIBS)) $(NSS_$(STATIC)) \
             $(CPPFLAGS) $(CFLAGS)
OBJS       = runjail.o err.o options.o plan.o policy.o privs.o jail.o mount.o \
             overlay.o passwd.o daemon.o exec.o check.o elf.o files.o ns.o \
             init.o learn.o learned.o seccomp.o scmp.o landlock.o reset.o

SRC        = $(OBJS:.o=.c)

all: runjail

runjail: $(OBJS)
	$(CC) $(HARDEN_LD) $(LDFLAGS) -o $@ $(OBJS) $(LINK_$(STATIC))

.c.o:
	$(CC) $(ALL_CFLAGS) -c $<

$(OBJS): config.h elf.h files.h learn.h mount.h runjail.h scmp.h seccomp.h

# libcap-ng's capability names, which options.o includes.
options.o: capnames.h
capnames.h: mk/capnames_gen.c
	$(BUILD_CC) $(DEPS_CFLAGS) -o mk/capnames_gen mk/capnames_gen.c $(CAPNG_LIBS)
	echo '#include <linux/capability.h>' | $(BUILD_CC) -dM -E - | \
	    ./mk/capnames_gen >$@.tmp && mv $@.tmp $@

# The generated BPF of the built-in profiles, which seccomp.o includes.
PREBUILT_1 = seccomp_bpf.h
PREBUILT_0 =
NOPREBUILT_1 =
NOPREBUILT_0 = -DRJ_SECCOMP_NO_PREBUILT
seccomp.o: seccomp.c $(PREBUILT_$(PREBUILT_SECCOMP))
	$(CC) $(ALL_CFLAGS) $(NOPREBUILT_$(PREBUILT_SECCOMP)) -c seccomp.c

seccomp_bpf.h: seccomp.c seccomp.h files.c files.h mk/seccomp_gen.c
	$(CC) $(CFLAGS) $(CPPFLAGS) $(SECCOMP_CFLAGS) -DRJ_SECCOMP_NO_PREBUILT -DRJ_SCMP_DIRECT \
	    -o mk/seccomp_gen mk/seccomp_gen.c seccomp.c files.c $(LDFLAGS) \
	    $(SECCOMP_LIBS)
	./mk/seccomp_gen >$@.tmp && mv $@.tmp $@

# The probe runs inside test jails that have no libraries: static.
tests/probe: tests/probe.c
	$(CC) -static -O2 $(WARN) -o $@ tests/probe.c

# The manuals get the version on their .Os line as they are installed:
# made in a file of our own first, then installed as the others are
# (install(1) replaces what is at the destination, a link included).
install: runjail
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 4755 $(OWNER) runjail $(DESTDIR)$(BINDIR)/runjail
	install -m 755 contrib/mkjail $(DESTDIR)$(BINDIR)/mkjail
	set -e; t=$$(mktemp); trap 'rm -f "$$t"' EXIT; \
	for m in runjail.8 contrib/mkjail.8; do \
	    sed 's/^\.Os$$/.Os runjail $(VERSION)/' $$m >"$$t"; \
	    install -m 644 "$$t" $(DESTDIR)$(MANDIR)/man8/$${m##*/}; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/runjail $(DESTDIR)$(BINDIR)/mkjail \
	    $(DESTDIR)$(MANDIR)/man8/runjail.8 $(DESTDIR)$(MANDIR)/man8/mkjail.8

print-version:
	@echo $(VERSION)

# A Debian package, runjail_VERSION_ARCH.deb here, built by
# dpkg-buildpackage (dpkg-dev, debhelper) from a clean tree: the last
# commit (git archive: nothing uncommitted, nothing untracked), with its
# contrib/debian as debian/.
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
	    { echo "make deb: needs dpkg-dev and debhelper" >&2; exit 1; }
	@git rev-parse --git-dir >/dev/null 2>&1 || \
	    { echo "make deb: needs a git checkout (the clean tree is git's files)" >&2; exit 1; }
	set -e; d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
	mkdir "$$d/runjail-$(VERSION)"; \
	git archive HEAD | tar -xf - -C "$$d/runjail-$(VERSION)"; \
	git archive --prefix=debian/ HEAD:contrib/debian | tar -xf - -C "$$d/runjail-$(VERSION)"; \
	(cd "$$d/runjail-$(VERSION)" && dpkg-buildpackage -us -uc -b); \
	cp "$$d"/runjail_$(VERSION)_*.deb .

include mk/elf.mk mk/seccomp.mk mk/quality.mk

TESTPROGS = tests/probe tests/elf_unit tests/elf_deps tests/seccomp_run \
            tests/notify_listen tests/learn_prog \
            tests/seccomp_unit tests/faults.so

check: runjail $(TESTPROGS)
	bash tests/run

demo: runjail
	sh tests/demo

# Benchmarks, on demand only (not part of check): see bench/README.
bench: runjail tests/probe tests/seccomp_run
	bash bench/run

# How the cost grows with the work (policy rules, host mounts, binds,
# --check, mkjail): bench/scale, on demand too.
bench-scale: runjail
	bash bench/scale

# Where a plain launch's own work goes, step by step: bench/phases.
bench-phases:
	bash bench/phases

SCRIPTS = tests/run tests/demo tests/install-deps tests/daemons.sh .ci/run contrib/mkjail \
          bench/scale bench/phases
lint:
	mandoc -Tlint -W warning runjail.8
	cppcheck -q --std=c11 --enable=warning,portability --error-exitcode=1 \
	    --inline-suppr -D__linux__ -I. $(SRC)
	shellcheck -S warning $(SCRIPTS) tests/*.t
	shellcheck -s sh -S warning contrib/init.d/* contrib/rc.d/bsd-example/* \
	    contrib/openrc/* contrib/runit/*/run contrib/runit/*/finish \
	    contrib/runit/*/log/run contrib/s6/*/run contrib/s6/*/finish \
	    contrib/s6/*/data/check

clean:
	rm -f runjail runjail-asan *.o $(TESTPROGS) seccomp_bpf.h mk/seccomp_gen \
	    capnames.h mk/capnames_gen \
	    runjail_*.deb

.PHONY: all install uninstall print-version deb check clean demo lint bench bench-scale bench-phases
