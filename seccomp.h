/* seccomp.h: runjail's seccomp policies: built-in profiles and policy files,
 * compiled with libseccomp. */
#ifndef RUNJAIL_SECCOMP_H
#define RUNJAIL_SECCOMP_H

#include <stddef.h>

struct rj_filter;	/* opaque: a parsed policy, compiled and ready to load */

/* Parse POLICY and build the filter.  Called early, before anything
 * privileged happens, so that a bad policy costs nothing.
 *   name  a built-in profile name when fd < 0, else the file's name for
 *         messages (the caller opened the file: it decides who may read what)
 *   fd    an open policy file, or -1 for a built-in profile; not closed here
 *   logmode  non-zero: every action that would deny or kill logs instead
 *         (discovery mode, --seccomp-log)
 * On error returns NULL and writes one line into err, without a trailing
 * newline, e.g. "/etc/runjail/x.policy:12: unknown system call 'mkdri'" or
 * "unknown built-in profile 'defualt'". */
struct rj_filter *rj_seccomp_prepare(const char *name, int fd, int logmode,
    char *err, size_t errlen);

/* Load the filter into the calling thread.  The last step before execve(2):
 * no_new_privs is already set (if it is not, fails with EPERM rather than
 * rely on privilege).  Only one seccomp(2) call: all the work, and every
 * allocation, happened in rj_seccomp_prepare.  Returns 0, or -1 with errno
 * set. */
int	rj_seccomp_load(struct rj_filter *f);

void	rj_seccomp_free(struct rj_filter *f);

/* The same for a policy already in memory (len bytes at buf; name is the
 * file name used in messages).  rj_seccomp_prepare reads the file and calls
 * this; the unit tests and the fuzzer call it directly. */
struct rj_filter *rj_seccomp_prepare_mem(const char *name, const char *buf,
    size_t len, int logmode, char *err, size_t errlen);

/* The compiled classic-BPF program: returns the struct sock_filter array and
 * stores its length (instructions) in *len.  For tests and benchmarks. */
const void *rj_seccomp_program(const struct rj_filter *f, size_t *len);

/* libseccomp's optimisation level (SCMP_FLTATR_CTL_OPTIMIZE) for filters
 * prepared from now on: 2, the default, is a binary tree keyed on the
 * system call number; 1 a list ordered by priority.  Benchmarks set it. */
extern int rj_seccomp_optimize;

/* The names of the built-in profiles, NULL-terminated. */
extern const char *const rj_seccomp_builtins[];

#endif
