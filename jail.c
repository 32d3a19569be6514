/*
 * jail.c: the jail itself.  Its root, opened once and checked (the
 * ownership rule, mount identity), /proc and the bind mounts made through
 * descriptors inside it, and the chroot.  Step 7 of runjail(8)'s Order of
 * operations (ns.c has the namespaces, step 6).
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "elf.h"
#include "files.h"
#include "runjail.h"

/* Open the jail root once.  Everything after works on this descriptor and
 * never looks the path up again, so a directory renamed or a symlink
 * planted after this point cannot redirect the chroot.  O_NOFOLLOW: the
 * root itself must not be a symlink someone could repoint. */
int
open_root(const char *path, const struct caller *as_caller)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);
	int fd;

	/* "dir/" would follow a symlink despite O_NOFOLLOW: strip it. */
	if (n >= sizeof buf)
		return failx("root %s: path too long", path);
	memcpy(buf, path, n + 1);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	/* A caller other than root, jailing themselves, reaches only the
	 * directories they could reach anyway. */
	fd = as_caller ? open_as_caller(as_caller, buf, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW) :
	    open(buf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		struct stat st;
		/* The hint looks the path up as root: for root only. */
		if (!as_caller && (errno == ELOOP || errno == ENOTDIR) &&
		    lstat(buf, &st) == 0 && S_ISLNK(st.st_mode))
			return failx("root %s: is a symbolic link; give the real "
			    "directory", path);
		if (as_caller && errno == ELOOP)
			return failx("root %s: is a symbolic link, or a /proc magic "
			    "link is on the way; give the real directory", path);
		return fail("root %s", path);
	}
	return fd;
}

static void
refuse_root(void *arg, const char *dir, const char *why)
{
	int *refused = arg;

	if ((*refused)++ == 0)	/* the first problem is the one told */
		failx("jail root: %s: %s: refused (for callers other than "
		    "root, the root and its parents must be owned by root and "
		    "writable only by it)", dir, why);
}

static void
warn_root(void *arg, const char *dir, const char *why)
{
	(void)arg;
	warnmsg("jail root: %s: %s (the root and its parents should be owned "
	    "by root and writable only by it)", dir, why);
}

/* The mount point, looked up inside the jail without following any symlink,
 * so a jail that points "proc" (or a bind target) at a host directory
 * cannot make us mount over it.  Never created: a missing mount point is
 * the admin's to make. */
static int
open_mountpoint(int rootfd, const char *root, const char *dst)
{
	int fd;

	/* No O_NOFOLLOW: with O_PATH it would return a descriptor to a final
	 * symlink instead of refusing it; RESOLVE_NO_SYMLINKS refuses any. */
	if ((fd = jail_open_resolve(rootfd, dst, O_PATH, RESOLVE_NO_SYMLINKS)) == -1) {
		if (errno == ENOENT)
			return failx("%s%s: no such file or directory in the jail "
			    "(runjail does not create mount points)", root, dst);
		if (errno == ELOOP)
			return failx("%s%s: a symbolic link in the path; mount points "
			    "must be real directories or files", root, dst);
		return fail("%s%s", root, dst);
	}
	return fd;
}

/* The host's /proc may hide other users' processes (hidepid=, subset=):
 * the jail's must hide no less. */
static int
proc_options(int fs)
{
	static const char *const keep[] = { "hidepid=", "subset=", "gid=" };
	char line[4096], last[4096] = "", *opts, *o, *save = NULL, *eq;
	FILE *f;
	size_t i;

	if ((f = fopen("/proc/self/mountinfo", "re")) == NULL)
		return fail("/proc/self/mountinfo");
	/* "... /proc ... - proc SOURCE OPTIONS": the last such line is the
	 * mount on top, the one that is seen. */
	while (fgets(line, sizeof line, f))
		if (strstr(line, " /proc ") && (opts = strstr(line, " - proc ")) &&
		    (opts = strchr(opts + 8, ' ')) != NULL)
			snprintf(last, sizeof last, "%s", opts + 1);
	fclose(f);
	last[strcspn(last, "\n")] = '\0';
	for (o = strtok_r(last, ",", &save); o; o = strtok_r(NULL, ",", &save))
		for (i = 0; i < sizeof keep / sizeof keep[0]; i++)
			if (!strncmp(o, keep[i], strlen(keep[i]))) {
				eq = strchr(o, '=');
				*eq = '\0';
				if (fsconfig(fs, FSCONFIG_SET_STRING, o, eq + 1, 0) == -1)
					return fail("proc option %s=%s", o, eq + 1);
			}
	return 0;
}

