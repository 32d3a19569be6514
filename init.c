/*
 * init.c: the processes a PID namespace (--pid-ns) needs besides the
 * service.
 *
 *  - The supervisor stays outside the namespace: its host pid is the one
 *    the pidfile and the service manager know.  Once it has forked the
 *    namespace's first process it gives up everything (the target's ids,
 *    no capability, no_new_privs, not dumpable, no descriptor it does not
 *    use) and only waits: signals sent to it are passed on, sd_notify
 *    messages (--notify) too, and it ends as the service did: the same
 *    exit code, or killed by the same signal.  If it is killed, the
 *    namespace dies with it.
 *  - The init is pid 1 in the namespace, in the jail, as the target user
 *    with no capability and nothing open but a pipe to the supervisor.
 *    It forks the service (pid 2), passes on the signals it is sent, reaps
 *    every orphan, and when the service exits stops the rest (TERM, then
 *    KILL after --kill-after seconds) and exits, telling the supervisor
 *    the service's wait status.  When it exits, the kernel kills whatever
 *    is left in the namespace.
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

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runjail.h"

/* What a service manager or an admin sends a service. */
static const int forwarded[] = { SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1,
	SIGUSR2, SIGWINCH };

/* The supervisor's state. */
struct sup {
	const struct plan *p;
	pid_t	 child;		/* pid 1, seen from outside */
	int	 nfd;		/* --notify: the service's socket, or -1 */
	int	 out;		/* --notify: a socket of the host's, to send on */
	int	 ready;		/* --wait-ready: 'R' to the watcher, or -1 */
	int	 status;	/* read end: the service's wait status, from init */
	int	 alive;		/* write end: held while the supervisor lives */
	uint64_t pending;	/* signals not passed on yet */
	int	 init_up;	/* pid 1 runs as the init: signals may go */
	int	 readyfd;	/* --ready-fd: a newline when ready, or -1 */
};

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

/* Every descriptor from 3 up closed but those in keep (n of them, -1s
 * allowed): what stays outside the jail, or in it unprivileged, must
 * hold no directory, file or socket of the host's. */
