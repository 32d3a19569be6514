/*
 * policy.c: who may run what.  runjail is installed set-user-ID root; a
 * caller who is not root may either use a profile that root wrote and that
 * permits them, or jail themselves (their own uid, gid and groups, no
 * capabilities).  Everything refused is logged, and so is every use by a
 * caller who is not root.  See SECURITY in runjail(8).  plan.c decides
 * which rules apply (the mode) and calls apply_policy() once.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "files.h"
#include "runjail.h"

#define PROFILE_MAX	65536	/* bytes in a profile */

/* ---------------------------------------------------------------------
 * Profiles: PROFILE_DIR/NAME.conf, parsed by options.c.  Read only if
 * root owns it and only root can write it and every directory above it:
 * a profile says what runs as whom.
 */

/* The first problem check_root_chain() finds with the profile directory. */
static void
bad_profile_dir(void *arg, const char *dir, const char *why)
{
	char *first = arg;

	if (first[0] == '\0')
		snprintf(first, PATH_MAX, "%s: %s", dir, why);
}

/* A profile name is a file name in PROFILE_DIR, nothing more. */
static int
check_profile_name(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '.' || strlen(name) > 64)
		return failx("profile %s: not a valid profile name", name);
	for (p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("_.-", *p))
			return failx("profile %s: not a valid profile name", name);
	return 0;
}

