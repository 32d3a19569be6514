/*
 * init.c: the processes a PID namespace (--pid-ns) needs besides the
 * service.
 *
 *  - The supervisor stays outside the namespace: its host pid is the one
 *    the pidfile and the service manager know.  Once it has forked the
 *    namespace's first process it gives up everything (the target's ids,
 *    no capability, no_new_privs, not dumpable) and only waits: signals
 *    sent to it are passed on, and it exits with the status of what it
 *    waits for.  If it is killed, the namespace dies with it.
 *  - The init is pid 1 in the namespace, in the jail, as the target user
 *    with no capability.  It forks the service (pid 2), passes on the
 *    signals it is sent, reaps every orphan, and when the service exits
 *    stops the rest (TERM, then KILL after --kill-after seconds) and exits
 *    with the service's status: its exit code, or 128+N for a death by
 *    signal N, as a shell reports it.  When it exits, the kernel kills
 *    whatever is left in the namespace.
 *
 * Only signals sent by a process (kill, sigqueue) are passed on: those a
 * terminal sends (^C, ^Z, a window change) reach every process of the
 * foreground group, the service included, by themselves.
 */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "runjail.h"

/* What a service manager or an admin sends a service. */
static const int forwarded[] = { SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1,
	SIGUSR2, SIGWINCH };

static int
is_forwarded(const siginfo_t *si)
{
	size_t i;

	if (si->si_code > 0)	/* the kernel's: a terminal, a timer */
		return 0;
	for (i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		if (si->si_signo == forwarded[i])
			return 1;
	return 0;
}

/* A wait status as an exit code: a shell's. */
static int
exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : EXIT_FAILED;
}

/* The supervisor's life: wait for the namespace's first process, pass
 * signals on to it, exit with its status.  Signals are all blocked (since
 * step 1) and taken one by one. */
static void __attribute__((noreturn))
supervise(pid_t child)
{
	sigset_t all;
	siginfo_t si;
	pid_t pid;
	int st;

	sigfillset(&all);
	for (;;) {
		if (sigwaitinfo(&all, &si) == -1)
			continue;
		if (is_forwarded(&si))
			kill(child, si.si_signo);
		while ((pid = waitpid(child, &st, WNOHANG)) == -1 && errno == EINTR)
			;
		if (pid == child)
			_exit(exit_code(st));
	}
}

/* Standard input, output and error on /dev/null (the host's, or none in
 * a jail without one): a process that prints nothing must not keep the
 * caller's pipe or terminal open after the command let go of it. */
static void
let_go_of_stdio(void)
{
	int fd, null = open("/dev/null", O_RDWR | O_CLOEXEC);

	for (fd = 0; fd < 3; fd++)
		if (null == -1 || dup2(null, fd) == -1)
			close(fd);
	if (null > 2)
		close(null);
}

/* The supervisor keeps nothing the service could use: the target's ids
 * with no group of root's, no capability even in the bounding set,
 * no_new_privs, not dumpable (no ptrace, no core), no descriptor but the
 * pidfile's lock and 0-2 on /dev/null. */
static int
supervisor_drops(const struct plan *p)
{
	if (drop_privileges(&p->t, 0) == -1 || verify_privileges(&p->t, 0) == -1)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		return fail("prctl");
	watcher_detach();
	let_go_of_stdio();
	return 0;
}

/* Step 6, with --pid-ns, after the unshare: fork.  The child, pid 1 in
 * the new namespace, returns and goes on with the launch, holding in
 * r->outer the read end of a pipe whose write end only the supervisor
 * holds: end of file there means the supervisor is gone.  The parent
 * becomes the supervisor and never returns.  Returns -1 on a failure. */
int
split_supervisor(const struct plan *p, struct run *r)
{
	int alive[2];
	pid_t child;

	if (pipe2(alive, O_CLOEXEC | O_NONBLOCK) == -1)
		return fail("pipe (--pid-ns)");
	if ((child = fork()) == -1)
		return fail("fork (--pid-ns)");
	if (child == 0) {
		close(alive[1]);
		r->outer = alive[0];
		return 0;
	}
	close(alive[0]);
	if (supervisor_drops(p) == -1) {
		kill(child, SIGKILL);
		return -1;
	}
	supervise(child);
}

/* Reap whatever has exited; note the service's status. */
static void
reap(pid_t svc, int *svc_st, int *done)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0 || (pid == -1 && errno == EINTR))
		if (pid == svc && !*done) {
			*svc_st = st;
			*done = 1;
		}
	if (pid == -1 && errno == ECHILD && *done)
		_exit(exit_code(*svc_st));	/* nothing left: the end */
}

/* pid 1's life once the service runs: see the top of this file. */
static void __attribute__((noreturn))
run_init(pid_t svc, int kill_after)
{
	struct timespec tmo = { 1, 0 };
	time_t stop = 0;
	sigset_t all;
	siginfo_t si;
	int st = 0, done = 0, killed = 0;

	sigfillset(&all);
	for (;;) {
		if (sigtimedwait(&all, &si, &tmo) > 0 && !done && is_forwarded(&si))
			kill(svc, si.si_signo);
		reap(svc, &st, &done);
		if (done && stop == 0) {
			kill(-1, SIGTERM);	/* every process here but us */
			stop = time(NULL) + kill_after;
		}
		if (done && !killed && time(NULL) >= stop) {
			kill(-1, SIGKILL);
			killed = 1;
		}
	}
}

/* pid 1 dies with the supervisor: a parent-death signal (set now: a
 * change of ids clears it), then a look at the pipe in case the
 * supervisor died before it was set. */
static int
die_with_supervisor(int outer)
{
	char c;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == -1)
		return -1;
	return read(outer, &c, 1) == -1 && errno == EAGAIN ? 0 : -1;
}

/* Step 15, with --pid-ns: fork the service.  The child (pid 2) returns 0
 * and goes on to the filters and the exec, with the signal mask emptied.
 * The parent, pid 1, gives up its capabilities, dies with the
 * supervisor, and becomes the init. */
int
fork_service(const struct plan *p, const struct run *r)
{
	sigset_t all, none;
	pid_t svc;

	sigfillset(&all);
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &all, NULL) == -1)
		return fail("sigprocmask");
	if ((svc = fork()) == -1)
		return fail("fork (--pid-ns)");
	if (svc == 0)
		return sigprocmask(SIG_SETMASK, &none, NULL) == -1 ?
		    fail("sigprocmask") : 0;
	watcher_detach();
	let_go_of_stdio();
	if (drop_capabilities() == -1 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1 ||
	    die_with_supervisor(r->outer) == -1) {
		kill(svc, SIGKILL);
		_exit(EXIT_FAILED);
	}
	run_init(svc, p->o->kill_after);
}
