/*
 * runjail: run a command in a chroot jail as another user, keeping only the
 * privileges asked for.  runjail(8) is the specification.
 *
 * The privileged steps are numbered 1 to 16 in main() (1), launch() (2 to
 * 8, on the host) and enter() (9 to 16, in the jail), in the order they
 * must happen, with the numbers of the list in runjail(8), "Order of
 * operations" (tests/docs.t holds the two together).  Each helper does one
 * thing, checks it, and on failure ends runjail with a one-line
 * "runjail: <what>: <why>" and exit status 125.  Nothing continues after a
 * failed privilege step.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <linux/capability.h>
#include <linux/keyctl.h>

#include <cap-ng.h>
#include <seccomp.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "runjail.h"
#include "seccomp.h"

struct caller	 caller;
const char	*errwhere;	/* "file:line" of the profile being read */
static char	**callerenv;	/* the caller's environment, never exported */
static char	*emptyenv[] = { NULL };
#define NO_LANDLOCK	"proc: this kernel has no Landlock, so the jail's /proc " \
	"would reach processes outside it (see SECURITY in runjail(8))"
static const struct opts	*cur_opts;	/* for the audit log */
static const struct target	*cur_target;
static mode_t	 caller_umask;

/* ---------------------------------------------------------------------
 * Errors.  One line, always prefixed "runjail: " (never argv[0], which the
 * caller controls), control characters from caller input made harmless.
 */
/* Format a message: "file:line: " while a profile is read, the text,
 * ": strerror" if errnum, control characters from caller input made '?'. */
static void
fmtmsg(char *msg, size_t size, int errnum, const char *fmt, va_list ap)
{
	size_t n;
	unsigned char *p;

	n = errwhere ? (size_t)snprintf(msg, size, "%s: ", errwhere) : 0;
	if (n >= size)
		n = 0;
	vsnprintf(msg + n, size - n, fmt, ap);
	n = strlen(msg);
	if (errnum)
		snprintf(msg + n, size - n, ": %s", strerror(errnum));
	for (p = (unsigned char *)msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/* After command_limits() the stack's soft limit may be the command's (a
 * caller's 16K): take back what the hard limit allows, to report a failed
 * execve in.  May fail under a seccomp filter; then nothing is lost. */
void
stack_back(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_STACK, &rl);
	}
}

/* Report, log (callers other than root), tell the watcher process the
 * status if there is one (it removes the pidfile), and exit. */
void
die(int status, int errnum, const char *fmt, ...)
{
	char msg[1024], result[1100];
	unsigned char st = (unsigned char)status;
	const char *file;
	va_list ap;

	/* The watcher first: under a seccomp filter the calls below (the
	 * log's socket, setrlimit) may be what kills us. */
	watcher_tell(st);
	stack_back();
	va_start(ap, fmt);
	fmtmsg(msg, sizeof msg, errnum, fmt, ap);
	va_end(ap);
	if (errwhere && caller.uid != 0) {
		/* A profile's text is root's: a caller other than root learns
		 * that it is broken, the log gets the details. */
		file = strrchr(errwhere, '/');
		dprintf(STDERR_FILENO, "runjail: %s: invalid profile; details "
		    "are in the system log\n", file ? file + 1 : "profile");
	} else
		dprintf(STDERR_FILENO, "runjail: %s\n", msg);
	snprintf(result, sizeof result, "failed: %s", msg);
	audit(cur_opts, cur_target, result);
#ifdef RUNJAIL_FUZZ
	longjmp(fuzz_die, 1);	/* a fuzz build of the parsers, never installed */
#endif
	daemon_failed();
	fflush(stdout);
	_exit(status);
}

void
warnmsg(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	fmtmsg(msg, sizeof msg, 0, fmt, ap);
	va_end(ap);
	dprintf(STDERR_FILENO, "runjail: warning: %s\n", msg);
}

/* ---------------------------------------------------------------------
 * Hygiene of a setuid program: done first, before anything else runs.
 */

/* The service must never get a stray descriptor 0, 1 or 2, and neither must
 * runjail open its own files there: a closed stderr would make our error
 * messages land in whatever file happens to get fd 2. */
