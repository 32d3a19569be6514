/*
 * learn.c: --learn DIR.  The command runs as the launch would, under a
 * seccomp filter that sends every system call it makes to the learner,
 * a process of runjail's outside the jail (SECCOMP_RET_USER_NOTIF; the
 * learner lets each call go on as it was, SECCOMP_USER_NOTIF_FLAG_CONTINUE).
 * The learner counts the calls, and for those that name a path reads the
 * path from the process, makes it jail-relative, and looks it up inside
 * the jail (and on the host) without opening it.  When the command is
 * done it writes DIR/seccomp.policy, DIR/files and DIR/report, merged
 * with what an earlier run left there.
 *
 * The learner is runjail's parent process: it stays root (the service
 * cannot signal or trace it), non-dumpable, with only CAP_SYS_PTRACE (to
 * read the service's memory and descriptors), CAP_DAC_READ_SEARCH (to
 * look paths up in the jail) and CAP_KILL (to pass INT and TERM on) once
 * it has the notification descriptor.
 */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "learn.h"
#include "mount.h"
#include "runjail.h"
#include "scmp.h"

/* The learner's state: one, on its stack. */
struct learner {
	const struct plan *p;
	pid_t		 child, svc;
	int		 status, reaped, stopping, started;
	int		 sock, sig, listener, dir, jail, host, proc;
	char		 root[PATH_MAX];	/* the service's root, as seen here */
	struct calls	 calls;
	struct paths	 paths;
	short		 pathcall[LEARN_MAXNR];	/* nr: index in pathcalls, or -1 */
	struct timespec	 t0;
	int		 pidfd[LEARN_MAXPROCS];	/* the processes seen */
	int		 npidfd, nseen;
	pid_t		 seenpid[LEARN_MAXPROCS], lastpid;
};

/* The calls that name a path: the argument that holds it, the one that
 * holds the directory it is relative to (-1: the working directory), and
 * what the call does to it. */
enum use { USE_LOOK, USE_WRITE, USE_ENTRY, USE_CREATE, USE_REMOVE, USE_OPEN,
    USE_SOCKET, USE_BIND };

static const struct pathcall {
	const char	*name;
	signed char	 path, dirfd, path2, dirfd2;
	unsigned char	 use;		/* of path; path2 is always USE_ENTRY */
	signed char	 flags;		/* open flags argument, -1 none, -2 open_how */
} pathcalls[] = {
	{ "open", 0, -1, -1, -1, USE_OPEN, 1 },
	{ "openat", 1, 0, -1, -1, USE_OPEN, 2 },
	{ "openat2", 1, 0, -1, -1, USE_OPEN, -2 },
	{ "creat", 0, -1, -1, -1, USE_CREATE, -1 },
	{ "stat", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "lstat", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "newfstatat", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "fstatat64", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "statx", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "statfs", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "access", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "faccessat", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "faccessat2", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "readlink", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "readlinkat", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "execve", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "execveat", 1, 0, -1, -1, USE_LOOK, -1 },
	{ "chdir", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "getxattr", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "lgetxattr", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "listxattr", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "llistxattr", 0, -1, -1, -1, USE_LOOK, -1 },
	{ "setxattr", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "lsetxattr", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "removexattr", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "lremovexattr", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "inotify_add_watch", 1, -1, -1, -1, USE_LOOK, -1 },
	{ "truncate", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "chmod", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "fchmodat", 1, 0, -1, -1, USE_WRITE, -1 },
	{ "fchmodat2", 1, 0, -1, -1, USE_WRITE, -1 },
	{ "chown", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "lchown", 0, -1, -1, -1, USE_WRITE, -1 },
	{ "fchownat", 1, 0, -1, -1, USE_WRITE, -1 },
	{ "utimensat", 1, 0, -1, -1, USE_WRITE, -1 },
	{ "mkdir", 0, -1, -1, -1, USE_ENTRY, -1 },
	{ "mkdirat", 1, 0, -1, -1, USE_ENTRY, -1 },
	{ "mknod", 0, -1, -1, -1, USE_ENTRY, -1 },
	{ "mknodat", 1, 0, -1, -1, USE_ENTRY, -1 },
	{ "rmdir", 0, -1, -1, -1, USE_REMOVE, -1 },
	{ "unlink", 0, -1, -1, -1, USE_REMOVE, -1 },
	{ "unlinkat", 1, 0, -1, -1, USE_REMOVE, -1 },
	{ "rename", 0, -1, 1, -1, USE_REMOVE, -1 },
	{ "renameat", 1, 0, 3, 2, USE_REMOVE, -1 },
	{ "renameat2", 1, 0, 3, 2, USE_REMOVE, -1 },
	{ "link", 0, -1, 1, -1, USE_LOOK, -1 },
	{ "linkat", 1, 0, 3, 2, USE_LOOK, -1 },
	{ "symlink", -1, -1, 1, -1, USE_LOOK, -1 },
	{ "symlinkat", -1, -1, 2, 1, USE_LOOK, -1 },
	{ "connect", 1, -1, -1, -1, USE_SOCKET, -1 },
	{ "bind", 1, -1, -1, -1, USE_BIND, -1 },
};

