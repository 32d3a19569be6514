/*
 * runjail: run a command in a chroot jail as another user, keeping only the
 * privileges asked for.  runjail(8) is the specification.
 *
 * main() is the launch, in three phases: the description (options and
 * profile, options.c), the plan (who asks, what they may do, names
 * resolved: plan.c), and the steps that carry the plan out, in launch()
 * on the host and enter() in the jail.  The steps are numbered 1 to 15
 * in the order they must happen, with the numbers of the list in
 * runjail(8), "Order of operations" (tests/docs.t holds the two
 * together).  Each step returns -1 on a failure, recorded by whoever
 * failed (err.c); report() is the one place that tells it and ends
 * runjail, with status 125 (126, 127 for the command).  Nothing continues
 * after a failed step.
 */
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/keyctl.h>

#include <errno.h>
#include <fcntl.h>
#include <nss.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "runjail.h"
#include "scmp.h"
#include "seccomp.h"

/* ---------------------------------------------------------------------
 * Hygiene of a setuid program: done first, before anything else runs.
 */

/* The service must never get a stray descriptor 0, 1 or 2, and neither must
 * runjail open its own files there: a closed stderr would make our error
 * messages land in whatever file happens to get fd 2.  Failing, there is
 * no stderr to tell: the one exit without a message. */
static void
open_stdio(void)
{
	struct stat st;
	int fd, null, want;

	for (fd = 0; fd < 3; fd++) {
		want = fd == 0 ? O_RDONLY : O_WRONLY;
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			if (open("/dev/null", want) != fd)
				_exit(EXIT_FAILED);
			continue;
		}
		/* For a set-user-ID program the C library has already
		 * filled a closed 0 with /dev/full opened write-only, and a
		 * closed 1 or 2 with /dev/null opened read-only, so that they
		 * fail.  runjail.8 promises /dev/null that works: swap them. */
		if (!getauxval(AT_SECURE) || fstat(fd, &st) == -1 ||
		    !S_ISCHR(st.st_mode) || major(st.st_rdev) != 1 ||
		    minor(st.st_rdev) != (fd == 0 ? 7 : 3) ||
		    (fcntl(fd, F_GETFL) & O_ACCMODE) != (fd == 0 ? O_WRONLY : O_RDONLY))
			continue;
		if ((null = open("/dev/null", want)) == -1 || dup2(null, fd) != fd)
			_exit(EXIT_FAILED);
		close(null);
	}
}

/* Nothing the caller opened survives: a directory descriptor to the host's
 * root would be a way out of any chroot. */
static void
close_from(int lowfd, int cloexec)
{
	int fd, max;

	if (close_range(lowfd, ~0U, cloexec ? CLOSE_RANGE_CLOEXEC : 0) == 0)
		return;
	max = (int)sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 1 << 20)
		max = 1 << 20;
	for (fd = lowfd; fd < max; fd++)
		if (cloexec)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
		else
			close(fd);
}

/* Descriptors lo to hi, closed (none if hi < lo). */
static void
close_between(int lo, int hi)
{
	if (hi < lo || close_range((unsigned)lo, (unsigned)hi, 0) == 0)
		return;
	for (; lo <= hi; lo++)
		close(lo);
}

/* A set-user-ID launch works under limits of its own, not the caller's:
 * a tiny stack would crash runjail, a CPU time limit would kill it at a
 * moment the caller chooses (after the pidfile is written), a file size
 * limit would cut its files short.  Run first, before main's callees put
 * anything large on the stack.  The caller's limits are kept: a self-jail
 * gets them back.  Without CAP_SYS_RESOURCE a hard limit cannot be
 * raised: then the soft one goes up to it, and a stack still too small to
 * work in is refused. */