static void
open_stdio(void)
{
	struct stat st;
	int fd, null, want;

	for (fd = 0; fd < 3; fd++) {
		want = fd == 0 ? O_RDONLY : O_WRONLY;
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			if (open("/dev/null", want) != fd)
				_exit(EXIT_FAILED);	/* cannot even report it */
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

/* ---------------------------------------------------------------------
 * Option parsing.  Pure: nothing here touches the system.
 */
enum { OPT_KEEPENV = 256, OPT_SECCOMP_LOG, OPT_BIND, OPT_ROBIND, OPT_PIDFILE,
    OPT_STDOUT, OPT_STDERR, OPT_CHECK };

static const char shortopts[] = "+p:r:d:u:g:G:Pm:l:n:c:e:s:bhV";
static const struct option longopts[] = {
	{ "profile",	required_argument,	NULL, 'p' },
	{ "root",	required_argument,	NULL, 'r' },
	{ "chdir",	required_argument,	NULL, 'd' },
	{ "user",	required_argument,	NULL, 'u' },
	{ "group",	required_argument,	NULL, 'g' },
	{ "groups",	required_argument,	NULL, 'G' },
	{ "proc",	no_argument,		NULL, 'P' },
	{ "bind",	required_argument,	NULL, OPT_BIND },
	{ "ro-bind",	required_argument,	NULL, OPT_ROBIND },
	{ "umask",	required_argument,	NULL, 'm' },
	{ "rlimit",	required_argument,	NULL, 'l' },
	{ "nice",	required_argument,	NULL, 'n' },
	{ "cap",	required_argument,	NULL, 'c' },
	{ "setenv",	required_argument,	NULL, 'e' },
	{ "keep-env",	required_argument,	NULL, OPT_KEEPENV },
	{ "seccomp",	required_argument,	NULL, 's' },
	{ "seccomp-log", no_argument,		NULL, OPT_SECCOMP_LOG },
	{ "background",	no_argument,		NULL, 'b' },
	{ "pidfile",	required_argument,	NULL, OPT_PIDFILE },
	{ "stdout",	required_argument,	NULL, OPT_STDOUT },
	{ "stderr",	required_argument,	NULL, OPT_STDERR },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: runjail [options] [--] command [argument ...]\n"
"       runjail -p profile [argument ...]\n"
"  -p, --profile NAME      read options from " PROFILE_DIR "/NAME.conf\n"
"  -r, --root DIR          chroot into DIR (absolute path)\n"
"  -d, --chdir DIR         working directory inside the jail (default: /\n"
"                          with -r or a profile, else the current one)\n"
"  -u, --user USER|UID     run as this user (default: the caller)\n"
"  -g, --group GROUP|GID   primary group (default: the user's)\n"
"  -G, --groups LIST       supplementary groups, comma-separated\n"
"                          (default: the user's; '' for none)\n"
"  -P, --proc              private /proc in the jail (needs Landlock)\n"
"      --bind SRC[:DST]    bind-mount host SRC on DST in the jail\n"
"      --ro-bind SRC[:DST] the same, read-only\n"
"  -m, --umask MODE        umask, octal\n"
"  -l, --rlimit NAME=SOFT[:HARD]  set a resource limit (repeatable)\n"
"  -n, --nice N            nice value, -20 to 19\n"
"  -c, --cap LIST          capabilities to keep, e.g. net_bind_service\n"
"  -e, --setenv VAR=VALUE  set VAR in the command's environment\n"
"      --keep-env VAR      pass the caller's VAR through\n"
"  -s, --seccomp POLICY    seccomp profile name or policy file\n"
"      --seccomp-log       log what the policy would deny, deny nothing\n"
"  -b, --background        run in the background once set up\n"
"      --pidfile FILE      write the command's pid to FILE, locked\n"
"      --stdout FILE       append the command's output to FILE\n"
"      --stderr FILE       append the command's errors to FILE\n"
"      --check             audit the jail and the command; run nothing\n"
"  -h, --help              this text\n"
"  -V, --version           the version\n"
"Exit status: 125 runjail failed, 126 command not executable,\n"
"127 command not found, else the command's own.  See runjail(8).\n";

static const struct {
	const char	*name;
	int		 resource;
} rlimit_names[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE },
	{ "locks", RLIMIT_LOCKS }, { "memlock", RLIMIT_MEMLOCK },
	{ "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO },
	{ "rttime", RLIMIT_RTTIME }, { "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },
};

/* An unsigned decimal number that fills the whole string, or -1. */
static int
parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A user or group id: decimal, and never (uid_t)-1, which the set*id calls
 * read as "leave unchanged". */
int
parse_id(const char *s, unsigned int *id)
{
	unsigned long long v;

	if (parse_ulong(s, UINT_MAX - 1, &v) == -1)
		return -1;
	*id = (unsigned int)v;
	return 0;
}

/* A limit value: "unlimited" (or "infinity"), or a number with an optional
 * K, M, G or T suffix (powers of 1024). */
static int
parse_rlim(const char *s, rlim_t *out)
{
	unsigned long long v, mult = 1;
	char num[32];
	size_t n = strlen(s);

	if (!strcmp(s, "unlimited") || !strcmp(s, "infinity")) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (n == 0 || n >= sizeof num)
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K': mult = 1ULL << 10; break;
	case 'm': case 'M': mult = 1ULL << 20; break;
	case 'g': case 'G': mult = 1ULL << 30; break;
	case 't': case 'T': mult = 1ULL << 40; break;
	}
	if (mult != 1)
		num[n - 1] = '\0';
	if (parse_ulong(num, ULLONG_MAX, &v) == -1 || v > (RLIM_INFINITY - 1) / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static void
opt_rlimit(struct opts *o, const char *arg)
{
	char name[16], *soft, *hard;
	const char *eq = strchr(arg, '=');
	size_t i, n;
	struct rlimit rl;

	if (eq == NULL || (n = eq - arg) == 0 || n >= sizeof name)
		failx("rlimit %s: expected NAME=SOFT[:HARD]", arg);
	memcpy(name, arg, n);
	name[n] = '\0';
	for (i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++)
		if (!strcmp(name, rlimit_names[i].name))
			break;
	if (i == sizeof rlimit_names / sizeof rlimit_names[0])
		failx("rlimit %s: unknown resource '%s'", arg, name);
	if ((soft = strdup(eq + 1)) == NULL)
		fail("strdup");
	if ((hard = strchr(soft, ':')) != NULL)
		*hard++ = '\0';
	if (parse_rlim(soft, &rl.rlim_cur) == -1 ||
	    parse_rlim(hard ? hard : soft, &rl.rlim_max) == -1)
		failx("rlimit %s: bad value (a number with K, M, G or T, or "
		    "unlimited)", arg);
	if (rl.rlim_cur > rl.rlim_max)
		failx("rlimit %s: soft limit above hard limit", arg);
	free(soft);
	o->rlim[rlimit_names[i].resource].set = 1;
	o->rlim[rlimit_names[i].resource].rl = rl;
}

/* A comma-separated list of capability names, with or without "cap_",
 * in any case.  An empty list keeps none. */
static void
opt_caps(struct opts *o, const char *arg)
{
	char *list, *name, *save = NULL, *p;
	int cap;

	o->caps = 0;
	if ((list = strdup(arg)) == NULL)
		fail("strdup");
	for (name = strtok_r(list, ",", &save); name;
	    name = strtok_r(NULL, ",", &save)) {
		for (p = name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!strncmp(name, "cap_", 4))
			name += 4;
		if ((cap = capng_name_to_capability(name)) < 0 || cap > 63)
			failx("cap %s: unknown capability '%s'", arg, name);
		o->caps |= 1ULL << cap;
	}
	free(list);
}

static int
valid_env_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static void
opt_mount(struct opts *o, const char *arg, int ro)
{
	char *src, *dst;

	if (o->nmounts == MAXMOUNTS)
		failx("bind %s: more than %d bind mounts", arg, MAXMOUNTS);
	if ((src = strdup(arg)) == NULL)
		fail("strdup");
	dst = strchr(src, ':');
	if (dst)
		*dst++ = '\0';
	else
		dst = src;
	if (src[0] != '/' || dst[0] != '/')
		failx("bind %s: paths must be absolute", arg);
	o->mounts[o->nmounts].src = src;
	o->mounts[o->nmounts].dst = dst;
	o->mounts[o->nmounts++].ro = ro;
}

/* -e VAR=VALUE and --keep-env VAR. */
static void
opt_env(struct opts *o, int opt, const char *arg)
{
	const char *eq;

	if (opt == 'e') {
		eq = strchr(arg, '=');
		if (eq == NULL || !valid_env_name(arg, eq - arg))
			failx("setenv %s: expected VAR=VALUE", arg);
		if (o->nsetenv == MAXENV)
			failx("setenv: more than %d variables", MAXENV);
		o->setenv[o->nsetenv++] = arg;
		return;
	}
	if (!valid_env_name(arg, strlen(arg)))
		failx("keep-env %s: not a variable name", arg);
	if (o->nkeepenv == MAXENV)
		failx("keep-env: more than %d variables", MAXENV);
	o->keepenv[o->nkeepenv++] = arg;
}

/* --pidfile, --stdout, --stderr: files on the host, absolute paths. */
static void
opt_file(struct opts *o, int opt, const char *arg)
{
	if (arg[0] != '/')
		failx("%s %s: not an absolute path", opt == OPT_PIDFILE ?
		    "pidfile" : opt == OPT_STDOUT ? "stdout" : "stderr", arg);
	if (opt == OPT_PIDFILE)
		o->pidfile = arg;
	else if (opt == OPT_STDOUT)
		o->stdout_file = arg;
	else
		o->stderr_file = arg;
}

/* The option with this long name (a profile keyword), or -1. */
int
option_by_name(const char *name, int *has_arg)
{
	const struct option *lo;

	for (lo = longopts; lo->name; lo++)
		if (!strcmp(lo->name, name) && lo->val != 'p' &&
		    lo->val != 'h' && lo->val != 'V') {
			*has_arg = lo->has_arg == required_argument;
			return lo->val;
		}
	return -1;
}

/* One option, from the command line or a profile.  Values are checked
 * here, so that a mistake is reported before anything privileged
 * happens. */
void
set_option(struct opts *o, int opt, const char *arg)
{
	unsigned long long v;
	char *end;

	if (arg == NULL)	/* an option without a value: never read */
		arg = "";
	switch (opt) {
	case 'r':
		o->root = arg;
		break;
	case 'd':
		o->dir = arg;
		break;
	case 'u':
		if (*arg == '\0')
			failx("user: empty name");
		o->user = arg;
		break;
	case 'g':
		if (*arg == '\0')
			failx("group: empty name");
		o->group = arg;
		break;
	case 'G':
		o->groups = arg;
		break;
	case 'P':
		o->proc = 1;
		break;
	case OPT_BIND:
	case OPT_ROBIND:
		opt_mount(o, arg, opt == OPT_ROBIND);
		break;
	case 'm':
		errno = 0;
		v = strtoul(arg, &end, 8);
		if (*arg < '0' || *arg > '7' || *end || errno || v > 0777)
			failx("umask %s: expected an octal mode, 0 to 0777", arg);
		o->umask = (int)v;
		break;
	case 'l':
		opt_rlimit(o, arg);
		break;
	case 'n':
		errno = 0;
		o->nice = (int)strtol(arg, &end, 10);
		if (*arg == '\0' || *end || errno || o->nice < -20 || o->nice > 19)
			failx("nice %s: expected a number from -20 to 19", arg);
		o->setnice = 1;
		break;
	case 'c':
		opt_caps(o, arg);
		break;
	case 'e':
	case OPT_KEEPENV:
		opt_env(o, opt, arg);
		break;
	case 's':
		o->seccomp = arg;
		break;
	case OPT_SECCOMP_LOG:
		o->seccomp_log = 1;
		break;
	case 'b':
		o->background = 1;
		break;
	case OPT_CHECK:
		o->check = 1;
		break;
	case OPT_PIDFILE:
	case OPT_STDOUT:
	case OPT_STDERR:
		opt_file(o, opt, arg);
		break;
	}
}

static void
parse_args(struct opts *o, int argc, char *argv[])
{
	int opt;

	int i, n;

	opterr = 0;	/* our own one-line messages, not getopt's */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		/* The first option other than -p, for the policy on what a
		 * caller other than root may add to a profile. */
		if (opt != 'p' && opt != '?' && o->cli_option == NULL)
			o->cli_option = optarg && optarg == argv[optind - 1] ?
			    argv[optind - 2] : argv[optind - 1];
		switch (opt) {
		case 'p':
			load_profile(o, optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case 'V':
			printf("runjail %s\n", RUNJAIL_VERSION);
			exit(0);
		case '?':
			if (optopt && strchr(shortopts + 1, optopt) && optopt != ':')
				failx("-%c: option needs a value (see runjail --help)",
				    optopt);
			failx("%s: unknown option (see runjail --help)",
			    argv[optind - 1]);
		default:
			set_option(o, opt, optarg);
		}
	}
	/* "+" in shortopts: parsing stops at the first operand or at "--";
	 * nothing after it is ever read as an option. */
	o->cmd = argv + optind;
	if (o->pcmd) {
		/* The profile's command, then the caller's arguments. */
		n = argc - optind;
		if ((o->cmd = calloc(o->pcmd_n + n + 1, sizeof(char *))) == NULL)
			fail("command");
		for (i = 0; i < o->pcmd_n; i++)
			o->cmd[i] = o->pcmd[i];
		for (i = 0; i < n; i++)
			o->cmd[o->pcmd_n + i] = argv[optind + i];
	}
	if ((o->cmd[0] == NULL && !o->check) || (o->cmd[0] && o->cmd[0][0] == '\0'))
		failx("no command given (see runjail --help)");
	if (o->root && o->root[0] != '/')
		failx("root %s: not an absolute path", o->root);
	if ((o->proc || o->nmounts) && o->root == NULL)
		failx("--proc and --bind need a jail root (-r)");
	if (o->dir && o->dir[0] != '/')
		failx("chdir %s: not an absolute path", o->dir);
}

/* ---------------------------------------------------------------------
 * Who the command runs as.  All name lookups happen here, on the host,
 * before chroot: after chroot a lookup would read the jail's
 * nsswitch.conf and could load the jail's own libnss_*.so while still
 * root.  Numeric ids with -g and -G look nothing up at all.
 */
static gid_t
resolve_group(const char *s)
{
	struct group *gr;
	unsigned int id;

	if (parse_id(s, &id) == 0)
		return id;
	errno = 0;
	if ((gr = getgrnam(s)) == NULL)
		die(EXIT_FAILED, errno == ENOENT || errno == ESRCH ? 0 : errno,
		    "group %s: no such group", s);
	return gr->gr_gid;
}

/* The user's groups from the host database, never the caller's (the
 * jk_chrootlaunch and chroot -u pitfall), as initgroups(3) would set them. */
static void
groups_from_db(const char *name, struct target *t)
{
	int n = 32;

	for (;;) {
		if ((t->groups = reallocarray(t->groups, n, sizeof(gid_t))) == NULL)
			fail("groups");
		t->ngroups = n;
		if (getgrouplist(name, t->gid, t->groups, &t->ngroups) != -1)
			return;
		n = t->ngroups > n ? t->ngroups : n * 2;
		if (n > 65536)
			failx("groups of %s: too many", name);
	}
}

/* -G: names or ids, comma-separated; "" is no group at all. */
static void
groups_from_list(const char *groups, struct target *t)
{
	char *list, *name, *save = NULL;
	const char *p;
	int n = 1;

	for (p = groups; *p; p++)
		n += *p == ',';
	if ((t->groups = calloc(n, sizeof(gid_t))) == NULL ||
	    (list = strdup(groups)) == NULL)
		fail("groups");
	t->ngroups = 0;
	for (name = strtok_r(list, ",", &save); name;
	    name = strtok_r(NULL, ",", &save))
		t->groups[t->ngroups++] = resolve_group(name);
	free(list);
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		fail("strdup");
	return p;
}

static void
resolve_target(const struct opts *o, struct target *t)
{
	struct passwd *pw = NULL;
	unsigned int id;

	if (o->user == NULL || parse_id(o->user, &id) == 0) {
		/* A number (or no -u: the caller).  The database is read
		 * only for what was not given. */
		t->uid = o->user ? id : caller.uid;
		if (o->group == NULL || o->groups == NULL)
			pw = getpwuid(t->uid);
	} else {
		errno = 0;
		if ((pw = getpwnam(o->user)) == NULL)
			die(EXIT_FAILED, errno == ENOENT || errno == ESRCH ? 0 : errno,
			    "user %s: no such user", o->user);
		t->uid = pw->pw_uid;
	}
	/* Copy what we need now: the next lookup may reuse pw's storage. */
	if (pw) {
		snprintf(t->name, sizeof t->name, "%s", pw->pw_name);
		snprintf(t->home, sizeof t->home, "%s", pw->pw_dir[0] ? pw->pw_dir : "/");
		snprintf(t->shell, sizeof t->shell, "%s",
		    pw->pw_shell[0] ? pw->pw_shell : DEFAULT_SHELL);
	} else {
		snprintf(t->name, sizeof t->name, "%u", (unsigned)t->uid);
		snprintf(t->home, sizeof t->home, "%s", "/");
		snprintf(t->shell, sizeof t->shell, "%s", DEFAULT_SHELL);
	}
	if (o->group)
		t->gid = resolve_group(o->group);
	else if (pw)
		t->gid = pw->pw_gid;
	else
		failx("user %s: not in the user database, so give its group "
		    "with -g", t->name);
	if (o->groups)
		groups_from_list(o->groups, t);
	else if (pw)
		groups_from_db(t->name, t);
	/* else: a numeric uid with no entry belongs to no group by name. */
}

/* ---------------------------------------------------------------------
 * Limits and privileges.
 */
/* A limit reset to init's (see reset_limits() in policy.c) whose hard
 * limit the caller lowered below init's cannot be raised back without
 * CAP_SYS_RESOURCE: then the soft limit at least is restored, as far as
 * the hard one allows, and the admin is told. */
static int
reset_soft(int r, const struct rlimit *want)
{
	struct rlimit cur;
	size_t i;

	if (getrlimit(r, &cur) == -1 || cur.rlim_max >= want->rlim_max)
		return 0;
	cur.rlim_cur = want->rlim_cur < cur.rlim_max ? want->rlim_cur : cur.rlim_max;
	if (setrlimit(r, &cur) == -1)
		return 0;
	for (i = 0; rlimit_names[i].resource != r; i++)
		;
	warnmsg("rlimit %s: the hard limit stays below init's (raising it "
	    "needs CAP_SYS_RESOURCE)", rlimit_names[i].name);
	return 1;
}

static void
set_limits(const struct opts *o)
{
	struct rlimit rl;
	size_t i;
	int r;

	for (i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++) {
		r = rlimit_names[i].resource;
		rl = o->rlim[r].rl;
		/* The stack's and descriptors' soft limits wait for
		 * command_limits(): runjail's own last steps must not run on
		 * the command's stack or descriptor count (a self-jail may
		 * keep the caller's 16K, or 4 descriptors). */
		if (r == RLIMIT_STACK || r == RLIMIT_NOFILE)
			rl.rlim_cur = rl.rlim_max;
		if (!o->rlim[r].set || setrlimit(r, &rl) == 0)
			continue;
		if (o->rlim[r].set == 2 && errno == EPERM && reset_soft(r, &rl))
			continue;
		fail("rlimit %s", rlimit_names[i].name);
	}
	if (caller.setuid && (getrlimit(RLIMIT_STACK, &rl) == -1 ||
	    rl.rlim_max < MIN_STACK))
		failx("rlimit stack: a hard limit under %lluK leaves runjail no "
		    "room to work", (unsigned long long)MIN_STACK / 1024);
	if (o->setnice && setpriority(PRIO_PROCESS, 0, o->nice) == -1)
		fail("nice %d", o->nice);
}

/* The process's capability sets, read from the kernel directly rather than
 * through the library that set them: the check should not share its bugs. */
struct capsets {
	uint64_t	prm, eff, inh, bnd, amb;
};

static void
read_caps(struct capsets *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int i, r;

	memset(c, 0, sizeof *c);
	if (syscall(SYS_capget, &h, d) == -1)
		fail("capget");
	c->prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	c->eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	c->inh = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	for (i = 0; i < 64; i++) {
		if ((r = prctl(PR_CAPBSET_READ, i, 0, 0, 0)) == -1)
			break;	/* past the last capability */
		if (r)
			c->bnd |= 1ULL << i;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, i, 0, 0) == 1)
			c->amb |= 1ULL << i;
	}
}

/* Set the permitted, effective and inheritable sets to caps. */
static void
set_caps(uint64_t caps)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int i;

	memset(d, 0, sizeof d);
	for (i = 0; i < 2; i++)
		d[i].permitted = d[i].effective = d[i].inheritable =
		    (uint32_t)(caps >> (32 * i));
	if (syscall(SYS_capset, &h, d) == -1)
		fail("capset");
}

/*
 * Become the target user, keeping exactly the capabilities asked for.
 * Direct system calls, no library: after the chroot nothing may read a
 * file of the jail as root (libcap-ng reads /proc/TID/status, which the
 * jail's owner can make a FIFO).  The order is forced by what each step
 * needs:
 *  1. setgroups and setresgid need CAP_SETGID: before the uid change.
 *  2. The bounding set can only shrink with CAP_SETPCAP: before the uid
 *     change too.  Emptying it (but for the kept capabilities) means no
 *     execve can ever grant more, even of a set-uid-root or file-capability
 *     binary, even if the target uid is 0.
 *  3. setresuid.  With capabilities to keep, PR_SET_KEEPCAPS keeps the
 *     permitted set across it; without, the kernel clears everything.
 *  4. Reduce permitted/effective/inheritable to the kept set and raise the
 *     kept ones as ambient capabilities, so they survive the execve of an
 *     ordinary binary (ambient is cleared by the uid change: after it).
 */
static void
drop_privileges(const struct target *t, uint64_t caps)
{
	int i;

	if (setgroups(t->ngroups, t->groups) == -1)
		fail("setgroups");
	if (setresgid(t->gid, t->gid, t->gid) == -1)
		fail("setresgid %u", (unsigned)t->gid);

	for (i = 0; i < 64 && prctl(PR_CAPBSET_READ, i, 0, 0, 0) >= 0; i++)
		if (!(caps >> i & 1) && prctl(PR_CAPBSET_DROP, i, 0, 0, 0) == -1)
			fail("capabilities: cannot reduce the bounding set");

	if (caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
		fail("prctl(PR_SET_KEEPCAPS)");
	if (setresuid(t->uid, t->uid, t->uid) == -1)
		fail("setresuid %u", (unsigned)t->uid);
	if (caps && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1)
		fail("prctl(PR_SET_KEEPCAPS)");

	set_caps(caps);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		fail("capabilities: cannot clear the ambient set");
	for (i = 0; i < 64; i++)
		if ((caps >> i & 1) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) == -1)
			fail("capabilities: cannot raise capability %d as ambient", i);
}

/* Trust, but verify (as OpenSSH's permanently_set_uid does): the ids are
 * what we asked for, root cannot be had back, and the capability sets are
 * exactly the kept ones.  Any surprise ends runjail before the command
 * runs. */
static void
verify_privileges(const struct target *t, uint64_t caps)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, *g;
	struct capsets c;
	int n, i, j;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1)
		fail("getresuid");
	if (ru != t->uid || eu != t->uid || su != t->uid ||
	    rg != t->gid || eg != t->gid || sg != t->gid)
		failx("privileges: ids are not the target's after the change");
	if ((n = getgroups(0, NULL)) == -1 || n != t->ngroups)
		failx("privileges: supplementary groups not as asked");
	if ((g = calloc(n ? n : 1, sizeof(gid_t))) == NULL ||
	    getgroups(n, g) != n)
		fail("getgroups");
	for (i = 0; i < n; i++) {
		for (j = 0; j < t->ngroups && g[i] != t->groups[j]; j++)
			;
		if (j == t->ngroups)
			failx("privileges: unexpected supplementary group %u",
			    (unsigned)g[i]);
	}
	free(g);
	if (t->uid != 0 && (setuid(0) != -1 || seteuid(0) != -1))
		failx("privileges: uid 0 could be regained; stopping");
	if (t->gid != 0 && (setgid(0) != -1 || setegid(0) != -1))
		failx("privileges: gid 0 could be regained; stopping");
	read_caps(&c);
	if (c.prm != caps || c.eff != caps || c.inh != caps ||
	    (c.bnd & ~caps) || c.amb != caps)
		failx("privileges: capability sets are not as asked "
		    "(permitted %llx, bounding %llx, ambient %llx)",
		    (unsigned long long)c.prm, (unsigned long long)c.bnd,
		    (unsigned long long)c.amb);
}