/* A new file system (fs, configured) created, mounted with attrs, and
 * attached on dst; type names it in messages, root and path the place. */
static int
attach_fs(int fs, int dst, unsigned int attrs, const char *type,
    const char *root, const char *path)
{
	int mnt;

	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1)
		return fail("creating a %s filesystem", type);
	if ((mnt = fsmount(fs, FSMOUNT_CLOEXEC, attrs)) == -1)
		return fail("fsmount(%s)", type);
	if (move_mount(mnt, "", dst, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == -1)
		return fail("mounting %s on %s%s", type, root, path);
	close(mnt);
	close(fs);
	close(dst);
	return 0;
}

static int
mount_proc(int rootfd, const char *root)
{
	int dst, fs;

	if ((dst = open_mountpoint(rootfd, root, "/proc")) == -1)
		return -1;
	if ((fs = fsopen("proc", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(proc)");
	if (proc_options(fs) == -1)
		return -1;
	return attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    MOUNT_ATTR_NOEXEC, "proc", root, "/proc");
}

/* A bind mount of a host path into the jail, with the mounts below it:
 * always nosuid, read-only when asked.  The source is resolved on the host (the admin named it); the
 * destination inside the jail, as for /proc. */
static int
mount_bind(int rootfd, const char *root, const struct mountreq *m)
{
	struct mount_attr attr;
	int dst, tree;

	if ((dst = open_mountpoint(rootfd, root, m->dst)) == -1)
		return -1;
	/* AT_RECURSIVE: the mounts below the source come along (as with
	 * mount --rbind); without them the jail would see what they cover
	 * on the host, which the host itself does not show.  The flags
	 * apply to every one of them. */
	if ((tree = open_tree(AT_FDCWD, m->src, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC | AT_RECURSIVE)) == -1)
		return fail("bind %s", m->src);
	memset(&attr, 0, sizeof attr);
	attr.attr_set = MOUNT_ATTR_NOSUID | (m->ro ? MOUNT_ATTR_RDONLY : 0);
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
	    sizeof attr) == -1)
		return fail("bind %s: setting mount flags", m->src);
	if (move_mount(tree, "", dst, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == -1)
		return fail("bind %s on %s%s", m->src, root, m->dst);
	close(tree);
	close(dst);
	return 0;
}

/* --tmpfs: a tmpfs of its own on a directory of the jail, nosuid and
 * nodev, with the directory's own mode and owner (a /tmp stays 1777, a
 * service's data directory stays the service's), and the size asked. */
static int
mount_tmpfs(int rootfd, const char *root, const struct mountreq *m)
{
	const char *key[] = { "mode", "uid", "gid", "size" };
	unsigned long long val[4];
	char opt[32];
	struct stat st;
	int dst, fs, i;

	if ((dst = open_mountpoint(rootfd, root, m->dst)) == -1)
		return -1;
	if (fstat(dst, &st) == -1 || !S_ISDIR(st.st_mode))
		return failx("tmpfs %s%s: not a directory", root, m->dst);
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(tmpfs)");
	val[0] = st.st_mode & 07777;
	val[1] = st.st_uid;
	val[2] = st.st_gid;
	val[3] = m->size;	/* 0: the kernel's default, not set */
	for (i = 0; i < 4 && (i < 3 || val[i]); i++) {
		snprintf(opt, sizeof opt, i ? "%llu" : "%llo", val[i]);
		if (fsconfig(fs, FSCONFIG_SET_STRING, key[i], opt, 0) == -1)
			return fail("tmpfs %s%s: %s", root, m->dst, key[i]);
	}
	return attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "tmpfs",
	    root, m->dst);
}

/* One host device node bound onto an empty file of the jail's /dev
 * tmpfs (devfd): the jail directory needs no device node, and the
 * service cannot make one that works (the tmpfs is nodev; the bind
 * carries the host node's own mount). */
static int
bind_device(int devfd, const char *name)
{
	char host[32];
	int fd, tree, r;

	snprintf(host, sizeof host, "/dev/%s", name);
	if ((fd = openat(devfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666)) == -1)
		return fail("dev: %s", name);
	close(fd);
	if ((tree = open_tree(AT_FDCWD, host, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC)) == -1)
		return fail("dev: %s", host);
	r = move_mount(tree, "", devfd, name, MOVE_MOUNT_F_EMPTY_PATH);
	close(tree);
	return r == -1 ? fail("dev: binding %s", host) : 0;
}

