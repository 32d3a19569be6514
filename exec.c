/*
 * exec.c: the command's environment, built from nothing; its execution,
 * with the jail's PATH and no fallback to a shell; and, when that fails,
 * why: a missing command told apart from a missing ELF or "#!"
 * interpreter.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "elf.h"
#include "files.h"
#include "runjail.h"

/* ---------------------------------------------------------------------
 * The command's environment: built from nothing.
 */

/* NAME (len bytes of it) set to value in e, replacing it if there. */
int
env_set(struct env *e, const char *name, size_t len, const char *value)
{
	size_t vlen = strlen(value);
	char *s;
	int i;

	/* Not asprintf(): a plain launch then needs none of printf's code. */
	if ((s = malloc(len + vlen + 2)) == NULL)
		return fail("environment");
	memcpy(s, name, len);
	s[len] = '=';
	memcpy(s + len + 1, value, vlen + 1);
	for (i = 0; i < e->n; i++)
		if (!strncmp(e->v[i], s, len + 1)) {
			e->v[i] = s;
			return 0;
		}
	if (e->n == (int)(sizeof e->v / sizeof e->v[0]) - 1)
		return failx("environment: too many variables");
	e->v[e->n++] = s;
	e->v[e->n] = NULL;
	return 0;
}

/* NAME's value in a NULL-terminated environment (the caller's, or the
 * one being built), or NULL. */
const char *
env_lookup(char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (; env && *env; env++)
		if (!strncmp(*env, name, n) && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

/* The command's environment: the target's PATH, HOME, USER, LOGNAME and
 * SHELL, the caller's TERM, what --keep-env passes and -e sets, nothing
 * else. */
int
build_env(const struct plan *p, struct env *e)
{
	const struct opts *o = p->o;
	const struct target *t = &p->t;
	const char *v;
	int i, r;

	e->n = 0;
	e->v[0] = NULL;
	r = env_set(e, "PATH", 4, DEFAULT_PATH) | env_set(e, "HOME", 4, t->home) |
	    env_set(e, "USER", 4, t->name) | env_set(e, "LOGNAME", 7, t->name) |
	    env_set(e, "SHELL", 5, t->shell);
	if ((v = env_lookup(p->c->env, "TERM")) != NULL)
		r |= env_set(e, "TERM", 4, v);
	for (i = 0; i < o->nkeepenv; i++)
		if ((v = env_lookup(p->c->env, o->keepenv[i])) != NULL)
			r |= env_set(e, o->keepenv[i], strlen(o->keepenv[i]), v);
	for (i = 0; i < o->nsetenv; i++) {
		v = strchr(o->setenv[i], '=');
		r |= env_set(e, o->setenv[i], v - o->setenv[i], v + 1);
	}
	return r ? -1 : 0;
}

/* ---------------------------------------------------------------------
 * exec, and why it failed.
 */

/* execve says ENOENT both when the command is missing and when the command
 * is there but its ELF interpreter or "#!" interpreter is not: the most
 * common jail mistake.  Tell the two apart, with the chase --check uses
 * (elf_missing_interp(), in the jail we are in: AT_FDCWD, plain opens, as
 * a seccomp filter may deny openat2). */
static int
explain_enoent(const char *path)
{
	char object[PATH_MAX], interp[PATH_MAX];

	switch (elf_missing_interp(AT_FDCWD, path, object, sizeof object,
	    interp, sizeof interp)) {
	case 1:
		return fail_status(EXIT_NOTFOUND, 0, "%s: its interpreter %s is "
		    "not in the jail", object, interp);
	case -1:
		if (errno == ENOENT || errno == ENOTDIR)
			return fail_status(EXIT_NOTFOUND, 0, "%s: command not "
			    "found", path);
		break;
	}
	return fail_status(EXIT_NOTFOUND, ENOENT, "%s", path);
}

static int
exec_failed(const char *path, int errnum)
{
	stack_back();
	if (errnum == ENOENT || errnum == ENOTDIR)
		return explain_enoent(path);
	return fail_status(EXIT_CANNOT, errnum, "%s", path);
}

/* execvp, but with the jail's PATH from the environment we built, and with
 * no fallback to /bin/sh for a file that is not executable.  Returns only
 * if no execve succeeded: the file whose failure is to be reported, with
 * errno set, or NULL if the name is nowhere in PATH (errno EACCES if a
 * candidate was not executable).  It reports nothing itself: a function
 * that never returns gets a sanitizer build's bookkeeping (sigaltstack,
 * mmap) before the call, under a seccomp filter that may deny it.  file
 * (size bytes) holds the candidate being tried. */
const char *
exec_command(char **argv, const struct env *e, char *file, size_t size)
{
	const char *p;
	int eacces = 0;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, e->v);
		return argv[0];
	}
	if ((p = env_lookup(e->v, "PATH")) == NULL)
		p = DEFAULT_PATH;
	while (path_next(&p, argv[0], file, size) == 0) {
		execve(file, argv, e->v);
		if (errno == EACCES)
			eacces = 1;
		else if (errno != ENOENT && errno != ENOTDIR)
			return file;
	}
	errno = eacces ? EACCES : ENOENT;
	return NULL;
}

/* The next candidate of a search for NAME along PATH, as execvp makes
 * it: an entry of PATH, "/", NAME; an empty entry is the working
 * directory.  *p walks PATH: start it at PATH's value.  Returns 0 with the
 * candidate in file, or -1 when PATH is done; a candidate too long for
 * file is passed over, never cut short.  exec_command() and --check share
 * it, so that what --check finds is what runs. */
int
path_next(const char **p, const char *name, char *file, size_t size)
{
	const char *end;
	size_t n;

	while (*p) {
		end = strchrnul(*p, ':');
		n = (size_t)snprintf(file, size, "%.*s/%s", (int)(end - *p),
		    end > *p ? *p : ".", name);
		*p = *end ? end + 1 : NULL;
		if (n < size)
			return 0;
	}
	return -1;
}

/* The command as exec_command() will find it, looked for below the jail
 * root rootfd (jail_open()) and not run: 0 with its path in file, or -1.
 * --check and --dry-run use it, so that what they find is what runs. */
int
find_command(const struct plan *p, int rootfd, char *file, size_t size)
{
	const char *path, *name = p->o->cmd[0];
	int fd = -1;

	if (strchr(name, '/')) {
		if ((size_t)snprintf(file, size, "%s", name) < size)
			fd = jail_open(rootfd, file, O_PATH);
	} else {
		if ((path = env_lookup(p->env.v, "PATH")) == NULL)
			path = DEFAULT_PATH;
		while (fd == -1 && path_next(&path, name, file, size) == 0)
			fd = jail_open(rootfd, file, O_PATH);
	}
	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

/* Why exec_command() failed, recorded with the matching exit status. */
int
exec_report(char **argv, const struct env *e, const char *failed, int errnum)
{
	const char *path;

	/* A failure, provisionally, at once: under a seccomp filter what
	 * follows may be what kills us (see report()). */
	watcher_tell(EXIT_FAILED);
	if (failed)
		return exec_failed(failed, errnum);
	if (errnum == EACCES)
		return fail_status(EXIT_CANNOT, EACCES, "%s", argv[0]);
	if ((path = env_lookup(e->v, "PATH")) == NULL)
		path = DEFAULT_PATH;
	return fail_status(EXIT_NOTFOUND, 0, "%s: command not found in PATH %s",
	    argv[0], path);
}