static void
close_all_but(const int *keep, int n)
{
	unsigned int lo = 3;
	int i, next;

	for (;;) {
		next = INT_MAX;
		for (i = 0; i < n; i++)
			if (keep[i] >= (int)lo && keep[i] < next)
				next = keep[i];
		if (next == INT_MAX) {
			close_range(lo, ~0U, 0);
			return;
		}
		if ((unsigned int)next > lo)
			close_range(lo, (unsigned int)next - 1, 0);
		lo = (unsigned int)next + 1;
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

/* ---------------------------------------------------------------------
 * sd_notify, relayed (--notify).
 */

/* Tell one reader, once, that the service is ready; never waiting on a
 * reader that does not read (it loses the news, the supervisor goes on):
 * a socket is sent to with MSG_DONTWAIT, a pipe of the caller's was
 * opened again, non-blocking, as a description of runjail's own
 * (own_ready_fd()), so no flag changes under anyone else's feet. */
static void
tell_ready(int *fd, const char *what)
{
	size_t n = strlen(what);

	if (*fd == -1)
		return;
	if (send(*fd, what, n, MSG_DONTWAIT | MSG_NOSIGNAL) == -1 &&
	    errno == ENOTSOCK)
		(void)!write(*fd, what, n);
	close(*fd);
	*fd = -1;
}

/* The service's message, line by line: READY=1 tells the watcher of
 * --wait-ready and the reader of --ready-fd; MAINPID= is dropped (a pid
 * in the namespace means nothing outside it); the rest is copied to out.
 * Returns its length. */
static size_t
filter_message(char *msg, char *out, size_t size, int *ready, int *readyfd)
{
	char *line, *next;
	size_t n = 0, k;

	for (line = msg; line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!strcmp(line, "READY=1")) {
			tell_ready(ready, "R");
			tell_ready(readyfd, "\n");
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

/* Send n bytes of out to root's NOTIFY_SOCKET (a path, or an abstract
 * name, "@...", of the host's network namespace: s was made there),
 * never waiting: a manager that does not read loses messages, and the
 * supervisor stays free to pass signals on. */
static void
notify_manager(int s, const char *to, const char *out, size_t n)
{
	struct sockaddr_un sa = { AF_UNIX, "" };
	size_t k = strlen(to);

	if (s == -1 || k == 0 || k >= sizeof sa.sun_path)
		return;
	memcpy(sa.sun_path, to, k);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	(void)!sendto(s, out, n, MSG_NOSIGNAL | MSG_DONTWAIT,
	    (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + k);
}

/* In the init: one sd_notify message from the service, passed to the
 * supervisor (over sp) if the target user sent it from inside the
 * namespace.  The kernel gives a sender's pid as seen here: 0 for a
 * process outside the namespace (the abstract name can be found in
 * /proc/net/unix by anyone who shares the network namespace).  No
 * descriptor passes, nothing cut short. */
static void
take_message(int nfd, int sp, uid_t uid)
{
	union { char buf[CMSG_SPACE(sizeof(struct ucred)) +
	    CMSG_SPACE(sizeof(int) * 16)]; struct cmsghdr align; } u;
	char msg[4096];
	struct iovec iov = { msg, sizeof msg };
	struct msghdr mh = { 0 };
	struct ucred *cred = NULL;
	struct cmsghdr *cm;
	ssize_t len;
	size_t i;

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
	if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || cred == NULL ||
	    cred->pid == 0 || cred->uid != uid)
		return;
	(void)!send(sp, msg, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL);
}

/* In the supervisor: a message the init passed on, to the service
 * manager, as the unit's main process. */
static void
relay(struct sup *s)
{
	char msg[4097], out[4096];
	ssize_t len;
	size_t n;

	if ((len = recv(s->nfd, msg, sizeof msg - 1, MSG_DONTWAIT)) <= 0)
		return;
	msg[len] = '\0';
	n = filter_message(msg, out, sizeof out, &s->ready, &s->readyfd);
	if (s->p->notify_to && n)
		notify_manager(s->out, s->p->notify_to, out, n);
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

/* The notify socket made by init once in the service's Landlock domain
 * (--landlock), so that the service, in the same domain, may reach it.
 * Made then and only then: never bound before, its name was nowhere to
 * be read and taken. */
int
late_notify_socket(const struct plan *p)
{
	return notify_socket(p);
}

/* ---------------------------------------------------------------------
 * The supervisor.
 */

/* Pass the pending signals on, once pid 1 is the init: before, it is
 * still setting up (root until step 9, and step 13 discards what is
 * pending).  EPERM: kept, and tried again. */
static void
pass_on(struct sup *s)
{
	int sig;

	for (sig = 1; sig < 64 && s->init_up; sig++)
		if ((s->pending >> sig & 1) &&
		    (kill(s->child, sig) == 0 || errno != EPERM))
			s->pending &= ~(1ULL << sig);
}

/* What init says on the status pipe: 'I' once it runs as the init, then
 * the service's wait status when it exits. */
static void
from_init(struct sup *s)
{
	char c;

	if (!s->init_up && read(s->status, &c, 1) == 1 && c == 'I')
		s->init_up = 1;
}

/* pid 1 has exited: the service's wait status, as init reported it, or
 * init's own if it could not. */
static void __attribute__((noreturn))
child_ended(struct sup *s, int st)
{
	int svc;

	from_init(s);
	if (read(s->status, &svc, sizeof svc) == (ssize_t)sizeof svc)
		end_as(svc);
	end_as(st);
}

/* One signal taken from the signalfd. */
static void
on_signal(struct sup *s, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo;

	if (is_forwarded(sig, si->ssi_code))
		s->pending |= 1ULL << sig;
	/* ^Z at the terminal stopped the service: stop too, so that the
	 * shell sees the job stopped (fg continues both). */
	if ((sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) &&
	    si->ssi_code > 0)
		raise(SIGSTOP);
}

/* The supervisor's life: see the top of this file.  Signals are all
 * blocked (since step 1) and read from a signalfd. */
static void __attribute__((noreturn))
supervise(struct sup *s)
{
	struct signalfd_siginfo si;
	struct pollfd pfd[3];
	sigset_t all;
	pid_t pid;
	int st;

	sigfillset(&all);
	if ((pfd[0].fd = signalfd(-1, &all, SFD_CLOEXEC)) == -1) {
		kill(s->child, SIGKILL);	/* no way to pass signals on */
		_exit(EXIT_FAILED);
	}
	pfd[0].events = pfd[1].events = pfd[2].events = POLLIN;
	pfd[1].fd = s->status;
	pfd[2].fd = s->nfd;
	for (;;) {
		(void)poll(pfd, s->nfd == -1 ? 2 : 3, s->pending ? 100 : -1);
		if (!s->init_up && (pfd[1].revents & POLLIN))
			from_init(s);
		if (s->init_up)
			pfd[1].fd = -1;	/* the rest is read at the end */
		if (s->nfd != -1 && (pfd[2].revents & POLLIN))
			relay(s);
		if ((pfd[0].revents & POLLIN) &&
		    read(pfd[0].fd, &si, sizeof si) == (ssize_t)sizeof si)
			on_signal(s, &si);
		pass_on(s);
		while ((pid = waitpid(s->child, &st, WNOHANG)) == -1 && errno == EINTR)
			;
		if (pid == s->child)
			child_ended(s, st);
	}
}

/* The supervisor keeps nothing the service could use: the target's ids
 * with no group of root's, no capability even in the bounding set,
 * no_new_privs, not dumpable (no ptrace, no core), 0-2 on /dev/null, no
 * descriptor but its own and the pidfile's lock (which it holds for as
 * long as the service runs, whatever the service closes). */
static int
supervisor_drops(struct sup *s)
{
	int keep[] = { s->nfd, s->out, s->ready, s->readyfd, s->status, s->alive,
	    pidfile_lock() };

	/* --ready-fd: a pipe whose reader is gone must not kill it. */
	signal(SIGPIPE, SIG_IGN);
	if (drop_privileges(&s->p->t, 0) == -1 ||
	    verify_privileges(&s->p->t, 0) == -1)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		return fail("prctl");
	watcher_detach();
	let_go_of_stdio();
	close_all_but(keep, sizeof keep / sizeof keep[0]);
	return 0;
}

/* Step 6, with --pid-ns, after the unshare: fork.  The child, pid 1 in
 * the new namespace, returns and goes on with the launch, holding in
 * r->outer the read end of a pipe whose write end only the supervisor
 * holds (end of file: the supervisor is gone), and in r->status the
 * write end of the pipe that tells the supervisor the service's status.
 * The parent becomes the supervisor and never returns.  Returns -1 on a
 * failure. */
int
split_supervisor(const struct plan *p, struct run *r)
{
	struct sup s = { p, 0, -1, r->notify_out, r->ready, -1, -1, 0, 0,
	    p->o->ready_fd ? p->o->ready_fd : -1 };
	int alive[2], status[2], sp[2] = { -1, -1 };

	if (p->o->notify && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0,
	    sp) == -1)
		return fail("socketpair (--notify)");
	if (pipe2(alive, O_CLOEXEC | O_NONBLOCK) == -1 ||
	    pipe2(status, O_CLOEXEC | O_NONBLOCK) == -1)
		return fail("pipe (--pid-ns)");
	if ((s.child = fork()) == -1)
		return fail("fork (--pid-ns)");
	if (s.child == 0) {
		close(alive[1]);
		close(status[0]);
		if (sp[0] != -1)
			close(sp[0]);
		if (r->ready != -1)
			close(r->ready);	/* the supervisor's to write */
		if (r->notify_out != -1)
			close(r->notify_out);
		if (p->o->ready_fd)
			close(p->o->ready_fd);	/* the supervisor's too */
		r->outer = alive[0];
		r->status = status[1];
		r->notify_up = sp[1];
		r->ready = r->notify_out = -1;
		/* The service's socket, made here: init alone holds it (it
		 * may have to make it again, in its Landlock domain). */
		return p->o->notify && !p->o->landlock &&
		    (r->notify_in = notify_socket(p)) == -1 ? -1 : 0;
	}
	close(alive[0]);
	close(status[1]);
	if (sp[1] != -1)
		close(sp[1]);
	s.nfd = sp[0];
	s.status = status[0];
	s.alive = alive[1];
	if (supervisor_drops(&s) == -1) {
		kill(s.child, SIGKILL);
		return -1;
	}
	supervise(&s);
}

/* ---------------------------------------------------------------------
 * The init.
 */

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
}

/* pid 1's life once the service runs: see the top of this file.  Ends
 * when nothing is left, or --kill-after seconds after the TERM: its exit
 * kills what is left. */
static void __attribute__((noreturn))
run_init(const struct plan *p, const struct run *r, pid_t svc)
{
	struct timespec tmo = { 0, 100000000 };
	time_t stop = 0;
	sigset_t all;
	siginfo_t si;
	int st = 0, done = 0, status = r->status, kill_after = p->o->kill_after;

	sigfillset(&all);
	(void)!write(status, "I", 1);	/* signals may come now */
	for (;;) {
		if (sigtimedwait(&all, &si, &tmo) > 0 && !done &&
		    is_forwarded(si.si_signo, si.si_code))
			kill(svc, si.si_signo);
		while (r->notify_in != -1 &&
		    poll(&(struct pollfd){ r->notify_in, POLLIN, 0 }, 1, 0) == 1)
			take_message(r->notify_in, r->notify_up, p->t.uid);
		reap(svc, &st, &done);
		if (!done)
			continue;
		if (stop == 0) {
			(void)!write(status, &st, sizeof st);
			kill(-1, SIGTERM);	/* every process here but us */
			stop = time(NULL) + kill_after;
		}
		if (waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD)
			_exit(exit_code(st));	/* nothing left */
		if (time(NULL) >= stop)
			_exit(exit_code(st));	/* the kernel kills the rest */
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
 * The parent, pid 1, gives up its capabilities and every descriptor but
 * its pipes to the supervisor, dies with the supervisor, and becomes the
 * init. */
int
fork_service(const struct plan *p, const struct run *r)
{
	int keep[] = { r->outer, r->status, r->notify_in, r->notify_up };
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
	close_all_but(keep, sizeof keep / sizeof keep[0]);
	if (drop_capabilities(0) == -1 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1 ||
	    die_with_supervisor(r->outer) == -1) {
		kill(svc, SIGKILL);
		_exit(EXIT_FAILED);
	}
	run_init(p, r, svc);
}