/* Open the profile, and only one that root alone controls. */
static int
open_profile(const char *name, const char *path)
{
	char first[PATH_MAX] = "";
	struct stat st;
	int dfd, fd, n;

	if ((dfd = open(PROFILE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return fail("profile directory %s", PROFILE_DIR);
	if ((n = check_root_chain(dfd, bad_profile_dir, first)) != 0)
		return n == -1 ? fail("profile directory %s", PROFILE_DIR) :
		    failx("profile directory: %s (it and its parents must be "
		    "owned by root and writable only by it)", first);
	/* O_NONBLOCK: a FIFO planted as a profile must not hang us. */
	fd = openat(dfd, path + strlen(PROFILE_DIR) + 1,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	close(dfd);
	if (fd == -1 && errno == ENOENT)
		return failx("profile %s: no such profile (%s)", name, path);
	if (fd == -1 || fstat(fd, &st) == -1)
		return fail("profile %s", path);
	if (!S_ISREG(st.st_mode))
		return failx("profile %s: not a regular file", path);
	if (st.st_uid != 0 || (st.st_mode & 022))
		return failx("profile %s: must be owned by root and writable "
		    "only by root", path);
	return fd;
}

/* The text of profile NAME, NUL-terminated, and its path; NULL on a
 * failure.  Read as root (a profile is root's), before anything else. */
char *
read_profile(const char *name, char *path, size_t pathlen)
{
	unsigned char *buf;
	size_t len;
	int fd;

	if (check_profile_name(name) == -1)
		return NULL;
	snprintf(path, pathlen, "%s/%s.conf", PROFILE_DIR, name);
	if ((fd = open_profile(name, path)) == -1)
		return NULL;
	buf = read_fd(fd, PROFILE_MAX + 1, &len);
	close(fd);
	if (buf == NULL)
		return fail("profile %s", path), NULL;
	if (len > PROFILE_MAX)
		return failx("profile %s: larger than %d bytes", path,
		    PROFILE_MAX), NULL;
	if (memchr(buf, '\0', len))
		return failx("profile %s: contains a NUL byte", path), NULL;
	buf[len] = '\0';
	return (char *)buf;
}

static int
caller_in_group(const struct caller *c, gid_t g)
{
	int i;

	if (g == c->gid)
		return 1;
	for (i = 0; i < c->ngroups; i++)
		if (c->groups[i] == g)
			return 1;
	return 0;
}

/* A permit word's uid or gid: 0 with *id set, or -1 if the name resolves
 * to nothing. */
static int
permit_id(const char *w, int *group, unsigned int *id)
{
	struct passwd *pw;
	struct group *gr;

	*group = !strncmp(w, "group:", 6);
	w += *group ? 6 : 5;
	if (parse_id(w, id) == 0)
		return 0;
	if (*group && (gr = getgrnam(w)) != NULL)
		*id = gr->gr_gid;
	else if (!*group && (pw = getpwnam(w)) != NULL)
		*id = pw->pw_uid;
	else
		return -1;
	return 0;
}

/* Does one word of a permit line name the caller? */
static int
permit_word_matches(const char *w, const struct caller *c)
{
	unsigned int id;
	int group;

	if (strncmp(w, "user:", 5) && strncmp(w, "group:", 6))
		return 0;
	if (permit_id(w, &group, &id) == -1)
		return 0;
	return group ? caller_in_group(c, id) : id == c->uid;
}

/* Before a caller other than root learns anything else about a profile
 * (that it is broken, that it has no root or no command, that an option
 * is not allowed), it must permit them: a first pass reads the permit
 * lines only, on a copy of the text.  Names that do not resolve name
 * nobody here; the full check reports them (to root). */
int
profile_permits_caller(const char *text, const struct caller *c)
{
	char *copy, *line, *next, *w[MAXWORDS];
	const char *msg;
	int i, n, ok = 0;

	if ((copy = strdup(text)) == NULL)
		return fail("profile");
	for (line = copy; line && !ok; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((n = split_words(line, w, &msg)) > 1 && !strcmp(w[0], "permit"))
			for (i = 1; i < n && !ok; i++)
				ok = permit_word_matches(w[i], c);
	}
	free(copy);
	return ok;
}

/* Every name on the profile's permit lines must resolve (a typo is root's
 * to fix, and root is told in full), and, but for root, one must name the
 * caller or one of its groups. */
static int
permit_check(const struct opts *o, const struct caller *c)
{
	unsigned int id;
	int i, group, ok = c->uid == 0;

	for (i = 0; i < o->npermit; i++) {
		if (permit_id(o->permit[i].word, &group, &id) == -1) {
			failx("permit %s: no such %s", o->permit[i].word,
			    group ? "group" : "user");
			return fail_in_profile(o->profile_path, o->permit[i].line);
		}
		ok |= group ? caller_in_group(c, id) : id == c->uid;
	}
	if (!ok)
		return failx("profile %s: does not permit %s (no matching permit "
		    "line)", o->profile, c->name);
	return 0;
}

/* ---------------------------------------------------------------------
 * The policy for callers who are not root.
 */

/* A caller must not hand a service that runs as someone else limits of
 * their choosing (a tiny fsize to make it truncate its files, a nofile
 * to make it fail): what the profile does not set is reset to init's
 * limits, read from /proc/1/limits ("%-25s %-20s %-20s", resources in
 * the kernel's order), and the nice value to 0. */
static int
reset_limits(struct plan *p)
{
	char line[256];
	unsigned long long v[2];
	FILE *f;
	int n = 0, r, i;

	if ((f = fopen("/proc/1/limits", "re")) == NULL)
		return fail("/proc/1/limits");
	while (fgets(line, sizeof line, f)) {
		r = n++ - 1;	/* line 0 is the heading */
		if (r < 0 || strlen(line) < 68)
			continue;
		for (i = 0; i < 2; i++)
			v[i] = !strncmp(line + 26 + (size_t)21 * i, "unlimited", 9) ?
			    RLIM_INFINITY : strtoull(line + 26 + (size_t)21 * i, NULL, 10);
		if (r >= RLIM_NLIMITS || p->rlim[r].how != LIMIT_KEEP)
			continue;
		p->rlim[r].how = LIMIT_RESET;
		p->rlim[r].rl.rlim_cur = v[0];
		p->rlim[r].rl.rlim_max = v[1];
	}
	fclose(f);
	if (!p->setnice) {
		p->setnice = 1;
		p->nice = 0;
	}
	return 0;
}

/* CPU time counts across execve: what the caller burned before it
 * executed runjail would count against the profile's CPU limit, and the
 * service be killed early.  The time spent so far is added to it. */
static int
cpu_spent(struct plan *p)
{
	struct rusage ru;
	rlim_t spent;
	struct rlimit *rl = &p->rlim[RLIMIT_CPU].rl;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return fail("getrusage");
	/* whole seconds, rounded up, of user and system time together */
	spent = (rlim_t)ru.ru_utime.tv_sec + (rlim_t)ru.ru_stime.tv_sec +
	    ((rlim_t)ru.ru_utime.tv_usec + (rlim_t)ru.ru_stime.tv_usec +
	    999999) / 1000000;
	if (rl->rlim_cur != RLIM_INFINITY)
		rl->rlim_cur = rl->rlim_cur + spent < rl->rlim_cur ? RLIM_INFINITY :
		    rl->rlim_cur + spent;
	if (rl->rlim_max != RLIM_INFINITY)
		rl->rlim_max = rl->rlim_max + spent < rl->rlim_max ? RLIM_INFINITY :
		    rl->rlim_max + spent;
	return 0;
}

/* With a profile: it must permit the caller, and the caller may add
 * nothing but arguments, and those only if the profile says "args any". */
static int
profile_policy(struct plan *p)
{
	const struct opts *o = p->o;

	if (permit_check(o, p->c) == -1)
		return -1;
	if (o->cli_option)
		return failx("%s: not permitted with a profile for callers other "
		    "than root", o->cli_option);
	if (o->pcmd && o->noperands && !o->args_any)
		return failx("profile %s: does not permit extra arguments (it has "
		    "no 'args any')", o->profile);
	if (o->pcmd == NULL && !o->args_any)
		return failx("profile %s: names no command, and only root may "
		    "choose one", o->profile);
	if (reset_limits(p) == -1)
		return -1;
	return cpu_spent(p);
}

/* Self-jail limits: measured against the caller's as they were at the
 * start (runjail's own are raised, see own_limits()); what -l does not
 * set, the command gets back as the caller had it. */
static int
self_limits(struct plan *p)
{
	int i, prio;

	for (i = 0; i < RLIM_NLIMITS; i++) {
		if (p->rlim[i].how == LIMIT_SET &&
		    p->rlim[i].rl.rlim_max > p->c->rlim[i].rlim_max)
			return failx("rlimit: only root may raise a hard limit");
		if (p->rlim[i].how == LIMIT_KEEP) {
			p->rlim[i].how = LIMIT_SET;
			p->rlim[i].rl = p->c->rlim[i];
		}
	}
	errno = 0;
	prio = getpriority(PRIO_PROCESS, 0);
	if (p->setnice && (errno || p->nice < prio))
		return failx("nice %d: only root may lower the nice value", p->nice);
	return 0;
}

/* Without a profile the caller may jail only themselves: their own uid,
 * gid and some of the groups they already have, no capabilities, no bind
 * mount, no file written as root, limits only lowered. */
static int
self_policy(struct plan *p)
{
	const struct opts *o = p->o;
	const struct caller *c = p->c;
	struct target *t = &p->t;
	int i;

	if (t->uid != c->uid)
		return failx("user %s: only root may run a command as another "
		    "user (or use a profile that permits it)", t->name);
	if (t->gid != c->gid)
		return failx("group %u: only root may choose another group",
		    (unsigned)t->gid);
	/* Exactly the caller's groups as they are now: not the database's (a
	 * group removed since login must not come back), and none dropped
	 * either (a file may deny access to a group: dropping it would
	 * grant access). */
	if (o->groups)
		return failx("groups: callers other than root keep exactly the "
		    "groups they have");
	free(t->groups);
	if ((t->groups = calloc(c->ngroups + 1, sizeof(gid_t))) == NULL)
		return fail("groups");
	memcpy(t->groups, c->groups, c->ngroups * sizeof(gid_t));
	t->ngroups = c->ngroups;
	if (o->caps)
		return failx("cap: only root may keep capabilities");
	/* A tmpfs, a read-only root, a minimal /dev and the caller's own
	 * passwd entry only narrow what the jail holds; a bind, a device and
	 * a union (whose layers only root should choose) widen it. */
	for (i = 0; i < o->nmounts; i++)
		if (o->mounts[i].kind != MOUNT_TMPFS)
			return failx("%s: only root may bind-mount", o->mounts[i].kind ==
			    MOUNT_DEVICE ? "dev-bind" : "bind");
	if (o->syslog)
		return failx("syslog: only root may bind-mount");
	if (o->overlay)
		return failx("overlay: only root, or a profile, may make a union "
		    "root");
	if (o->pidfile || o->stdout_file || o->stderr_file)
		return failx("pidfile, stdout, stderr: only root may have runjail "
		    "write files");
	return self_limits(p);
}

/* The rules of p's mode.  --check changes nothing and runs nothing: a
 * profile must only permit the caller.  --dry-run obeys them all. */
int
apply_policy(struct plan *p)
{
	/* The learner reads the command's memory and looks into its jail as
	 * root: root's alone. */
	if (p->mode != MODE_ROOT && p->o->learn)
		return failx("learn: only root may learn");
	if (p->mode != MODE_ROOT && p->o->compile_out)
		return failx("compile-seccomp: only root may have runjail write "
		    "files");
	if (p->mode == MODE_ROOT)	/* root may do what it could do anyway */
		return p->o->profile ? permit_check(p->o, p->c) : 0;
	if (p->o->check)
		return p->mode == MODE_PROFILE ? permit_check(p->o, p->c) : 0;
	return p->mode == MODE_PROFILE ? profile_policy(p) : self_policy(p);
}

/* ---------------------------------------------------------------------
 * The audit log: every use by a caller who is not root, and every
 * refusal, to syslog's authpriv facility.  The socket is opened before
 * the chroot (LOG_NDELAY) so messages still get out from inside.
 */
void
audit_open(const struct caller *c)
{
	if (c->uid != 0)
		openlog("runjail", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
}

/* Append s to buf as a quoted field, at most max bytes of it: '"' and
 * '\\' escaped, control characters made '?' (sanitize()), so that nothing the caller
 * writes can close the field and forge another. */
static size_t
quote(char *buf, size_t n, size_t size, const char *s, size_t max)
{
	size_t used = 0, start = n;

	if (n + 1 < size)
		buf[n++] = '"';
	for (; *s && used < max && n + 3 < size; s++, used++) {
		if (*s == '"' || *s == '\\')
			buf[n++] = '\\';
		buf[n++] = *s;
	}
	if (*s && n + 4 < size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	if (n + 1 < size)
		buf[n++] = '"';
	buf[n] = '\0';
	sanitize(buf + start);
	return n;
}

void
audit(const struct caller *c, const struct opts *o, const struct target *t,
    const char *result)
{
	/* Each field is capped, so the line is too: result 2*400, caller
	 * and user names 64 + 256, profile 2*64, root and command 2*256 each,
	 * with quotes, "..." and the field names, well under 4096. */
	char line[4096], cmd[512];
	size_t n, k = 0;
	int i;

	if (c->uid == 0)
		return;
	cmd[0] = '\0';
	for (i = 0; o && o->cmd && o->cmd[i] && k < sizeof cmd - 1; i++)
		k += snprintf(cmd + k, sizeof cmd - k, "%s%s", i ? " " : "",
		    o->cmd[i]);
	/* The result first: a long field cannot push it out of the line. */
	n = quote(line, snprintf(line, sizeof line, "result="), sizeof line,
	    result, 400);
	n += snprintf(line + n, sizeof line - n, " caller=%s(%u) user=%s(%d) "
	    "profile=", c->name, (unsigned)c->uid, t ? t->name : "-",
	    t ? (int)t->uid : -1);
	n = quote(line, n, sizeof line, o && o->profile ? o->profile : "-", 64);
	n += snprintf(line + n, sizeof line - n, " root=");
	n = quote(line, n, sizeof line, o && o->root ? o->root : "-", 256);
	n += snprintf(line + n, sizeof line - n, " command=");
	quote(line, n, sizeof line, cmd, 256);
	syslog(LOG_NOTICE, "%s", line);
}
