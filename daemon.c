/*
 * daemon.c: the daemon side of a launch, all on the host, before the
 * chroot, as root, so that the service can neither reach nor tamper with
 * it: the pidfile (claimed, written under a temporary name, renamed into
 * place, locked for as long as the service runs, removed if the launch
 * fails), the process that watches the launch (-b, --pidfile), and the
 * output files.  Step 6 of runjail(8)'s Order of operations.
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runjail.h"

/* The write end of the watcher's pipe, or -1 without a watcher.  Global:
 * die() must reach it from wherever a step fails. */
static int	 status_fd = -1;

static struct {
	int	 dirfd, oldfd, wfd, lockfd;
	const char *path, *name;
	char	 tmp[NAME_MAX + 1];
	struct stat st;		/* the file we created and locked */
} pf = { -1, -1, -1, -1, NULL, NULL, "", { 0 } };

/* Claim the pidfile: refuse if a live service holds its lock, and prepare
 * a new one under a temporary name, locked, to be renamed over it once
 * the pid is known (so that a reader never sees a half-written file). The
 * lock is held through a read-only descriptor the service inherits: the
 * lock lives as long as the service, and the service cannot write the
 * file through it. */
int
pidfile_prepare(const char *path)
{
	char dir[PATH_MAX], *slash, buf[32];
	struct stat b;
	ssize_t n;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return failx("pidfile %s: path too long", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	pf.path = path;
	pf.name = path + (slash - dir) + 1;
	if (pf.name[0] == '\0' || strlen(pf.name) > NAME_MAX - 16)
		return failx("pidfile %s: not a file name", path);
	if ((pf.dirfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return fail("pidfile %s", path);
	pf.oldfd = openat(pf.dirfd, pf.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (pf.oldfd == -1 && errno != ENOENT)
		return fail("pidfile %s", path);
	if (pf.oldfd != -1 && (fstat(pf.oldfd, &b) == -1 || !S_ISREG(b.st_mode)))
		return failx("pidfile %s: not a regular file", path);
	if (pf.oldfd != -1 && flock(pf.oldfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK)
			return fail("pidfile %s: lock", path);
		n = read(pf.oldfd, buf, sizeof buf - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		return failx("pidfile %s: locked by pid %s: already running", path,
		    buf[0] ? buf : "?");
	}
	snprintf(pf.tmp, sizeof pf.tmp, ".%s.%d", pf.name, (int)getpid());
	pf.wfd = openat(pf.dirfd, pf.tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (pf.wfd == -1)
		return fail("pidfile %s", path);
	if (fstat(pf.wfd, &pf.st) == -1) {
		fail("pidfile %s", path);
		unlinkat(pf.dirfd, pf.tmp, 0);
		return -1;
	}
	/* The read-only descriptor is opened by name: it must be the very
	 * file just created, not one swapped in by whoever can write the
	 * directory. */
	if ((pf.lockfd = openat(pf.dirfd, pf.tmp, O_RDONLY | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC)) == -1 || fstat(pf.lockfd, &b) == -1 ||
	    b.st_dev != pf.st.st_dev || b.st_ino != pf.st.st_ino ||
	    flock(pf.lockfd, LOCK_EX | LOCK_NB) == -1) {
		fail("pidfile %s: lock", path);
		pidfile_remove();
		return -1;
	}
	return 0;
}

/* Called by the process that will exec the command, with its own pid:
 * whatever fails after this, the file names the right process. */
static int
pidfile_commit(void)
{
	if (dprintf(pf.wfd, "%d\n", (int)getpid()) < 0 || fsync(pf.wfd) == -1 ||
	    renameat(pf.dirfd, pf.tmp, pf.dirfd, pf.name) == -1)
		return fail("pidfile %s: write", pf.path);
	close(pf.wfd);
	if (pf.oldfd != -1)
		close(pf.oldfd);	/* the stale file's lock */
	return 0;
}

/* Remove our pidfile, and only ours: the temporary name if it is still
 * there, the final name if it is the very file we locked, not one someone
 * put there since.  Any process of ours may call it, whoever committed. */
void
pidfile_remove(void)
{
	struct stat b;

	if (pf.dirfd == -1)
		return;
	if (fstatat(pf.dirfd, pf.tmp, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	    pf.st.st_dev == b.st_dev && pf.st.st_ino == b.st_ino)
		unlinkat(pf.dirfd, pf.tmp, 0);
	if (fstatat(pf.dirfd, pf.name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	    pf.st.st_dev == b.st_dev && pf.st.st_ino == b.st_ino)
		unlinkat(pf.dirfd, pf.name, 0);
}

/* The process that does not go on to exec: it waits for end of file on a
 * close-on-exec pipe, and reads what came before it.  The other process
 * writes 0 just before execve, and die() a failure status after it, so:
 * 0 last, and end of file: the command runs (exit 0); a status last:
 * setup failed; nothing at all: the other process died (a signal) before
 * the exec.  On failure the pidfile is removed.  Returns the exit status. */
static int
watch_exec(int rfd)
{
	unsigned char st, last = EXIT_FAILED;
	int got = 0;
	ssize_t n;

	while ((n = read(rfd, &st, 1)) != 0)
		if (n == 1) {
			last = st;
			got = 1;
		} else if (errno != EINTR)
			break;
	if (!got)
		dprintf(STDERR_FILENO, "runjail: the launch ended before the "
		    "command started (killed by a signal?)\n");
	if (last != 0)
		pidfile_remove();
	return last;
}

/* A wait status as an exit code, a shell's: 128+N for a death by
 * signal N. */
int
exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : EXIT_FAILED;
}

/* End as the service did: its exit code, or death by its signal (a
 * service manager tells a TERM that stopped it from a failure). */
void __attribute__((noreturn))
end_as(int st)
{
	sigset_t none;

	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		raise(WTERMSIG(st));
	}
	_exit(exit_code(st));
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* Stop the command that never got ready: TERM to its supervisor (passed
 * on), KILL after kill_after seconds more (the namespace dies with the
 * supervisor), and wait for it: the pidfile goes only once it is gone. */
static void
stop_child(pid_t child, int kill_after)
{
	long end = now_ms() + (kill_after + 1) * 1000L;
	struct timespec tick = { 0, 100000000 };

	kill(child, SIGTERM);
	while (waitpid(child, NULL, WNOHANG) == 0) {
		if (now_ms() >= end) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			return;
		}
		nanosleep(&tick, NULL);
	}
}

/* -b --wait-ready, once the command runs: wait at most seconds for it to
 * report ready (rfd, the supervisor's 'R', with --notify) or to exit
 * (child: the command itself, or its supervisor with --pid-ns).  Ready:
 * 0.  Exited first: its status, and the pidfile removed.  Time up: with
 * --notify the command is stopped (TERM) and the launch failed; without,
 * it lived that long: 0. */
static int
watch_ready(pid_t child, int rfd, int seconds, int kill_after)
{
	long end = now_ms() + seconds * 1000L;
	struct pollfd pfd = { rfd, POLLIN, 0 };
	int st, notify = rfd != -1;
	char c;

	for (;;) {
		if (poll(&pfd, rfd != -1, 100) == 1) {
			if (read(rfd, &c, 1) == 1 && c == 'R')
				return 0;
			pfd.fd = rfd = -1;	/* its end: see waitpid */
		}
		if (waitpid(child, &st, WNOHANG) == child) {
			pidfile_remove();
			dprintf(STDERR_FILENO, "runjail: the command exited with "
			    "status %d before it was ready\n", exit_code(st));
			return exit_code(st) ? exit_code(st) : EXIT_FAILED;
		}
		if (now_ms() < end)
			continue;
		if (!notify)
			return 0;	/* it lived long enough */
		stop_child(child, kill_after);
		pidfile_remove();
		dprintf(STDERR_FILENO, "runjail: the command did not report ready "
		    "within %d seconds; stopped\n", seconds);
		return EXIT_FAILED;
	}
}

/*
 * -b: the parent waits for the child to exec and exits 0, or with the
 * child's status if setup failed (the child printed why); with
 * --wait-ready, it then waits for the command to be ready.  Without -b
 * but with a pidfile: this process goes on to exec, and a detached
 * grandchild stays root only to remove the pidfile if that fails.
 */
int
fork_watcher(const struct plan *pl, struct run *r)
{
	const struct opts *o = pl->o;
	int background = o->background, pidfile = o->pidfile != NULL;
	int p[2], rp[2] = { -1, -1 }, st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1 ||
	    (o->notify && o->wait_ready && pipe2(rp, O_CLOEXEC) == -1))
		return fail("pipe");
	if ((pid = fork()) == -1)
		return fail("fork");
	if (o->ready_fd && (pid > 0) == background)
		close(o->ready_fd);	/* a watcher: the supervisor's alone */
	if (background && pid > 0) {
		close(p[1]);
		if (rp[1] != -1)
			close(rp[1]);
		if ((st = watch_exec(p[0])) != 0 || !o->wait_ready)
			_exit(st);
		_exit(watch_ready(pid, rp[0], o->wait_ready, o->kill_after));
	}
	if (rp[0] != -1)
		close(rp[0]);
	r->ready = rp[1];
	if (!background && pid == 0) {
		/* Detach: the command must not inherit a child to reap. */
		if ((pid = fork()) != 0)
			_exit(pid == -1 ? EXIT_FAILED : 0);
		close(p[1]);
		if (pf.lockfd != -1)
			close(pf.lockfd);
		watch_exec(p[0]);
		_exit(0);
	}
	/* No watcher, no going on: a later failure would leave the pidfile
	 * with nobody to remove it. */
	if (!background && (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0))
		return failx("fork: cannot start the process that watches the launch");
	close(p[0]);
	status_fd = p[1];
	if (pidfile && pidfile_commit() == -1)
		return -1;
	if (background) {
		/* A service of its own: no controlling terminal (so no
		 * TIOCSTI into the caller's), nothing read from it. */
		if (setsid() == -1)
			return fail("setsid");
		if (dup2(open("/dev/null", O_RDONLY | O_CLOEXEC), 0) == -1)
			return fail("/dev/null");
	}
	return 0;
}

/* An output file: appended to, created 0640 if missing.  Whoever can
 * write its directory (often the service) may have put something else
 * there: no symlink is followed, a FIFO or a device is refused instead of
 * blocking us as root, and so is a file with other hard links (it could
 * be any file of the same file system, /etc/shadow included). */
int
open_output(const char *path)
{
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC, 0640);
	if (fd == -1 && errno == ENXIO)	/* a FIFO with no reader, a device */
		return failx("%s: not a regular file", path);
	if (fd == -1)
		return fail("%s", path);
	if (fstat(fd, &st) == -1)
		return fail("%s", path);
	if (!S_ISREG(st.st_mode))
		return failx("%s: not a regular file", path);
	if (st.st_nlink > 1)
		return failx("%s: has other links; refusing to append to it", path);
	if (fcntl(fd, F_SETFL, O_APPEND) == -1)
		return fail("%s", path);
	return fd;
}

/* Tell the watcher a status, if there is one; best effort (die() calls
 * it first thing, under a seccomp filter that may deny what follows). */
void
watcher_tell(unsigned char st)
{
	if (status_fd != -1)
		(void)!write(status_fd, &st, 1);
}

/* A process that will never exec the command (the supervisor and the
 * init of --pid-ns) lets go of the watcher's pipe: the watcher waits for
 * its end. */
void
watcher_detach(void)
{
	if (status_fd != -1)
		close(status_fd);
	status_fd = -1;
}

/* Step 15: the command is next.  Written while write is surely allowed. */
int
watcher_exec_next(void)
{
	const unsigned char execing = 0;

	if (status_fd != -1 && write(status_fd, &execing, 1) != 1)
		return fail("telling the watcher");
	return 0;
}

/* die(), last: without a watcher, the pidfile is ours to remove (we are
 * still root). */
void
daemon_failed(void)
{
	if (status_fd == -1)
		pidfile_remove();
}

/* The pidfile's lock descriptor, or -1: the supervisor of --pid-ns holds
 * it too. */
int
pidfile_lock(void)
{
	return pf.lockfd;
}

/* Step 14: the pidfile's lock is the one descriptor the command keeps. */
int
pidfile_inherit(void)
{
	if (pf.lockfd != -1 && fcntl(pf.lockfd, F_SETFD, 0) == -1)
		return fail("pidfile lock");
	return 0;
}