static int
own_limits(struct caller *c)
{
	struct rlimit rl;
	int r;

	c->setuid = getuid() != 0 && geteuid() == 0;
	if (!c->setuid)
		return 0;
	for (r = 0; r < RLIM_NLIMITS; r++) {
		if (getrlimit(r, &c->rlim[r]) == -1)
			return fail("rlimit %s", rlimit_name(r));
		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
		if (setrlimit(r, &rl) == 0)
			continue;
		rl.rlim_cur = rl.rlim_max = c->rlim[r].rlim_max;
		if (setrlimit(r, &rl) == -1)
			return fail("rlimit %s", rlimit_name(r));
	}
	if (getrlimit(RLIMIT_STACK, &rl) == -1 || rl.rlim_cur < MIN_STACK)
		return failx("rlimit stack: the caller's hard limit is too small "
		    "for runjail, and cannot be raised");
	return 0;
}

/* make STATIC=1: names from /etc/passwd and /etc/group alone, with the
 * C library's own files backend, whatever /etc/nsswitch.conf names.  A
 * static binary cannot load an NSS module safely (the module brings a
 * second C library in; getgrouplist() crashed with libnss_systemd), and
 * this one loads no library at all.  initgroups too: getgrouplist()
 * follows nsswitch.conf's initgroups line when there is one.  Before the
 * first lookup. */
static int
nss_files_only(void)
{
#ifdef RJ_NSS_FILES
	if (__nss_configure_lookup("passwd", "files") != 0 ||
	    __nss_configure_lookup("group", "files") != 0 ||
	    __nss_configure_lookup("initgroups", "files") != 0)
		return failx("name service: the lookups cannot be limited "
		    "to files");
#endif
	return 0;
}

/* A static runjail must load no library at all: libseccomp linked in,
 * never dlopen()ed (that would map a second C library and its loader into
 * the process).  make STATIC=1 STATIC_LIBS=0 would build one that does. */
#if defined(RJ_NSS_FILES) && !defined(RJ_SCMP_DIRECT)
#error "make STATIC=1 needs STATIC_LIBS=1: a static runjail must not dlopen libseccomp"
#endif
#ifdef RJ_NSS_FILES
#define STATIC_BUILD " (static: users and groups from /etc/passwd and /etc/group only)"
#else
#define STATIC_BUILD ""
#endif

/* Who called us, before anything changes it. */
static int
init_caller(struct caller *c)
{
	struct passwd *pw;
	int n;

	if (nss_files_only() == -1)
		return -1;
	c->uid = getuid();
	c->gid = getgid();
	if ((n = getgroups(0, NULL)) == -1 ||
	    (c->groups = calloc(n + 1, sizeof(gid_t))) == NULL ||
	    (c->ngroups = getgroups(n, c->groups)) == -1)
		return fail("getgroups");
	if (c->uid != 0 && (pw = getpwuid(c->uid)) != NULL)
		str_copy(c->name, sizeof c->name, pw->pw_name);
	else
		uint_str(c->name, sizeof c->name, c->uid);
	return 0;
}

/* ---------------------------------------------------------------------
 * The one reporting point.
 */

/* s appended to buf (size bytes, n used): the new length, cut short if
 * need be, always NUL-terminated. */
static size_t
append(char *buf, size_t n, size_t size, const char *s)
{
	size_t k = strnlen(s, size - 1 - n);

	memcpy(buf + n, s, k);
	buf[n + k] = '\0';
	return n + k;
}

/* Tell the failure recorded, log it (callers other than root), tell the
 * watcher process if there is one (it removes the pidfile), and exit with
 * the status recorded.  o and t: as far as they are known. */
static void __attribute__((noreturn))
report(const struct caller *c, const struct opts *o, const struct target *t)
{
	char line[1100];
	unsigned char st = (unsigned char)failure_status();
	const char *where = failure_in_profile();
	size_t n;

	/* The watcher first: under a seccomp filter the calls below (the
	 * log's socket, setrlimit) may be what kills us. */
	watcher_tell(st);
	stack_back();
	/* A profile's text is root's: a caller other than root learns that
	 * it is broken, the log gets the details.  Put together by hand and
	 * written: printf's machinery needs more than a caller's 16K stack
	 * (see own_limits()) holds. */
	n = append(line, 0, sizeof line, "runjail: ");
	if (where && c->uid != 0) {
		n = append(line, n, sizeof line, where);
		n = append(line, n, sizeof line, ": invalid profile; details are "
		    "in the system log");
	} else
		n = append(line, n, sizeof line, failure_text());
	n = append(line, n, sizeof line, "\n");
	(void)!write(STDERR_FILENO, line, n);
	if (c->uid != 0) {
		snprintf(line, sizeof line, "failed: %s", failure_text());
		audit(c, o, t, line);
	}
	daemon_failed();
	fflush(stdout);
	_exit(st);
}

