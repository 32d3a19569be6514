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
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

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

/* A signal to pass on: one of the list, sent by a process (code <= 0:
 * kill, sigqueue, tgkill), not by the kernel (a terminal, a timer). */
static int
is_forwarded(int signo, int code)
{
	size_t i;

	if (code > 0)
		return 0;
	for (i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		if (signo == forwarded[i])
			return 1;
	return 0;
}

/* The service's message, line by line: READY=1 tells the watcher of
 * --wait-ready; MAINPID= is dropped (a pid in the namespace means nothing
 * outside it); the rest is copied to out.  Returns its length. */
static size_t
filter_message(char *msg, char *out, size_t size, int *ready)
{
	char *line, *next;
	size_t n = 0, k;

	for (line = msg; line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!strcmp(line, "READY=1") && *ready != -1) {
			(void)!write(*ready, "R", 1);
			close(*ready);
			*ready = -1;
		}
		if (*line == '\0' || !strncmp(line, "MAINPID=", 8) ||
		    (k = strlen(line)) + 2 > size - n)
			continue;
		memcpy(out + n, line, k);
		out[n + k] = '\n';
		n += k + 1;
	}
	return n;
}

/* Send n bytes of out to the caller's NOTIFY_SOCKET: a path, or an
 * abstract name ("@..."). */
static void
notify_manager(const char *to, const char *out, size_t n)
{
	struct sockaddr_un sa = { AF_UNIX, "" };
	size_t k = strlen(to);
	int s;

	if (k == 0 || k >= sizeof sa.sun_path)
		return;
	memcpy(sa.sun_path, to, k);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	(void)!sendto(s, out, n, MSG_NOSIGNAL, (struct sockaddr *)&sa,
	    offsetof(struct sockaddr_un, sun_path) + k);
	close(s);
}

/* One sd_notify message from the service, passed on by the supervisor,
 * which is the unit's main process: only from the target user, and with
 * no descriptor. */
static void
relay(const struct plan *p, int nfd, int *ready)
{
	union { char buf[CMSG_SPACE(sizeof(struct ucred)) +
	    CMSG_SPACE(sizeof(int) * 16)]; struct cmsghdr align; } u;
	char msg[4096], out[4096];
	struct iovec iov = { msg, sizeof msg - 1 };
	struct msghdr mh = { 0 };
	struct ucred *cred = NULL;
	struct cmsghdr *cm;
	ssize_t len;
	size_t i, n;

	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	if ((len = recvmsg(nfd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC)) <= 0)
		return;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_type == SCM_CREDENTIALS)
			cred = (struct ucred *)CMSG_DATA(cm);
		else if (cm->cmsg_type == SCM_RIGHTS)
			for (i = 0; i < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
				close(((int *)CMSG_DATA(cm))[i]);
	if (cred == NULL || cred->uid != p->t.uid)
		return;
	msg[len] = '\0';
	n = filter_message(msg, out, sizeof out, ready);
	if (p->notify_to && n)
		notify_manager(p->notify_to, out, n);
}

/* The supervisor's life: wait for the namespace's first process, pass
 * signals on to it and sd_notify messages to the service manager, exit
 * with its status.  Signals are all blocked (since step 1) and read from
 * a signalfd. */
static void __attribute__((noreturn))
supervise(const struct plan *p, pid_t child, int nfd, int ready)
{
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	sigset_t all;
	pid_t pid;
	int st;

	sigfillset(&all);
	if ((pfd[0].fd = signalfd(-1, &all, SFD_CLOEXEC)) == -1) {
		kill(child, SIGKILL);	/* no way to pass signals on */
		_exit(EXIT_FAILED);
	}
	pfd[0].events = pfd[1].events = POLLIN;
	pfd[1].fd = nfd;
	for (;;) {
		if (poll(pfd, nfd == -1 ? 1 : 2, -1) <= 0)
			continue;
		if (nfd != -1 && (pfd[1].revents & POLLIN))
			relay(p, nfd, &ready);
		if ((pfd[0].revents & POLLIN) &&
		    read(pfd[0].fd, &si, sizeof si) == (ssize_t)sizeof si &&
		    is_forwarded((int)si.ssi_signo, si.ssi_code))
			kill(child, (int)si.ssi_signo);
		while ((pid = waitpid(child, &st, WNOHANG)) == -1 && errno == EINTR)
			;
		if (pid == child)
			_exit(exit_code(st));
	}
}

/* --notify: the socket the service's sd_notify() reaches, abstract (a
 * chroot hides no abstract name), in the jail's network namespace, with
 * the sender's credentials on every message. */
static int
notify_socket(const struct plan *p)
{
	struct sockaddr_un sa = { AF_UNIX, "" };
	size_t n = strlen(p->notify_name);
	int s, on = 1;

	memcpy(sa.sun_path + 1, p->notify_name, n);
	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == -1 ||
	    bind(s, (struct sockaddr *)&sa, offsetof(struct sockaddr_un,
	    sun_path) + 1 + n) == -1)
		return fail("notify: the socket @%s", p->notify_name);
	return s;
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
	int alive[2], nfd = -1;
	pid_t child;

	if (p->o->notify && (nfd = notify_socket(p)) == -1)
		return -1;
	if (pipe2(alive, O_CLOEXEC | O_NONBLOCK) == -1)
		return fail("pipe (--pid-ns)");
	if ((child = fork()) == -1)
		return fail("fork (--pid-ns)");
	if (child == 0) {
		close(alive[1]);
		if (nfd != -1)
			close(nfd);
		if (r->ready != -1)
			close(r->ready);	/* the supervisor's to write */
		r->ready = -1;
		r->outer = alive[0];
		return 0;
	}
	close(alive[0]);
	if (supervisor_drops(p) == -1) {
		kill(child, SIGKILL);
		return -1;
	}
	supervise(p, child, nfd, r->ready);
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
		if (sigtimedwait(&all, &si, &tmo) > 0 && !done &&
		    is_forwarded(si.si_signo, si.si_code))
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
