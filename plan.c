/*
 * plan.c: the one place that decides who asks (root, a profile caller, a
 * caller jailing itself) and turns the description (struct opts) into
 * the plan the launch carries out: names resolved on the host, the
 * policy applied (policy.c), limits decided, which files are opened as
 * whom, how strictly the jail root is judged, the seccomp programs
 * compiled, the command's environment built.  Nothing after it asks who
 * the caller is.  --dry-run prints the plan (print_plan).  Step 3 of
 * runjail(8)'s Order of operations.
 */
#define _GNU_SOURCE
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <sched.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "files.h"
#include "runjail.h"
#include "scmp.h"
#include "seccomp.h"

/* ---------------------------------------------------------------------
 * Who the command runs as.  All name lookups happen here, on the host,
 * before chroot: after chroot a lookup would read the jail's
 * nsswitch.conf and could load the jail's own libnss_*.so while still
 * root.  Numeric ids with -g and -G look nothing up at all.
 */
static int
resolve_group(const char *s, gid_t *gid)
{
	struct group *gr;
	unsigned int id;

	if (parse_id(s, &id) == 0) {
		*gid = id;
		return 0;
	}
	errno = 0;
	if ((gr = getgrnam(s)) == NULL)
		return fail_status(EXIT_FAILED, errno == ENOENT || errno == ESRCH ?
		    0 : errno, "group %s: no such group", s);
	*gid = gr->gr_gid;
	return 0;
}

/* The user's groups from the host database, never the caller's (the
 * jk_chrootlaunch and chroot -u pitfall), as initgroups(3) would set them. */
static int
groups_from_db(const char *name, struct target *t)
{
	int n = 32;

	for (;;) {
		if ((t->groups = reallocarray(t->groups, n, sizeof(gid_t))) == NULL)
			return fail("groups");
		t->ngroups = n;
		if (getgrouplist(name, t->gid, t->groups, &t->ngroups) != -1)
			return 0;
		n = t->ngroups > n ? t->ngroups : n * 2;
		if (n > 65536)
			return failx("groups of %s: too many", name);
	}
}

/* -G: names or ids, comma-separated; "" is no group at all. */
static int
groups_from_list(const char *groups, struct target *t)
{
	char *list, *name, *save = NULL;
	const char *p;
	int n = 1;

	for (p = groups; *p; p++)
		n += *p == ',';
	if ((t->groups = calloc(n, sizeof(gid_t))) == NULL ||
	    (list = strdup(groups)) == NULL)
		return fail("groups");
	t->ngroups = 0;
	for (name = strtok_r(list, ",", &save); name;
	    name = strtok_r(NULL, ",", &save))
		if (resolve_group(name, &t->groups[t->ngroups++]) == -1) {
			free(list);
			return -1;
		}
	free(list);
	return 0;
}

/* The user's name, home and shell, copied at once: the next lookup may
 * reuse pw's storage. */
static void
target_names(struct target *t, const struct passwd *pw)
{
	if (pw) {
		str_copy(t->name, sizeof t->name, pw->pw_name);
		str_copy(t->home, sizeof t->home, pw->pw_dir[0] ? pw->pw_dir : "/");
		str_copy(t->shell, sizeof t->shell,
		    pw->pw_shell[0] ? pw->pw_shell : DEFAULT_SHELL);
	} else {
		uint_str(t->name, sizeof t->name, t->uid);
		str_copy(t->home, sizeof t->home, "/");
		str_copy(t->shell, sizeof t->shell, DEFAULT_SHELL);
	}
}

static int
resolve_target(const struct opts *o, const struct caller *c, struct target *t)
{
	struct passwd *pw = NULL;
	unsigned int id;

	if (o->user == NULL || parse_id(o->user, &id) == 0) {
		/* A number (or no -u: the caller).  The database is read
		 * only for what was not given. */
		t->uid = o->user ? id : c->uid;
		if (o->group == NULL || o->groups == NULL)
			pw = getpwuid(t->uid);
	} else {
		errno = 0;
		if ((pw = getpwnam(o->user)) == NULL)
			return fail_status(EXIT_FAILED, errno == ENOENT ||
			    errno == ESRCH ? 0 : errno, "user %s: no such user",
			    o->user);
		t->uid = pw->pw_uid;
	}
	target_names(t, pw);
	if (o->group) {
		if (resolve_group(o->group, &t->gid) == -1)
			return -1;
	} else if (pw)
		t->gid = pw->pw_gid;
	else
		return failx("user %s: not in the user database, so give its "
		    "group with -g", t->name);
	if (o->groups)
		return groups_from_list(o->groups, t);
	if (pw)
		return groups_from_db(t->name, t);
	return 0;	/* a numeric uid with no entry: no group by name */
}

