/*
 * privs.c: what runjail changes in its own process's privileges: becoming
 * root when set-user-ID, the file system ids, the resource limits and the
 * nice value, the change to the target user with exactly the kept
 * capabilities and its verification, and the signal state the command
 * inherits.  Steps 8 to 10 and 13 of runjail(8)'s Order of operations.
 */
#define _GNU_SOURCE
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "runjail.h"

/* After command_limits() the stack's soft limit may be the command's (a
 * caller's 16K): take back what the hard limit allows, to report a failed
 * execve in.  May fail under a seccomp filter; then nothing is lost. */
void
stack_back(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_STACK, &rl);
	}
}

/* A limit reset to init's (see reset_limits() in policy.c) whose hard
 * limit the caller lowered below init's cannot be raised back without
 * CAP_SYS_RESOURCE: then the soft limit at least is restored, as far as
 * the hard one allows, and the admin is told. */
static int
reset_soft(int r, const struct rlimit *want)
{
	struct rlimit cur;

	if (getrlimit(r, &cur) == -1 || cur.rlim_max >= want->rlim_max)
		return 0;
	cur.rlim_cur = want->rlim_cur < cur.rlim_max ? want->rlim_cur : cur.rlim_max;
	if (setrlimit(r, &cur) == -1)
		return 0;
	warnmsg("rlimit %s: the hard limit stays below init's (raising it "
	    "needs CAP_SYS_RESOURCE)", rlimit_name(r));
	return 1;
}

int
set_limits(const struct plan *p)
{
	struct rlimit rl;
	int r;

	for (r = 0; r < RLIM_NLIMITS; r++) {
		rl = p->rlim[r].rl;
		/* The stack's and descriptors' soft limits wait for
		 * command_limits(): runjail's own last steps must not run on
		 * the command's stack or descriptor count (a self-jail may
		 * keep the caller's 16K, or 4 descriptors). */
		if (r == RLIMIT_STACK || r == RLIMIT_NOFILE)
			rl.rlim_cur = rl.rlim_max;
		if (p->rlim[r].how == LIMIT_KEEP || setrlimit(r, &rl) == 0)
			continue;
		if (p->rlim[r].how == LIMIT_RESET && errno == EPERM &&
		    reset_soft(r, &rl))
			continue;
		return fail("rlimit %s", rlimit_name(r));
	}
	if (p->c->setuid && (getrlimit(RLIMIT_STACK, &rl) == -1 ||
	    rl.rlim_max < MIN_STACK))
		return failx("rlimit stack: a hard limit under %lluK leaves "
		    "runjail no room to work", (unsigned long long)MIN_STACK / 1024);
	if (p->setnice && setpriority(PRIO_PROCESS, 0, p->nice) == -1)
		return fail("nice %d", p->nice);
	return 0;
}

/* The process's capability sets, read from the kernel directly rather than
 * through the library that set them: the check should not share its bugs. */
struct capsets {
	uint64_t	prm, eff, inh, bnd, amb;
};

static int
read_caps(struct capsets *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int i, r;

	memset(c, 0, sizeof *c);
	memset(d, 0, sizeof d);	/* valgrind's capget marks half of it written */
	if (syscall(SYS_capget, &h, d) == -1)
		return fail("capget");
	c->prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	c->eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	c->inh = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	for (i = 0; i < 64; i++) {
		if ((r = prctl(PR_CAPBSET_READ, i, 0, 0, 0)) == -1)
			break;	/* past the last capability */
		if (r)
			c->bnd |= 1ULL << i;
		/* The kernel keeps the ambient set within permitted and
		 * inheritable: only those are asked about (a launch made
		 * 41 more calls otherwise). */
		if ((c->prm & c->inh) >> i & 1 &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, i, 0, 0) == 1)
			c->amb |= 1ULL << i;
	}
	return 0;
}

/* Set the permitted, effective and inheritable sets to caps. */
static int
set_caps(uint64_t caps)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int i;

	memset(d, 0, sizeof d);
	for (i = 0; i < 2; i++)
		d[i].permitted = d[i].effective = d[i].inheritable =
		    (uint32_t)(caps >> (32 * i));
	if (syscall(SYS_capset, &h, d) == -1)
		return fail("capset");
	return 0;
}

