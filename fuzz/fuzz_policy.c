/* fuzz_policy: libFuzzer harness for the policy parser in seccomp.c.  Each
 * input is a policy file, parsed and compiled with flags from the low bits
 * of its length (discovery mode when odd, so that both action mappings are
 * built; a list rather than a tree when bit 1 is set).  Besides the
 * sanitizers, it aborts when a documented guarantee does not hold: a
 * failure gives one line "fuzz.policy:..." and no filter; a success gives a
 * program the kernel would take (1 to 4096 instructions, ending in a
 * return). */
#include <linux/filter.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../seccomp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sock_filter *prog;
	struct rj_filter *f;
	char err[512];
	size_t len;

	err[0] = '\0';
	f = rj_seccomp_prepare_mem("fuzz.policy", (const char *)data, size,
	    (unsigned)(size & 3), err, sizeof err);
	if (f == NULL) {
		if (strncmp(err, "fuzz.policy", 11) != 0 ||
		    strchr(err, '\n') != NULL) {
			fprintf(stderr, "bad message: '%s'\n", err);
			abort();
		}
		return 0;
	}
	prog = rj_seccomp_program(f, &len);
	if (len < 1 || len > BPF_MAXINSNS ||
	    BPF_CLASS(prog[len - 1].code) != BPF_RET)
		abort();
	rj_seccomp_free(f);
	return 0;
}
