/*
 * files.c: opening and reading files runjail does not trust.  See files.h.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <linux/openat2.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "files.h"
#include "runjail.h"

/* Control characters from untrusted text (a name, a path, a profile's or
 * a policy's line) made '?': a message is one line, and a terminal sees
 * no escape sequence.  The one sanitizer of runjail's messages. */
void
sanitize(char *s)
{
	unsigned char *p;

	for (p = (unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

int
jail_open_resolve(int rootfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how;
	struct stat st;
	int fd;

	/* What is opened to be read must be a regular file: a FIFO or a
	 * device planted in the jail must not block us (O_NONBLOCK) nor be
	 * read (EINVAL). */
	memset(&how, 0, sizeof how);
	how.flags = (unsigned int)(flags | O_CLOEXEC);
	if (!(flags & O_PATH))
		how.flags |= O_NONBLOCK | O_NOCTTY;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | resolve;
	/* Already inside the jail (chroot'ed, as the target user, maybe
	 * under a seccomp filter that denies openat2): the process's own
	 * root confines the lookup, a plain openat does.  Extra RESOLVE_*
	 * flags cannot be honoured that way: refused, not dropped. */
	if (rootfd == AT_FDCWD && resolve != 0) {
		errno = EINVAL;
		return -1;
	}
	if (rootfd == AT_FDCWD)
		fd = openat(AT_FDCWD, path, (int)how.flags);
	else
		fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
	if (fd == -1 || (flags & (O_PATH | O_DIRECTORY)))
		return fd;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int
jail_open(int rootfd, const char *path, int flags)
{
	return jail_open_resolve(rootfd, path, flags, 0);
}

unsigned char *
read_fd(int fd, size_t max, size_t *lenp)
{
	unsigned char *buf = NULL, *nb;
	size_t len = 0, cap = 0, want = 65536;
	struct stat st;
	ssize_t n;

	/* Size the buffer from st_size, plus a byte to see EOF without
	 * growing, but trust nothing: the file may change under us. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (uint64_t)st.st_size < max)
		want = (size_t)st.st_size + 1;
	for (;;) {
		if (len == cap && cap < max) {
			want = cap == 0 ? want : cap > max / 2 ? max : cap * 2;
			cap = want < max ? want : max;
			if ((nb = realloc(buf, cap + 1)) == NULL)
				break;
			buf = nb;
		}
		if (len == cap || (n = read(fd, buf + len, cap - len)) == 0) {
			*lenp = len;
			return buf != NULL ? buf : calloc(1, 1);
		}
		if (n > 0)
			len += (size_t)n;
		else if (errno != EINTR)
			break;
	}
	free(buf);	/* keeps errno, since glibc 2.33 */
	return NULL;
}


/* The rule OpenSSH applies to ChrootDirectory: the root and every directory
 * above it owned by root and not writable by group or other; otherwise
 * whoever may write there can swap the jail for a tree of their own.  The
 * walk goes up from the opened directory through "..", so what is checked
 * is the directory that will be chrooted into, whatever path led there.
 * Returns the number of problems, each passed to report(), or -1 with
 * errno set if the walk itself failed. */
/* A directory's identity: device and inode, and the mount it is seen
 * through.  The same directory of the same file system reached through
 * another mount namespace (/proc/PID/root) or another bind mount is not
 * the same place: only the mount tells them apart. */
static int
identity(int fd, const char *path, struct stat *st, uint64_t *mnt)
{
	struct statx sx;

	if (fstatat(fd, path, st, AT_EMPTY_PATH) == -1 ||
	    statx(fd, path, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_MNT_ID, &sx) == -1)
		return -1;
	if (!(sx.stx_mask & STATX_MNT_ID)) {
		errno = ENOSYS;	/* the kernel reports no mount id */
		return -1;
	}
	*mnt = sx.stx_mnt_id;
	return 0;
}

int
check_root_chain(int rootfd, chain_report_fn report, void *arg)
{
	struct stat st, top;
	uint64_t mnt, topmnt;
	char link[64], dir[PATH_MAX];
	int fd, up, n = 0, depth, reached = 0, err;
	ssize_t len;

	if (identity(AT_FDCWD, "/", &top, &topmnt) == -1 ||
	    (fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0)) == -1)
		return -1;
	for (depth = 0; depth < 4096; depth++) {
		if (identity(fd, "", &st, &mnt) == -1)
			break;
		if (st.st_uid != 0 || (st.st_mode & 022)) {
			snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
			len = readlink(link, dir, sizeof dir - 1);
			if (len < 0)
				len = snprintf(dir, sizeof dir, "%s", "(a parent of the root)");
			dir[len] = '\0';
			report(arg, dir, st.st_uid != 0 ? "not owned by root" :
			    "writable by group or other");
			n++;
		}
		if (st.st_dev == top.st_dev && st.st_ino == top.st_ino &&
		    mnt == topmnt) {
			reached = 1;
			break;
		}
		if ((up = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
			break;
		close(fd);
		fd = up;
	}
	err = errno;
	close(fd);
	if (depth < 4096 && !reached) {
		errno = err;	/* from identity() or openat() */
		return -1;
	}
	/* A directory from which ".." never leads to our "/" is in another
	 * mount namespace or under another root (/proc/PID/root/...). */
	if (!reached) {
		report(arg, "(the jail root)", "not below this process's root "
		    "directory");
		n++;
	}
	return n;
}

/* In the child of open_as_caller(): become the caller entirely, open,
 * and send the descriptor (or the errno) back over the socket. */
static void __attribute__((noreturn))
caller_opens(const struct caller *c, int sock, int dirfd, const char *path,
    int flags, uint64_t resolve)
{
	struct open_how how = { 0 };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	struct stat st;
	int fd, err = 0;

	/* The caller's uid, gid and groups, all of them: with a uid other
	 * than 0 in every slot the kernel clears every capability, so no
	 * CAP_DAC_* or CAP_SYS_PTRACE is left to open what the caller could
	 * not (a changed fsuid alone keeps them). */
	if (setgroups(c->ngroups, c->groups) == -1 ||
	    setresgid(c->gid, c->gid, c->gid) == -1 ||
	    setresuid(c->uid, c->uid, c->uid) == -1 ||
	    (c->uid != 0 && setuid(0) != -1))
		_exit(EXIT_FAILED);
	/* No /proc/PID/root, cwd or fd/N on the way: they lead into other
	 * mount namespaces and roots.  O_NONBLOCK: a FIFO cannot hang us. */
	how.flags = (uint64_t)(flags | O_CLOEXEC |
	    (flags & O_PATH ? 0 : O_NONBLOCK | O_NOCTTY));	/* openat2 refuses them with O_PATH */
	how.resolve = RESOLVE_NO_MAGICLINKS | resolve;
	fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
	if (fd == -1)
		err = errno;
	/* O_NOFOLLOW|O_DIRECTORY says ENOTDIR for a final symbolic link:
	 * tell the parent it was one (it may not look as root itself). */
	if (fd == -1 && (err == ENOTDIR || err == ELOOP) && dirfd == AT_FDCWD &&
	    lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		err = ELOOP;
	iov.iov_base = &err;
	iov.iov_len = sizeof err;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd != -1) {
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof u.buf;
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	}
	_exit(sendmsg(sock, &mh, 0) == (ssize_t)sizeof err ? 0 : EXIT_FAILED);
}

/* Open a file the caller named, with the caller's full credentials and
 * nothing else: in a child that is the caller, whose descriptor comes
 * back to us.  So runjail never opens, as root, a file the caller could
 * not open themselves.  Returns the descriptor, or -1 with errno set
 * (EIO: the child failed, or was stopped for CALLER_OPEN_TIMEOUT). */
int
open_as_caller(const struct caller *c, const char *path, int flags)
{
	return open_as_caller_at(c, AT_FDCWD, path, flags, 0);
}

int
open_as_caller_at(const struct caller *c, int dirfd, const char *path,
    int flags, uint64_t resolve)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	struct timeval tmo = { CALLER_OPEN_TIMEOUT, 0 };
	int sv[2], err = EIO, fd = -1, st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return -1;
	/* The child is the caller's to stop: never wait for it forever. */
	if (setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof tmo) == -1 ||
	    (pid = fork()) == -1) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		caller_opens(c, sv[1], dirfd, path, flags, resolve);
	}
	close(sv[1]);
	iov.iov_base = &err;
	iov.iov_len = sizeof err;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	if (recvmsg(sv[0], &mh, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof err)
		kill(pid, SIGKILL);	/* stopped, and timed out */
	else if ((cm = CMSG_FIRSTHDR(&mh)) != NULL && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	close(sv[0]);
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (fd != -1)
			close(fd);
		errno = EIO;
		return -1;
	}
	if (fd == -1)
		errno = err ? err : EIO;
	return fd;
}

