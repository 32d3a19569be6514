/* seccomp.h: runjail's seccomp policies: built-in profiles and policy files,
 * compiled with libseccomp, and the terminal guard.
 *
 *   rj_seccomp_prepare      a built-in profile (-s NAME) or a policy file
 *   rj_seccomp_prepare_mem  the same for a policy already in memory
 *   rj_seccomp_guard        the terminal guard (no TIOCSTI, no TIOCLINUX),
 *                           for a command that shares a terminal
 *   rj_seccomp_load         loads one of them: one seccomp(2) call
 *
 * Everything is compiled early, while runjail is still root and has no
 * resource limits; loading is the last step before execve(2).  The built-in
 * profiles and the guard are compiled at build time when the build machine
 * runs the target (seccomp_bpf.h, see the Makefile), else at launch. */
#ifndef RUNJAIL_SECCOMP_H
#define RUNJAIL_SECCOMP_H

#include <stddef.h>

struct rj_filter;	/* opaque: a parsed policy, compiled and ready to load */

/* Flags of rj_seccomp_prepare and rj_seccomp_prepare_mem; 0 is the normal
 * case, and the only one (with RJ_SECCOMP_LOG) that the precompiled
 * built-in profiles serve: any other flag costs a compilation at launch. */
#define RJ_SECCOMP_LOG		1u	/* discovery mode (--seccomp-log): every
					 * action that would deny or kill logs
					 * instead */
#define RJ_SECCOMP_LINEAR	2u	/* libseccomp's optimisation level 1, a
					 * list ordered by priority, instead of
					 * 2, a binary tree on the call number
					 * (benchmarks and tests compare them) */

/* Parse POLICY and build the filter.  Called early, before anything
 * privileged happens, so that a bad policy costs nothing.
 *   name  a built-in profile name when fd < 0, else the file's name for
 *         messages (the caller opened the file: it decides who may read what)
 *   fd    an open policy file, or -1 for a built-in profile; not closed here
 *   flags RJ_SECCOMP_LOG, RJ_SECCOMP_LINEAR, or 0; other bits are refused
 * On error returns NULL and writes one line into err, without a trailing
 * newline, e.g. "/etc/runjail/x.policy:12: unknown system call 'mkdri'" or
 * "unknown built-in profile 'defualt'". */
struct rj_filter *rj_seccomp_prepare(const char *name, int fd, unsigned flags,
    char *err, size_t errlen);

/* The same for a policy already in memory (len bytes at buf; name is the
 * file name used in messages).  rj_seccomp_prepare reads the file and calls
 * this; the unit tests and the fuzzer call it directly. */
struct rj_filter *rj_seccomp_prepare_mem(const char *name, const char *buf,
    size_t len, unsigned flags, char *err, size_t errlen);

/* The terminal guard: allows everything but ioctl(fd, TIOCSTI) and
 * ioctl(fd, TIOCLINUX), which fail with EPERM (on the request's low 32
 * bits, in every ABI the machine runs): a command that shares the caller's
 * terminal must not type into it (bubblewrap's CVE-2017-5226).  The
 * launcher decides whether there is a terminal, and loads the guard with
 * rj_seccomp_load before any -s filter (which may deny seccomp(2) itself);
 * rj_seccomp_free frees it.  Not a profile: -s cannot name it.  On error
 * returns NULL and writes one line into err. */
struct rj_filter *rj_seccomp_guard(char *err, size_t errlen);

/* Load the filter into the calling thread.  The last step before execve(2):
 * no_new_privs is already set (if it is not, fails with EPERM rather than
 * rely on privilege).  Only one seccomp(2) call: all the work, and every
 * allocation, happened in rj_seccomp_prepare or rj_seccomp_guard.  Returns
 * 0, or -1 with errno set. */
int	rj_seccomp_load(struct rj_filter *f);

void	rj_seccomp_free(struct rj_filter *f);

/* A compiled policy file (runjail --compile-seccomp) of f, compiled with
 * flags: its bytes in a malloc'ed *out of *outlen.  rj_seccomp_prepare
 * loads such a file as it is (a header line names the architecture and
 * the flags, which must match).  Returns 0, or -1 with errno set: ENOMEM,
 * or ELIBACC if the architecture needs libseccomp (a build without the
 * precompiled profiles) and it cannot be loaded, which cannot happen for
 * an f it compiled.  rj_seccomp_is_compiled says whether f came from one. */
int	rj_seccomp_compiled(const struct rj_filter *f, unsigned flags,
	    char **out, size_t *outlen);
int	rj_seccomp_is_compiled(const struct rj_filter *f);

/* The compiled classic-BPF program: returns the struct sock_filter array and
 * stores its length (instructions) in *len.  For tests and benchmarks. */
const void *rj_seccomp_program(const struct rj_filter *f, size_t *len);

/* The names of the built-in profiles, NULL-terminated. */
extern const char *const rj_seccomp_builtins[];

#endif