/* The soft limits set_limits() left at the hard ones, set to the
 * command's at last: before the seccomp filters, which may not allow
 * setrlimit.  The stack has grown as far as runjail needed by now, and a
 * stack does not shrink: a failed execve still has room to be reported. */
static void
command_limits(const struct opts *o)
{
	static const int late[] = { RLIMIT_STACK, RLIMIT_NOFILE };
	struct rlimit rl;
	size_t i;

	for (i = 0; i < sizeof late / sizeof late[0]; i++) {
		if (!o->rlim[late[i]].set || getrlimit(late[i], &rl) == -1)
			continue;
		rl.rlim_cur = o->rlim[late[i]].rl.rlim_cur < rl.rlim_max ?
		    o->rlim[late[i]].rl.rlim_cur : rl.rlim_max;
		if (setrlimit(late[i], &rl) == -1)
			fail("rlimit %s", late[i] == RLIMIT_STACK ? "stack" : "nofile");
	}
}

/* Every signal made pending while all were blocked is thrown away:
 * setting a signal to "ignore" discards its pending instances.  A caller
 * can leave one pending across the set-user-ID exec, or have the terminal
 * send one (^C, ^Z) at any time; delivered when runjail unblocks, it would
 * kill or stop runjail between its steps, after the pidfile is written. */
