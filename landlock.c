/*
 * landlock.c: the service's Landlock domain, for what it does to processes
 * rather than to files.  A process in a Landlock domain cannot ptrace, nor
 * open /proc/PID/mem, /proc/PID/root, /proc/PID/cwd, /proc/PID/fd/..., of
 * any process outside that domain: the kernel's ptrace access check fails,
 * whatever the uids.  A chroot alone leaves a same-uid process outside the
 * jail in reach through ptrace(2) and a mounted /proc.  See SECURITY in
 * runjail(8).
 *
 * The domain is to restrict no file access.  Landlock ABI 6 (Linux 6.12)
 * and later: a domain that only scopes signals (the service cannot signal
 * processes outside it either) and handles no file access at all.  Before
 * that a domain must handle some file access: this one handles the making
 * of block devices and, from ABI 2, "refer" (renaming or linking into
 * another directory, which a domain always refuses unless it handles and
 * grants it), and grants both below the root (the jail's, after the
 * chroot).  Such a domain also refuses mount(2), and, on ABI 1, every
 * rename or link across directories.
 */
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/landlock.h>
#include <linux/openat2.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "runjail.h"

/* What the kernel headers of an older system (Debian 12: Linux 6.1) do
 * not name yet: the rights of ABI 3 and later. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)	/* ABI 3 */
#endif
#define RULE_NET_PORT		2		/* LANDLOCK_RULE_NET_PORT, ABI 4 */
#define NET_BIND_TCP		(1ULL << 0)	/* LANDLOCK_ACCESS_NET_BIND_TCP */
#define NET_CONNECT_TCP		(1ULL << 1)	/* LANDLOCK_ACCESS_NET_CONNECT_TCP */
#define SCOPE_ABSTRACT		(1ULL << 0)	/* LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET, ABI 6 */

struct net_port_attr {			/* struct landlock_net_port_attr */
	uint64_t	allowed_access;
	uint64_t	port;
} __attribute__((packed));

/* The file rights of ABI 1, in two groups: reading and running, and the
 * rest, which change the tree. */
#define FS_READ		(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_READ_DIR)
/* What a file (not a directory) may be given: writing and truncating. */
#define FILE_WRITE	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)
#define FS_WRITE1	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
			 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | \
			 LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
			 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
			 LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

/* The ruleset attribute as of ABI 6; older headers lack the last field. */
struct ruleset_attr {
	uint64_t	handled_access_fs;
	uint64_t	handled_access_net;
	uint64_t	scoped;
};
#define SCOPE_SIGNAL	(1ULL << 1)	/* LANDLOCK_SCOPE_SIGNAL */

/* A ruleset for this kernel's ABI, or -1 on a failure. */
static int
make_ruleset(int abi)
{
	struct ruleset_attr rs;
	struct landlock_path_beneath_attr pb;
	int ruleset, root;

	memset(&rs, 0, sizeof rs);
	if (abi >= 6)
		rs.scoped = SCOPE_SIGNAL;
	else
		rs.handled_access_fs = LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		    (abi >= 2 ? LANDLOCK_ACCESS_FS_REFER : 0);
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &rs,
	    abi >= 6 ? sizeof rs : sizeof(struct landlock_ruleset_attr), 0);
	if (ruleset == -1)
		return fail("landlock: creating a ruleset");
	if (rs.handled_access_fs == 0)
		return ruleset;
	if ((root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return fail("landlock: /");
	memset(&pb, 0, sizeof pb);
	pb.allowed_access = rs.handled_access_fs;
	pb.parent_fd = root;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) == -1) {
		fail("landlock: adding a rule");
		close(root);
		return -1;
	}
	close(root);
	return ruleset;
}

/* The kernel's Landlock ABI version, 0 if it has no Landlock, or -1 on a
 * failure. */
int
landlock_abi(void)
{
	int abi;

	abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi == -1 && (errno == ENOSYS || errno == EOPNOTSUPP))
		return 0;
	if (abi < 1)
		return fail("landlock: its version");
	return abi;
}

/* The ABI runjail uses: the kernel's, or lower for a test.  Root (its real
 * uid 0, so never a set-user-ID runjail's caller) may lower it with
 * RUNJAIL_LANDLOCK_ABI in its environment, to stand for an older kernel;
 * no one else. */