/* ---------------------------------------------------------------------
 * The plan.
 */

/* The seccomp policy, compiled now, so that a bad one costs nothing and
 * the filter only has to be loaded at the end.  A policy file is opened
 * without blocking and must be a regular file: by root when root or a
 * profile (root's text) names it, else as the caller. */
static int
plan_seccomp(struct plan *p)
{
	const struct opts *o = p->o;
	char msg[512];
	struct stat st;
	int fd = -1;

	if (strchr(o->seccomp, '/')) {
		if (p->mode == MODE_SELF)
			fd = open_as_caller(p->c, o->seccomp, O_RDONLY);
		else if (p->c->setuid && fs_as(0, 0) == -1)
			return -1;
		else {
			fd = open(o->seccomp, O_RDONLY | O_NONBLOCK | O_NOCTTY |
			    O_CLOEXEC);
			/* back to the caller's file rights (see become_root) */
			if (p->c->setuid && fs_as(p->c->uid, p->c->gid) == -1)
				return -1;
		}
		if (fd == -1 || fstat(fd, &st) == -1)
			return fail("seccomp %s", o->seccomp);
		if (!S_ISREG(st.st_mode))
			return failx("seccomp %s: not a regular file", o->seccomp);
	}
	p->filter = rj_seccomp_prepare(o->seccomp, fd,
	    o->seccomp_log ? RJ_SECCOMP_LOG : 0, msg, sizeof msg);
	if (fd != -1)
		close(fd);
	if (p->filter == NULL)
		return failx("seccomp: %s", msg);
	rj_seccomp_program(p->filter, &p->filter_len);
	return 0;
}

/* A command that shares the caller's terminal could push characters into
 * its input with TIOCSTI (or TIOCLINUX's paste) and have the caller's
 * shell run them once it exits (bubblewrap's CVE-2017-5226): then the
 * terminal guard, a built-in seccomp program, denies both.  A controlling
 * terminal counts even if 0-2 are not terminals: the command could open
 * /dev/tty itself.  Only ENXIO says "no controlling terminal"; any other
 * failure (EMFILE, no /dev/tty) proves nothing, and the guard goes on.
 * With -b there is no terminal: the service gets a session of its own. */
static int
plan_guard(struct plan *p)
{
	char msg[512];
	int ctty;

	if (p->o->background)
		return 0;
	if ((ctty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) != -1)
		close(ctty);
	if (ctty == -1 && errno == ENXIO && !isatty(0) && !isatty(1) && !isatty(2))
		return 0;
	if ((p->guard = rj_seccomp_guard(msg, sizeof msg)) == NULL)
		return failx("seccomp: the terminal guard: %s", msg);
	return 0;
}

/* --landlock-bind and --landlock-connect restrict TCP's bind and
 * connect, and only those: an MPTCP socket (which listens and connects as
 * TCP does, to TCP peers), an SCTP one, a TCP Fast Open send (a connect
 * inside sendto or sendmsg) and io_uring would go round them.  A filter
 * of its own refuses them (EACCES, as Landlock says for a port), loaded
 * with the others at step 15. */
static int
plan_netguard(struct plan *p)
{
	static const char policy[] = "default allow\n"
	    "errno EACCES socket arg2 & 0xffffffff == 262\n"	/* IPPROTO_MPTCP */
	    "errno EACCES socket arg2 & 0xffffffff == 132\n"	/* IPPROTO_SCTP */
	    /* MSG_FASTOPEN connects from a send, which Landlock does not
	     * see; io_uring's sends a filter does not see either. */
	    "errno EACCES sendto arg3 & 0x20000000\n"
	    "errno EACCES sendmsg arg2 & 0x20000000\n"
	    "errno EACCES sendmmsg arg3 & 0x20000000\n"
	    "errno EACCES io_uring_setup\n";
	char msg[512];

	if (!p->o->landlock || (!p->o->ll_bind.set && !p->o->ll_connect.set))
		return 0;
	if ((p->netguard = rj_seccomp_prepare_mem("landlock ports", policy,
	    sizeof policy - 1, 0, msg, sizeof msg)) == NULL)
		return failx("landlock: the MPTCP and SCTP guard: %s", msg);
	return 0;
}