static void
discard_pending(void)
{
	struct sigaction sa;
	sigset_t pending;
	int sig;

	if (sigpending(&pending) == -1)
		fail("sigpending");
	memset(&sa, 0, sizeof sa);
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&pending, sig) != 1 || sig == SIGKILL || sig == SIGSTOP)
			continue;
		sa.sa_handler = SIG_IGN;
		if (sigaction(sig, &sa, NULL) == -1)
			fail("discarding signal %d", sig);
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
}

/* Whatever the caller ignored or blocked (nohup's SIGHUP, a blocked
 * SIGTERM) must not silently carry over into a service; nor may a signal
 * that arrived while runjail worked. */
static void
reset_signals(void)
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);	/* fails only for KILL, STOP */
	discard_pending();
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		fail("sigprocmask");
}

/* A command that shares the caller's terminal could push characters into
 * its input with TIOCSTI (or TIOCLINUX's paste) and have the caller's
 * shell run them once it exits (bubblewrap's CVE-2017-5226).  When a
 * terminal is on 0, 1 or 2, a small filter denies those two requests.
 * The comparison is on the low 32 bits: the kernel ignores the rest, so a
 * full-width compare could be dodged with high bits set.  Every ABI the
 * machine runs is covered, not only the native one. */
static scmp_filter_ctx
tty_guard(void)
{
	static const unsigned long req[] = { TIOCSTI, TIOCLINUX };
	scmp_filter_ctx ctx;
	size_t i;
	int ctty;

	/* A controlling terminal counts even if 0-2 are not terminals: the
	 * command could open /dev/tty itself. */
	/* Only ENXIO says "no controlling terminal"; any other failure
	 * (EMFILE, no /dev/tty) proves nothing, and the guard goes on. */
	if ((ctty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) != -1)
		close(ctty);
	if (ctty == -1 && errno == ENXIO && !isatty(0) && !isatty(1) && !isatty(2))
		return NULL;
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		failx("seccomp: cannot build the terminal guard");
#if defined(__x86_64__)
	if (seccomp_arch_add(ctx, SCMP_ARCH_X86) < 0 ||
	    seccomp_arch_add(ctx, SCMP_ARCH_X32) < 0)
		failx("seccomp: cannot build the terminal guard");
#endif
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0)
		failx("seccomp: cannot build the terminal guard");
	for (i = 0; i < sizeof req / sizeof req[0]; i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
		    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, req[i])) < 0)
			failx("seccomp: cannot build the terminal guard");
	return ctx;
}