/* --compile-seccomp FILE: the -s policy, compiled at the plan, written
 * whole to FILE (a new file, renamed over it), for -s to load as it is. */
static int
write_compiled(const struct plan *p)
{
	char tmp[PATH_MAX], *buf;
	size_t len;
	int fd, r;

	if (rj_seccomp_compiled(p->filter, p->o->seccomp_log ? RJ_SECCOMP_LOG : 0,
	    &buf, &len) == -1)
		return fail("compile-seccomp");
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", p->o->compile_out) >=
	    sizeof tmp)
		return failx("compile-seccomp %s: path too long", p->o->compile_out);
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644)) == -1)
		return fail("compile-seccomp %s", tmp);
	r = write(fd, buf, len) != (ssize_t)len || fsync(fd) == -1;
	free(buf);
	if (close(fd) == -1 || r || rename(tmp, p->o->compile_out) == -1) {
		(void)unlink(tmp);
		return fail("compile-seccomp %s", p->o->compile_out);
	}
	return 0;
}

/* The audit log's line for a launch that goes ahead, with the Landlock
 * ABI in force and what it drops, when --landlock is asked. */
static void
permitted(const struct caller *c, const struct plan *p)
{
	char line[600] = "permitted";

	if (p->o->landlock) {
		strcpy(line, "permitted; landlock ");
		landlock_describe(p, line + strlen(line), sizeof line - strlen(line));
	}
	audit(c, p->o, &p->t, line);
}

/* --ready-fd N, a pipe: opened again through /proc/self/fd as a
 * description of runjail's own, write-only and non-blocking, in place of
 * the caller's (whose flags, which its holders share, are left as they
 * were).  A socket is kept: it is sent to without waiting.  Step 2, root
 * (only root's descriptor is kept) and the host's /proc. */
