/*
 * learned.c: what --learn learned, kept and written.  The table of paths
 * the command used; the three files of the learn directory, each written
 * whole to a temporary name and renamed over the old one, after merging
 * what an earlier run left: seccomp.policy (a policy file runjail -s
 * loads), files (the paths it used, for mkjail --from) and report (for
 * a human).
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "learn.h"
#include "runjail.h"
#include "scmp.h"

#define MAXFILE	(64 << 20)	/* an earlier run's file, read whole */

static const struct {
	char		 c;
	const char	*word;
} kinds[] = {
	{ 'f', "file" }, { 'd', "dir" }, { 'l', "symlink" }, { 'c', "char" },
	{ 'b', "block" }, { 's', "socket" }, { 'p', "fifo" }, { '-', "none" },
};

static const char flagletters[] = "wcmh";	/* P_WROTE, P_CREATED, ... */

/* The slot of path in the table: its own, or the empty one it goes in. */
static struct seen *
slot(const struct paths *t, const char *path)
{
	unsigned long h = 2166136261UL;
	const char *c;
	size_t i;

	for (c = path; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619UL;
	for (i = h & (LEARN_MAXPATHS - 1); t->tab[i].path &&
	    strcmp(t->tab[i].path, path); i = (i + 1) & (LEARN_MAXPATHS - 1))
		;
	return &t->tab[i];
}

/* path's entry, made if new (*added then 1, its kind '-'), or NULL when
 * the table is full or the path would not fit on a line of DIR/files. */
struct seen *
paths_add(struct paths *t, const char *path, int *added)
{
	struct seen *s = slot(t, path);
	const char *c;

	*added = 0;
	if (s->path)
		return s;
	for (c = path; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			return NULL;	/* a name made to break the list */
	if (t->n >= (size_t)LEARN_MAXPATHS / 4 * 3 ||
	    t->bytes + strlen(path) + 1 > LEARN_MAXBYTES ||
	    (s->path = strdup(path)) == NULL) {
		t->full = 1;
		return NULL;
	}
	s->kind = '-';
	t->n++;
	t->bytes += strlen(path) + 1;
	*added = 1;
	return s;
}

/* The earlier run's file name in dir, whole, in *text (NULL if there is
 * none).  Only root's own file is merged: one name, not writable by
 * others (the command must not be able to write what the next run
 * trusts); a file too large to have been written by a run is refused,
 * not cut. */
static int
read_earlier(int dir, const char *name, char **text)
{
	unsigned char *t;
	struct stat st;
	size_t len;
	int fd;

	*text = NULL;
	if ((fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : fail("learn: %s", name);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    st.st_nlink != 1 || (st.st_mode & 022)) {
		close(fd);
		return failx("learn: %s: not a regular file of root's, with one "
		    "name, writable only by root: not merged", name);
	}
	t = read_fd(fd, MAXFILE + 1, &len);	/* one more: too large? */
	close(fd);
	if (t == NULL)
		return fail("learn: %s", name);
	if (len > MAXFILE) {
		free(t);
		return failx("learn: %s: larger than %d MB: not a run's",
		    name, MAXFILE >> 20);
	}
	t[len] = '\0';
	*text = (char *)t;
	return 0;
}

/* The counts of an earlier seccomp.policy: its "allow NAME # COUNT". */
static void
merge_calls(char *text, struct calls *calls)
{
	char *line, *save = NULL, *name, *hash, *end;
	unsigned long n;
	long nr;

	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "allow ", 6) || (hash = strchr(line, '#')) == NULL)
			continue;
		name = line + 6;
		name[strcspn(name, " \t#")] = '\0';
		errno = 0;
		n = strtoul(hash + 1, &end, 10);
		if (errno || *end != '\0')
			continue;
		if ((nr = seccomp_syscall_resolve_name(name)) < 0) {
			nr = strtol(name, &end, 10);
			if (*name == '\0' || *end != '\0')
				continue;
		}
		if (nr >= 0 && nr < LEARN_MAXNR) {
			calls->count[nr] += n;
			calls->total += n;
		}
	}
}

/* The paths of an earlier files list: "KIND FLAGS PATH". */
static void
merge_paths(char *text, struct paths *paths)
{
	char *line, *save = NULL, kind[16], flags[16];
	struct seen *s;
	size_t i;
	int at, added;

	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || sscanf(line, "%15s %15s %n", kind, flags,
		    &at) != 2 || line[at] != '/' ||
		    (s = paths_add(paths, line + at, &added)) == NULL)
			continue;
		for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
			if (!strcmp(kind, kinds[i].word) && (added || s->kind == '-'))
				s->kind = kinds[i].c;
		for (i = 0; flagletters[i]; i++)
			if (strchr(flags, flagletters[i]))
				s->flags |= 1 << i;
		if (s->kind != '-')
			s->flags &= ~P_MISSING;
	}
}