/* Who called us, before anything changes it. */
static void
init_caller(void)
{
	struct passwd *pw;
	int n;

	caller.uid = getuid();
	caller.gid = getgid();
	if ((n = getgroups(0, NULL)) == -1 ||
	    (caller.groups = calloc(n + 1, sizeof(gid_t))) == NULL ||
	    (caller.ngroups = getgroups(n, caller.groups)) == -1)
		fail("getgroups");
	if (caller.uid != 0 && (pw = getpwuid(caller.uid)) != NULL)
		snprintf(caller.name, sizeof caller.name, "%s", pw->pw_name);
	else
		snprintf(caller.name, sizeof caller.name, "%u", (unsigned)caller.uid);
}

/* ---------------------------------------------------------------------
 * The launch, in order.
 */

/* A set-user-ID launch works under limits of its own, not the caller's:
 * a tiny stack would crash runjail, a CPU time limit would kill it at a
 * moment the caller chooses (after the pidfile is written), a file size
 * limit would cut its files short.  Run first, before main's callees put
 * anything large on the stack.  The caller's limits are kept: a self-jail
 * gets them back.  Without CAP_SYS_RESOURCE a hard limit cannot be
 * raised: then the soft one goes up to it, and a stack still too small to
 * work in is refused. */
static void
own_limits(void)
{
	static const char m[] = "runjail: rlimit stack: the caller's hard "
	    "limit is too small for runjail, and cannot be raised\n";
	struct rlimit rl;
	int r;

	caller.setuid = getuid() != 0 && geteuid() == 0;
	if (!caller.setuid)
		return;
	for (r = 0; r < RLIM_NLIMITS; r++) {
		if (getrlimit(r, &caller.rlim[r]) == -1)
			_exit(EXIT_FAILED);
		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
		if (setrlimit(r, &rl) == 0)
			continue;
		rl.rlim_cur = rl.rlim_max = caller.rlim[r].rlim_max;
		if (setrlimit(r, &rl) == -1)
			_exit(EXIT_FAILED);
	}
	if (getrlimit(RLIMIT_STACK, &rl) == -1 || rl.rlim_cur < MIN_STACK) {
		(void)!write(STDERR_FILENO, m, sizeof m - 1);
		_exit(EXIT_FAILED);
	}
}