/* Who asks, once: root (also as a set-user-ID runjail's real uid 0), a
 * caller other than root with a profile, or jailing itself. */
static enum mode
decide_mode(const struct opts *o, const struct caller *c)
{
	if (c->uid == 0)
		return MODE_ROOT;
	return o->profile ? MODE_PROFILE : MODE_SELF;
}

/* What follows from the mode: the policy, and how the launch treats
 * the caller's files, process and working directory. */
static int
plan_mode(struct plan *p)
{
	const struct opts *o = p->o;
	int i;

	p->mode = decide_mode(o, p->c);
	for (i = 0; i < RLIM_NLIMITS; i++) {
		p->rlim[i].how = o->rlim[i].set ? LIMIT_SET : LIMIT_KEEP;
		p->rlim[i].rl = o->rlim[i].rl;
	}
	p->setnice = o->setnice;
	p->nice = o->nice;
	if (apply_policy(p) == -1)
		return -1;
	/* A self-jail reaches only the root it could reach itself; for any
	 * caller other than root, a root chain not root's is refused. */
	p->root_as_caller = p->mode == MODE_SELF;
	p->root_strict = p->mode != MODE_ROOT;
	/* A profile caller's process, its umask and its working directory
	 * are not the service's. */
	p->reset = p->mode == MODE_PROFILE;
	p->umask = o->umask != -1 ? (mode_t)o->umask :
	    p->mode == MODE_PROFILE ? DEFAULT_UMASK : p->c->umask;
	p->dir = o->dir ? o->dir :
	    o->root || p->mode == MODE_PROFILE ? "/" : NULL;
	p->ns_flags = (wants_mounts(o) || o->pid_ns ?
	    CLONE_NEWNS : 0) |
	    (o->pid_ns ? CLONE_NEWPID : 0) | (o->net_ns ? CLONE_NEWNET : 0) |
	    (o->ipc_ns ? CLONE_NEWIPC : 0) | (o->hostname ? CLONE_NEWUTS : 0);
	return 0;
}

/* --notify: the service's NOTIFY_SOCKET is an abstract name of our own,
 * unguessable (its creator is the supervisor, init.c), and the caller's
 * NOTIFY_SOCKET, if any, is where the supervisor passes messages on. */
static int
plan_notify(struct plan *p)
{
	unsigned long long r;
	char name[sizeof p->notify_name + 1];

	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		return fail("notify: getrandom");
	snprintf(p->notify_name, sizeof p->notify_name, "runjail-notify-%d-%016llx",
	    (int)getpid(), r);
	/* Only root's: the supervisor sends outside the jail, as the target
	 * user, to a socket a caller other than root might not reach. */
	if (p->mode == MODE_ROOT)
		p->notify_to = env_lookup(p->c->env, "NOTIFY_SOCKET");
	if (p->notify_to && (p->notify_to[0] == '\0' ||
	    strlen(p->notify_to) >= 108 ||
	    (p->notify_to[0] != '/' && p->notify_to[0] != '@')))
		return failx("notify: NOTIFY_SOCKET is not a socket address");
	snprintf(name, sizeof name, "@%s", p->notify_name);
	return env_set(&p->env, "NOTIFY_SOCKET", 13, name);
}

/* A socket that listens (stream, seqpacket) or receives (datagram): what
 * a service manager passes.  SO_TYPE fails on an O_PATH descriptor of a
 * socket file. */