/*
 * Become the target user, keeping exactly the capabilities asked for.
 * Direct system calls, no library: after the chroot nothing may read a
 * file of the jail as root (libcap-ng reads /proc/TID/status, which the
 * jail's owner can make a FIFO).  The order is forced by what each step
 * needs:
 *  1. setgroups and setresgid need CAP_SETGID: before the uid change.
 *  2. The bounding set can only shrink with CAP_SETPCAP: before the uid
 *     change too.  Emptying it (but for the kept capabilities) means no
 *     execve can ever grant more, even of a set-uid-root or file-capability
 *     binary, even if the target uid is 0.
 *  3. setresuid.  With capabilities to keep, PR_SET_KEEPCAPS keeps the
 *     permitted set across it; without, the kernel clears everything.
 *  4. Reduce permitted/effective/inheritable to the kept set and raise the
 *     kept ones as ambient capabilities, so they survive the execve of an
 *     ordinary binary (ambient is cleared by the uid change: after it).
 */
int
drop_privileges(const struct target *t, uint64_t caps)
{
	int i;

	if (setgroups(t->ngroups, t->groups) == -1)
		return fail("setgroups");
	if (setresgid(t->gid, t->gid, t->gid) == -1)
		return fail("setresgid %u", (unsigned)t->gid);

	/* Dropped without reading each first: an EINVAL that a read
	 * confirms is the end of the kernel's capabilities
	 * (verify_privileges() reads the set back). */
	for (i = 0; i < 64; i++)
		if (!(caps >> i & 1) && prctl(PR_CAPBSET_DROP, i, 0, 0, 0) == -1) {
			if (errno == EINVAL &&
			    prctl(PR_CAPBSET_READ, i, 0, 0, 0) == -1)
				break;	/* no such capability here */
			return fail("capabilities: cannot reduce the bounding set");
		}

	if (caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
		return fail("prctl(PR_SET_KEEPCAPS)");
	if (setresuid(t->uid, t->uid, t->uid) == -1)
		return fail("setresuid %u", (unsigned)t->uid);
	if (caps && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1)
		return fail("prctl(PR_SET_KEEPCAPS)");

	if (set_caps(caps) == -1)
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		return fail("capabilities: cannot clear the ambient set");
	for (i = 0; i < 64; i++)
		if ((caps >> i & 1) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) == -1)
			return fail("capabilities: cannot raise capability %d as "
			    "ambient", i);
	return 0;
}

/* Trust, but verify (as OpenSSH's permanently_set_uid does): the ids are
 * what we asked for, root cannot be had back, and the capability sets are
 * exactly the kept ones.  Any surprise ends runjail before the command
 * runs. */
int
verify_privileges(const struct target *t, uint64_t caps)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, *g;
	struct capsets c;
	int n, i, j;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return fail("getresuid");
	if (ru != t->uid || eu != t->uid || su != t->uid ||
	    rg != t->gid || eg != t->gid || sg != t->gid)
		return failx("privileges: ids are not the target's after the change");
	if ((n = getgroups(0, NULL)) == -1 || n != t->ngroups)
		return failx("privileges: supplementary groups not as asked");
	if ((g = calloc(n ? n : 1, sizeof(gid_t))) == NULL)
		return fail("getgroups");
	if (getgroups(n, g) != n) {
		free(g);
		return fail("getgroups");
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < t->ngroups && g[i] != t->groups[j]; j++)
			;
		if (j == t->ngroups)
			break;
	}
	j = i < n ? (int)g[i] : -1;
	free(g);
	if (i < n)
		return failx("privileges: unexpected supplementary group %u",
		    (unsigned)j);
	if (t->uid != 0 && (setuid(0) != -1 || seteuid(0) != -1))
		return failx("privileges: uid 0 could be regained; stopping");
	if (t->gid != 0 && (setgid(0) != -1 || setegid(0) != -1))
		return failx("privileges: gid 0 could be regained; stopping");
	if (read_caps(&c) == -1)
		return -1;
	if (c.prm != caps || c.eff != caps || c.inh != caps ||
	    (c.bnd & ~caps) || c.amb != caps)
		return failx("privileges: capability sets are not as asked "
		    "(permitted %llx, bounding %llx, ambient %llx)",
		    (unsigned long long)c.prm, (unsigned long long)c.bnd,
		    (unsigned long long)c.amb);
	return 0;
}

/* The soft limits set_limits() left at the hard ones, set to the
 * command's at last: before the seccomp filters, which may not allow
 * setrlimit.  The stack has grown as far as runjail needed by now, and a
 * stack does not shrink: a failed execve still has room to be reported. */