/* Set-user-ID: every uid and gid 0 and no supplementary group, so that
 * the caller can no longer signal (stop, kill) us while we work, and the
 * files runjail creates are root's, not the caller's group's.  We know who
 * called.  Signals the caller left pending across the exec are dropped. */
static void
become_root(void)
{
	if (!caller.setuid)
		return;
	if (setgroups(0, NULL) == -1 || setresgid(0, 0, 0) == -1 ||
	    setresuid(0, 0, 0) == -1)
		fail("becoming root");
	discard_pending();
}

/* --check: audit only, nothing privileged, nothing executed.  A caller
 * other than root looks with its own rights, and may interrupt it. */
static void __attribute__((noreturn))
launch_check(struct opts *o, struct target *t)
{
	if (caller.uid != 0 && o->profile)
		permit_check(o);
	if (caller.setuid &&
	    (setgroups(caller.ngroups, caller.groups) == -1 ||
	    setresgid(caller.gid, caller.gid, caller.gid) == -1 ||
	    setresuid(caller.uid, caller.uid, caller.uid) == -1))
		fail("dropping privileges for --check");
	reset_signals();
	exit(run_check(o, t, o->root ? open_root(o->root, 0) : -1,
	    command_path(o, callerenv)));
}

/* The seccomp policy, compiled as root and before rlimits, so that a bad
 * policy fails early and the filter costs only a load later.  A policy
 * file a caller other than root names is opened as that caller; any is
 * opened without blocking and must be a regular file. */
