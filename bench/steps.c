/* steps.c: the kernel's part of a plain runjail launch, in a program built
 * as runjail is, with nothing else: the jail root opened and entered, the
 * bounding set emptied, the ids and capabilities of uid 65534, no_new_privs,
 * a session keyring, a Landlock domain (signals and abstract sockets
 * scoped), the signals reset, the descriptors closed, /true executed.
 * bench/scale's table 4: steps minus exec is the floor of runjail's own
 * work; no checks, no parsing, no messages. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <unistd.h>

struct ll_attr {			/* struct landlock_ruleset_attr, ABI 6 */
	unsigned long long fs, net, scoped;
};

int
main(int argc, char *argv[])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	struct ll_attr a = { 0, 0, 3 };	/* scoped: abstract sockets, signals */
	struct sigaction sa = { 0 };
	char *cmd[] = { "/true", NULL };
	int root, c, fd, s;

	if (argc < 2 ||
	    (root = open(argv[1], O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) == -1 ||
	    fchdir(root) == -1 || chroot(".") == -1)
		return 125;
	for (c = 0; c <= 40; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == -1)
			return 125;
	if (setgroups(0, NULL) == -1 || setresgid(65534, 65534, 65534) == -1 ||
	    setresuid(65534, 65534, 65534) == -1 ||
	    syscall(SYS_capset, &h, d) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) == -1 ||
	    (fd = (int)syscall(SYS_landlock_create_ruleset, &a, sizeof a, 0)) == -1 ||
	    syscall(SYS_landlock_restrict_self, fd, 0) == -1 || chdir("/") == -1)
		return 125;
	sa.sa_handler = SIG_DFL;
	for (s = 1; s < 65; s++)
		(void)sigaction(s, &sa, NULL);
	syscall(SYS_close_range, 3, ~0U, 0);
	execv(cmd[0], cmd);
	return 127;
}