static int
listening_socket(int fd)
{
	struct stat st;
	socklen_t len = sizeof(int);
	int type, on;

	if (fstat(fd, &st) == -1 || !S_ISSOCK(st.st_mode) ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return 0;
	if (type == SOCK_DGRAM)
		return 1;
	len = sizeof on;
	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

/* --listen-fds: the sockets a service manager passed runjail (LISTEN_FDS,
 * LISTEN_PID naming it; kept open by hygiene()), passed on with
 * LISTEN_FDS, LISTEN_FDNAMES and a LISTEN_PID filled in at the exec, when
 * the pid is known.  Sockets only: a directory would lead out of the
 * jail. */
static int
plan_listen_fds(struct plan *p)
{
	const char *names;
	char n[32];
	int fd;

	if (p->c->listen_fds == 0)
		return failx("listen-fds: LISTEN_FDS and LISTEN_PID do not pass "
		    "runjail any socket%s", p->mode == MODE_ROOT ? "" :
		    " (only root's are passed on)");
	for (fd = 3; fd < 3 + p->c->listen_fds; fd++)
		if (!listening_socket(fd))
			return failx("listen-fds: descriptor %d is not a listening "
			    "socket", fd);
	snprintf(n, sizeof n, "%d", p->c->listen_fds);
	if (env_set(&p->env, "LISTEN_FDS", 10, n) == -1 ||
	    env_set(&p->env, "LISTEN_PID", 10, "0000000000") == -1 ||
	    ((names = env_lookup(p->c->env, "LISTEN_FDNAMES")) != NULL &&
	    env_set(&p->env, "LISTEN_FDNAMES", 14, names) == -1))
		return -1;
	/* The string itself, to be written over at the exec (step 15). */
	p->listen_pid = (char *)env_lookup(p->env.v, "LISTEN_PID") - 11;
	return 0;
}

/* --ready-fd: root's, kept open from the start (hygiene()), a pipe or a
 * socket: what s6-supervise and its peers read a line from. */
static int
plan_ready_fd(const struct plan *p)
{
	struct stat st;

	if (p->c->uid != 0)
		return failx("ready-fd: only root may pass a descriptor on");
	if (p->c->ready_fd != p->o->ready_fd || fstat(p->o->ready_fd, &st) == -1)
		return failx("ready-fd %d: not an open descriptor (write the option "
		    "in full, and above any --listen-fds descriptor)", p->o->ready_fd);
	if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode))
		return failx("ready-fd %d: not a pipe or a socket", p->o->ready_fd);
	return 0;
}

/* --learn: the learner and the notifying filter call libseccomp after
 * the plan, where it can no longer be loaded (scmp.h): now, then. */
static int
plan_learn(void)
{
	char msg[256];

	if (rj_scmp_need(msg, sizeof msg) == -1)
		return failx("learn: %s", msg);
	return 0;
}

/* The description and the caller, made into the plan. */
int
make_plan(const struct opts *o, const struct caller *c, struct plan *p)
{
	memset(p, 0, sizeof *p);
	p->o = o;
	p->c = c;
	if (resolve_target(o, c, &p->t) == -1 ||
	    (p->ll_abi = plan_landlock_abi(c)) == -1)
		return -1;
	if (!o->check && geteuid() != 0)
		return failx("not running as root: install runjail set-user-ID "
		    "root (make install), or run it as root");
	if (plan_mode(p) == -1 || build_env(p, &p->env) == -1 ||
	    (o->listen_fds && plan_listen_fds(p) == -1) ||
	    (o->notify && plan_notify(p) == -1) ||
	    (o->ready_fd && plan_ready_fd(p) == -1) ||
	    (o->passwd && plan_passwd(p) == -1) || landlock_check_abi(p) == -1)
		return -1;
	if (o->check)
		return 0;	/* nothing runs: nothing more to decide */
	if (o->proc && p->ll_abi <= 0)
		return failx(NO_LANDLOCK);
	/* RUNJAIL_PROC_TABLE: -P reads the host's proc options from the
	 * mount table even where statmount(2) would do; root's, for tests. */
	p->proc_table = c->uid == 0 && !c->setuid &&
	    env_lookup(c->env, "RUNJAIL_PROC_TABLE") != NULL;
	if (o->seccomp && plan_seccomp(p) == -1)
		return -1;
	if (o->learn && plan_learn() == -1)
		return -1;
	return plan_guard(p) == -1 || plan_netguard(p) == -1 ? -1 : 0;
}

/* ---------------------------------------------------------------------
 * --dry-run: the plan, one "name: value" line per fact, in the order the
 * launch would act.  Nothing is launched.
 */

