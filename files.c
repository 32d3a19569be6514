/*
 * files.c: opening and reading files runjail does not trust.  See files.h.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"

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