static struct rj_filter *
prepare_seccomp(const struct opts *o)
{
	struct rj_filter *filter;
	struct stat st;
	char msg[512];
	int fd = -1;

	if (strchr(o->seccomp, '/')) {
		fd = (caller.uid == 0 || o->profile) ? open(o->seccomp,
		    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) :
		    open_as_caller(o->seccomp, O_RDONLY);
		if (fd == -1 || fstat(fd, &st) == -1)
			fail("seccomp %s", o->seccomp);
		if (!S_ISREG(st.st_mode))
			failx("seccomp %s: not a regular file", o->seccomp);
	}
	filter = rj_seccomp_prepare(o->seccomp, fd, o->seccomp_log, msg, sizeof msg);
	if (filter == NULL)
		failx("seccomp: %s", msg);
	if (fd != -1)
		close(fd);
	return filter;
}

/* What the service must not reach or share, set up once it is the target
 * user: a session keyring of its own (not the caller's, which may hold
 * root's keys), and a Landlock domain, so that the kernel refuses ptrace,
 * /proc/PID/mem, /proc/PID/root and the like for every process outside
 * the jail, whatever their uid.  Without Landlock a /proc in the jail
 * would show them: -P is then refused. */
static void
confine(const struct opts *o)
{
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) == -1 &&
	    errno != ENOSYS)
		fail("a new session keyring");
	if (ptrace_scope() == -1 && o->proc)
		failx(NO_LANDLOCK);
}

/* What the host side of the launch hands the jail side. */
struct prepared {
	struct rj_filter *filter;	/* -s, compiled */
	scmp_filter_ctx	 guard;		/* the terminal guard, or NULL */
	int		 outfd, errfd;	/* --stdout, --stderr, or -1 */
	int		 profile_caller;	/* a profile, run for a caller other than root */
};

static void __attribute__((noreturn)) enter(const struct opts *,
    const struct target *, const struct prepared *);

