# mk/elf.mk: the ELF module's test programs and fuzzer, included by the
# Makefile (after its first target, so as not to become the default goal),
# whose FUZZ_SECONDS fuzz-elf uses.
#
#   tests/elf_unit  unit tests of elf.c (run by tests/elf.t)
#   tests/elf_deps  elf_check_deps driver for tests/elf.t
#   fuzz-elf        libFuzzer on elf_parse, shebang_parse, ldcache_lookup,
#                   elf_check_deps and elf_missing_interp for FUZZ_SECONDS.
#                   Builds and runs in a temporary directory, on a copy of
#                   fuzz/corpus/elf, so the tree is left alone; on a crash the
#                   directory is kept and its name printed.

tests/elf_unit: tests/elf_unit.c elf.c elf.h files.c files.h
	$(CC) $(CFLAGS) $(CPPFLAGS) -o $@ tests/elf_unit.c elf.c files.c $(LDFLAGS)

tests/elf_deps: tests/elf_deps.c elf.c elf.h files.c files.h
	$(CC) $(CFLAGS) $(CPPFLAGS) -o $@ tests/elf_deps.c elf.c files.c $(LDFLAGS)

fuzz-elf: fuzz/fuzz_elf.c elf.c elf.h files.c files.h
	@d=$$(mktemp -d /tmp/fuzz-elf.XXXXXX) && \
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -o "$$d/fuzz_elf" fuzz/fuzz_elf.c elf.c files.c && \
	mkdir "$$d/corpus" && cp fuzz/corpus/elf/* "$$d/corpus/" && \
	echo "fuzz-elf: running $(FUZZ_SECONDS)s in $$d" && \
	if "$$d/fuzz_elf" -max_total_time=$(FUZZ_SECONDS) -max_len=20000 \
	    -print_final_stats=1 -artifact_prefix="$$d/" "$$d/corpus"; then \
		rm -rf "$$d"; \
	else \
		echo "fuzz-elf: FAILED, crash input kept in $$d" >&2; exit 1; \
	fi

.PHONY: fuzz-elf