int
plan_landlock_abi(const struct caller *c)
{
	const char *cap = env_lookup(c->env, "RUNJAIL_LANDLOCK_ABI");
	char *end;
	long v;
	int abi;

	if ((abi = landlock_abi()) == -1)
		return -1;
	if (cap && c->uid == 0 && !c->setuid && !getauxval(AT_SECURE)) {
		v = strtol(cap, &end, 10);
		if (*cap && *end == '\0' && v >= 0 && v < abi)
			abi = (int)v;
	}
	return abi;
}

/* Put the calling process (after the chroot, with no_new_privs set) into
 * a new Landlock domain (ABI abi).  Returns the ABI used, 0 if the kernel
 * has no Landlock (not built in, or not enabled at boot), -1 on a
 * failure. */
int
ptrace_scope(int abi)
{
	int ruleset;

	if (abi <= 0 || (ruleset = make_ruleset(abi)) == -1)
		return abi <= 0 ? abi : -1;
	return landlock_enter(ruleset) == -1 ? -1 : abi;
}

/* Enter the domain of ruleset (and close it). */
int
landlock_enter(int ruleset)
{
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == -1) {
		fail("landlock: entering the domain");
		close(ruleset);
		return -1;
	}
	close(ruleset);
	return 0;
}

/* ---------------------------------------------------------------------
 * --landlock: what a chroot cannot say.
 */

/* The lowest ABI each part of --landlock needs. */
#define ABI_FS		3	/* the file rights, truncate(2) included */
#define ABI_NET		4	/* TCP ports */
#define ABI_SCOPE	6	/* signals and abstract unix sockets */

/* What --landlock asks that ABI abi cannot enforce, said in words, or
 * "" if nothing. */
static void
dropped(const struct opts *o, int abi, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s",
	    abi < 2 ? "renames and links across directories refused; " : "",
	    abi < ABI_FS ? "truncate(2) not controlled; " : "",
	    abi < ABI_NET && (o->ll_bind.set || o->ll_connect.set) ?
	    "TCP ports not restricted; " : "",
	    abi < ABI_SCOPE ? "signals and abstract unix sockets outside not "
	    "closed; " : "");
	if (buf[0])
		buf[strlen(buf) - 2] = '\0';
}

/* --landlock on a kernel without Landlock, and --landlock-strict when
 * the kernel cannot enforce all that was asked: refused, before anything
 * is done.  Returns 0 or -1. */
int
landlock_check_abi(const struct plan *p)
{
	char what[256];
	int need = ABI_SCOPE;

	if (p->o->landlock && p->ll_abi <= 0)
		return failx("landlock: this kernel has no Landlock");
	if (p->o->landlock < 2)
		return 0;
	dropped(p->o, p->ll_abi, what, sizeof what);
	if (p->ll_abi < need)
		return failx("landlock-strict: this kernel's Landlock ABI is %d, "
		    "and %d (Linux 6.12) is needed: %s", p->ll_abi, need, what);
	return 0;
}

/* For --dry-run and --check: the ABI in force and what it drops. */
void
landlock_describe(const struct plan *p, char *buf, size_t size)
{
	char what[256];

	dropped(p->o, p->ll_abi, what, sizeof what);
	snprintf(buf, size, "ABI %d%s%s", p->ll_abi, what[0] ? "; dropped: " :
	    ", nothing dropped", what);
}

#define MAXDIRS		100000	/* directories looked at for write rules */
#define MAXDEPTH	64

struct rules {
	int		 ruleset;
	uint64_t	 write;		/* the write rights of this ABI */
	const struct target *t;
	long		 dirs;
};

/* Whether the target user may write what st describes, by its mode bits
 * (ACLs are not read: a directory an ACL opens stays read-only). */
int
target_can_write(const struct target *t, const struct stat *st)
{
	int i;

	if (st->st_mode & S_IWOTH)
		return 1;
	if (st->st_uid == t->uid && (st->st_mode & S_IWUSR))
		return 1;
	if (st->st_mode & S_IWGRP) {
		if (st->st_gid == t->gid)
			return 1;
		for (i = 0; i < t->ngroups; i++)
			if (st->st_gid == t->groups[i])
				return 1;
	}
	return t->uid == 0;
}