/* --dev: a tmpfs on the jail's /dev (nosuid, noexec, nodev) holding the
 * host's null, zero, full, random, urandom and tty, bound, and the fd,
 * stdin, stdout and stderr links. */
static int
mount_dev(int rootfd, const char *root)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
	    "urandom", "tty" };
	static const char *const links[][2] = { { "fd", "/proc/self/fd" },
	    { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
	    { "stderr", "/proc/self/fd/2" } };
	struct mountreq m = { NULL, "/dev", 0, 0 };
	size_t i;
	int devfd;

	if (mount_tmpfs(rootfd, root, &m) == -1)
		return -1;
	/* The tmpfs just mounted, not the directory under it. */
	if ((devfd = jail_open_resolve(rootfd, "/dev", O_PATH | O_DIRECTORY,
	    RESOLVE_NO_SYMLINKS)) == -1)
		return fail("dev: %s/dev", root);
	for (i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
		if (bind_device(devfd, nodes[i]) == -1)
			return -1;
	for (i = 0; i < sizeof links / sizeof links[0]; i++)
		if (symlinkat(links[i][1], devfd, links[i][0]) == -1)
			return fail("dev: %s", links[i][0]);
	close(devfd);
	return 0;
}

/* --ro-root: the jail root, and what is mounted below it, cloned and
 * made read-only, and mounted over itself (in our mount namespace): the
 * mounts made after it (proc, tmpfs, binds) keep their own flags.
 * Returns the new root's descriptor, in place of rootfd, or -1. */
static int
read_only_root(int rootfd, const char *root)
{
	struct mount_attr attr;
	int tree;

	if ((tree = open_tree(rootfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_EMPTY_PATH | AT_RECURSIVE)) == -1)
		return fail("ro-root %s", root);
	memset(&attr, 0, sizeof attr);
	attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID;
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
	    sizeof attr) == -1)
		return fail("ro-root %s: setting mount flags", root);
	if (move_mount(tree, "", rootfd, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) == -1)
		return fail("ro-root %s", root);
	close(rootfd);
	return tree;
}

/* fchdir to the descriptor opened above, then chroot("."): the path is not
 * looked up again.  The cwd is then the new root, inside the jail. */
static int
enter_jail(int rootfd, const char *root)
{
	if (fchdir(rootfd) == -1)
		return fail("chdir %s", root);
	if (chroot(".") == -1)
		return fail("chroot %s", root);
	if (chdir("/") == -1)
		return fail("chdir / in the jail");
	close(rootfd);
	return 0;
}

/* The root's chain of directories, judged as the plan says: refused if
 * someone other than root could change it (callers other than root),
 * else a warning.  --dry-run judges it too. */
int
judge_root(int rootfd, const struct plan *p)
{
	int n, refused = 0;

	if (!p->root_strict && !WARN_ROOT_OWNERSHIP)
		return 0;
	n = check_root_chain(rootfd, p->root_strict ? refuse_root : warn_root,
	    &refused);
	if (n == -1)
		return fail("checking the jail root");
	return n && p->root_strict ? -1 : 0;
}

/* Open and check the root, mount inside it, chroot.  A caller other than
 * root gets no jail that someone other than root could have changed, and
 * reaches, jailing themselves, only what they could reach anyway. */
int
build_jail(const struct plan *p)
{
	const struct opts *o = p->o;
	int rootfd, i;

	rootfd = open_root(o->root, p->root_as_caller ? p->c : NULL);
	if (rootfd == -1 || judge_root(rootfd, p) == -1)
		return -1;
	if (o->ro_root && (rootfd = read_only_root(rootfd, o->root)) == -1)
		return -1;
	if (o->proc && mount_proc(rootfd, o->root) == -1)
		return -1;
	if (o->dev && mount_dev(rootfd, o->root) == -1)
		return -1;
	for (i = 0; i < o->nmounts; i++)
		if ((o->mounts[i].src ? mount_bind(rootfd, o->root, &o->mounts[i]) :
		    mount_tmpfs(rootfd, o->root, &o->mounts[i])) == -1)
			return -1;
	return enter_jail(rootfd, o->root);
}
