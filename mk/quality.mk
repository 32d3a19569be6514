# mk/quality.mk: dynamic and static analysis of runjail, included by the
# Makefile (after its first target, so as not to become the default goal).
#
#   sanitize         runjail-asan (ASan + UBSan, every object of runjail) and
#                    the whole test suite against it
#   valgrind         memcheck on representative launches of ./runjail (root)
#   tidy             clang-tidy, the check set below, zero warnings
#   fuzz             fuzz-elf and fuzz-policy for FUZZ_SECONDS each
#   hardening-check  tests/hardening.t on ./runjail (PIE, RELRO, CET, ...)
#   tests/faults.so  the fault-injection shim of tests/faults.t (tests only,
#                    never installed)

CLANG_TIDY   ?= clang-tidy
VALGRIND     ?= valgrind

QUALITY_SRC = $(SRC)

# --- sanitizers -------------------------------------------------------------
# One compiler call, no .o files: the normal objects are left alone.  The
# hardening flags are dropped (FORTIFY's checks would hide overflows from
# ASan; PIE is ASan's default anyway).
ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer -g -O1

runjail-asan: $(QUALITY_SRC) config.h elf.h files.h runjail.h scmp.h seccomp.h \
    capnames.h
	$(CC) $(WARN) $(ASAN_FLAGS) $(DEPS_CFLAGS) $(SCMP_$(STATIC_LIBS)) \
	    $(CPPFLAGS) -o $@ $(QUALITY_SRC) $(LINK_LIBS_$(STATIC_LIBS))

# ASan refuses to run set-user-ID (and must not: its options come from the
# environment), so tests/setuid.t skips when RJ_SANITIZED is set.
# detect_leaks=0: runjail ends in execve() or _exit() by design, both of
# which skip exit-time cleanup, so whatever is still allocated then (the
# options, the target, the filter) would be reported as leaked although it
# is simply handed over to the kernel with the process image; LeakSanitizer
# also needs ptrace, which PR_SET_DUMPABLE=0 forbids.
SANITIZE_ENV = RJ_SANITIZED=1 \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=99:verify_asan_link_order=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

# The test programs are built from the recipe, where TESTPROGS has its final
# value whatever the place of the include.
sanitize: runjail-asan
	$(MAKE) $(TESTPROGS) tests/faults.so
	$(SANITIZE_ENV) RUNJAIL=$(CURDIR)/runjail-asan bash tests/run

# --- valgrind ---------------------------------------------------------------
# memcheck on the launches that matter, as root (not set-uid: valgrind cannot
# run a set-uid program as such).  --trace-children=no: what runs after the
# final execve is the probe, not runjail.  A launch passes when memcheck
# reports no error (status 99, or any "==PID==" line); its exit status is
# shown.  Valgrind 3.19 (Debian 12) knows neither openat2 (437) nor seccomp
# (317) and fails them with ENOSYS: with -P, a policy or --check, runjail
# stops at that step (125, or 1 for --check) and memcheck sees the error
# path instead; the sanitize target covers the rest.  Its mount(2) wrapper
# also reads a NULL filesystem type (valid with MS_PRIVATE) as a string, and
# its capget(2) marks only the first of the two __user_cap_data_struct of
# _LINUX_CAPABILITY_VERSION_3 as written (so read_caps()'s upper halves look
# uninitialised in verify_privileges): both suppressed, narrowly.  The hard
# RLIMIT_NOFILE cannot be changed under valgrind (it keeps descriptors of
# its own), so "-l nofile" is replaced by other limits here.  --vgdb=no:
# after the chroot, valgrind could not remove its /tmp FIFOs.
VG = $(VALGRIND) -q --error-exitcode=99 --trace-children=no \
     --track-origins=yes --child-silent-after-fork=yes --vgdb=no
VG_PROFILE = /etc/runjail/rjtest-vg.conf

valgrind: runjail tests/probe
	@set -u; [ "$$(id -u)" -eq 0 ] || { echo "valgrind: needs root"; exit 1; }; \
	d=$$(mktemp -d /run/runjail-vg.XXXXXX); chmod 755 "$$d"; \
	j=$$d/jail; mkdir -p "$$j/proc" "$$j/tmp"; chmod 755 "$$j" "$$j/proc"; \
	chmod 1777 "$$j/tmp"; cp tests/probe "$$j/probe"; \
	printf 'default allow\ndeny ptrace mount umount2\n' >"$$d/policy"; \
	printf '{\n rj-mount-null-type\n Memcheck:Param\n mount(type)\n fun:mount\n}\n' \
	    >"$$d/supp"; \
	printf '{\n rj-capget-v3\n Memcheck:Cond\n fun:verify_privileges\n}\n' \
	    >>"$$d/supp"; \
	made_pdir=; [ -d /etc/runjail ] || { mkdir -m 755 /etc/runjail; made_pdir=1; }; \
	printf 'root %s\nuser nobody\nproc\nrlimit nofile=128\ncommand /probe\n' \
	    "$$j" >$(VG_PROFILE); chmod 644 $(VG_PROFILE); \
	bad=0; \
	vg() { want=$$1; shift; \
	    $(VG) --suppressions="$$d/supp" ./runjail "$$@" >"$$d/out" 2>"$$d/err"; rc=$$?; \
	    if [ "$$rc" -eq 99 ] || grep -q '^==[0-9]*==' "$$d/err" || \
	        { [ "$$want" != any ] && [ "$$rc" -ne "$$want" ]; }; then \
	        bad=$$((bad + 1)); echo "valgrind: FAIL (exit $$rc): runjail $$*"; \
	        sed 's/^/    /' "$$d/err"; \
	    else echo "valgrind: ok (exit $$rc): runjail $$*"; fi; }; \
	vg 0 -r "$$j" -u nobody /probe; \
	vg 0 -r "$$j" -u nobody -c net_bind_service -l core=0 -l fsize=1G -n 5 -m 027 -- /probe; \
	vg any -r "$$j" -u nobody -P -c net_bind_service -l nofile=64 -s default -- /probe; \
	vg any -p rjtest-vg; \
	vg 125 -r "$$j" -u rjnosuchuser -- /probe; \
	vg any --check -r "$$j" -u nobody -- /probe; \
	vg any -r "$$j" -u nobody -s "$$d/policy" -- /probe; \
	vg 0 -r "$$j" -u nobody -b --pidfile "$$d/pid" -- /probe; \
	vg 3 -r "$$j" -u nobody --pid-ns --net-ns --ipc-ns --hostname vg -- /probe exit 3; \
	vg any --dry-run -r "$$j" -u nobody --pid-ns -- /probe; \
	vg any -r "$$j" -u nobody --overlay --dev-pts --passwd --tmpfs /tmp -- /probe; \
	vg any --dry-run -r "$$j" -u nobody --overlay --dev-shm --passwd -- /probe; \
	vg any -r "$$j" -u nobody --landlock --landlock-bind 80 -- /probe; \
	rm -f $(VG_PROFILE); [ -z "$$made_pdir" ] || rmdir /etc/runjail 2>/dev/null; \
	rm -rf "$$d"; \
	echo "valgrind: $$bad failed"; [ "$$bad" -eq 0 ]