void
add_port(struct ports *p, unsigned short port)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->port[i] == port)
			return;
	if (p->n < LEARN_MAXPORTS)
		p->port[p->n++] = port;
}

/* The ports of an earlier landlock file: "landlock-bind N", "...-connect". */
static void
merge_ports(char *text, struct calls *calls)
{
	char *line, *save = NULL, *end;
	unsigned long v;
	int bind;

	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "landlock-bind ", 14))
			bind = 1;
		else if (!strncmp(line, "landlock-connect ", 17))
			bind = 0;
		else
			continue;
		v = strtoul(line + (bind ? 14 : 17), &end, 10);
		if (*end == '\0' && v > 0 && v <= 65535)
			add_port(bind ? &calls->bind : &calls->connect,
			    (unsigned short)v);
	}
}

/* What an earlier run left in dir, taken in before this one records
 * anything (a full table then keeps the earlier paths). */
int
learned_merge(int dir, struct calls *calls, struct paths *paths)
{
	char *text;

	if (read_earlier(dir, "seccomp.policy", &text) == -1)
		return -1;
	if (text) {
		merge_calls(text, calls);
		free(text);
	}
	if (read_earlier(dir, "files", &text) == -1)
		return -1;
	if (text) {
		merge_paths(text, paths);
		free(text);
	}
	if (read_earlier(dir, "landlock", &text) == -1)
		return -1;
	if (text) {
		merge_ports(text, calls);
		free(text);
	}
	return 0;
}

/* Open dir's name.tmp afresh for writing. */
static FILE *
open_new(int dir, const char *name)
{
	char tmp[64];
	FILE *f;
	int fd;

	snprintf(tmp, sizeof tmp, "%s.tmp", name);
	if (unlinkat(dir, tmp, 0) == -1 && errno != ENOENT)
		return NULL;
	if ((fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) == -1)
		return NULL;
	if ((f = fdopen(fd, "w")) == NULL)
		close(fd);
	return f;
}

/* Done writing f: flushed, synced, and renamed over name. */
static int
close_new(int dir, const char *name, FILE *f)
{
	char tmp[64];
	int bad;

	snprintf(tmp, sizeof tmp, "%s.tmp", name);
	bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) == -1;
	if (fclose(f) != 0 || bad || renameat(dir, tmp, dir, name) == -1)
		return fail("learn: writing %s", name);
	return 0;
}

/* The calls every program makes without naming them: returning from a
 * signal handler, a restarted sleep, and the end.  Allowed whether seen
 * or not: a handler that never ran while learning must not kill the
 * service the day it does. */
static const char *const always[] = { "rt_sigreturn", "sigreturn",
	"restart_syscall", "exit", "exit_group", NULL };

static void
write_policy(FILE *f, const struct calls *calls, const struct learnrun *run)
{
	char *name;
	int nr, i;

	fprintf(f, "# runjail --learn: the system calls %s made, with how often "
	    "each was\n# seen (all runs).  Load it with runjail -s FILE; a "
	    "call not listed fails\n# with EPERM.  Rewritten by the next "
	    "run: keep your changes elsewhere.\ndefault deny\n", run->command);
	for (i = 0; always[i]; i++)
		if ((nr = seccomp_syscall_resolve_name(always[i])) >= 0 &&
		    (nr >= LEARN_MAXNR || calls->count[nr] == 0))
			fprintf(f, "allow %s # always\n", always[i]);
	for (nr = 0; nr < LEARN_MAXNR; nr++) {
		if (calls->count[nr] == 0)
			continue;
		name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		/* A number that names no call here is not allowed: a later
		 * kernel may give it to one. */
		if (name)
			fprintf(f, "allow %s # %lu\n", name, calls->count[nr]);
		else
			fprintf(f, "# %d: no system call of this kernel's, tried "
			    "%lu times, not allowed\n", nr, calls->count[nr]);
		free(name);
	}
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct seen *)a)->path,
	    ((const struct seen *)b)->path);
}

/* The table's entries moved to its front and sorted by path (it is no
 * longer a hash table then): their number. */
static size_t
sort_paths(struct paths *paths)
{
	size_t i, n = 0;

	for (i = 0; i < LEARN_MAXPATHS; i++)
		if (paths->tab[i].path)
			paths->tab[n++] = paths->tab[i];
	qsort(paths->tab, n, sizeof paths->tab[0], by_path);
	return n;
}