static int
own_ready_fd(int fd)
{
	char path[64];
	struct stat st;
	int own;

	if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode))
		return 0;	/* plan_ready_fd() judges it */
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if ((own = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return fail("ready-fd %d", fd);
	if (dup3(own, fd, O_CLOEXEC) == -1) {
		close(own);
		return fail("ready-fd %d", fd);
	}
	close(own);
	return 0;
}

/* ---------------------------------------------------------------------
 * The description: the profile, read as root (it is root's), then the
 * options.  A caller other than root must be permitted by the profile
 * before it learns anything else about it.  Returns 0, or PARSE_HELP or
 * PARSE_VERSION, or -1.
 */
static int
describe(struct opts *o, struct caller *c, int argc, char *argv[])
{
	char *text = NULL;
	const char *name;
	int permitted, rc;

	if ((name = options_profile(argc, argv)) != NULL) {
		text = read_profile(name, o->profile_file, sizeof o->profile_file);
		if (text == NULL)
			return -1;
		if (c->uid != 0 && (permitted = profile_permits_caller(text, c)) != 1) {
			free(text);
			return permitted == -1 ? -1 : failx("profile %s: does not "
			    "permit %s (no matching permit line)", name, c->name);
		}
	}
	o->umask = -1;
	o->kill_after = KILL_AFTER;
	rc = parse_args(o, argc, argv, text, o->profile_file);
	free(text);	/* what the description keeps, it copied */
	/* Sockets passed to runjail but not asked to be passed on: gone. */
	if (rc == 0 && !o->listen_fds && c->listen_fds) {
		close_range(3, 2 + c->listen_fds, 0);
		c->listen_fds = 0;
	}
	/* A descriptor kept for a --ready-fd that the options do not name. */
	if (c->ready_fd && (rc != 0 || o->ready_fd != c->ready_fd)) {
		close(c->ready_fd);
		c->ready_fd = 0;
	}
	return c->ready_fd && own_ready_fd(c->ready_fd) == -1 ? -1 : rc;
}

/* The jail root for --check and --dry-run, opened with the rights they
 * have: AT_FDCWD without -r.  A dry run that may not open it says so
 * (-1); any other failure is the launch's too. */
static int
look_root(const struct plan *p)
{
	int fd;

	if (p->o->root == NULL)
		return AT_FDCWD;
	fd = open_root(p->o->root, NULL);
	if (fd == -1 && (!p->o->dry_run || (errno != EACCES && errno != EPERM)))
		return -2;
	if (fd != -1 && p->o->dry_run && judge_root(fd, p) == -1)
		return -2;
	return fd;
}

/* --check and --dry-run: after the plan, nothing privileged, nothing
 * executed, with read-only privileges (read_only_privileges()); a caller
 * other than root may interrupt them.  Root opens the jail, and counts
 * the processes outside it, before it gives up its privileges (ptrace
 * rights tell which process runs where); any other caller, after. */
static void __attribute__((noreturn))
look_only(const struct plan *p)
{
	const struct opts *o = p->o;
	int rootfd = AT_FDCWD, outside = -1, rc;

	if (p->mode == MODE_ROOT) {
		if ((rootfd = look_root(p)) == -2)
			report(p->c, o, &p->t);
		if (o->check && o->proc)
			outside = count_outside(&p->t, o->root ? rootfd : -1);
	}
	if (read_only_privileges(p->c) == -1 || reset_signals() == -1)
		report(p->c, o, &p->t);
	if (p->mode != MODE_ROOT && (rootfd = look_root(p)) == -2)
		report(p->c, o, &p->t);
	rc = o->check ? run_check(p, o->root ? rootfd : -1, outside) :
	    print_plan(p, rootfd);
	if (rc == -1)
		report(p->c, o, &p->t);
	exit(rc);
}

/* What the service must not reach or share, set up once it is the target
 * user: a session keyring of its own (not the caller's, which may hold
 * root's keys), and a Landlock domain, so that the kernel refuses ptrace,
 * /proc/PID/mem, /proc/PID/root and the like for every process outside
 * the jail, whatever their uid.  Without Landlock a /proc in the jail
 * would show them: -P is then refused. */
static int
confine(const struct plan *p, const struct run *r)
{
	int abi;

	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) == -1 &&
	    errno != ENOSYS)
		return fail("a new session keyring");
	/* --landlock: its domain, made in the jail (step 7), does all of
	 * this and more. */
	if (r->landlock != -1)
		return landlock_enter(r->landlock);
	if ((abi = ptrace_scope(p->ll_abi)) == -1)
		return -1;
	return abi == 0 && p->o->proc ? failx(NO_LANDLOCK) : 0;
}

/* ---------------------------------------------------------------------
 * The launch, in order.
 */

/* --listen-fds: the sockets passed to runjail, 3 up, kept across the
 * exec (the rest is close-on-exec by now). */
static int
inherit_passed_fds(const struct plan *p)
{
	int fd;

	for (fd = 3; p->o->listen_fds && fd < 3 + p->c->listen_fds; fd++)
		if (fcntl(fd, F_SETFD, 0) == -1)
			return fail("listen-fds: descriptor %d", fd);
	return 0;
}