# --- clang-tidy -------------------------------------------------------------
# Checks: bugprone-*, cert-*, clang-analyzer-* (which includes the security
# and unix API checkers), less:
#  bugprone-easily-swappable-parameters  style: flags every f(int, int);
#  cert-err33-c            unchecked snprintf/fflush/fclose results: every
#                          snprintf writes into a buffer sized for its input
#                          (inputs are length-checked first) or is a message;
#                          the stdio calls are on exit paths where a failure
#                          could not be reported anyway (reviewed by hand);
#  clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling
#                          asks for C11 Annex K (snprintf_s, memset_s), which
#                          glibc does not have;
#  cert-dcl37-c, cert-dcl51-cpp  aliases of bugprone-reserved-identifier,
#                          which stays on, configured to accept _GNU_SOURCE;
#  bugprone-narrowing-conversions  flags int->char of a ?: promotion and
#                          masked values (-Wconversion's job, not a bug class);
#  bugprone-branch-clone   flags table-like if/else and switch mappings where
#                          two keywords mean the same action, on purpose;
#  clang-analyzer-valist.Uninitialized  a false positive of clang 14 on
#                          va_start() immediately followed by vprintf(): it
#                          comes and goes with the set of other checks.
# Options: bugprone-suspicious-string-compare accepts "if (strcmp(a, b))"
# (the C idiom) but still flags comparisons with 1 or -1 and the like.
TIDY_CHECKS = -*,bugprone-*,cert-*,clang-analyzer-*,\
-bugprone-easily-swappable-parameters,-cert-err33-c,\
-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,\
-cert-dcl37-c,-cert-dcl51-cpp,-bugprone-narrowing-conversions,\
-bugprone-branch-clone,-clang-analyzer-valist.Uninitialized
TIDY_CONFIG = {CheckOptions: [\
{key: bugprone-reserved-identifier.AllowedIdentifiers, value: _GNU_SOURCE},\
{key: bugprone-suspicious-string-compare.WarnOnImplicitComparison, value: false}]}

tidy: capnames.h
	$(CLANG_TIDY) --quiet -checks='$(TIDY_CHECKS)' --config='$(TIDY_CONFIG)' \
	    --warnings-as-errors='*' $(QUALITY_SRC) -- \
	    $(WARN) $(DEPS_CFLAGS) $(CPPFLAGS)

# --- fuzzing ----------------------------------------------------------------
fuzz:
	$(MAKE) fuzz-elf fuzz-policy fuzz-options FUZZ_SECONDS=$(FUZZ_SECONDS)

# --- hardening --------------------------------------------------------------
hardening-check: runjail
	RUNJAIL=$(CURDIR)/runjail bash tests/run tests/hardening.t

# --- fault injection --------------------------------------------------------
tests/faults.so: tests/faults.c
	$(CC) -shared -fPIC -O2 $(WARN) -o $@ tests/faults.c -ldl

clean-quality:
	rm -f runjail-asan tests/faults.so

.PHONY: sanitize valgrind tidy fuzz hardening-check clean-quality

# The option values, the profile parser and whole command lines
# (fuzz/fuzz_options.c), linked with options.c, err.c and files.c as they are.  The
# parsers never free what they keep (runjail execs right after), so memory
# grows with every input: -rss_limit_mb is raised to match long runs.
fuzz-options: fuzz/fuzz_options.c options.c err.c files.c runjail.h files.h \
    capnames.h
	@d=$$(mktemp -d /tmp/fuzz-options.XXXXXX) && \
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(DEPS_CFLAGS) -o "$$d/fuzz_options" fuzz/fuzz_options.c \
	    options.c err.c files.c && \
	mkdir "$$d/corpus" && cp fuzz/corpus/options/* "$$d/corpus/" && \
	echo "fuzz-options: running $(FUZZ_SECONDS)s in $$d" && \
	if ASAN_OPTIONS=detect_leaks=0 "$$d/fuzz_options" -max_total_time=$(FUZZ_SECONDS) \
	    -close_fd_mask=2 -rss_limit_mb=16384 -print_final_stats=1 \
	    -artifact_prefix="$$d/" "$$d/corpus"; then \
		rm -rf "$$d"; \
	else \
		echo "fuzz-options: FAILED, crash input kept in $$d" >&2; exit 1; \
	fi

.PHONY: fuzz-options