/* ---------------------------------------------------------------------
 * The service's side: a word to the learner, then the filter.
 */

/* Tell the learner (over sock, which passes our pid as the learner sees
 * it) that the filter comes next, then load it: every call from here on
 * waits for the learner, the execve first. */
int
learn_arm(int sock)
{
	scmp_filter_ctx ctx;

	if (send(sock, "L", 1, MSG_NOSIGNAL) != 1)
		return fail("learn: telling the learner");
	close(sock);
	if ((ctx = seccomp_init(SCMP_ACT_NOTIFY)) == NULL)
		return failx("learn: seccomp_init");
	if (seccomp_load(ctx) < 0)
		return failx("learn: loading the notifying filter (seccomp user "
		    "notification needs Linux 5.5 or later)");
	/* ctx is not released: what runs now waits for the learner, which
	 * records nothing before the execve anyway. */
	return 0;
}

/* ---------------------------------------------------------------------
 * The learner: reading a call.
 */

/* A NUL-terminated string at addr in pid's memory, at most size - 1
 * bytes, read a page at a time (a string may end just before an unmapped
 * page).  Returns its length, or -1. */
static ssize_t
read_string(pid_t pid, uint64_t addr, char *buf, size_t size)
{
	struct iovec local, remote;
	size_t got = 0, chunk;
	ssize_t n;
	char *nul;

	while (got < size - 1) {
		chunk = 4096 - ((addr + got) & 4095);
		if (chunk > size - 1 - got)
			chunk = size - 1 - got;
		local.iov_base = buf + got;
		local.iov_len = chunk;
		remote.iov_base = (void *)(uintptr_t)(addr + got);
		remote.iov_len = chunk;
		if ((n = process_vm_readv(pid, &local, 1, &remote, 1, 0)) <= 0)
			return -1;
		if ((nul = memchr(buf + got, '\0', (size_t)n)) != NULL)
			return nul - buf;
		got += (size_t)n;
	}
	return -1;	/* longer than a path may be */
}

/* The directory a relative path of tid's starts from (its working
 * directory, or the directory open at dirfd), as a path in the jail. */
static int
base_dir(const struct learner *l, pid_t tid, int dirfd, char *out, size_t size)
{
	char link[64], path[PATH_MAX];
	size_t n = strcmp(l->root, "/") ? strlen(l->root) : 0;
	ssize_t len;

	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof link, "%d/cwd", (int)tid);
	else
		snprintf(link, sizeof link, "%d/fd/%d", (int)tid, dirfd);
	if ((len = readlinkat(l->proc, link, path, sizeof path - 1)) <= 0)
		return -1;
	path[len] = '\0';
	/* Not a directory of the jail's (a descriptor passed in, a deleted
	 * directory): nothing to say about it. */
	if (path[0] != '/' || strncmp(path, l->root, n) ||
	    (path[n] != '/' && path[n] != '\0') || strstr(path, " (deleted)"))
		return -1;
	snprintf(out, size, "%s", path[n] ? path + n : "/");
	return 0;
}

/* path made absolute (from base) and lexically clean: no "//", no ".",
 * and ".." that never climbs above "/" (as in the jail, whose root is
 * its own parent).  out has PATH_MAX bytes. */
