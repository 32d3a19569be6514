/*
 * passwd.c: --passwd.  The jail's /etc/passwd and /etc/group, made from the
 * host's entries for the target user, its primary group and its
 * supplementary groups and nothing else (plan_passwd, at the plan, where
 * the host's user database is read), then written to runjail's scratch
 * tmpfs and bound read-only over the jail's files (mount_passwd, step 7).
 * A service that looks itself up by name finds itself; no other user of
 * the host is named in the jail.
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "mount.h"
#include "runjail.h"

/* A field of a passwd or group line: no ':' to shift the fields, no
 * newline to start another entry. */
static int
field_ok(const char *s)
{
	return strpbrk(s, ":\n") == NULL;
}

/* Append a line to the malloc'ed text *buf. */
static int
add_line(char **buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
add_line(char **buf, const char *fmt, ...)
{
	char *line, *both;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (r == -1)
		return fail("passwd");
	r = asprintf(&both, "%s%s", *buf ? *buf : "", line);
	free(line);
	if (r == -1)
		return fail("passwd");
	free(*buf);
	*buf = both;
	return 0;
}

/* The group gid's line, if the host names it; member: the target's name
 * for a supplementary group, "" for the primary one. */
static int
group_line(struct plan *p, gid_t gid, const char *member)
{
	struct group *gr;

	errno = 0;
	if ((gr = getgrgid(gid)) == NULL)
		return errno && errno != ENOENT && errno != ESRCH ?
		    fail("group %u", (unsigned)gid) : 0;	/* unnamed: a number */
	if (!field_ok(gr->gr_name))
		return failx("passwd: group %u: a name with ':' or a newline",
		    (unsigned)gid);
	return add_line(&p->group, "%s:x:%u:%s\n", gr->gr_name, (unsigned)gid,
	    member);
}

/* The text of the two files, from the host's database (never the jail's),
 * with the target's own uid, gid and groups as the plan has them. */
int
plan_passwd(struct plan *p)
{
	const struct target *t = &p->t;
	struct passwd *pw;
	int i, j;

	errno = 0;
	if ((pw = getpwuid(t->uid)) == NULL)
		return failx("passwd: uid %u has no entry in the host's user "
		    "database to give the jail", (unsigned)t->uid);
	if (!field_ok(pw->pw_name) || !field_ok(t->home) || !field_ok(t->shell))
		return failx("passwd: user %u: a field with ':' or a newline",
		    (unsigned)t->uid);
	if (add_line(&p->passwd, "%s:x:%u:%u::%s:%s\n", pw->pw_name,
	    (unsigned)t->uid, (unsigned)t->gid, t->home, t->shell) == -1 ||
	    group_line(p, t->gid, "") == -1)
		return -1;
	for (i = 0; i < t->ngroups; i++) {
		for (j = 0; j < i && t->groups[j] != t->groups[i]; j++)
			;
		if (j == i && t->groups[i] != t->gid &&
		    group_line(p, t->groups[i], pw->pw_name) == -1)
			return -1;
	}
	if (p->group == NULL && (p->group = strdup("")) == NULL)
		return fail("passwd");
	return 0;
}

/* One of the files written to dir (runjail's scratch space), made
 * readable by all. */
static int
write_file(int dir, const char *name, const char *text)
{
	size_t len = strlen(text);
	int fd;

	if ((fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) == -1)
		return fail("passwd: %s", name);
	if (write(fd, text, len) != (ssize_t)len || close(fd) == -1)
		return fail("passwd: writing %s", name);
	return 0;
}

/* dir's file name bound, read-only, on the jail's /etc/NAME. */
static int
bind_file(struct jail *j, int dir, const char *name)
{
	char dst[32];
	int fd, tree;

	snprintf(dst, sizeof dst, "/etc/%s", name);
	if ((tree = open_tree(dir, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)) == -1)
		return fail("passwd: %s", name);
	if ((fd = mount_point(j, dst, POINT_FILE)) == -1 ||
	    (tree = attach_tree(tree, fd, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, "passwd", j->at, dst)) == -1)
		return -1;
	return close(tree);
}

/* The files bound over the jail's own when it has both (its /etc stays
 * as writable as it was), or made where runjail may make mount points;
 * else, the jail's /etc a read-only union with the two files on top: the
 * jail directory is never changed. */
int
mount_passwd(struct jail *j, const struct plan *p)
{
	char real[PATH_MAX];
	int s, dir, etc, dst, mnt, i, n;

	if ((s = scratch(j)) == -1)
		return -1;
	if (mkdirat(s, "etc", 0755) == -1 || (dir = openat(s, "etc", O_PATH |
	    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return fail("passwd: runjail's scratch space");
	if (write_file(dir, "passwd", p->passwd) == -1 ||
	    write_file(dir, "group", p->group) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		etc = jail_lookup(j, i ? "/etc/group" : "/etc/passwd");
		if (etc == -1 && errno == ENOENT && own_holding(j, "/etc/passwd") == NULL)
			break;
		if (etc != -1)
			close(etc);
	}
	if (i == 2)
		return bind_file(j, dir, "passwd") == -1 ||
		    bind_file(j, dir, "group") == -1 ? -1 : close(dir);
	if ((etc = mount_point(j, "/etc", POINT_DIR)) == -1 ||
	    (dst = dup(etc)) == -1)
		return -1;
	/* The union shows one file system of the jail's /etc: a mount below
	 * it (runjail's or the host's) would be hidden, and what it hides
	 * shown.  Its top directory guards the jail's /etc as it does. */
	if (real_path(etc, real, sizeof real) == -1)
		return fail("passwd: %s/etc", j->at);
	if ((n = count_mounts_below(real)) != 0)
		return n == -1 ? -1 : failx("passwd: %s/etc has mounts below it, "
		    "which a union over it would hide: create empty /etc/passwd "
		    "and /etc/group in the jail as mount points", j->at);
	if (copy_attrs(etc, dir) == -1)
		return fail("passwd: %s/etc", j->at);
	mnt = read_only_union(dir, etc, dst, j->at, "/etc");
	return mnt == -1 ? -1 : close(mnt);
}
