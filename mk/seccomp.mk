# mk/seccomp.mk: the seccomp module's test programs and fuzzer, included by
# the Makefile (after its first target, so as not to become the default
# goal), whose variables they use (SECCOMP_CFLAGS, SECCOMP_LIBS,
# FUZZ_SECONDS).  The generated seccomp_bpf.h, which the installed program
# needs, is built by the Makefile itself.
#
#   tests/seccomp_run   runs a command under a policy (tests, benchmarks)
#   tests/seccomp_unit  unit tests of the parser, the filters it builds and
#                       the terminal guard (some in forked children)
#   fuzz-policy         libFuzzer (ASan, UBSan) on the policy parser for
#                       FUZZ_SECONDS, on a copy of fuzz/corpus/policy in a
#                       temporary directory; on a crash the directory is
#                       kept and its name printed.

SECCOMP_SRC = seccomp.c seccomp.h seccomp_bpf.h files.c files.h

tests/seccomp_run: tests/seccomp_run.c $(SECCOMP_SRC)
	$(CC) $(CFLAGS) $(CPPFLAGS) $(SECCOMP_CFLAGS) -DRJ_SCMP_DIRECT -o $@ \
	    tests/seccomp_run.c seccomp.c files.c $(LDFLAGS) $(SECCOMP_LIBS)

# seccomp_unit includes seccomp.c, to reach its tables.
tests/seccomp_unit: tests/seccomp_unit.c $(SECCOMP_SRC)
	$(CC) $(CFLAGS) $(CPPFLAGS) $(SECCOMP_CFLAGS) -DRJ_SCMP_DIRECT -o $@ \
	    tests/seccomp_unit.c files.c $(LDFLAGS) $(SECCOMP_LIBS)

fuzz-policy: fuzz/fuzz_policy.c $(SECCOMP_SRC)
	@d=$$(mktemp -d /tmp/fuzz-policy.XXXXXX) && \
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(SECCOMP_CFLAGS) -DRJ_SCMP_DIRECT -o "$$d/fuzz_policy" \
	    fuzz/fuzz_policy.c seccomp.c files.c $(SECCOMP_LIBS) && \
	mkdir "$$d/corpus" && cp fuzz/corpus/policy/* "$$d/corpus/" && \
	echo "fuzz-policy: running $(FUZZ_SECONDS)s in $$d" && \
	if "$$d/fuzz_policy" -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -dict=fuzz/policy.dict -print_final_stats=1 \
	    -artifact_prefix="$$d/" "$$d/corpus"; then \
		rm -rf "$$d"; \
	else \
		echo "fuzz-policy: FAILED, crash input kept in $$d" >&2; exit 1; \
	fi

seccomp-clean:
	rm -f seccomp_bpf.h seccomp_bpf.h.tmp mk/seccomp_gen tests/seccomp_run \
	    tests/seccomp_unit

.PHONY: fuzz-policy seccomp-clean