/* access beneath the directory at fd (closed). */
static int
allow_beneath(const struct rules *r, int fd, uint64_t access, const char *path)
{
	struct landlock_path_beneath_attr pb;
	int rc;

	memset(&pb, 0, sizeof pb);
	pb.allowed_access = access;
	pb.parent_fd = fd;
	rc = (int)syscall(SYS_landlock_add_rule, r->ruleset,
	    LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	close(fd);
	return rc == -1 ? fail("landlock: a rule for %s", path) : 0;
}

/* The directories below fd (closed) that the target user can write: the
 * write rights beneath each (and no look further down); proc and sys,
 * not the jail's files, left out.  Directories only, never a symlink. */
static int
writable_dirs(struct rules *r, int fd, const char *path, int depth)
{
	char sub[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int subfd, rc = 0;
	DIR *d;

	if (depth > MAXDEPTH)
		r->dirs = MAXDIRS + 1;	/* too deep: told as too many */
	if (depth > MAXDEPTH || (d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) ||
		    (depth == 0 && (!strcmp(de->d_name, "proc") ||
		    !strcmp(de->d_name, "sys"))) ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISDIR(st.st_mode))
			continue;
		if (++r->dirs > MAXDIRS)
			break;
		snprintf(sub, sizeof sub, "%s/%s", depth ? path : "", de->d_name);
		if ((subfd = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;
		/* A directory the user owns is writable whatever its mode
		 * today: it may chmod it (Landlock does not govern that). */
		rc = target_can_write(r->t, &st) || st.st_uid == r->t->uid ?
		    allow_beneath(r, subfd, r->write, sub) :
		    writable_dirs(r, subfd, sub, depth + 1);
	}
	closedir(d);
	return rc;
}

/* path in the jail (we are in it), never through a symlink (the service
 * could have planted one there on an earlier run); for a self-jail, by the
 * caller, all its credentials: runjail does not tell it what exists where
 * it cannot look. */
static int
open_in_jail(const struct plan *p, const char *path, int flags)
{
	struct open_how how;

	if (p->root_as_caller)
		return open_as_caller_at(p->c, AT_FDCWD, path, flags,
		    RESOLVE_NO_SYMLINKS);
	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	return (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
}

/* The write rights on path (in the jail): beneath it for a directory, on
 * it for a file (a bound file, a device: writing and truncating only).
 * Named by the admin (--landlock-write), it must exist. */
static int
allow_path(const struct rules *r, const struct plan *p, const char *path,
    int must)
{
	struct stat st;
	int fd;

	if ((fd = open_in_jail(p, path, O_PATH)) == -1)
		return must || errno != ENOENT ? fail("landlock: %s", path) : 0;
	if (fstat(fd, &st) == -1) {
		close(fd);
		return fail("landlock: %s", path);
	}
	if (must && !S_ISDIR(st.st_mode)) {
		close(fd);
		return failx("landlock-write %s: not a directory", path);
	}
	return allow_beneath(r, fd, S_ISDIR(st.st_mode) ? r->write :
	    r->write & FILE_WRITE, path);
}

/* The objects behind the command's standard descriptors (a log file of
 * the host's, a terminal), which it may open again (/dev/stderr): as the
 * descriptor allows, reading, or writing and truncating, or both. */
static int
allow_stdio(const struct rules *r, const struct run *run)
{
	int fds[] = { 0, 1, 2, run->outfd, run->errfd }, i, fd;
	char link[64];
	struct stat st;

	uint64_t access;
	int mode;

	for (i = 0; i < 5; i++) {
		if (fds[i] == -1 || fstat(fds[i], &st) == -1 ||
		    !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)) ||
		    (mode = fcntl(fds[i], F_GETFL)) == -1 || (mode & O_PATH))
			continue;
		/* What the descriptor itself allows, no more: a file
		 * handed in for reading is not made writable. */
		mode &= O_ACCMODE;
		access = (mode != O_WRONLY ? LANDLOCK_ACCESS_FS_READ_FILE : 0) |
		    (mode != O_RDONLY ? r->write & FILE_WRITE : 0);
		snprintf(link, sizeof link, "/proc/self/fd/%d", fds[i]);
		if ((fd = open(link, O_PATH | O_CLOEXEC)) == -1)
			continue;	/* no /proc in the jail: as before */
		if (allow_beneath(r, fd, access, link) == -1)
			return -1;
	}
	return 0;
}

/* The TCP ports of one list (--landlock-bind or --landlock-connect). */
static int
allow_ports(const struct rules *r, int n, const unsigned short *port,
    uint64_t access)
{
	struct net_port_attr np;
	int i;

	for (i = 0; i < n; i++) {
		np.allowed_access = access;
		np.port = port[i];
		if (syscall(SYS_landlock_add_rule, r->ruleset, RULE_NET_PORT,
		    &np, 0) == -1)
			return fail("landlock: a rule for port %u", port[i]);
	}
	return 0;
}

/* The write rules: the directories the target user can write today (or
 * owns), runjail's tmpfs and read-write binds (a bound file: writing it),
 * its device binds, /dev's nodes in place, /proc's files with -P, the
 * command's standard descriptors' objects, --landlock-write. */
static int
write_rules(struct rules *r, const struct plan *p, const struct run *run)
{
	const struct opts *o = p->o;
	const struct mountreq *m;
	struct stat st;
	int i, fd;

	if ((fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1)
		return fail("landlock: /");
	if (target_can_write(&p->t, &st) || st.st_uid == p->t.uid)
		return allow_beneath(r, fd, r->write, "/");
	if (writable_dirs(r, fd, "/", 0) == -1)
		return -1;
	if (r->dirs > MAXDIRS) {
		if (o->landlock > 1)
			return failx("landlock-strict: more than %d directories, "
			    "or deeper than %d, in the jail", MAXDIRS, MAXDEPTH);
		warnmsg("landlock: more than %d directories, or deeper than %d, "
		    "in the jail: those not looked at are read-only for the "
		    "service", MAXDIRS, MAXDEPTH);
	}
	for (i = 0; i < o->nmounts; i++) {
		m = &o->mounts[i];
		if ((m->kind == MOUNT_DEVICE || m->kind == MOUNT_TMPFS ||
		    (m->kind == MOUNT_BIND && !m->ro)) &&
		    allow_path(r, p, m->dst, 0) == -1)
			return -1;
	}
	for (i = 0; i < o->nll_write; i++)
		if (allow_path(r, p, o->ll_write[i], 1) == -1)
			return -1;
	if (allow_stdio(r, run) == -1)
		return -1;
	/* Device nodes are written in place (/dev/null), and with -P the
	 * process's own /proc files (comm, oom_score_adj): writing and
	 * truncating files there, nothing made or removed. */
	if ((fd = open_in_jail(p, "/dev", O_PATH | O_DIRECTORY)) != -1 &&
	    allow_beneath(r, fd, r->write & FILE_WRITE, "/dev") == -1)
		return -1;
	if (o->proc && (fd = open_in_jail(p, "/proc", O_PATH | O_DIRECTORY)) != -1)
		return allow_beneath(r, fd, r->write & FILE_WRITE, "/proc");
	return 0;
}

/* --landlock: the ruleset, made in the jail (after the chroot, still
 * root, so every directory can be looked at), entered at step 11.  Read
 * and execute everywhere in the jail; write only as write_rules() says;
 * with ABI 4, TCP ports as listed; with ABI 6, no signal and no abstract
 * unix socket outside the domain.  Rights the ABI lacks are left out
 * (--landlock-strict refused that at the plan).  Returns its fd. */
int
landlock_ruleset(const struct plan *p, const struct run *run)
{
	const struct opts *o = p->o;
	struct ruleset_attr rs;
	struct rules r;
	int abi = p->ll_abi, fd;

	if (abi <= 0)
		return failx("landlock: this kernel has no Landlock");
	memset(&rs, 0, sizeof rs);
	rs.handled_access_fs = FS_READ | FS_WRITE1 |
	    (abi >= 2 ? LANDLOCK_ACCESS_FS_REFER : 0) |
	    (abi >= ABI_FS ? LANDLOCK_ACCESS_FS_TRUNCATE : 0);
	if (abi >= ABI_NET)
		rs.handled_access_net = (o->ll_bind.set ? NET_BIND_TCP : 0) |
		    (o->ll_connect.set ? NET_CONNECT_TCP : 0);
	if (abi >= ABI_SCOPE)
		rs.scoped = SCOPE_SIGNAL | SCOPE_ABSTRACT;
	memset(&r, 0, sizeof r);
	r.t = &p->t;
	r.write = rs.handled_access_fs & ~FS_READ;
	if ((r.ruleset = (int)syscall(SYS_landlock_create_ruleset, &rs,
	    abi >= ABI_SCOPE ? sizeof rs : abi >= ABI_NET ? 2 * sizeof(uint64_t) :
	    sizeof(uint64_t), 0)) == -1)
		return fail("landlock: creating a ruleset");
	if ((fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    allow_beneath(&r, fd, FS_READ, "/") == -1 ||
	    write_rules(&r, p, run) == -1 ||
	    (rs.handled_access_net && (allow_ports(&r, o->ll_bind.n,
	    o->ll_bind.port, NET_BIND_TCP) == -1 || allow_ports(&r,
	    o->ll_connect.n, o->ll_connect.port, NET_CONNECT_TCP) == -1))) {
		close(r.ruleset);
		return -1;
	}
	return r.ruleset;
}
