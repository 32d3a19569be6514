/*
 * landlock.c: the service's Landlock domain, for what it does to processes
 * rather than to files.  A process in a Landlock domain cannot ptrace, nor
 * open /proc/PID/mem, /proc/PID/root, /proc/PID/cwd, /proc/PID/fd/..., of
 * any process outside that domain: the kernel's ptrace access check fails,
 * whatever the uids.  A chroot alone leaves a same-uid process outside the
 * jail in reach through ptrace(2) and a mounted /proc.  See SECURITY in
 * runjail(8).
 *
 * The domain is to restrict no file access.  Landlock ABI 6 (Linux 6.12)
 * and later: a domain that only scopes signals (the service cannot signal
 * processes outside it either) and handles no file access at all.  Before
 * that a domain must handle some file access: this one handles the making
 * of block devices and, from ABI 2, "refer" (renaming or linking into
 * another directory, which a domain always refuses unless it handles and
 * grants it), and grants both below the root (the jail's, after the
 * chroot).  Such a domain also refuses mount(2), and, on ABI 1, every
 * rename or link across directories.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <linux/landlock.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "runjail.h"

/* The ruleset attribute as of ABI 6; older headers lack the last field. */
struct ruleset_attr {
	uint64_t	handled_access_fs;
	uint64_t	handled_access_net;
	uint64_t	scoped;
};
#define SCOPE_SIGNAL	(1ULL << 1)	/* LANDLOCK_SCOPE_SIGNAL */

/* A ruleset for this kernel's ABI, or -1 on a failure. */
static int
make_ruleset(int abi)
{
	struct ruleset_attr rs;
	struct landlock_path_beneath_attr pb;
	int ruleset, root;

	memset(&rs, 0, sizeof rs);
	if (abi >= 6)
		rs.scoped = SCOPE_SIGNAL;
	else
		rs.handled_access_fs = LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		    (abi >= 2 ? LANDLOCK_ACCESS_FS_REFER : 0);
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &rs,
	    abi >= 6 ? sizeof rs : sizeof(struct landlock_ruleset_attr), 0);
	if (ruleset == -1)
		return fail("landlock: creating a ruleset");
	if (rs.handled_access_fs == 0)
		return ruleset;
	if ((root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return fail("landlock: /");
	memset(&pb, 0, sizeof pb);
	pb.allowed_access = rs.handled_access_fs;
	pb.parent_fd = root;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) == -1) {
		fail("landlock: adding a rule");
		close(root);
		return -1;
	}
	close(root);
	return ruleset;
}

/* The kernel's Landlock ABI version, 0 if it has no Landlock, or -1 on a
 * failure. */
int
landlock_abi(void)
{
	int abi;

	abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi == -1 && (errno == ENOSYS || errno == EOPNOTSUPP))
		return 0;
	if (abi < 1)
		return fail("landlock: its version");
	return abi;
}

/* Put the calling process (after the chroot, with no_new_privs set) into
 * a new Landlock domain.  Returns the ABI used, 0 if the kernel has no
 * Landlock (not built in, or not enabled at boot), -1 on a failure. */
int
ptrace_scope(void)
{
	int abi, ruleset;

	if ((abi = landlock_abi()) <= 0 || (ruleset = make_ruleset(abi)) == -1)
		return abi <= 0 ? abi : -1;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == -1) {
		fail("landlock: entering the domain");
		close(ruleset);
		return -1;
	}
	close(ruleset);
	return abi;
}
