/*
 * check.c: runjail --check, the audit mode.  With the options of a real
 * launch it looks at the jail and says what is wrong with it, one finding a
 * line, and changes nothing and runs nothing.  The jail's files are hostile
 * input: everything is opened below the jail root without following
 * symlinks out of it, and the ELF reader trusts nothing.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "elf.h"
#include "files.h"
#include "runjail.h"

#define MAXDEPTH	64	/* directories deep */
#define MAXENTRIES	200000	/* files looked at */

struct audit {
	const struct target *t;
	int	 problems;	/* errors and warnings */
	long	 entries;
	int	 rootfd;	/* the jail */
	char	 command[PATH_MAX];	/* the command's file in it, or "" */
};

/* A finding's weight: an error stops the command from working, a warning
 * weakens the jail, an info is worth knowing.  Errors and warnings make
 * --check exit 1. */
enum severity { ERROR, WARNING, INFO };

/* One finding, one line: "error: ...", "warning: ..." or "info: ...";
 * the jail's names made harmless (sanitize()). */
static void __attribute__((format(printf, 3, 4)))
finding(struct audit *a, enum severity s, const char *fmt, ...)
{
	static const char *const name[] = { "error", "warning", "info" };
	char line[PATH_MAX * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	sanitize(line);
	printf("%s: %s\n", name[s], line);
	if (s != INFO)
		a->problems++;
}

static void
chain_finding(void *arg, const char *dir, const char *why)
{
	finding(arg, WARNING, "%s: %s (the jail root and its parents "
	    "should be owned by root and writable only by it)", dir, why);
}

static void
dep_finding(void *arg, const char *object, const char *missing, const char *why)
{
	finding(arg, ERROR, "%s: %s: %s", object, missing, why);
}

/* The command as the launch would find it (find_command()), and what it
 * needs from the jail. */
static void
check_command(struct audit *a, int rootfd, const struct plan *p)
{
	const char *file = a->command;
	struct stat st;
	int fd;

	if (file[0] == '\0') {
		finding(a, ERROR, "%s: command not found in the jail", p->o->cmd[0]);
		return;
	}
	if ((fd = jail_open(rootfd, file, O_PATH)) == -1 || fstat(fd, &st) == -1 ||
	    !S_ISREG(st.st_mode)) {
		finding(a, ERROR, "%s: not a regular file", file);
		if (fd != -1)
			close(fd);
		return;
	}
	if (!(st.st_mode & 0111))
		finding(a, ERROR, "%s: not an executable file", file);
	close(fd);
	if (elf_check_deps(rootfd, file, dep_finding, a) == -1)
		finding(a, ERROR, "%s: cannot be read: %s", file, strerror(errno));
}

static int
basename_is(const char *name, const char *const *patterns)
{
	for (; *patterns; patterns++)
		if (fnmatch(*patterns, name, 0) == 0)
			return 1;
	return 0;
}

static const char *const shells[] = { "sh", "bash", "dash", "ash", "ksh*",
	"mksh", "zsh", "csh", "tcsh", "fish", "busybox", NULL };
static const char *const interpreters[] = { "python*", "perl*", "ruby*",
	"php*", "lua*", "node", "nodejs", "tclsh*", "wish*", "gawk", "awk",
	"mawk", NULL };
static const char *const compilers[] = { "gcc*", "cc", "c++", "g++*",
	"clang*", "tcc", "as", "ld", "ld.*", NULL };

static int
is_program(const char *name, const struct stat *st)
{
	return S_ISREG(st->st_mode) && ((st->st_mode & 0111) ||
	    strstr(name, ".so") != NULL);
}

/* The devices a service may reasonably have. */
static int
harmless_device(const struct stat *st)
{
	unsigned ma = major(st->st_rdev), mi = minor(st->st_rdev);

	return S_ISCHR(st->st_mode) && ((ma == 1 && (mi == 3 || mi == 5 ||
	    mi == 7 || mi == 8 || mi == 9)) || (ma == 5 && mi == 0));
}

static void
check_entry(struct audit *a, const char *path, const char *name,
    const struct stat *st, const struct stat *dirst)
{
	if (S_ISREG(st->st_mode) && (st->st_mode & (S_ISUID | S_ISGID)))
		finding(a, WARNING, "%s: set-%s-ID file", path,
		    st->st_mode & S_ISUID ? "user" : "group");
	if ((S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) && !harmless_device(st))
		finding(a, WARNING, "%s: device node (%s %u,%u)", path,
		    S_ISCHR(st->st_mode) ? "character" : "block",
		    major(st->st_rdev), minor(st->st_rdev));
	if (S_ISDIR(st->st_mode) && (st->st_mode & S_IWOTH) &&
	    !(st->st_mode & S_ISVTX))
		finding(a, WARNING, "%s: world-writable directory without "
		    "the sticky bit", path);
	if (is_program(name, st)) {
		if (target_can_write(a->t, st))
			finding(a, WARNING, "%s: writable by %s, who could "
			    "replace it", path, a->t->name);
		else if ((target_can_write(a->t, dirst) ||
		    dirst->st_uid == a->t->uid) && !(dirst->st_mode & S_ISVTX))
			finding(a, WARNING, "%s: its directory is writable by "
			    "%s, who could replace it", path, a->t->name);
		if (st->st_nlink > 1)
			finding(a, WARNING, "%s: %ju hard links: may be shared "
			    "with the host", path, (uintmax_t)st->st_nlink);
		/* Every program of the jail, not the command only: what it
		 * runs (a CGI script, a helper) and loads (a module in a lib
		 * directory) must find its interpreter and libraries too.
		 * The command is checked on its own, after the walk. */
		if (strcmp(path, a->command) &&
		    elf_check_deps(a->rootfd, path, dep_finding, a) == -1)
			finding(a, WARNING, "%s: cannot be read: %s", path,
			    strerror(errno));
		if (basename_is(name, shells))
			finding(a, INFO, "%s: a shell", path);
		else if (basename_is(name, interpreters))
			finding(a, INFO, "%s: an interpreter", path);
		else if (basename_is(name, compilers))
			finding(a, INFO, "%s: a compiler or assembler", path);
	}
}

/* Walk the jail without following symlinks; stay on the jail's file
 * systems but skip proc and sys mounts, which are not the jail's files. */
static void
walk(struct audit *a, int dirfd, const char *path, const struct stat *dirst,
    int depth)
{
	struct dirent *de;
	struct stat st;
	char sub[PATH_MAX];
	DIR *d;
	int fd;

	if (depth > MAXDEPTH || (d = fdopendir(dirfd)) == NULL) {
		close(dirfd);
		return;
	}
	while ((de = readdir(d)) != NULL && a->entries++ < MAXENTRIES) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", depth ? path : "", de->d_name);
		check_entry(a, sub, de->d_name, &st, dirst);
		if (!S_ISDIR(st.st_mode) || (depth == 0 &&
		    (!strcmp(de->d_name, "proc") || !strcmp(de->d_name, "sys"))))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd != -1)
			walk(a, fd, sub, &st, depth + 1);
	}
	closedir(d);
}

