/* unshare.c: the kernel's floor for -P: a mount namespace of its own
 * (the copy of the host's mounts, and its teardown when the command
 * exits), then the command, and nothing else.  bench/scale's -P table
 * times it next to runjail -P. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	if (argc < 2 || unshare(CLONE_NEWNS) == -1) {
		perror("unshare");
		return 125;
	}
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