static int
clean_path(const char *base, const char *path, char *out)
{
	char all[2 * PATH_MAX + 2], *w, *save = NULL, *up;
	size_t n = 0, len;

	snprintf(all, sizeof all, "%s/%s", path[0] == '/' ? "" : base, path);
	out[0] = '\0';
	for (w = strtok_r(all, "/", &save); w; w = strtok_r(NULL, "/", &save)) {
		if (!strcmp(w, "."))
			continue;
		if (!strcmp(w, "..")) {
			if ((up = strrchr(out, '/')) != NULL)
				*up = '\0';
			n = strlen(out);
			continue;
		}
		len = strlen(w);
		if (n + len + 2 > PATH_MAX)
			return -1;
		out[n++] = '/';
		memcpy(out + n, w, len + 1);
		n += len;
	}
	if (n == 0)
		memcpy(out, "/", 2);
	return 0;
}

/* The kind of path in the jail (or on the host, at fd), not following a
 * final symlink: an O_PATH lookup that stays inside, and a stat; nothing
 * is opened for reading, no device or FIFO touched.  '-': none. */
static char
kind_in(int root, const char *path)
{
	struct stat st;
	int fd, r;

	if ((fd = jail_open_resolve(root, path, O_PATH | O_NOFOLLOW, 0)) == -1)
		return '-';
	r = fstat(fd, &st);
	close(fd);
	if (r == -1)
		return '-';
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:	return 'f';
	case S_IFDIR:	return 'd';
	case S_IFLNK:	return 'l';
	case S_IFCHR:	return 'c';
	case S_IFBLK:	return 'b';
	case S_IFSOCK:	return 's';
	default:	return 'p';
	}
}

/* What the jail has of runjail's, not of the service's: /proc, /sys, the
 * tmpfs, --dev's /dev, --passwd's files. */
static int
excluded(const struct opts *o, const char *path)
{
	int i;

	if (is_below(path, "/proc") || is_below(path, "/sys") ||
	    (o->dev && is_below(path, "/dev")) ||
	    (o->passwd && (!strcmp(path, "/etc/passwd") ||
	    !strcmp(path, "/etc/group"))))
		return 1;
	for (i = 0; i < o->nmounts; i++)
		if (o->mounts[i].kind == MOUNT_TMPFS &&
		    is_below(path, o->mounts[i].dst))
			return 1;
	return 0;
}

/* Record path (clean, in the jail) as used; use says how. */
static void
record(struct learner *l, const char *path, enum use use)
{
	char parent[PATH_MAX], *slash;
	struct seen *s;
	int added;

	if (excluded(l->p->o, path) ||
	    (s = paths_add(&l->paths, path, &added)) == NULL)
		return;
	if (!(s->flags & P_SEEN)) {	/* first use in this run */
		if (added || s->kind == '-')
			s->kind = kind_in(l->jail, path);
		s->flags |= P_SEEN;
	}
	/* O_CREAT makes an entry only where there was none, and writes it. */
	if (use == USE_CREATE && s->kind != '-')
		use = USE_WRITE;
	if (use == USE_WRITE || use == USE_CREATE)
		s->flags |= P_WROTE;
	if (use == USE_REMOVE)
		s->flags |= P_GONE;
	if ((use != USE_ENTRY && use != USE_CREATE && use != USE_REMOVE) ||
	    !strcmp(path, "/"))
		return;
	/* An entry made or removed (or tried): its directory was written. */
	snprintf(parent, sizeof parent, "%s", path);
	slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	record(l, parent, USE_WRITE);
}

/* The use an open makes of its path, from its flags. */
static enum use
open_use(const struct learner *l, const struct seccomp_notif *req,
    const struct pathcall *c)
{
	uint64_t flags = 0;
	struct iovec local = { &flags, sizeof flags }, remote;

	if (c->flags >= 0)
		flags = req->data.args[c->flags];
	else {
		remote.iov_base = (void *)(uintptr_t)req->data.args[2];
		remote.iov_len = sizeof flags;
		if (process_vm_readv(req->pid, &local, 1, &remote, 1, 0) !=
		    sizeof flags)
			return USE_LOOK;
	}
	(void)l;
	if (flags & O_CREAT)
		return USE_CREATE;
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) ?
	    USE_WRITE : USE_LOOK;
}

/* The path a call names in argument arg (dirfd: the argument of the
 * directory it is relative to, or -1), clean and in the jail.  A path in
 * a struct sockaddr_un for connect and bind; none for an abstract name. */