/* Steps 4 to 7, on the host. */
static int
launch(const struct plan *p, struct run *r)
{
	const struct opts *o = p->o;

	/* 4. Root's file rights back (see become_root()): the host side
	 * makes root's files and mounts.  A profile caller's process is
	 * reset first, before any file is made: what it could set on itself
	 * (its cgroup, which it could freeze or kill us in, oom score,
	 * scheduling, affinity, timers, personality, ...) must not reach us
	 * while we work, nor a service run for it.  On the host, where /proc
	 * and the cgroup file systems are the real ones. */
	rj_scmp_seal();	/* libseccomp is loaded in the plan or never:
			 * from here on, namespaces and the chroot could
			 * make the loader read another tree's files */
	if (p->c->setuid && fs_as(0, 0) == -1)
		return -1;
	if (p->reset && (reset_cgroup() == -1 || reset_inherited() == -1))
		return -1;

	/* 5. Files on the host: the pidfile and output files, before the
	 * chroot puts them out of reach.  Then fork, if -b or a pidfile
	 * needs a process that outlives a failed setup. */
	if (o->pidfile && pidfile_prepare(o->pidfile) == -1)
		return -1;
	if (o->stdout_file && (r->outfd = open_output(o->stdout_file)) == -1)
		return -1;
	if (o->stderr_file && (r->errfd = open_output(o->stderr_file)) == -1)
		return -1;
	if ((o->background || o->pidfile) && fork_watcher(p, r) == -1)
		return -1;
	/* --learn: this process stays behind as the learner (learn.c),
	 * outside the namespaces, and its child goes on. */
	if (o->learn && fork_learner(p, r) == -1)
		return -1;

	/* --notify: the socket the supervisor sends root's NOTIFY_SOCKET
	 * messages on, made here, in the host's network namespace, where an
	 * abstract NOTIFY_SOCKET lives. */
	if (p->notify_to && (r->notify_out = socket(AF_UNIX, SOCK_DGRAM |
	    SOCK_CLOEXEC, 0)) == -1)
		return fail("notify: socket");

	/* 6. The namespaces, before the root is opened: a descriptor opened
	 * before unshare() would point into the host's mount namespace, and
	 * the mounts below would not be seen through it.  With --pid-ns this
	 * process forks here: it stays outside as the supervisor (init.c),
	 * and its child, pid 1 in the new namespace, goes on. */
	if (enter_namespaces(p) == -1)
		return -1;
	if (p->o->pid_ns && split_supervisor(p, r) == -1)
		return -1;

	/* 7. Open and check the root, mount inside it, chroot.  Then, still
	 * root, in the jail as the service will see it: the --landlock
	 * ruleset (which directories the target user can write today). */
	if (o->root && build_jail(p) == -1)
		return -1;
	if (o->landlock && (r->landlock = landlock_ruleset(p, r)) == -1)
		return -1;
	return 0;
}

/* Steps 8 to 15: become the target user in the jail, and execute.
 * Returns only on a failure. */
