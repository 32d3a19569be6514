/* elf.h: a small, defensive reader of the ELF facts runjail needs.
 *
 * Everything here reads files that live inside a jail, i.e. files the jailed
 * service (or whoever built the jail) may control.  Nothing is trusted: every
 * offset, size and count is checked against the buffer before use.
 */
#ifndef RUNJAIL_ELF_H
#define RUNJAIL_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAXNEEDED 256	/* DT_NEEDED entries kept per object */

struct elfinfo {
	int	 bits;			/* 32 or 64 */
	int	 machine;		/* e_machine */
	char	*interp;		/* PT_INTERP, or NULL (static or not an executable) */
	char	*rpath;			/* DT_RPATH, or NULL */
	char	*runpath;		/* DT_RUNPATH, or NULL */
	char	*needed[ELF_MAXNEEDED];	/* DT_NEEDED names */
	size_t	 nneeded;
};

/* Parse an ELF image held in memory.  Returns 0 on success, -1 if the buffer
 * is not an ELF file at all, -2 if it is ELF but malformed (msg says why).
 * Strings in *ei are malloc'ed copies; release them with elf_free(). */
int	elf_parse(const unsigned char *buf, size_t len, struct elfinfo *ei,
	    char *msg, size_t msglen);
void	elf_free(struct elfinfo *ei);

/* Read the script interpreter of a "#!" file held in memory into out
 * (NUL-terminated, at most outlen-1 bytes).  Returns 0 if buf starts with
 * "#!" and names an interpreter, -1 otherwise. */
int	shebang_parse(const unsigned char *buf, size_t len, char *out, size_t outlen);

/* Dependency resolution of PATH inside the jail at rootfd, as the dynamic
 * loader would do it: PT_INTERP, DT_NEEDED recursively, DT_RPATH (when no
 * DT_RUNPATH), DT_RUNPATH, $ORIGIN/$LIB/$PLATFORM expansion, the jail's
 * /etc/ld.so.cache, then the default directories; "#!" interpreters too.
 * report() is called once per problem found, with the object that needs the
 * thing, what is missing and a short reason, e.g.
 *   ("/bin/caddy", "/lib64/ld-linux-x86-64.so.2", "ELF interpreter missing")
 *   ("/usr/lib/x86_64-linux-gnu/libssl.so.3", "libcrypto.so.3", "library not found")
 * rootfd may be AT_FDCWD, as for elf_missing_interp().
 * Returns the number of problems found, or -1 if PATH itself cannot be read
 * (errno set). */
typedef void (*elf_report_fn)(void *arg, const char *object, const char *missing,
    const char *why);
int	elf_check_deps(int rootfd, const char *path, elf_report_fn report, void *arg);

/* Why an execve of PATH could fail with ENOENT although PATH is there:
 * follow its "#!" interpreters (as many levels as the kernel, 5) to the
 * ELF file the kernel would run and check that its PT_INTERP exists, by
 * the same chase elf_check_deps starts with.  Files are opened in the jail
 * at rootfd; with AT_FDCWD, in the caller's own root and working directory
 * (see jail_open: a process inside the chroot, perhaps under a seccomp
 * filter without openat2).  Only the first 16 KiB of a file is read, all of
 * it (up to 256 MiB) only in the odd ELF file whose program headers or
 * PT_INTERP lie further, or that is malformed there.
 * Returns
 *    1  an interpreter is missing (ENOENT or ENOTDIR when opened): object
 *       gets the file that names it, missing the interpreter's path (each
 *       NUL-terminated, cut to objlen-1 and misslen-1 bytes);
 *    0  none is missing: every interpreter is there, or the chase stopped
 *       short of an answer (an interpreter there but unreadable or not a
 *       regular file, too many "#!" levels, a malformed ELF file, neither
 *       ELF nor script);
 *   -1  PATH itself cannot be opened or read, errno set: ENOENT or ENOTDIR
 *       if it is not there, EINVAL if it is not a regular file (a FIFO is
 *       never waited on), ENAMETOOLONG if PATH_MAX bytes or more. */
int	elf_missing_interp(int rootfd, const char *path, char *object,
	    size_t objlen, char *missing, size_t misslen);

/* Look NAME up in an ld.so.cache image held in memory (new format, or
 * ldconfig's old and compat formats), taking only the entries for objects
 * of the given class (32 or 64) and e_machine.  On success the library's
 * path is copied to out (NUL-terminated) and 0 returned; -1 if not found,
 * -2 if the buffer is not a cache. */
int	ldcache_lookup(const unsigned char *buf, size_t len, const char *name,
	    int bits, int machine, char *out, size_t outlen);

#endif
