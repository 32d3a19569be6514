/*
 * tests/faults.c: fault injection for tests/faults.t, an LD_PRELOAD shim
 * (tests only, never installed) that makes ONE named call fail.
 *
 *   RJ_FAIL=NAME          the call NAME fails, every time it is made
 *   RJ_FAIL=NAME:ARG      only when its first argument is ARG (prctl:38 is
 *                         prctl(PR_SET_NO_NEW_PRIVS), syscall:317 is
 *                         seccomp(2) made through syscall())
 *   RJ_FAIL=NAME:ARG:ARG2 and its second argument is ARG2 (syscall:317:1 is
 *                         seccomp(SECCOMP_SET_MODE_FILTER, ...), not
 *                         libseccomp's probes of the kernel's API)
 *   RJ_FAIL_ERRNO=N       the errno, a number or EPERM, EACCES, ENOENT,
 *                         ENOMEM, EINVAL, EBUSY (default EPERM)
 *   RJ_FAIL_NOOP=1        the call "succeeds" (returns 0) and does nothing:
 *                         a lying kernel, for runjail's own verification
 *
 * Every injected fault is noted on fd 2 only if RJ_FAIL_TRACE is set, so
 * that runjail's stderr stays exactly what runjail wrote.
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <dlfcn.h>
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libcap-ng calls capset(2) through glibc's capset(); no public header. */
int capset(void *hdr, void *data);

static const struct { const char *name; int e; } errnames[] = {
	{ "EPERM", EPERM }, { "EACCES", EACCES }, { "ENOENT", ENOENT },
	{ "ENOMEM", ENOMEM }, { "EINVAL", EINVAL }, { "EBUSY", EBUSY },
	{ "EAGAIN", EAGAIN }, { "EWOULDBLOCK", EWOULDBLOCK },
	{ "ENOSPC", ENOSPC }, { "EIO", EIO },
};

/* Read once, at load time: runjail sets its environment aside (environ
 * points to an empty one) before it makes any of these calls. */
static const char *cfg_fail, *cfg_errno, *cfg_noop, *cfg_trace;

static void __attribute__((constructor))
faults_init(void)
{
	cfg_fail = getenv("RJ_FAIL");
	cfg_errno = getenv("RJ_FAIL_ERRNO");
	cfg_noop = getenv("RJ_FAIL_NOOP");
	cfg_trace = getenv("RJ_FAIL_TRACE");
}

/* Does this call fail?  1: fail with errno set, 2: pretend success. */
static int
fault2(const char *name, long arg, long arg2)
{
	const char *f = cfg_fail, *e = cfg_errno, *colon;
	size_t n, i;
	char *end;
	long v;

	if (f == NULL)
		return 0;
	colon = strchr(f, ':');
	n = colon ? (size_t)(colon - f) : strlen(f);
	if (strlen(name) != n || strncmp(f, name, n) != 0)
		return 0;
	if (colon) {
		v = strtol(colon + 1, &end, 0);
		if (end == colon + 1 || v != arg)
			return 0;
		if (*end == ':') {
			colon = end;
			v = strtol(colon + 1, &end, 0);
			if (end == colon + 1 || v != arg2)
				return 0;
		}
		if (*end != '\0')
			return 0;
	}
	if (cfg_trace)
		dprintf(2, "faults: %s(%ld) made to fail\n", name, arg);
	if (cfg_noop && strcmp(cfg_noop, "1") == 0)
		return 2;
	errno = EPERM;
	if (e != NULL) {
		v = strtol(e, &end, 10);
		if (*e != '\0' && *end == '\0')
			errno = (int)v;
		for (i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
			if (strcmp(e, errnames[i].name) == 0)
				errno = errnames[i].e;
	}
	return 1;
}

static int
fault(const char *name, long arg)
{
	return fault2(name, arg, 0);
}

static void *
real(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (p == NULL) {
		dprintf(2, "faults: no symbol %s\n", name);
		_exit(98);
	}
	return p;
}

/* A wrapper for a call returning int (or an fd), -1 on failure. */
#define WRAP(ret, name, arg0, params, args)				\
ret name params								\
{									\
	static ret (*next) params;					\
	switch (fault(#name, (long)(arg0))) {				\
	case 1: return -1;						\
	case 2: return 0;						\
	}								\
	if (next == NULL)						\
		next = (ret (*) params)real(#name);			\
	return next args;						\
}

WRAP(int, unshare, flags, (int flags), (flags))
WRAP(int, mount, 0, (const char *src, const char *dst, const char *type,
    unsigned long flags, const void *data), (src, dst, type, flags, data))
WRAP(int, open_tree, 0, (int dfd, const char *path, unsigned int flags),
    (dfd, path, flags))
WRAP(int, move_mount, 0, (int fd1, const char *p1, int fd2, const char *p2,
    unsigned int flags), (fd1, p1, fd2, p2, flags))
WRAP(int, fsopen, 0, (const char *fs, unsigned int flags), (fs, flags))
WRAP(int, fsconfig, 0, (int fd, unsigned int cmd, const char *key,
    const void *value, int aux), (fd, cmd, key, value, aux))
WRAP(int, fsmount, 0, (int fd, unsigned int flags, unsigned int attr),
    (fd, flags, attr))
WRAP(int, mount_setattr, 0, (int dfd, const char *path, unsigned int flags,
    struct mount_attr *attr, size_t size), (dfd, path, flags, attr, size))
WRAP(int, chroot, 0, (const char *path), (path))
WRAP(int, fchdir, 0, (int fd), (fd))
WRAP(int, setrlimit, resource, (__rlimit_resource_t resource,
    const struct rlimit *rl), (resource, rl))
WRAP(int, setpriority, 0, (__priority_which_t which, id_t who, int prio),
    (which, who, prio))
WRAP(int, setgroups, 0, (size_t n, const gid_t *list), (n, list))
WRAP(int, setresgid, 0, (gid_t r, gid_t e, gid_t s), (r, e, s))
WRAP(int, setresuid, 0, (uid_t r, uid_t e, uid_t s), (r, e, s))
WRAP(int, capset, 0, (void *hdr, void *data), (hdr, data))
WRAP(int, seccomp_load, 0, (const scmp_filter_ctx ctx), (ctx))
WRAP(int, execve, 0, (const char *path, char *const argv[],
    char *const envp[]), (path, argv, envp))
WRAP(int, close_range, 0, (unsigned int lo, unsigned int hi, int flags),
    (lo, hi, flags))
WRAP(pid_t, setsid, 0, (void), ())
WRAP(int, flock, 0, (int fd, int op), (fd, op))
WRAP(int, renameat, 0, (int d1, const char *p1, int d2, const char *p2),
    (d1, p1, d2, p2))
WRAP(pid_t, fork, 0, (void), ())
WRAP(int, pipe2, 0, (int fds[2], int flags), (fds, flags))

/* The variadic ones, matched by their first argument (the option, the
 * system call number). */
int
prctl(int option, ...)
{
	static int (*next)(int, ...);
	unsigned long a[4];
	va_list ap;
	int i;

	va_start(ap, option);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	switch (fault2("prctl", option, (long)a[0])) {
	case 1: return -1;
	case 2: return 0;
	}
	if (next == NULL)
		next = (int (*)(int, ...))real("prctl");
	return next(option, a[0], a[1], a[2], a[3]);
}

long
syscall(long nr, ...)
{
	static long (*next)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	switch (fault2("syscall", nr, a[0])) {
	case 1: return -1;
	case 2: return 0;
	}
	if (next == NULL)
		next = (long (*)(long, ...))real("syscall");
	return next(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
