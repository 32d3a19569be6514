/*
 * mount.c: the mount primitives of step 7 (jail.c, overlay.c, passwd.c):
 * a mount point looked up inside the jail and never through a symlink,
 * created only inside a tmpfs runjail mounted itself; a new file system or
 * a cloned tree attached on it; and runjail's scratch tmpfs, the place of
 * what runjail makes for the jail (a union's fresh writable layer, the
 * --passwd files) outside the jail directory.
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "mount.h"

/* The tmpfs of j's that holds dst, the deepest one, or NULL. */
const struct own *
own_holding(const struct jail *j, const char *dst)
{
	const struct own *best = NULL;
	size_t n;
	int i;

	for (i = 0; i < j->nown; i++) {
		n = strlen(j->own[i].path);
		if (!strcmp(j->own[i].path, "/"))
			n = 0;
		if (strncmp(dst, j->own[i].path, n) || dst[n] != '/')
			continue;
		if (!best || strlen(best->path) < strlen(j->own[i].path))
			best = &j->own[i];
	}
	return best;
}

/* One step down from dir, inside its own file system and never through
 * a symlink. */
static int
step_down(int dir, const char *name)
{
	struct open_how how;

	memset(&how, 0, sizeof how);
	how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV;
	return (int)syscall(SYS_openat2, dir, name, &how, sizeof how);
}

/* Make dst inside the tmpfs t (its directories 0755, a file 0644, root's):
 * walked from the tmpfs's own root with RESOLVE_NO_XDEV, so nothing
 * mounted inside it since (a host directory bound there) is written to. */
static int
make_point(const struct own *t, const char *dst, enum point kind)
{
	char path[PATH_MAX], *name, *next;
	int dir, sub, fd;

	snprintf(path, sizeof path, "%s", dst + (strcmp(t->path, "/") ?
	    strlen(t->path) : 0) + 1);
	if ((dir = dup(t->fd)) == -1)
		return -1;
	for (name = path; (next = strchr(name, '/')) != NULL; name = next + 1) {
		*next = '\0';
		if ((mkdirat(dir, name, 0755) == -1 && errno != EEXIST) ||
		    (sub = step_down(dir, name)) == -1) {
			close(dir);
			return -1;
		}
		close(dir);
		dir = sub;
	}
	if (kind == POINT_DIR)
		fd = mkdirat(dir, name, 0755);
	else if ((fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) != -1)
		close(fd);
	close(dir);
	return fd == -1 ? -1 : 0;
}

/* path in the jail, looked up without following any symlink (O_PATH): by
 * root, or in a self-jail by the caller, with all their credentials and
 * nothing more: runjail does not tell a caller whether a path they could
 * not reach exists, nor mount on it. */
int
jail_lookup(const struct jail *j, const char *path)
{
	if (j->as_caller)
		return open_as_caller_at(j->as_caller, j->rootfd, path, O_PATH,
		    RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
	return jail_open_resolve(j->rootfd, path, O_PATH, RESOLVE_NO_SYMLINKS);
}

/* The mount point dst, looked up inside the jail without following any
 * symlink, so a jail that points "proc" (or a bind target) at a host
 * directory cannot make us mount over it.  A missing one is made only in
 * a tmpfs runjail mounted itself: the jail directory is never changed. */
int
mount_point(struct jail *j, const char *dst, enum point kind)
{
	const struct own *t;
	const char *what;
	int fd;

	/* No O_NOFOLLOW: with O_PATH it would return a descriptor to a final
	 * symlink instead of refusing it; RESOLVE_NO_SYMLINKS refuses any. */
	fd = jail_lookup(j, dst);
	if (fd == -1 && errno == ENOENT && (t = own_holding(j, dst)) != NULL) {
		what = strcmp(t->path, "/") ? "tmpfs" : "union";
		if (make_point(t, dst, kind) == -1)
			return errno == EXDEV ? failx("%s%s: below another mount "
			    "in runjail's %s on %s%s: create the mount point",
			    j->at, dst, what, j->at, t->path) : fail("%s%s: making "
			    "the mount point in runjail's %s on %s%s", j->at, dst,
			    what, j->at, t->path);
		fd = jail_lookup(j, dst);
	}
	if (fd != -1)
		return fd;
	if (errno == ENOENT)
		return failx("%s%s: no such file or directory in the jail (runjail "
		    "makes mount points only in a tmpfs it mounted: create the "
		    "%s)", j->at, dst, kind == POINT_DIR ? "directory" :
		    "file, empty");
	if (errno == ELOOP)
		return failx("%s%s: a symbolic link in the path; mount points "
		    "must be real directories or files", j->at, dst);
	return fail("%s%s", j->at, dst);
}

/* A new file system (fs, configured) created, mounted with attrs, and
 * attached on dst; type names it in messages, root and path the place.
 * Returns the new mount's root (dst and fs are closed). */
int
attach_fs(int fs, int dst, unsigned int attrs, const char *type,
    const char *root, const char *path)
{
	int mnt;

	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1)
		return fail("creating a %s filesystem for %s%s", type, root, path);
	if ((mnt = fsmount(fs, FSMOUNT_CLOEXEC, attrs)) == -1)
		return fail("fsmount(%s)", type);
	if (move_mount(mnt, "", dst, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == -1)
		return fail("mounting %s on %s%s", type, root, path);
	close(fs);
	close(dst);
	return mnt;
}

/* A cloned tree (open_tree) given attrs (on it and all below it) and
 * attached on dst.  Returns the tree, now attached (dst is closed). */
int
attach_tree(int tree, int dst, unsigned int attrs, const char *what,
    const char *root, const char *path)
{
	struct mount_attr attr;

	memset(&attr, 0, sizeof attr);
	attr.attr_set = attrs;
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
	    sizeof attr) == -1)
		return fail("%s: setting mount flags", what);
	if (move_mount(tree, "", dst, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == -1)
		return fail("%s on %s%s", what, root, path);
	close(dst);
	return tree;
}

