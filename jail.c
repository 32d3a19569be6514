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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "elf.h"
#include "files.h"
#include "mount.h"
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

/* statmount(2), which Debian 12's headers do not have yet: the request,
 * and the fixed part of the answer (512 bytes; the kernel puts its
 * strings after it, at the offsets its fields give). */
#ifndef SYS_statmount
#define SYS_statmount		457
#endif
#define RJ_STATX_MNT_ID_UNIQUE	0x4000U
#define RJ_STATMOUNT_FS_TYPE	0x20U
#define RJ_STATMOUNT_MNT_OPTS	0x80U
#define RJ_STATMOUNT_SUPPORTED	0x1000U
struct rj_mnt_id_req { uint32_t size, spare; uint64_t mnt_id, param; };
struct rj_statmount {
	uint32_t size, mnt_opts;	/* mnt_opts: a string's offset */
	uint64_t mask;			/* what was written */
	uint32_t sb_dev_major, sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags, fs_type;	/* fs_type: a string's offset */
	uint64_t mnt[10];		/* ids, attributes, propagation */
	uint32_t strings[6];		/* more string offsets */
	uint64_t supported_mask;	/* 6.15: what the kernel could write */
	uint64_t spare[45];
};
_Static_assert(sizeof(struct rj_statmount) == 512, "struct statmount is 512 bytes");

/* The options of the mount on top of /proc, by statmount(2), which
 * reads that one mount: 0.  A mount without options has no mnt_opts in
 * the answer, which only STATMOUNT_SUPPORTED_MASK (Linux 6.15) tells
 * from a kernel that knows no mnt_opts.  -1 on an older kernel, or when
 * that mount is not proc: then the mount table is read. */
static int
proc_options_statmount(char *out, size_t size)
{
	struct rj_mnt_id_req req = { sizeof req, 0, 0, RJ_STATMOUNT_FS_TYPE |
	    RJ_STATMOUNT_MNT_OPTS | RJ_STATMOUNT_SUPPORTED };
	union { struct rj_statmount sm; char buf[sizeof(struct rj_statmount) + 4096]; } u;
	const char *str = u.buf + sizeof u.sm;
	size_t room = sizeof u.buf - sizeof u.sm - 1;
	struct statx sx;

	if (statx(AT_FDCWD, "/proc", AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
	    RJ_STATX_MNT_ID_UNIQUE, &sx) == -1 ||
	    !(sx.stx_mask & RJ_STATX_MNT_ID_UNIQUE))
		return -1;
	req.mnt_id = sx.stx_mnt_id;
	if (syscall(SYS_statmount, &req, u.buf, sizeof u.buf - 1, 0) == -1)
		return -1;
	u.buf[sizeof u.buf - 1] = '\0';
	if (!(u.sm.mask & RJ_STATMOUNT_FS_TYPE) || u.sm.fs_type >= room ||
	    strcmp(str + u.sm.fs_type, "proc"))
		return -1;
	if (u.sm.mask & RJ_STATMOUNT_MNT_OPTS) {
		if (u.sm.mnt_opts >= room)
			return -1;
		snprintf(out, size, "%s", str + u.sm.mnt_opts);
	} else if (u.sm.mask & RJ_STATMOUNT_SUPPORTED &&
	    u.sm.supported_mask & RJ_STATMOUNT_MNT_OPTS)
		*out = '\0';
	else
		return -1;
	return 0;
}

/* The same from the mount table, read whole in a few large reads (stdio
 * reads /proc 1 KB at a time): its cost grows with the host's mounts. */
static int
proc_options_table(char *out, size_t size)
{
	char *text, *line, *next, *opts;
	size_t len;
	int fd;

	if ((fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)) == -1)
		return fail("/proc/self/mountinfo");
	text = (char *)read_fd(fd, 64 << 20, &len);
	close(fd);
	if (text == NULL)
		return fail("/proc/self/mountinfo");
	text[len] = '\0';
	/* "... /proc ... - proc SOURCE OPTIONS": the last such line is the
	 * mount on top, the one that is seen. */
	for (line = text; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strstr(line, " /proc ") && (opts = strstr(line, " - proc ")) &&
		    (opts = strchr(opts + 8, ' ')) != NULL)
			snprintf(out, size, "%s", opts + 1);
	}
	free(text);
	return 0;
}

/* The host's /proc may hide other users' processes (hidepid=, subset=):
 * the jail's must hide no less.  table: read the mount table even where
 * statmount(2) would do (the plan's proc_table, a test hook). */
