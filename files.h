/* files.h: opening and reading files runjail does not trust: below a jail
 * root without leaving it, whole into memory with a bound, and as the
 * caller, and the ownership rule on a directory and its parents.  No
 * launcher state and no error reporting of its own (-1 and errno): elf.c
 * and the unit tests link it alone. */
#ifndef RUNJAIL_FILES_H
#define RUNJAIL_FILES_H

#include <stddef.h>
#include <stdint.h>

/* Open PATH as seen from inside the jail whose root directory is rootfd:
 * absolute symlinks and ".." resolve inside the jail, never outside it
 * (openat2 RESOLVE_IN_ROOT, RESOLVE_NO_MAGICLINKS).  flags are open(2)
 * flags; O_CLOEXEC is added, and unless O_PATH, O_NONBLOCK and O_NOCTTY;
 * unless O_PATH or O_DIRECTORY, anything but a regular file is refused with
 * EINVAL.  Returns an fd or -1 with errno set.
 *
 * rootfd AT_FDCWD: the caller is inside the jail already (chroot'ed): PATH
 * is opened with a plain openat(AT_FDCWD), absolute from the process's root
 * and relative from its working directory, as execve would find it, for a
 * process whose seccomp filter may deny openat2.  No RESOLVE_* protection
 * then (magic links are followed, O_NOFOLLOW is not added): the process's
 * own root and credentials are the confinement.  The flags and the
 * regular-file check are as above. */
int	jail_open(int rootfd, const char *path, int flags);
/* The same with more openat2 RESOLVE_* flags, e.g. RESOLVE_NO_SYMLINKS;
 * with rootfd AT_FDCWD, a non-zero resolve is refused (EINVAL), since
 * openat cannot honour it. */
int	jail_open_resolve(int rootfd, const char *path, int flags,
	    uint64_t resolve);

/* The whole file at fd, at most max bytes of it, in a malloc'ed buffer of
 * which *lenp bytes are used (read max + 1 to see that a file is too
 * large); one byte more is allocated, for a text's terminating NUL.
 * Returns NULL with errno set on a read error. */
unsigned char *read_fd(int fd, size_t max, size_t *lenp);

/* Open PATH with the caller's full credentials (uid, gid, groups) and
 * nothing more, in a child process; O_NONBLOCK, no /proc magic links on
 * the way.  Returns a descriptor, or -1 with errno set. */
struct caller;
int	open_as_caller(const struct caller *, const char *path, int flags);
/* The same relative to dirfd, with more openat2 RESOLVE_* flags. */
int	open_as_caller_at(const struct caller *, int dirfd, const char *path,
	    int flags, uint64_t resolve);

/* The ownership rule of OpenSSH's ChrootDirectory on the directory at fd
 * and every directory above it, up to this process's "/" (by device,
 * inode and mount).  Each problem goes to report(arg, dir, why).
 * Returns the number of problems, or -1 with errno set. */
typedef void (*chain_report_fn)(void *arg, const char *dir, const char *why);
int	check_root_chain(int fd, chain_report_fn report, void *arg);

/* Control characters in s made '?', in place. */
void	sanitize(char *s);

#endif