static void
print_ids(const struct plan *p)
{
	static const char *const who[] = { "root", "profile caller",
	    "self-jail" };
	const struct target *t = &p->t;
	int i;

	printf("caller: %s (uid %u), %s\n", p->c->name, (unsigned)p->c->uid,
	    who[p->mode]);
	if (p->o->profile)
		printf("profile: %s\n", p->o->profile);
	printf("user: %s (uid %u)\ngroup: %u\ngroups:", t->name,
	    (unsigned)t->uid, (unsigned)t->gid);
	for (i = 0; i < t->ngroups; i++)
		printf(" %u", (unsigned)t->groups[i]);
	printf("\ncapabilities:");
	for (i = 0; i < 64; i++)
		if (p->o->caps >> i & 1)
			printf(" %s", cap_name((unsigned)i));
	printf("%s\n", p->o->caps ? "" : " none");
}

/* --landlock: the ABI in force and what it drops, the ports. */
static void
print_landlock(const struct plan *p)
{
	const struct opts *o = p->o;
	char what[512];
	int i;

	landlock_describe(p, what, sizeof what);
	printf("landlock: %s%s\n", what, o->landlock > 1 ? " (strict)" : "");
	for (i = 0; i < o->nll_write; i++)
		printf("landlock: %s writable\n", o->ll_write[i]);
	for (i = 0; i < o->ll_bind.n; i++)
		printf("landlock: bind TCP port %u\n", o->ll_bind.port[i]);
	for (i = 0; i < o->ll_connect.n; i++)
		printf("landlock: connect to TCP port %u\n", o->ll_connect.port[i]);
}

static void
print_files(const struct plan *p)
{
	const struct opts *o = p->o;

	if (o->pidfile)
		printf("pidfile: %s\n", o->pidfile);
	if (o->stdout_file)
		printf("stdout: %s\n", o->stdout_file);
	if (o->stderr_file)
		printf("stderr: %s\n", o->stderr_file);
	printf("background: %s\n", o->background ? "yes" : "no");
	if (p->ns_flags & CLONE_NEWNS)
		printf("namespace: mount (private)\n");
	if (p->ns_flags & CLONE_NEWPID)
		printf("namespace: pid (runjail its init; KILL %d s after TERM)\n",
		    o->kill_after);
	if (p->ns_flags & CLONE_NEWNET)
		printf("namespace: net (only lo)\n");
	if (p->ns_flags & CLONE_NEWIPC)
		printf("namespace: ipc\n");
	if (p->ns_flags & CLONE_NEWUTS)
		printf("namespace: uts (hostname %s)\n", o->hostname);
	if (o->listen_fds)
		printf("listen-fds: %d\n", p->c->listen_fds);
	if (o->notify)
		printf("notify: @%s, relayed to %s\n", p->notify_name,
		    p->notify_to ? p->notify_to : "nothing (no NOTIFY_SOCKET)");
	if (o->ready_fd)
		printf("ready-fd: %d, a newline once the command sends READY=1\n",
		    o->ready_fd);
	if (o->wait_ready)
		printf("wait-ready: %d s%s\n", o->wait_ready, o->notify ?
		    ", for READY=1" : ", for an early exit");
	if (o->learn)
		printf("learn: %s (seccomp.policy, files, landlock, report)\n", o->learn);
	if (o->landlock)
		print_landlock(p);
}

