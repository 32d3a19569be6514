/* elf_deps: run elf_check_deps on PATH inside the jail rooted at ROOT and
 * print one line per problem, "MISSING <object> <missing> <why>", then
 * "COUNT <n>".  Exit 0, or 2 if PATH cannot be read (or usage). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../elf.h"

static void
report(void *arg, const char *object, const char *missing, const char *why)
{
	int *calls = arg;

	(*calls)++;
	printf("MISSING %s %s %s\n", object, missing, why);
}

int
main(int argc, char *argv[])
{
	int rootfd, n, calls = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: elf_deps root path\n");
		return 2;
	}
	if ((rootfd = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "elf_deps: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	n = elf_check_deps(rootfd, argv[2], report, &calls);
	close(rootfd);
	if (n < 0) {
		fprintf(stderr, "elf_deps: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	printf("COUNT %d\n", n);
	/* The count must match the reports: a test of the module too. */
	return n == calls ? 0 : 3;
}