static int
proc_options(int fs, int table)
{
	static const char *const keep[] = { "hidepid=", "subset=", "gid=" };
	char last[4096] = "", *o, *save = NULL, *eq;
	size_t i;

	if ((table || proc_options_statmount(last, sizeof last) == -1) &&
	    proc_options_table(last, sizeof last) == -1)
		return -1;
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

static int
mount_proc(struct jail *j)
{
	int dst, fs, mnt;

	if ((dst = mount_point(j, "/proc", POINT_DIR)) == -1)
		return -1;
	if ((fs = fsopen("proc", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(proc)");
	if (proc_options(fs, j->proc_table) == -1)
		return -1;
	mnt = attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    MOUNT_ATTR_NOEXEC, "proc", j->at, "/proc");
	return mnt == -1 ? -1 : close(mnt);
}

/* A bind mount of a host path into the jail, with the mounts below it:
 * always nosuid and nodev (devices come only through --dev and
 * --dev-bind), read-only when asked.  The source is resolved on the host
 * (the admin named it); the destination inside the jail. */
static int
mount_bind(struct jail *j, const struct mountreq *m)
{
	char what[PATH_MAX + 8];
	struct stat st;
	int dst, tree;

	/* AT_RECURSIVE: the mounts below the source come along (as with
	 * mount --rbind); without them the jail would see what they cover
	 * on the host, which the host itself does not show.  The flags
	 * apply to every one of them. */
	if ((tree = open_tree(AT_FDCWD, m->src, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC | AT_RECURSIVE)) == -1)
		return fail("bind %s", m->src);
	if (fstat(tree, &st) == -1)
		return fail("bind %s", m->src);
	snprintf(what, sizeof what, "bind %s", m->src);
	if ((dst = mount_point(j, m->dst, S_ISDIR(st.st_mode) ? POINT_DIR :
	    POINT_FILE)) == -1 ||
	    (tree = attach_tree(tree, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    (m->ro ? MOUNT_ATTR_RDONLY : 0), what, j->at, m->dst)) == -1)
		return -1;
	return close(tree);
}

/* One node of the host's, src, alone (nothing mounted below it comes
 * along), bound on dst in the jail: nosuid and noexec, never nodev (the
 * node is the point).  type is the S_IFMT it must have; 0: a character or
 * block device.  A missing dst is made in runjail's own /dev tmpfs. */
static int
bind_node(struct jail *j, const char *src, const char *dst, mode_t type,
    const char *what)
{
	struct stat st;
	int tree, d;

	if ((tree = open_tree(AT_FDCWD, src, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC)) == -1)
		return errno == ENOENT && type == S_IFSOCK ? failx("%s: the host "
		    "has no %s (is a syslog daemon running?)", what, src) :
		    fail("%s %s", what, src);
	if (fstat(tree, &st) == -1)
		return fail("%s %s", what, src);
	if (type ? (st.st_mode & S_IFMT) != type :
	    !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return failx("%s %s: not a %s", what, src, type == S_IFSOCK ?
		    "socket" : "device");
	if ((d = mount_point(j, dst, POINT_FILE)) == -1 ||
	    (tree = attach_tree(tree, d, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC,
	    what, j->at, dst)) == -1)
		return -1;
	return close(tree);
}

/* A tmpfs of its own on a directory of the jail, nosuid and nodev, with
 * the directory's own owner and mode (a /tmp stays 1777, a service's data
 * directory stays the service's) or the mode given, and the size asked
 * (0: the kernel's default).  Missing mount points may then be made in
 * it. */
static int
mount_tmpfs(struct jail *j, const char *path, unsigned long long size,
    int mode)
{
	const char *key[] = { "mode", "uid", "gid", "size" };
	unsigned long long val[4];
	char opt[32];
	struct stat st;
	int dst, fs, i, mnt;

	if ((dst = mount_point(j, path, POINT_DIR)) == -1)
		return -1;
	if (fstat(dst, &st) == -1 || !S_ISDIR(st.st_mode))
		return failx("tmpfs %s%s: not a directory", j->at, path);
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(tmpfs)");
	val[0] = mode != -1 ? (unsigned long long)mode : st.st_mode & 07777;
	val[1] = st.st_uid;
	val[2] = st.st_gid;
	val[3] = size;
	for (i = 0; i < 4 && (i < 3 || val[i]); i++) {
		snprintf(opt, sizeof opt, i ? "%llu" : "%llo", val[i]);
		if (fsconfig(fs, FSCONFIG_SET_STRING, key[i], opt, 0) == -1)
			return fail("tmpfs %s%s: %s", j->at, path, key[i]);
	}
	mnt = attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "tmpfs",
	    j->at, path);
	return mnt == -1 ? -1 : own_tmpfs(j, path, mnt);
}

/* --dev-pts: a devpts of the jail's own (a new instance: the host's
 * terminals are not in it), ptys 0600 to their opener, /dev/ptmx a link
 * to its ptmx. */
static int
mount_devpts(struct jail *j, int devfd)
{
	int dst, fs, mnt;

	if ((dst = mount_point(j, "/dev/pts", POINT_DIR)) == -1)
		return -1;
	if ((fs = fsopen("devpts", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(devpts)");
	if (fsconfig(fs, FSCONFIG_SET_STRING, "ptmxmode", "0666", 0) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0600", 0) == -1)
		return fail("devpts options");
	mnt = attach_fs(fs, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, "devpts",
	    j->at, "/dev/pts");
	if (mnt == -1)
		return -1;
	close(mnt);
	return symlinkat("pts/ptmx", devfd, "ptmx") == -1 ?
	    fail("dev: ptmx") : 0;
}

/* --dev: a tmpfs on the jail's /dev (nosuid, nodev) holding the host's
 * null, zero, full, random, urandom and tty, bound, the fd, stdin, stdout
 * and stderr links, and pts and shm when asked. */
static int
mount_dev(struct jail *j, int dev)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
	    "urandom", "tty" };
	static const char *const links[][2] = { { "fd", "/proc/self/fd" },
	    { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
	    { "stderr", "/proc/self/fd/2" } };
	char path[32];
	size_t i;
	int devfd;

	if (mount_tmpfs(j, "/dev", 0, 0755) == -1)
		return -1;
	devfd = j->own[j->nown - 1].fd;	/* the tmpfs, not what it covers */
	for (i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
		snprintf(path, sizeof path, "/dev/%s", nodes[i]);
		if (bind_node(j, path, path, 0, "dev") == -1)
			return -1;
	}
	for (i = 0; i < sizeof links / sizeof links[0]; i++)
		if (symlinkat(links[i][1], devfd, links[i][0]) == -1)
			return fail("dev: %s", links[i][0]);
	if ((dev & DEV_PTS) && mount_devpts(j, devfd) == -1)
		return -1;
	if ((dev & DEV_SHM) && mount_tmpfs(j, "/dev/shm", 0, 01777) == -1)
		return -1;
	return 0;
}

/* The jail root, and what is mounted below it, cloned with attrs (nodev,
 * and read-only for --ro-root) and mounted over itself (in our mount
 * namespace): the mounts made after it (proc, tmpfs, binds) keep their
 * own flags.  The new root replaces j->rootfd. */
static int
cover_root(struct jail *j, unsigned int attrs)
{
	int tree;

	if ((tree = open_tree(j->rootfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_EMPTY_PATH | AT_RECURSIVE)) == -1)
		return fail("root %s: cloning it", j->root);
	/* attach_tree closes the place it mounts on: the old root. */
	if ((tree = attach_tree(tree, j->rootfd, attrs, "root", j->root,
	    "")) == -1)
		return -1;
	j->rootfd = tree;
	return 0;
}

/* fchdir to the descriptor opened above, then chroot("."): the path is not
 * looked up again.  The cwd is then the new root, inside the jail. */
static int
enter_jail(struct jail *j)
{
	int i;

	if (fchdir(j->rootfd) == -1)
		return fail("chdir %s", j->root);
	if (chroot(".") == -1)
		return fail("chroot %s", j->root);
	if (chdir("/") == -1)
		return fail("chdir / in the jail");
	close(j->rootfd);
	for (i = 0; i < j->nown; i++)
		close(j->own[i].fd);
	if (j->scratch != -1)
		close(j->scratch);
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
 * reaches, jailing themselves, only what they could reach anyway.  The
 * order: the root first (a union, or the root covered read-only or
 * nodev), since what is mounted next lands on it; then /proc, /dev and
 * the mounts asked, in their order, so that a later one may go inside an
 * earlier tmpfs; the passwd files last, which may go into one. */
int
build_jail(const struct plan *p)
{
	const struct opts *o = p->o;
	struct jail j = { .root = o->root, .scratch = -1,
	    .at = strcmp(o->root, "/") ? o->root : "",
	    .as_caller = p->root_as_caller ? p->c : NULL,
	    .proc_table = p->proc_table };
	const struct mountreq *m;
	unsigned int cover;
	int i, r;

	j.rootfd = open_root(o->root, p->root_as_caller ? p->c : NULL);
	if (j.rootfd == -1 || judge_root(j.rootfd, p) == -1)
		return -1;
	/* With --dev or --dev-bind, device access is only theirs: a node in
	 * the jail directory (made with mknod) stops working. */
	cover = (o->ro_root ? MOUNT_ATTR_RDONLY : 0) | (o->ro_root || o->dev ||
	    binds_device(o) ? MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV : 0);
	if (o->overlay ? union_root(&j, o) == -1 :
	    cover && cover_root(&j, cover) == -1)
		return -1;
	if ((o->proc && mount_proc(&j) == -1) ||
	    (o->dev && mount_dev(&j, o->dev) == -1) ||
	    (o->syslog && bind_node(&j, "/dev/log", "/dev/log", S_IFSOCK,
	    "syslog") == -1))
		return -1;
	for (i = 0; i < o->nmounts; i++) {
		m = &o->mounts[i];
		r = m->kind == MOUNT_BIND ? mount_bind(&j, m) :
		    m->kind == MOUNT_DEVICE ? bind_node(&j, m->src, m->dst, 0,
		    "dev-bind") : mount_tmpfs(&j, m->dst, m->size, -1);
		if (r == -1)
			return -1;
	}
	if (o->passwd && mount_passwd(&j, p) == -1)
		return -1;
	return enter_jail(&j);
}