/* Steps 2 to 8, on the host; enter() does the rest. */
static void __attribute__((noreturn, noinline))
launch(int argc, char *argv[])
{
	static struct opts o;
	static struct target t;
	struct prepared p = { NULL, NULL, -1, -1, 0 };

	/* 2. Read and check every option and the profile: a mistake costs
	 * nothing yet, and --help and --version exit here, before any
	 * privileged step.  (Profiles are root's: read as root.) */
	o.umask = -1;
	cur_opts = &o;
	parse_args(&o, argc, argv);
	audit_open();

	/* 3. Resolve the target user and groups on the host (see above), and
	 * decide whether this caller may do what is asked (the policy). */
	resolve_target(&o, &t);
	cur_target = &t;
	if (o.check)
		launch_check(&o, &t);
	if (geteuid() != 0)
		failx("not running as root: install runjail set-user-ID root "
		    "(make install), or run it as root");
	if (o.proc && landlock_abi() == -1)
		failx(NO_LANDLOCK);
	enforce_policy(&o, &t);
	audit(&o, &t, "permitted");
	p.profile_caller = caller.uid != 0 && o.profile != NULL;

	/* 4. A profile caller's process, reset: what it could set on itself
	 * (its cgroup, which it could freeze or kill us in, oom score,
	 * scheduling, affinity, timers, personality, ...) must not reach us
	 * while we work, nor a service run for it.  First, before any file
	 * is made; on the host, where /proc and the cgroup file systems are
	 * the real ones. */
	if (p.profile_caller) {
		reset_cgroup();
		reset_inherited();
	}

	/* 5. Compile the seccomp policy (see prepare_seccomp). */
	if (o.seccomp)
		p.filter = prepare_seccomp(&o);
	if (!o.background)
		p.guard = tty_guard();

	/* 6. Files on the host: the pidfile and output files, before the
	 * chroot puts them out of reach.  Then fork, if -b or a pidfile
	 * needs a process that outlives a failed setup. */
	if (o.pidfile)
		pidfile_prepare(o.pidfile);
	if (o.stdout_file)
		p.outfd = open_output(o.stdout_file);
	if (o.stderr_file)
		p.errfd = open_output(o.stderr_file);
	if (o.background || o.pidfile)
		fork_watcher(o.background, o.pidfile != NULL);

	/* 7. The mount namespace before the root is opened: a descriptor
	 * opened before unshare() would point into the host's namespace and
	 * the mounts below would not be seen through it. */
	if (o.proc || o.nmounts)
		private_mount_ns();

	/* 8. Open and check the root, mount inside it, chroot. */
	if (o.root)
		build_jail(&o);

	enter(&o, &t, &p);
}

/* Steps 9 to 16: become the target user in the jail, and execute. */
static void
enter(const struct opts *o, const struct target *t, const struct prepared *p)
{
	static struct env env;
	const char *failed;

	/* 9. The command's environment, built before the limits (nothing
	 * after them needs to allocate), then the limits that may need
	 * privilege (raising a hard limit, a negative nice value) while we
	 * still have it. */
	build_env(o, t, callerenv, &env);
	set_limits(o);

	/* 10. Become the target, keep only the asked-for capabilities, and
	 * check that there is no way back. */
	drop_privileges(t, o->caps);
	verify_privileges(t, o->caps);

	/* 11. no_new_privs: from now on no execve can grant privilege, not
	 * a set-uid file, not file capabilities.  Needed before an
	 * unprivileged seccomp load, and before a Landlock domain. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		fail("prctl(PR_SET_NO_NEW_PRIVS)");

	/* 12. A keyring of its own, and no way to other processes. */
	confine(o);

	/* 13. The working directory, entered as the target user, so its own
	 * permissions apply; a profile caller's is not the service's. */
	if (o->dir ? chdir(o->dir) == -1 :
	    (o->root != NULL || p->profile_caller) && chdir("/") == -1)
		fail("chdir %s", o->dir ? o->dir : "/");
	umask(o->umask != -1 ? (mode_t)o->umask :
	    p->profile_caller ? DEFAULT_UMASK : caller_umask);

	/* 14. What the command inherits: default signal handling,
	 * descriptors 0-2 only (and the pidfile's lock, read-only). */
	reset_signals();
	close_from(3, 1);
	pidfile_inherit();

	/* 15. The output files, as late as possible so that our own errors
	 * until now reached the caller, but before the filter, which may not
	 * allow dup2.  The watcher is told the exec is next, while write is
	 * surely allowed. */
	if ((p->outfd != -1 && dup2(p->outfd, 1) == -1) ||
	    (p->errfd != -1 && dup2(p->errfd, 2) == -1))
		fail("dup2");
	watcher_exec_next();

	/* 16. The command's last soft limits, then the seccomp filters,
	 * immediately before execve: the steps above need calls a policy
	 * may deny. */
	command_limits(o);
	if (p->guard && seccomp_load(p->guard) < 0)
		failx("seccomp: cannot load the terminal guard");
	if (p->filter && rj_seccomp_load(p->filter) == -1)
		fail("seccomp: loading the filter");
	failed = exec_command(o->cmd, &env);
	exec_report(o->cmd, &env, failed, errno);
}

int
main(int argc, char *argv[])
{
	sigset_t all;

	/* 1. Hygiene, before any library code can look at what the caller
	 * gave us.  argc == 0 would make argv[1] read envp[0] (pkexec,
	 * CVE-2021-4034).  Our own limits before anything uses the stack.
	 * The environment is set aside, never exported: the command's is
	 * built from nothing. */
	if (argc < 1 || argv[0] == NULL) {
		static const char m[] = "runjail: refusing to run with argc == 0\n";
		(void)!write(STDERR_FILENO, m, sizeof m - 1);
		_exit(EXIT_FAILED);
	}
	own_limits();
	callerenv = environ;
	environ = emptyenv;
	open_stdio();
	close_from(3, 0);
	/* No core dump and no ptrace attach while we hold privilege. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fail("prctl(PR_SET_DUMPABLE)");
	/* Block what can be blocked: the terminal's signals must not stop
	 * us between two privileged steps.  Reset before the exec. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	init_caller();
	become_root();
	/* runjail's own files (pidfile, output files) get exactly the modes
	 * it asks for; the command gets the caller's umask back, or -m. */
	caller_umask = umask(022);
	launch(argc, argv);
}