static void
write_files(FILE *f, const struct seen *v, size_t nv, const struct learnrun *run)
{
	char flags[8];
	size_t i, k, n;

	fprintf(f, "# runjail --learn: the paths the command used%s, one a "
	    "line:\n# KIND FLAGS PATH.  KIND: what it was in the jail when first "
	    "used (file,\n# dir, symlink, char, block, socket, fifo; none: "
	    "not there).  FLAGS: w written\n# (a file) or entries made or "
	    "removed in it (a directory), c made by the\n# command, m looked "
	    "for and never there, h on the host; - none.\n",
	    run->jail_only ? " that the jail lacks or it wrote" : "");
	for (i = 0; i < nv; i++) {
		if (run->jail_only && !(v[i].flags & (P_MISSING | P_WROTE)))
			continue;
		for (k = n = 0; flagletters[k]; k++)
			if (v[i].flags & (1 << k))
				flags[n++] = flagletters[k];
		flags[n ? n : (flags[0] = '-', 1)] = '\0';
		for (k = 0; kinds[k].c != v[i].kind; k++)
			;
		fprintf(f, "%-7s %-4s %s\n", kinds[k].word, flags, v[i].path);
	}
}

static void
write_report(FILE *f, const struct seen *v, size_t nv,
    const struct calls *calls, const struct paths *paths,
    const struct learnrun *run)
{
	size_t i, distinct = 0, missing = 0, nowhere = 0;
	int nr;

	for (nr = 0; nr < LEARN_MAXNR; nr++)
		distinct += calls->count[nr] != 0;
	for (i = 0; i < nv; i++)
		if (v[i].flags & P_MISSING)
			*(v[i].flags & P_HOST ? &missing : &nowhere) += 1;
	fprintf(f, "runjail --learn: %s\nlast run: exit status %d, %.2f s\n"
	    "system calls: %zu distinct, %lu made (all runs): seccomp.policy\n"
	    "paths: %zu used%s: files\n", run->command, run->status,
	    run->seconds, distinct, calls->total, paths->n,
	    paths->full ? " (the table was full: some not recorded)" : "");
	fprintf(f, "missing in the jail, on the host (mkjail --from copies "
	    "them): %zu\n", missing);
	for (i = 0; i < nv; i++)
		if ((v[i].flags & (P_MISSING | P_HOST)) == (P_MISSING | P_HOST))
			fprintf(f, "  %s\n", v[i].path);
	fprintf(f, "looked for and found nowhere (search paths, most "
	    "likely): %zu\nwritten to:\n", nowhere);
	for (i = 0; i < nv; i++)
		if ((v[i].flags & P_WROTE) && v[i].kind == 'd')
			fprintf(f, "  %s\n", v[i].path);
}

/* The Landlock lines for what the command did: the directories it wrote
 * to, the inet ports it bound and connected to (TCP or UDP: which, the
 * arguments do not say; Landlock restricts TCP only). */
static void
write_landlock(FILE *f, const struct seen *v, size_t nv,
    const struct calls *calls, const struct learnrun *run)
{
	size_t i;
	int k;

	fprintf(f, "# runjail --learn: Landlock lines for what %s did (see "
	    "LANDLOCK in\n# runjail(8)): add them to its profile.  "
	    "Directories it wrote to, ports it\n# bound and connected to "
	    "(all runs).\nlandlock\n", run->command);
	/* Directories that were there when the command started (the next
	 * run needs them to exist) and that it wrote to, or tried to. */
	for (i = 0; i < nv; i++)
		if (v[i].kind == 'd' && (v[i].flags & P_WROTE) &&
		    strcmp(v[i].path, "/"))
			fprintf(f, "landlock-write %s\n", v[i].path);
	for (k = 0; k < calls->bind.n; k++)
		fprintf(f, "landlock-bind %u\n", calls->bind.port[k]);
	for (k = 0; k < calls->connect.n; k++)
		fprintf(f, "landlock-connect %u\n", calls->connect.port[k]);
}

/* The four files, each whole or not at all.  The table is sorted: no
 * path can be added to it after this. */
int
learned_write(int dir, const struct calls *calls, struct paths *paths,
    const struct learnrun *run)
{
	size_t nv = sort_paths(paths);
	FILE *f;

	if ((f = open_new(dir, "seccomp.policy")) == NULL)
		return fail("learn: seccomp.policy");
	write_policy(f, calls, run);
	if (close_new(dir, "seccomp.policy", f) == -1)
		return -1;
	if ((f = open_new(dir, "files")) == NULL)
		return fail("learn: files");
	write_files(f, paths->tab, nv, run);
	if (close_new(dir, "files", f) == -1)
		return -1;
	if ((f = open_new(dir, "report")) == NULL)
		return fail("learn: report");
	write_report(f, paths->tab, nv, calls, paths, run);
	if (close_new(dir, "report", f) == -1)
		return -1;
	if ((f = open_new(dir, "landlock")) == NULL)
		return fail("learn: landlock");
	write_landlock(f, paths->tab, nv, calls, run);
	return close_new(dir, "landlock", f);
}