/* Remember the tmpfs mounted at path (its root mnt), where missing mount
 * points may then be made. */
int
own_tmpfs(struct jail *j, const char *path, int mnt)
{
	struct own *more;
	int n;

	if (j->nown == j->maxown) {
		n = j->maxown ? 2 * j->maxown : 8;
		if (n > MAXMOUNTS + 4)
			n = MAXMOUNTS + 4;
		if (j->nown == n ||
		    (more = reallocarray(j->own, (size_t)n, sizeof *more)) == NULL) {
			close(mnt);
			return j->nown == n ? failx("%s%s: too many tmpfs", j->at,
			    path) : fail("%s%s", j->at, path);
		}
		j->own = more;
		j->maxown = n;
	}
	j->own[j->nown].path = path;
	j->own[j->nown++].fd = mnt;
	return 0;
}

/* The real path of fd (a file or directory of ours), the one the mount
 * table names. */
int
real_path(int fd, char *path, size_t size)
{
	char link[64];
	ssize_t len;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((len = readlink(link, path, size - 1)) == -1)
		return -1;
	path[len] = '\0';
	return 0;
}

/* Whether path is dir or below it (both absolute and clean). */
int
is_below(const char *path, const char *dir)
{
	size_t n = strcmp(dir, "/") ? strlen(dir) : 0;

	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

static void
refuse_dir(void *arg, const char *dir, const char *why)
{
	const char **what = arg;

	if (what[2] == NULL) {	/* the first problem is the one told */
		failx("%s: %s: %s: refused (%s and its parents must be owned by "
		    "root and writable only by it)", what[0], dir, why, what[1]);
		what[2] = "";
	}
}

/* A directory of root's that runjail writes into as root (--learn's,
 * --overlay-upper's), opened and held to the jail root's rule: no one but
 * root could change what is written there or swap it.  what names the
 * option in messages, role the directory.  Returns its descriptor. */
int
open_root_dir(const char *path, const char *what, const char *role)
{
	const char *arg[3] = { what, role, NULL };
	int fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return fail("%s %s", what, path);
	if (check_root_chain(fd, refuse_dir, arg) == -1)
		return fail("%s %s", what, path);
	if (arg[2] != NULL) {
		close(fd);
		return -1;
	}
	return fd;
}

/* runjail's scratch tmpfs (mode 0700, root's): made once, and attached
 * in runjail's own mount namespace over its "/", where no path reaches it
 * (a lookup starts at the process's root, under it; the chroot leaves it
 * behind) and where the kernel lets it be a union's layer and the source
 * of a bind (Linux 6.1 refuses both for a detached mount).  It sits in a
 * directory of an unbindable tmpfs: a --bind of "/" (open_tree of the
 * tree) leaves the whole of it out.  It ends with the namespace.  Returns
 * its root. */
int
scratch(struct jail *j)
{
	struct mount_attr attr;
	int fs, dst, outer, r;

	if (j->scratch != -1)
		return j->scratch;
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0700", 0) == -1)
		return fail("fsopen(tmpfs)");
	if ((dst = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return fail("/");
	if ((outer = attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    MOUNT_ATTR_NOEXEC, "tmpfs", "runjail's scratch space", "")) == -1)
		return -1;
	memset(&attr, 0, sizeof attr);
	attr.propagation = MS_UNBINDABLE;
	if (mount_setattr(outer, "", AT_EMPTY_PATH, &attr, sizeof attr) == -1 ||
	    mkdirat(outer, "s", 0700) == -1 ||
	    (dst = openat(outer, "s", O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return fail("runjail's scratch space");
	close(outer);
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0700", 0) == -1)
		return fail("fsopen(tmpfs)");
	r = attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "tmpfs",
	    "runjail's scratch space", "");
	return (j->scratch = r);
}

/* to given from's owner, mode and POSIX ACLs (both may be O_PATH
 * descriptors): a directory runjail made that shows in the jail in the
 * place of one of the jail's (the top of a union) guards what is below it
 * as that one did. */
int
copy_attrs(int from, int to)
{
	static const char *const acl[] = { "system.posix_acl_access",
	    "system.posix_acl_default" };
	char f[64], t[64], value[4096];
	struct stat st;
	ssize_t n;
	size_t i;

	snprintf(f, sizeof f, "/proc/self/fd/%d", from);
	snprintf(t, sizeof t, "/proc/self/fd/%d", to);
	if (fstat(from, &st) == -1 ||
	    fchownat(to, "", st.st_uid, st.st_gid, AT_EMPTY_PATH) == -1 ||
	    chmod(t, st.st_mode & 07777) == -1)
		return -1;
	for (i = 0; i < sizeof acl / sizeof acl[0]; i++) {
		if ((n = getxattr(f, acl[i], value, sizeof value)) >= 0) {
			if (setxattr(t, acl[i], value, (size_t)n, 0) == -1)
				return -1;
		} else if ((errno != ENODATA && errno != EOPNOTSUPP) ||
		    (removexattr(t, acl[i]) == -1 && errno != ENODATA &&
		    errno != EOPNOTSUPP))
			return -1;
	}
	return 0;
}
