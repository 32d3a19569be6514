/*
 * reset.c: what a caller's process hands on across execve, put back to
 * defaults for a service that a profile runs for a caller other than root.
 * Such a caller may set these on itself before it executes runjail; a
 * service that runs as someone else, or with privileges the caller lacks,
 * must not start with them (a SCHED_IDLE class that starves it, one CPU,
 * an OOM score that picks it first, idle I/O, a cgroup the caller
 * controls, a personality, THP off, ...).  Resource limits, the nice
 * value, the umask, the working directory, signals and the session
 * keyring are reset elsewhere (runjail.c, policy.c).  See SECURITY in
 * runjail(8) for what is reset and to what.
 */
#define _GNU_SOURCE
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/mempolicy.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runjail.h"

#ifndef PR_GET_MDWE
#define PR_GET_MDWE	66
#endif

/* Write a short value to a file of /proc or of a cgroup file system.
 * Returns 0, or -1 with errno set. */
static int
write_file(const char *path, const char *value)
{
	size_t n = strlen(value);
	int fd, e;

	if ((fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1)
		return -1;
	e = write(fd, value, n) == (ssize_t)n ? 0 : -1;
	close(fd);
	return e;
}

/* The scheduling class (SCHED_OTHER; the nice value is set later), the CPU
 * affinity (init's), the I/O priority (none: derived from the nice value)
 * and the memory policy (the system default). */
static int
reset_scheduling(void)
{
	struct sched_param sp = { 0 };
	cpu_set_t cpus;

	if (sched_setscheduler(0, SCHED_OTHER, &sp) == -1)
		return fail("reset: scheduling class");
	if (sched_getaffinity(1, sizeof cpus, &cpus) == -1 ||
	    sched_setaffinity(0, sizeof cpus, &cpus) == -1)
		return fail("reset: CPU affinity");
	if (syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, 0) == -1)
		return fail("reset: I/O priority");
	if (syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0) == -1 && errno != ENOSYS)
		return fail("reset: memory policy");
	return 0;
}

/* prctl settings that survive execve.  EINVAL: not on this architecture
 * or kernel (PR_SET_TSC is x86 only), so nothing to reset. */
static int
reset_prctl(void)
{
	static const struct { int opt; unsigned long val; const char *what; } p[] = {
		/* 50 us, the kernel's default: 0 would restore the
		 * caller's parent's value, which the caller chose */
		{ PR_SET_TIMERSLACK, 50000, "timer slack" },
		{ PR_SET_THP_DISABLE, 0, "THP" },
		{ PR_SET_CHILD_SUBREAPER, 0, "child subreaper" },
		{ PR_MCE_KILL, PR_MCE_KILL_CLEAR, "machine-check kill policy" },
#ifdef PR_SET_TSC
		{ PR_SET_TSC, PR_TSC_ENABLE, "TSC" },
#endif
	};
	size_t i;

	for (i = 0; i < sizeof p / sizeof p[0]; i++)
		if (prctl(p[i].opt, p[i].val, 0, 0, 0) == -1 && errno != EINVAL)
			return fail("reset: %s", p[i].what);
	/* Memory-deny-write-execute cannot be turned off once on. */
	if (prctl(PR_GET_MDWE, 0, 0, 0, 0) > 0)
		return failx("reset: the caller set memory-deny-write-execute, which "
		    "cannot be cleared");
	if (personality(PER_LINUX) == -1)
		return fail("reset: personality");
	return 0;
}

/* Interval timers survive execve: an alarm the caller set would kill
 * the service (SIGALRM, SIGVTALRM, SIGPROF) at a moment of its choosing. */
static int
reset_timers(void)
{
	static const int which[] = { ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF };
	struct itimerval off;
	size_t i;

	memset(&off, 0, sizeof off);
	for (i = 0; i < sizeof which / sizeof which[0]; i++)
		if (setitimer(which[i], &off, NULL) == -1)
			return fail("reset: interval timer");
	return 0;
}

int
reset_inherited(void)
{
	char filter[32] = "";
	int fd;
	ssize_t n;

	if (reset_scheduling() == -1 || reset_prctl() == -1 ||
	    reset_timers() == -1)
		return -1;
	/* 0: what a service gets by default; lowering it back from what the
	 * caller raised it to needs no privilege. */
	if (write_file("/proc/self/oom_score_adj", "0") == -1)
		return fail("reset: oom_score_adj");
	/* What goes into a core dump: init's choice, not the caller's. */
	if ((fd = open("/proc/1/coredump_filter", O_RDONLY | O_CLOEXEC)) == -1)
		return fail("reset: /proc/1/coredump_filter");
	n = read(fd, filter, sizeof filter - 1);
	close(fd);
	if (n <= 0)
		return fail("reset: /proc/1/coredump_filter");
	filter[n] = '\0';
	if (write_file("/proc/self/coredump_filter", filter) == -1)
		return fail("reset: coredump_filter");
	return 0;
}

/* Move this process to the root cgroup of every cgroup hierarchy mounted
 * here (cgroup2, and each cgroup v1 controller): out of a cgroup the
 * caller may control (freeze it, limit its memory, kill it).  A cgroup
 * file system mounted read-only is one nobody here can change: left. */
int
reset_cgroup(void)
{
	char line[4096], root[PATH_MAX], mnt[PATH_MAX], fstype[64], procs[PATH_MAX + 16];
	FILE *f;

	if ((f = fopen("/proc/self/mountinfo", "re")) == NULL)
		return fail("/proc/self/mountinfo");
	while (fgets(line, sizeof line, f)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE ... */
		const char *sep = strstr(line, " - ");
		if (sep == NULL || sscanf(sep, " - %63s", fstype) != 1 ||
		    (strcmp(fstype, "cgroup") && strcmp(fstype, "cgroup2")) ||
		    sscanf(line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2 ||
		    strcmp(root, "/") != 0 || strchr(mnt, '\\'))
			continue;	/* a sub-cgroup mounted alone: not a root */
		snprintf(procs, sizeof procs, "%s/cgroup.procs", mnt);
		if (write_file(procs, "0") == -1 && errno != EROFS) {
			fail("reset: moving to the root cgroup (%s)", procs);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}