/* A --bind, --ro-bind, --tmpfs or --dev-bind line. */
static void
print_mount(const char *root, const struct mountreq *m)
{
	if (m->kind == MOUNT_TMPFS)
		printf("mount: tmpfs on %s%s (nosuid, nodev, %llu bytes%s)\n",
		    root, m->dst, m->size, m->size ? "" : ": the kernel's default");
	else if (m->kind == MOUNT_DEVICE)
		printf("mount: device %s on %s%s (nosuid, noexec)\n", m->src,
		    root, m->dst);
	else
		printf("mount: %s on %s%s (%snosuid, nodev)\n", m->src, root,
		    m->dst, m->ro ? "read-only, " : "");
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* The root and the mounts, in the order step 7 makes them. */
static void
print_mounts(const struct plan *p)
{
	const struct opts *o = p->o;
	int i;

	if (o->root)
		printf("root: %s (%s; a parent not root's is %s)\n", o->root,
		    p->root_as_caller ? "opened as the caller" : "opened as root",
		    p->root_strict ? "refused" : "warned about");
	if (o->proc)
		printf("mount: proc on %s/proc (nosuid, nodev, noexec)\n", o->root);
	if (o->overlay)
		printf("mount: a union on %s: a writable layer in %s over it, and "
		    "over each mount below it but /proc, /sys, /dev (nosuid, "
		    "nodev)\n", o->root, o->overlay_upper ? o->overlay_upper :
		    "a tmpfs");
	else if (o->ro_root || o->dev || binds_device(o))
		printf("mount: %s %s(and what is mounted below it)\n", o->root,
		    o->ro_root ? "read-only, nodev " : "nodev ");
	if (o->dev)
		printf("mount: tmpfs on %s/dev (nosuid, nodev): null, zero, "
		    "full, random, urandom, tty bound from the host; fd, stdin, "
		    "stdout, stderr%s%s\n", o->root, o->dev & DEV_PTS ?
		    "; devpts on pts, ptmx" : "", o->dev & DEV_SHM ?
		    "; tmpfs on shm" : "");
	if (o->syslog)
		printf("mount: /dev/log on %s/dev/log\n", o->root);
	for (i = 0; i < o->nmounts; i++)
		print_mount(o->root, &o->mounts[i]);
	if (o->passwd)
		printf("mount: %s/etc/passwd and group: %s and its %d group(s) "
		    "only, read-only\n", o->root, p->t.name,
		    count_lines(p->group));
}

static void
print_limits(const struct plan *p)
{
	static const char *const how[] = { "", "", " (reset to init's)" };
	char v[2][32];
	int r, i;

	for (r = 0; r < RLIM_NLIMITS; r++) {
		if (p->rlim[r].how == LIMIT_KEEP)
			continue;
		for (i = 0; i < 2; i++) {
			rlim_t x = i ? p->rlim[r].rl.rlim_max : p->rlim[r].rl.rlim_cur;
			if (x == RLIM_INFINITY)
				snprintf(v[i], sizeof v[i], "unlimited");
			else
				snprintf(v[i], sizeof v[i], "%llu", (unsigned long long)x);
		}
		printf("rlimit: %s %s:%s%s\n", rlimit_name(r), v[0], v[1],
		    how[p->rlim[r].how]);
	}
	if (p->setnice)
		printf("nice: %d\n", p->nice);
	printf("umask: %03o\n", (unsigned)p->umask);
	printf("chdir: %s\n", p->dir ? p->dir : "(stays)");
}

/* Print the plan.  The caller has read-only privileges by now (see
 * read_only_privileges()); the command is looked for in the jail as the
 * launch would, below rootfd: AT_FDCWD without a jail, -1 if the jail
 * root could not be opened with those privileges. */
int
print_plan(const struct plan *p, int rootfd)
{
	char file[PATH_MAX];
	int i;

	printf("# runjail --dry-run: nothing is launched\n");
	print_ids(p);
	print_files(p);
	print_mounts(p);
	print_limits(p);
	printf("env:");
	for (i = 0; i < p->env.n; i++)
		printf(" %.*s", (int)strcspn(p->env.v[i], "="), p->env.v[i]);
	printf("\nseccomp: ");
	if (p->filter)
		printf("%s (%zu instructions%s%s)\n", p->o->seccomp,
		    p->filter_len, p->o->seccomp_log ? ", logging only" : "",
		    rj_seccomp_is_compiled(p->filter) ? ", compiled before: "
		    "loaded as it is" : "");
	else
		printf("none\n");
	printf("terminal guard: %s\n", p->guard ? "TIOCSTI and TIOCLINUX "
	    "denied" : "none (no terminal)");
	printf("command:");
	for (i = 0; p->o->cmd[i]; i++)
		printf(" %s", p->o->cmd[i]);
	if (rootfd == -1)
		printf("\nfound: not looked for (the jail root cannot be opened "
		    "with the rights of a dry run)\n");
	else
		printf("\nfound: %s\n", find_command(p, rootfd, file,
		    sizeof file) == 0 ? file : "not found");
	return fflush(stdout) == EOF ? fail("stdout") : 0;
}