static int
enter(const struct plan *p, struct run *r)
{
	char file[PATH_MAX];
	const char *failed;

	/* 8. The limits that may need privilege (raising a hard limit, a
	 * negative nice value), while we still have it. */
	if (set_limits(p) == -1)
		return -1;

	/* 9. Become the target, keep only the asked-for capabilities, and
	 * check that there is no way back. */
	if (drop_privileges(&p->t, p->o->caps) == -1 ||
	    verify_privileges(&p->t, p->o->caps) == -1)
		return -1;

	/* 10. no_new_privs: from now on no execve can grant privilege, not
	 * a set-uid file, not file capabilities.  Needed before an
	 * unprivileged seccomp load, and before a Landlock domain. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return fail("prctl(PR_SET_NO_NEW_PRIVS)");

	/* 11. A keyring of its own, and no way to other processes. */
	if (confine(p, r) == -1)
		return -1;
	/* --notify under --landlock: the domain scopes abstract sockets, so
	 * init makes the service's socket now, inside it. */
	if (p->o->landlock && p->o->notify && p->o->pid_ns &&
	    (r->notify_in = late_notify_socket(p)) == -1)
		return -1;

	/* 12. The working directory, entered as the target user, so its own
	 * permissions apply; then the umask the plan chose. */
	if (p->dir && chdir(p->dir) == -1)
		return fail("chdir %s", p->dir);
	umask(p->umask);

	/* 13. What the command inherits: default signal handling,
	 * descriptors 0-2 only (and the pidfile's lock, read-only, and with
	 * --listen-fds the sockets passed on). */
	if (reset_signals() == -1)
		return -1;
	close_from(3, 1);
	if (pidfile_inherit() == -1 || inherit_passed_fds(p) == -1)
		return -1;

	/* 14. The output files, as late as possible so that our own errors
	 * until now reached the caller, but before the filter, which may not
	 * allow dup2.  The watcher is told the exec is next, while write is
	 * surely allowed. */
	if ((r->outfd != -1 && dup2(r->outfd, 1) == -1) ||
	    (r->errfd != -1 && dup2(r->errfd, 2) == -1))
		return fail("dup2");
	if (watcher_exec_next() == -1)
		return -1;

	/* 15. With --pid-ns, the service forked off the init (init.c).
	 * The command's last soft limits, then the seccomp filters,
	 * immediately before execve: the steps above need calls a policy
	 * may deny. */
	if (p->o->pid_ns && fork_service(p, r) == -1)
		return -1;
	if (p->listen_pid)
		snprintf(p->listen_pid + 11, 11, "%d", (int)getpid());
	if (command_limits(p) == -1)
		return -1;
	if (p->guard && rj_seccomp_load(p->guard) == -1)
		return fail("seccomp: loading the terminal guard");
	if (p->netguard && rj_seccomp_load(p->netguard) == -1)
		return fail("seccomp: loading the landlock ports' guard");
	if (p->filter && rj_seccomp_load(p->filter) == -1)
		return fail("seccomp: loading the filter");
	if (r->learn != -1 && learn_arm(r->learn) == -1)
		return -1;
	failed = exec_command(p->o->cmd, &p->env, file, sizeof file);
	return exec_report(p->o->cmd, &p->env, failed, errno);
}

/* How many descriptors from 3 up the caller's environment says were
 * passed to runjail itself for socket activation: LISTEN_FDS=N with
 * LISTEN_PID our pid (sd_listen_fds(3)), N at most MAXLISTEN; else 0.
 * Only root's: a caller other than root could hand the service anything
 * (a directory out of the chroot, a socket of the host's network). */
static int
passed_fds(char **env)
{
	long pid = 0, n = 0, v;
	char *end;

	if (getuid() != 0)
		return 0;
	for (; env && *env; env++) {
		if (strncmp(*env, "LISTEN_PID=", 11) && strncmp(*env, "LISTEN_FDS=", 11))
			continue;
		errno = 0;
		v = strtol(*env + 11, &end, 10);
		if (errno || end == *env + 11 || *end != '\0')
			return 0;
		if ((*env)[7] == 'P')
			pid = v;
		else
			n = v;
	}
	return pid == (long)getpid() && n > 0 && n <= MAXLISTEN ? (int)n : 0;
}

/* Root's --ready-fd N (or --ready-fd=N), looked for before the options
 * are parsed, since every other descriptor is closed before that.  It is
 * kept only if open, and closed at step 2 unless the options really name
 * it (the words may have been an option's argument, or the command's).
 * Only root's: no other caller hands the launch a descriptor. */
static int
ready_fd_arg(int argc, char *argv[], int low)
{
	long v = 0;
	char *end, *arg;
	int i;

	if (getuid() != 0)
		return 0;
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strncmp(argv[i], "--ready-fd=", 11))
			arg = argv[i] + 11;
		else if (!strcmp(argv[i], "--ready-fd") && i + 1 < argc)
			arg = argv[++i];
		else
			continue;
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || end == arg || *end)
			v = 0;
	}
	return v >= low && v < 1 << 20 && fcntl((int)v, F_GETFD) != -1 ? (int)v : 0;
}

/* Step 1 but for who called: nothing of what the caller hands over may
 * reach what comes next.  argc == 0 would make argv[1] read envp[0]
 * (pkexec, CVE-2021-4034).  Our own limits before anything uses the
 * stack.  The environment is set aside, never exported: the command's is
 * built from nothing.  Descriptors: 0-2, and the sockets a service
 * manager passes runjail (passed_fds()), kept until the options say
 * whether to pass them on.  No core dump and no ptrace attach while we hold
 * privilege.  Every signal that can be blocked is, so that the terminal's
 * cannot stop us between two privileged steps (reset before the exec).
 * runjail's own files get exactly the modes it asks for: the command gets
 * the caller's umask back, or -m. */