static int
call_path(const struct learner *l, const struct seccomp_notif *req, int arg,
    int dirfd, int sockaddr, char *out)
{
	char raw[PATH_MAX], base[PATH_MAX] = "/";
	struct sockaddr_un sun;
	struct iovec local = { &sun, sizeof sun }, remote;
	uint64_t a = req->data.args[arg];

	if (sockaddr) {	/* as much of it as its length says, no more */
		memset(&sun, 0, sizeof sun);
		remote.iov_base = (void *)(uintptr_t)a;
		remote.iov_len = req->data.args[arg + 1] < sizeof sun - 1 ?
		    req->data.args[arg + 1] : sizeof sun - 1;
		local.iov_len = remote.iov_len;
		if (remote.iov_len < sizeof(sa_family_t) + 2 ||
		    process_vm_readv(req->pid, &local, 1, &remote, 1, 0) !=
		    (ssize_t)remote.iov_len || sun.sun_family != AF_UNIX ||
		    sun.sun_path[0] == '\0')
			return -1;
		snprintf(raw, sizeof raw, "%s", sun.sun_path);
	} else if (a == 0 || read_string(req->pid, a, raw, sizeof raw) <= 0)
		return -1;
	if (raw[0] != '/' && base_dir(l, req->pid, dirfd == -1 ? AT_FDCWD :
	    (int)req->data.args[dirfd], base, sizeof base) == -1)
		return -1;
	return clean_path(base, raw, out);
}

/* A process (or thread) the learner has not seen yet: a pidfd kept for
 * it if it leads its thread group, to kill it at the end if it is still
 * there. */
static void
remember(struct learner *l, pid_t pid)
{
	int i, fd;

	l->lastpid = pid;
	for (i = 0; i < l->nseen; i++)
		if (l->seenpid[i] == pid)
			return;
	if (l->nseen < LEARN_MAXPROCS)
		l->seenpid[l->nseen++] = pid;
	if (l->npidfd < LEARN_MAXPROCS &&
	    (fd = (int)syscall(SYS_pidfd_open, pid, 0)) != -1)
		l->pidfd[l->npidfd++] = fd;
}

/* A TCP port an inet bind or connect names (AF_INET and AF_INET6 keep it
 * at the same place), for the Landlock rules learned; 0 if none. */
static unsigned short
call_port(const struct seccomp_notif *req)
{
	struct sockaddr_in sin;
	struct iovec local = { &sin, sizeof sin }, remote;

	remote.iov_base = (void *)(uintptr_t)req->data.args[1];
	remote.iov_len = sizeof sin;
	memset(&sin, 0, sizeof sin);
	if (req->data.args[2] < sizeof sin ||
	    process_vm_readv(req->pid, &local, 1, &remote, 1, 0) != sizeof sin ||
	    (sin.sin_family != AF_INET && sin.sin_family != AF_INET6))
		return 0;
	return ntohs(sin.sin_port);
}

/* One call of the command's: counted, and its paths recorded, if the
 * call is still waiting (its arguments were read while they meant it). */
static void
learn_call(struct learner *l, const struct seccomp_notif *req)
{
	char path[PATH_MAX], path2[PATH_MAX];
	const struct pathcall *c;
	int nr = req->data.nr, ok1, ok2;
	unsigned short port;
	enum use use;

	if ((pid_t)req->pid != l->lastpid)
		remember(l, (pid_t)req->pid);
	if (nr < 0 || nr >= LEARN_MAXNR)
		return;
	l->calls.count[nr]++;
	l->calls.total++;
	if (l->pathcall[nr] < 0)
		return;
	c = &pathcalls[l->pathcall[nr]];
	use = c->use == USE_OPEN ? open_use(l, req, c) :
	    c->use == USE_BIND ? USE_ENTRY : c->use == USE_SOCKET ? USE_LOOK :
	    (enum use)c->use;
	ok1 = c->path >= 0 && call_path(l, req, c->path, c->dirfd,
	    c->use >= USE_SOCKET, path) == 0;
	ok2 = c->path2 >= 0 && call_path(l, req, c->path2, c->dirfd2, 0,
	    path2) == 0;
	port = c->use >= USE_SOCKET ? call_port(req) : 0;
	/* Read while the call waited: the task might have been gone, and
	 * its memory someone else's. */
	if (seccomp_notify_id_valid(l->listener, req->id) != 0)
		return;
	if (port)
		add_port(c->use == USE_BIND ? &l->calls.bind : &l->calls.connect,
		    port);
	if (ok1)
		record(l, path, use);
	if (ok2)
		record(l, path2, USE_ENTRY);
}