int
command_limits(const struct plan *p)
{
	static const int late[] = { RLIMIT_STACK, RLIMIT_NOFILE };
	struct rlimit rl;
	size_t i;

	for (i = 0; i < sizeof late / sizeof late[0]; i++) {
		if (p->rlim[late[i]].how == LIMIT_KEEP ||
		    getrlimit(late[i], &rl) == -1)
			continue;
		rl.rlim_cur = p->rlim[late[i]].rl.rlim_cur < rl.rlim_max ?
		    p->rlim[late[i]].rl.rlim_cur : rl.rlim_max;
		if (setrlimit(late[i], &rl) == -1)
			return fail("rlimit %s", rlimit_name(late[i]));
	}
	return 0;
}

/* Every signal made pending while all were blocked is thrown away:
 * setting a signal to "ignore" discards its pending instances.  A caller
 * can leave one pending across the set-user-ID exec, or have the terminal
 * send one (^C, ^Z) at any time; delivered when runjail unblocks, it would
 * kill or stop runjail between its steps, after the pidfile is written. */
int
discard_pending(void)
{
	struct sigaction sa;
	sigset_t pending;
	int sig;

	if (sigpending(&pending) == -1)
		return fail("sigpending");
	memset(&sa, 0, sizeof sa);
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&pending, sig) != 1 || sig == SIGKILL || sig == SIGSTOP)
			continue;
		sa.sa_handler = SIG_IGN;
		if (sigaction(sig, &sa, NULL) == -1)
			return fail("discarding signal %d", sig);
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
	return 0;
}

/* Whatever the caller ignored or blocked (nohup's SIGHUP, a blocked
 * SIGTERM) must not silently carry over into a service; nor may a signal
 * that arrived while runjail worked. */
int
reset_signals(void)
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);	/* fails only for KILL, STOP */
	if (discard_pending() == -1)
		return -1;
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		return fail("sigprocmask");
	return 0;
}

/* Set-user-ID: every uid and gid 0 and no supplementary group, so that
 * the caller can no longer signal (stop, kill) us while we work, and the
 * files runjail creates are root's, not the caller's group's.  We know who
 * called.  Signals the caller left pending across the exec are dropped.
 * main() sets the file system ids back to the caller's once the profile
 * is read (fs_as()). */
int
become_root(const struct caller *c)
{
	if (!c->setuid)
		return 0;
	if (setgroups(0, NULL) == -1 || setresgid(0, 0, 0) == -1 ||
	    setresuid(0, 0, 0) == -1)
		return fail("becoming root");
	return discard_pending();
}

/* The file system uid and gid, on which the kernel judges every file
 * access (and, moving away from 0, drops CAP_DAC_* and the other file
 * capabilities from the effective set; back to 0 restores them).  Not a
 * way to act "as the caller": with no supplementary group and the other
 * ids still 0, it is at most what the caller could reach, never more.
 * Checked: setfsuid reports nothing. */
int
fs_as(uid_t uid, gid_t gid)
{
	setfsgid(gid);
	setfsuid(uid);
	if ((uid_t)setfsuid((uid_t)-1) != uid || (gid_t)setfsgid((gid_t)-1) != gid)
		return failx("file system ids: not changed to %u:%u",
		    (unsigned)uid, (unsigned)gid);
	return 0;
}

/* Every capability given up but keep, in the sets this process can still
 * change: the supervisor's and init's of --pid-ns (none), the learner's
 * of --learn (what it needs to read the service), which exec nothing. */
int
drop_capabilities(uint64_t keep)
{
	if (set_caps(keep) == -1)
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		return fail("capabilities: cannot clear the ambient set");
	return 0;
}

/* --check and --dry-run read the jail and nothing else.  A set-user-ID
 * runjail becomes its caller entirely; run by root, it becomes LOOK_UID
 * with no group, keeping CAP_DAC_READ_SEARCH alone (if root has it) in
 * every set, the bounding set included: reading any file is all that is
 * left, not writing root's files, not signalling or tracing root's
 * processes.  A caller other than root, not set-user-ID, has nothing to
 * give up.  no_new_privs in every case. */
int
read_only_privileges(const struct caller *c)
{
	struct target look = { LOOK_UID, LOOK_GID, NULL, 0, "", "", "" };
	struct capsets have;
	uint64_t keep = 1ULL << CAP_DAC_READ_SEARCH;

	if (c->setuid) {
		if (setgroups(c->ngroups, c->groups) == -1 ||
		    setresgid(c->gid, c->gid, c->gid) == -1 ||
		    setresuid(c->uid, c->uid, c->uid) == -1)
			return fail("dropping privileges");
	} else if (c->uid == 0) {
		if (read_caps(&have) == -1)
			return -1;
		keep &= have.prm;
		if (drop_privileges(&look, keep) == -1 ||
		    verify_privileges(&look, keep) == -1)
			return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return fail("prctl(PR_SET_NO_NEW_PRIVS)");
	return 0;
}
