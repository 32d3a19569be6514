/*
 * landlock.c: the service's Landlock domain, for what it does to processes
 * rather than to files.  A process in a Landlock domain cannot ptrace, nor
 * open /proc/PID/mem, /proc/PID/root, /proc/PID/cwd, /proc/PID/fd/..., of
 * any process outside that domain: the kernel's ptrace access check fails,
 * whatever the uids.  A chroot alone leaves a same-uid process outside the
 * jail in reach through a mounted /proc.  See SECURITY in runjail(8).
 *
 * A domain must restrict some file access.  This one handles only the
 * making of block device nodes, and grants it below the root again (the
 * jail's, after the chroot): file access is exactly as without Landlock.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <linux/landlock.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "runjail.h"

/* Put the calling process (after the chroot, with no_new_privs set) into
 * a new Landlock domain.  Returns 0, or -1 if the kernel has no Landlock
 * (not built in, or not enabled at boot); any other failure ends runjail. */
int
ptrace_scope(void)
{
	struct landlock_ruleset_attr rs;
	struct landlock_path_beneath_attr pb;
	int ruleset, root;

	memset(&rs, 0, sizeof rs);
	rs.handled_access_fs = LANDLOCK_ACCESS_FS_MAKE_BLOCK;
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &rs, sizeof rs, 0);
	if (ruleset == -1 && (errno == ENOSYS || errno == EOPNOTSUPP))
		return -1;
	if (ruleset == -1)
		fail("landlock: creating a ruleset");
	if ((root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		fail("landlock: /");
	memset(&pb, 0, sizeof pb);
	pb.allowed_access = LANDLOCK_ACCESS_FS_MAKE_BLOCK;
	pb.parent_fd = root;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) == -1)
		fail("landlock: adding a rule");
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == -1)
		fail("landlock: entering the domain");
	close(root);
	close(ruleset);
	return 0;
}