/* ---------------------------------------------------------------------
 * The learner: getting hold of the service.
 */

/* The service's notification descriptor, copied from it (pidfd_getfd):
 * the one descriptor it has that is a seccomp listener, there as soon as
 * the filter is loaded.  Waited for a few seconds at most. */
static int
grab_listener(int proc, pid_t svc)
{
	char dir[64], what[64];
	struct dirent *e;
	int pidfd, tries, dfd, fd = -1;
	ssize_t n;
	DIR *d;

	if ((pidfd = (int)syscall(SYS_pidfd_open, svc, 0)) == -1)
		return fail("learn: pidfd_open");
	snprintf(dir, sizeof dir, "%d/fd", (int)svc);
	for (tries = 0; fd == -1 && tries < 5000; tries++) {
		if ((dfd = openat(proc, dir, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) == -1 || (d = fdopendir(dfd)) == NULL)
			return fail("learn: /proc/%s", dir);
		while (fd == -1 && (e = readdir(d)) != NULL) {
			if ((n = readlinkat(dfd, e->d_name, what,
			    sizeof what - 1)) > 0) {
				what[n] = '\0';
				if (!strcmp(what, "anon_inode:seccomp notify"))
					fd = (int)syscall(SYS_pidfd_getfd, pidfd,
					    (int)strtol(e->d_name, NULL, 10), 0);
			}
		}
		closedir(d);
		if (fd == -1)
			nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	close(pidfd);
	return fd == -1 ? failx("learn: the command's seccomp listener never "
	    "appeared") : fd;
}

/* The service said the filter comes next: join its mount namespace (to
 * see its jail as it does, mounts included), take its root, our own as
 * the host, and its listener; then drop what is no longer needed. */
static int
meet_service(struct learner *l)
{
	char buf[8], cbuf[CMSG_SPACE(sizeof(struct ucred))], path[64];
	struct iovec iov = { buf, sizeof buf };
	struct msghdr m = { NULL, 0, &iov, 1, cbuf, sizeof cbuf, 0 };
	struct cmsghdr *c;
	struct ucred cred;
	int ns;
	ssize_t n;

	if ((n = recvmsg(l->sock, &m, 0)) == 0)
		return 1;	/* the launch failed before the command */
	if (n != 1 || (c = CMSG_FIRSTHDR(&m)) == NULL ||
	    c->cmsg_type != SCM_CREDENTIALS)
		return failx("learn: no word from the command");
	memcpy(&cred, CMSG_DATA(c), sizeof cred);
	if ((l->svc = cred.pid) <= 0)
		return failx("learn: the command's pid is not known here");
	/* /proc and the host's root first: in the command's namespace our
	 * root is what covers its "/" (a union), whose /proc is empty. */
	snprintf(path, sizeof path, "%d/ns/mnt", (int)l->svc);
	if ((l->proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (l->host = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (ns = openat(l->proc, path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    setns(ns, CLONE_NEWNS) == -1)
		return fail("learn: joining the command's mount namespace");
	close(ns);
	snprintf(path, sizeof path, "%d/root", (int)l->svc);
	if ((n = readlinkat(l->proc, path, l->root, sizeof l->root - 1)) <= 0)
		return fail("learn: /proc/%s", path);
	l->root[n] = '\0';
	if ((l->jail = openat(l->proc, path, O_PATH | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return fail("learn: the command's root");
	if ((l->listener = grab_listener(l->proc, l->svc)) == -1)
		return -1;
	return drop_capabilities(1ULL << CAP_SYS_PTRACE |
	    1ULL << CAP_DAC_READ_SEARCH | 1ULL << CAP_KILL);
}

/* ---------------------------------------------------------------------
 * The learner: its loop, and its end.
 */

/* One notification: read, learned from once the command runs (its first
 * execve; runjail's own last calls before it are not the command's), and
 * let go on as it was. */
static int
take_call(struct learner *l, struct seccomp_notif *req,
    struct seccomp_notif_resp *resp)
{
	memset(req, 0, sizeof *req);
	if (seccomp_notify_receive(l->listener, req) != 0)
		return 0;	/* the task is gone: nothing to answer */
	if (!l->started && (pid_t)req->pid == l->svc && req->data.nr >= 0 &&
	    req->data.nr < LEARN_MAXNR && l->pathcall[req->data.nr] >= 0 &&
	    !strncmp(pathcalls[l->pathcall[req->data.nr]].name, "execve", 6))
		l->started = 1;
	if (l->started)
		learn_call(l, req);
	memset(resp, 0, sizeof *resp);
	resp->id = req->id;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (seccomp_notify_respond(l->listener, resp) != 0 &&
	    seccomp_notify_id_valid(l->listener, req->id) == 0)
		return failx("learn: this kernel cannot let a call go on "
		    "(SECCOMP_USER_NOTIF_FLAG_CONTINUE needs Linux 5.5)");
	return 0;
}

/* A signal for the learner: INT, TERM, HUP and QUIT go on to the
 * launch (and from there to the command); CHLD is the launch ending. */
static void
take_signal(struct learner *l)
{
	struct signalfd_siginfo si;

	if (read(l->sig, &si, sizeof si) != sizeof si)
		return;
	if (si.ssi_signo != SIGCHLD) {
		l->stopping = 1;
		if (!l->reaped)
			kill(l->child, (int)si.ssi_signo);
		return;
	}
	if (!l->reaped && waitpid(l->child, &l->status, WNOHANG) == l->child)
		l->reaped = 1;
}

/* Until the launch has ended and no process is left under the filter (or
 * it has ended and we were told to stop). */
static int
watch(struct learner *l)
{
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct pollfd pf[3];
	int r = 0;

	if (seccomp_notify_alloc(&req, &resp) != 0)
		return failx("learn: seccomp_notify_alloc");
	while (r == 0 && !(l->reaped && (l->listener == -1 || l->stopping))) {
		pf[0] = (struct pollfd){ l->sig, POLLIN, 0 };
		pf[1] = (struct pollfd){ l->sock, l->sock != -1 ? POLLIN : 0, 0 };
		pf[2] = (struct pollfd){ l->listener, POLLIN, 0 };
		if (poll(pf, 3, -1) == -1 && errno != EINTR)
			r = fail("learn: poll");
		else if (pf[0].revents)
			take_signal(l);
		else if (pf[1].revents) {
			r = meet_service(l) == -1 ? -1 : 0;
			close(l->sock);
			l->sock = -1;
		} else if (pf[2].revents & POLLIN)
			r = take_call(l, req, resp);
		else if (pf[2].revents) {	/* no process left under it */
			close(l->listener);
			l->listener = -1;
		}
	}
	seccomp_notify_free(req, resp);
	return r;
}

/* Each path's state at the end: made by the service, missing, on the
 * host. */
static void
settle(struct learner *l)
{
	struct seen *s;
	size_t i;

	for (i = 0; i < LEARN_MAXPATHS; i++) {
		s = &l->paths.tab[i];
		if (s->path == NULL || !(s->flags & P_SEEN))
			continue;	/* an earlier run's, as it was */
		if (s->kind == '-')	/* made (and maybe removed), or missing */
			s->flags |= kind_in(l->jail, s->path) != '-' ||
			    (s->flags & P_GONE) ? P_CREATED : P_MISSING;
		if (kind_in(l->host, s->path) != '-')
			s->flags |= P_HOST;
	}
}

static void
map_pathcalls(struct learner *l)
{
	size_t i;
	int nr;

	memset(l->pathcall, 0xff, sizeof l->pathcall);	/* -1 */
	for (i = 0; i < sizeof pathcalls / sizeof pathcalls[0]; i++)
		if ((nr = seccomp_syscall_resolve_name(pathcalls[i].name)) >= 0 &&
		    nr < LEARN_MAXNR)
			l->pathcall[nr] = (short)i;
}

/* Kill what is left under the filter: processes the command started
 * that outlived it (a daemon), which would otherwise go on with every
 * call failing.  Only those the learner saw (their pidfds, taken when
 * they first called): never a pid reused since. */
static void
kill_rest(struct learner *l)
{
	int i;

	for (i = 0; i < l->npidfd; i++) {
		syscall(SYS_pidfd_send_signal, l->pidfd[i], SIGKILL, NULL, 0);
		close(l->pidfd[i]);
	}
	l->npidfd = 0;
}

/* The learner, from the fork to its exit with the command's status (or
 * death by its signal).  Returns -1 if learning failed (the command is
 * killed then: it must not go on unwatched with calls waiting), for the
 * launch to report. */
static int
learner(struct learner *l, sigset_t *sigs)
{
	struct timespec t1;
	struct learnrun run;
	char command[256];
	int r;

	clock_gettime(CLOCK_MONOTONIC, &l->t0);
	map_pathcalls(l);
	r = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    (l->sig = signalfd(-1, sigs, SFD_CLOEXEC)) == -1 ?
	    fail("learn: setting up") : watch(l);
	kill_rest(l);
	if (r == -1) {
		kill(l->child, SIGKILL);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (l->started) {
		settle(l);
		snprintf(command, sizeof command, "%s", l->p->o->cmd[0]);
		sanitize(command);	/* it heads the files written */
		run.command = command;
		run.jail_only = !l->p->o->overlay;
		run.status = exit_code(l->status);
		run.seconds = (double)(t1.tv_sec - l->t0.tv_sec) +
		    (double)(t1.tv_nsec - l->t0.tv_nsec) / 1e9;
		if (learned_write(l->dir, &l->calls, &l->paths, &run) == -1)
			return -1;
	}
	end_as(l->status);
}

/* --learn DIR, opened as root: root's, writable only by root, and, unless
 * the jail is a union (whose writes never reach the directory under it),
 * not inside the jail: what the command can write must not be what the
 * next run merges and a later launch loads as its policy. */
static int
open_learn_dir(const struct plan *p)
{
	char dpath[PATH_MAX], rpath[PATH_MAX];
	int dir;

	if ((dir = open_root_dir(p->o->learn, "learn",
	    "the learn directory")) == -1)
		return -1;
	if (p->o->root && !p->o->overlay &&
	    real_path(dir, dpath, sizeof dpath) == 0 &&
	    realpath(p->o->root, rpath) && is_below(dpath, rpath)) {
		close(dir);
		return failx("learn %s: inside the jail, where the command "
		    "could write it", p->o->learn);
	}
	return dir;
}

/* --learn: fork; the parent becomes the learner and never returns, the
 * child goes on with the launch, with r->learn the socket to say "the
 * filter comes next" on.  Before the namespaces: the learner stays
 * outside them (it joins the mount namespace later, to look into the
 * jail). */
static void
free_learner(struct learner *l)
{
	size_t i;

	for (i = 0; l->paths.tab && i < LEARN_MAXPATHS; i++)
		free(l->paths.tab[i].path);
	free(l->paths.tab);
	free(l);
}

/* The learner's state, with an earlier run's results taken in, or NULL.
 * The directory is checked and read before anything runs: a bad one
 * costs nothing. */
static struct learner *
new_learner(const struct plan *p)
{
	struct learner *l;

	if ((l = calloc(1, sizeof *l)) == NULL ||
	    (l->paths.tab = calloc(LEARN_MAXPATHS, sizeof *l->paths.tab)) == NULL) {
		free(l);
		fail("learn");
		return NULL;
	}
	l->p = p;
	l->listener = l->jail = l->host = l->proc = -1;
	if ((l->dir = open_learn_dir(p)) == -1 ||
	    learned_merge(l->dir, &l->calls, &l->paths) == -1) {
		free_learner(l);
		return NULL;
	}
	return l;
}

int
fork_learner(const struct plan *p, struct run *r)
{
	struct learner *l;
	sigset_t sigs, old;
	int sv[2], one = 1;

	if ((l = new_learner(p)) == NULL)
		return -1;
	/* SO_PASSCRED before the child can send: the kernel then gives its
	 * pid, as seen here, with what it sends. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1 ||
	    setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one) == -1) {
		free_learner(l);
		return fail("learn: socketpair");
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGQUIT);
	sigaddset(&sigs, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &sigs, &old) == -1 || (l->child = fork()) == -1) {
		free_learner(l);
		return fail("fork (--learn)");
	}
	if (l->child == 0) {
		close(sv[0]);
		close(l->dir);
		free_learner(l);
		r->learn = sv[1];
		return sigprocmask(SIG_SETMASK, &old, NULL) == -1 ?
		    fail("sigprocmask") : 0;
	}
	close(sv[1]);
	if (p->o->ready_fd)
		close(p->o->ready_fd);	/* the supervisor's alone */
	l->sock = sv[0];
	return learner(l, &sigs);
}
