/* fuzz_elf: libFuzzer harness for elf.c.  Each input goes to elf_parse,
 * shebang_parse and ldcache_lookup (for each known ABI and an unknown one);
 * when it parses as ELF or as a script, it is also written as /x in a
 * scratch jail and run through elf_check_deps, so that hostile DT_NEEDED,
 * DT_RPATH and DT_RUNPATH strings reach the search code, and through
 * elf_missing_interp, which must find missing only what elf_check_deps
 * reports (they share the interpreter chase).  The jail's
 * loaders, libc and ld.so.cache are absolute symlinks to /x: the input is
 * found as a candidate too.  Besides the sanitizers, it aborts when a
 * documented guarantee does not hold. */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../elf.h"

static char jail[] = "/tmp/fuzz_elf.XXXXXX";
static char file[sizeof jail + 2];
static int rootfd = -1;

static const char *links[] = { "/etc/ld.so.cache", "/lib/ld.so",
	"/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux.so.2",
	"/lib/x86_64-linux-gnu/libc.so.6", "/lib32/libc.so.6", "/bin/sh" };

static int
rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	nftw(jail, rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void
plant(const char *link)
{
	char p[256], *s;

	snprintf(p, sizeof p, "%s%s", jail, link);
	for (s = p + sizeof jail; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	if (symlink("/x", p) == -1)
		perror(p);
}

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	if (mkdtemp(jail) == NULL)
		return 0;
	snprintf(file, sizeof file, "%s/x", jail);
	for (i = 0; i < sizeof links / sizeof links[0]; i++)
		plant(links[i]);
	rootfd = open(jail, O_PATH | O_DIRECTORY | O_CLOEXEC);
	atexit(cleanup);
	return 0;
}

static void
count(void *arg, const char *object, const char *missing, const char *why)
{
	if (object == NULL || missing == NULL || why == NULL)
		abort();
	(*(int *)arg)++;
}

static void
deps(const uint8_t *data, size_t size)
{
	char obj[64], miss[300];
	int fd, n, m, calls = 0;

	if (rootfd < 0 ||
	    (fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return;
	n = write(fd, data, size) == (ssize_t)size;
	close(fd);
	if (!n)
		return;
	if ((n = elf_check_deps(rootfd, "/x", count, &calls)) != calls)
		abort();
	m = elf_missing_interp(rootfd, "/x", obj, sizeof obj, miss,
	    sizeof miss);
	if (m < -1 || m > 1 || (m == 1 && (n < 1 ||
	    memchr(obj, 0, sizeof obj) == NULL ||
	    memchr(miss, 0, sizeof miss) == NULL)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int abi[][2] = { { 64, 62 }, { 32, 3 }, { 32, 62 },
	    { 64, 183 } };
	struct elfinfo ei;
	char msg[64], out[256];
	size_t i;
	int rc, sb;

	rc = elf_parse(data, size, &ei, msg, sizeof msg);
	if (rc < -2 || rc > 0 || (rc == -2 && memchr(msg, 0, sizeof msg) == NULL))
		abort();
	if (rc != 0 && (ei.interp || ei.rpath || ei.runpath || ei.nneeded))
		abort();
	for (i = 0; i < ei.nneeded; i++)
		if (ei.nneeded > ELF_MAXNEEDED || ei.needed[i] == NULL)
			abort();
	elf_free(&ei);
	sb = shebang_parse(data, size, out, sizeof out);
	if (sb == 0 && (out[0] == '\0' || strlen(out) >= sizeof out))
		abort();
	for (i = 0; i < sizeof abi / sizeof abi[0]; i++)
		if (ldcache_lookup(data, size, "libc.so.6", abi[i][0], abi[i][1],
		    out, sizeof out) == 0 && strlen(out) >= sizeof out)
			abort();
	if (rc == 0 || sb == 0)
		deps(data, size);
	return 0;
}