/* The processes of the target user running outside the jail at rootfd
 * (-1: no jail): with a plain /proc in the jail, /proc/PID/root of each
 * one leads back to the host.  Telling whether a process is in the jail
 * takes /proc/PID/root, which only ptrace rights open: root's --check
 * counts them before it gives its privileges up (see look_only()). */
int
count_outside(const struct target *t, int rootfd)
{
	char path[300], line[256], *end;
	struct stat root, jail;
	struct dirent *de;
	unsigned long uid;
	DIR *d;
	FILE *f;
	int n = 0, in_jail = rootfd != -1 && fstat(rootfd, &jail) == 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		/* One already in this jail does not lead out of it. */
		snprintf(path, sizeof path, "/proc/%s/root/", de->d_name);
		if (in_jail && stat(path, &root) == 0 && root.st_dev == jail.st_dev &&
		    root.st_ino == jail.st_ino)
			continue;
		snprintf(path, sizeof path, "/proc/%s/status", de->d_name);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		while (fgets(line, sizeof line, f))
			if (!strncmp(line, "Uid:", 4)) {
				/* real, then effective uid: the effective one */
				(void)strtoul(line + 4, &end, 10);
				uid = strtoul(end, &end, 10);
				n += uid == t->uid;
				break;
			}
		fclose(f);
	}
	closedir(d);
	return n;
}

static void
check_proc(struct audit *a, const struct target *t, int n)
{
	if (n == 0)
		return;
	if (landlock_abi() >= 6)
		finding(a, INFO, "--proc: %d process%s of %s run%s outside "
		    "the jail, out of its reach (Landlock)", n, n > 1 ? "es" : "",
		    t->name, n > 1 ? "" : "s");
	else
		finding(a, WARNING, "--proc: %d process%s of %s run%s outside "
		    "the jail; the command may signal %s (and without Landlock "
		    "ptrace %s): run each service as a user of its own", n,
		    n > 1 ? "es" : "", t->name, n > 1 ? "" : "s",
		    n > 1 ? "them" : "it", n > 1 ? "them" : "it");
}

/* The audit of the jail at rootfd (-1: none); outside is
 * count_outside()'s answer, or -1 to count now.  Returns the exit status
 * of --check: 0 clean, 1 findings; -1 on a failure. */
int
run_check(const struct plan *p, int rootfd, int outside)
{
	const struct opts *o = p->o;
	struct audit a = { &p->t, 0, 0, rootfd, "" };
	struct stat st;

	/* The ELF reader's buffers for large objects are sparse (only the
	 * parts it reads are touched): keep them mmap'ed, fresh, whatever
	 * glibc's dynamic threshold would make of them after the first. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	memset(&st, 0, sizeof st);
	if (rootfd != -1 && o->cmd && o->cmd[0] &&
	    find_command(p, rootfd, a.command, sizeof a.command) == -1)
		a.command[0] = '\0';
	if (rootfd != -1) {
		if (check_root_chain(rootfd, chain_finding, &a) == -1 ||
		    fstat(rootfd, &st) == -1)
			return fail("root %s", o->root);
		walk(&a, dup(rootfd), "", &st, 0);
		if (a.entries >= MAXENTRIES)
			finding(&a, INFO, "stopped after %d files", MAXENTRIES);
		if (o->cmd && o->cmd[0])
			check_command(&a, rootfd, p);
	}
	if (o->proc)
		check_proc(&a, &p->t, outside != -1 ? outside :
		    count_outside(&p->t, rootfd));
	if (o->landlock) {
		char what[512];

		landlock_describe(p, what, sizeof what);
		finding(&a, INFO, "landlock: %s", what);
	}
	fflush(stdout);
	return a.problems ? 1 : 0;
}