static int
hygiene(struct caller *c, int argc, char *argv[])
{
	sigset_t all;
	int fd;

	open_stdio();
	if (argc < 1 || argv[0] == NULL)
		return failx("refusing to run with argc == 0");
	if (own_limits(c) == -1)
		return -1;
	c->env = environ;
	clearenv();
	c->listen_fds = passed_fds(c->env);
	if ((c->ready_fd = ready_fd_arg(argc, argv, 3 + c->listen_fds)) != 0) {
		close_between(3 + c->listen_fds, c->ready_fd - 1);
		if (fcntl(c->ready_fd, F_SETFD, FD_CLOEXEC) == -1)
			return fail("ready-fd: descriptor %d", c->ready_fd);
	}
	close_from(c->ready_fd ? c->ready_fd + 1 : 3 + c->listen_fds, 0);
	for (fd = 3; fd < 3 + c->listen_fds; fd++)
		if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
			return fail("listen-fds: descriptor %d", fd);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		return fail("prctl(PR_SET_DUMPABLE)");
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, NULL) == -1)
		return fail("sigprocmask");
	c->umask = umask(022);
	return 0;
}

/* --help, --version: printed, and the exit status. */
static int
usage_or_version(int rc)
{
	if (rc == PARSE_HELP)
		fputs(usage_text, stdout);
	else
		printf("runjail %s%s\n", RUNJAIL_VERSION, STATIC_BUILD);
	return fflush(stdout) == EOF ? EXIT_FAILED : 0;
}

int
main(int argc, char *argv[])
{
	struct caller c = { 0 };
	struct run r = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
	struct opts *o;
	struct plan *p;
	int rc;

	/* 1. Hygiene, before any library code can look at what the caller
	 * gave us (argc, limits, environment, descriptors, core dumps,
	 * signals, umask); who called; set-user-ID, become root. */
	if (hygiene(&c, argc, argv) == -1 || init_caller(&c) == -1 ||
	    become_root(&c) == -1)
		report(&c, NULL, NULL);

	/* 2. Read and check every option and the profile: a mistake costs
	 * nothing yet, and --help and --version end here, before any
	 * privileged step.  From here until step 4 a set-user-ID runjail
	 * reads files with the caller's file system ids (fs_as()). */
	/* The description has room for the most of everything (1024 mounts,
	 * 256 variables, ...): mapped rather than calloc'ed, so that only the
	 * pages it uses are ever touched (zero-filled by the kernel then),
	 * not all 60 KB, at every launch. */
	if ((o = mmap(NULL, sizeof *o, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED ||
	    (p = calloc(1, sizeof *p)) == NULL) {
		fail("memory");
		report(&c, NULL, NULL);
	}
	audit_open(&c);
	if ((rc = describe(o, &c, argc, argv)) == -1 ||
	    (c.setuid && fs_as(c.uid, c.gid) == -1))
		report(&c, o, NULL);
	if (rc == PARSE_HELP || rc == PARSE_VERSION)
		exit(usage_or_version(rc));

	/* 3. The plan: the target user and groups resolved on the host, the
	 * policy for this caller applied, the seccomp programs compiled, the
	 * command's environment built.  --check and --dry-run end here. */
	if (make_plan(o, &c, p) == -1)
		report(&c, o, &p->t);
	if (o->check || o->dry_run)
		look_only(p);
	if (o->compile_out) {
		if (write_compiled(p) == -1)
			report(&c, o, &p->t);
		exit(0);
	}
	permitted(&c, p);

	/* Steps 4 to 15.  enter() returns only on a failure. */
	if (launch(p, &r) == 0)
		enter(p, &r);
	report(&c, o, &p->t);
}
