/*
 * options.c: the command line and profiles, parsed into a description of
 * the launch (struct opts).  It does no I/O and never exits: every
 * function returns 0, or -1 with the failure recorded (err.c), and
 * decides nothing about who may do what (policy.c) or who anything is
 * (plan.c).  A profile's text arrives here already read; names in it
 * (permit lines) are kept as written.  fuzz/fuzz_options.c links this
 * file as it is.
 */
#define _GNU_SOURCE
#include <sys/resource.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capnames.h"
#include "config.h"
#include "runjail.h"


enum { OPT_KEEPENV = 256, OPT_SECCOMP_LOG, OPT_BIND, OPT_ROBIND, OPT_PIDFILE,
    OPT_STDOUT, OPT_STDERR, OPT_CHECK, OPT_DRYRUN, OPT_PIDNS, OPT_NETNS,
    OPT_IPCNS, OPT_HOSTNAME, OPT_KILLAFTER, OPT_LISTENFDS, OPT_NOTIFY,
    OPT_WAITREADY, OPT_TMPFS, OPT_ROROOT, OPT_DEV, OPT_DEVPTS, OPT_DEVSHM,
    OPT_DEVBIND, OPT_SYSLOG, OPT_PASSWD, OPT_OVERLAY, OPT_OVERLAYUPPER, OPT_LEARN,
    OPT_LANDLOCK, OPT_LANDLOCKSTRICT, OPT_LANDLOCKWRITE, OPT_LANDLOCKBIND,
    OPT_LANDLOCKCONNECT, OPT_COMPILESECCOMP, OPT_READYFD };

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
	{ "tmpfs",	required_argument,	NULL, OPT_TMPFS },
	{ "ro-root",	no_argument,		NULL, OPT_ROROOT },
	{ "dev",	no_argument,		NULL, OPT_DEV },
	{ "dev-pts",	no_argument,		NULL, OPT_DEVPTS },
	{ "dev-shm",	no_argument,		NULL, OPT_DEVSHM },
	{ "dev-bind",	required_argument,	NULL, OPT_DEVBIND },
	{ "syslog",	no_argument,		NULL, OPT_SYSLOG },
	{ "passwd",	no_argument,		NULL, OPT_PASSWD },
	{ "overlay",	no_argument,		NULL, OPT_OVERLAY },
	{ "overlay-upper", required_argument,	NULL, OPT_OVERLAYUPPER },
	{ "umask",	required_argument,	NULL, 'm' },
	{ "rlimit",	required_argument,	NULL, 'l' },
	{ "nice",	required_argument,	NULL, 'n' },
	{ "cap",	required_argument,	NULL, 'c' },
	{ "setenv",	required_argument,	NULL, 'e' },
	{ "keep-env",	required_argument,	NULL, OPT_KEEPENV },
	{ "seccomp",	required_argument,	NULL, 's' },
	{ "seccomp-log", no_argument,		NULL, OPT_SECCOMP_LOG },
	{ "compile-seccomp", required_argument,	NULL, OPT_COMPILESECCOMP },
	{ "background",	no_argument,		NULL, 'b' },
	{ "pidfile",	required_argument,	NULL, OPT_PIDFILE },
	{ "stdout",	required_argument,	NULL, OPT_STDOUT },
	{ "stderr",	required_argument,	NULL, OPT_STDERR },
	{ "pid-ns",	no_argument,		NULL, OPT_PIDNS },
	{ "kill-after",	required_argument,	NULL, OPT_KILLAFTER },
	{ "net-ns",	no_argument,		NULL, OPT_NETNS },
	{ "ipc-ns",	no_argument,		NULL, OPT_IPCNS },
	{ "hostname",	required_argument,	NULL, OPT_HOSTNAME },
	{ "listen-fds",	no_argument,		NULL, OPT_LISTENFDS },
	{ "notify",	no_argument,		NULL, OPT_NOTIFY },
	{ "wait-ready",	required_argument,	NULL, OPT_WAITREADY },
	{ "ready-fd",	required_argument,	NULL, OPT_READYFD },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "dry-run",	no_argument,		NULL, OPT_DRYRUN },
	{ "learn",	required_argument,	NULL, OPT_LEARN },
	{ "landlock",	no_argument,		NULL, OPT_LANDLOCK },
	{ "landlock-strict", no_argument,	NULL, OPT_LANDLOCKSTRICT },
	{ "landlock-write", required_argument,	NULL, OPT_LANDLOCKWRITE },
	{ "landlock-bind", required_argument,	NULL, OPT_LANDLOCKBIND },
	{ "landlock-connect", required_argument, NULL, OPT_LANDLOCKCONNECT },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

const char usage_text[] =
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
"      --tmpfs DIR[:SIZE]  a private tmpfs on DIR in the jail\n"
"      --ro-root           the jail's root read-only\n"
"      --dev               a minimal /dev in the jail (null, zero, ...)\n"
"      --dev-pts           --dev, with a devpts of its own and ptmx\n"
"      --dev-shm           --dev, with a tmpfs on /dev/shm\n"
"      --dev-bind SRC[:DST]  bind host device SRC on DST in the jail\n"
"      --syslog            bind the host's /dev/log on the jail's\n"
"      --passwd            the jail's /etc/passwd and /etc/group hold\n"
"                          only the user and its groups\n"
"      --overlay           the root a union: a writable layer over -r DIR\n"
"                          (which may be /), the host's files unchanged\n"
"      --overlay-upper DIR  --overlay, the writable layer kept in DIR\n"
"  -m, --umask MODE        umask, octal\n"
"  -l, --rlimit NAME=SOFT[:HARD]  set a resource limit (repeatable)\n"
"  -n, --nice N            nice value, -20 to 19\n"
"  -c, --cap LIST          capabilities to keep, e.g. net_bind_service\n"
"  -e, --setenv VAR=VALUE  set VAR in the command's environment\n"
"      --keep-env VAR      pass the caller's VAR through\n"
"  -s, --seccomp POLICY    seccomp profile name or policy file\n"
"      --seccomp-log       log what the policy would deny, deny nothing\n"
"      --compile-seccomp FILE  compile -s POLICY into FILE, which -s then\n"
"                          loads as it is; run nothing\n"
"  -b, --background        run in the background once set up\n"
"      --pidfile FILE      write the command's pid to FILE, locked\n"
"      --stdout FILE       append the command's output to FILE\n"
"      --stderr FILE       append the command's errors to FILE\n"
"      --pid-ns            a PID namespace, runjail its init\n"
"      --kill-after SECS   --pid-ns: KILL what is left SECS after TERM\n"
"                          once the command exited (default 5)\n"
"      --net-ns            a network namespace with only lo\n"
"      --ipc-ns            an IPC namespace\n"
"      --hostname NAME     a UTS namespace with this host name\n"
"      --listen-fds        pass on the sockets LISTEN_FDS gives runjail\n"
"      --notify            --pid-ns: relay sd_notify messages (READY=1)\n"
"      --ready-fd N        --notify: write a newline to descriptor N once\n"
"                          the command is ready (s6's notification-fd)\n"
"      --wait-ready SECS   -b: exit once the command is ready (--notify),\n"
"                          or has lived SECS; fail if it exits first\n"
"      --check             audit the jail and the command; run nothing\n"
"      --dry-run           print what the launch would do; do nothing\n"
"      --learn DIR         run it once, write the system calls and paths\n"
"                          it used to DIR (a policy for -s, a file list)\n"
"      --landlock          Landlock: write only where the user can today,\n"
"                          no signal or abstract socket outside the jail\n"
"      --landlock-strict   --landlock, refused if the kernel lacks a right\n"
"      --landlock-write DIR  --landlock, and DIR (in the jail) writable\n"
"      --landlock-bind PORTS    --landlock, bind only these TCP ports\n"
"      --landlock-connect PORTS --landlock, connect only to these\n"
"  -h, --help              this text\n"
"  -V, --version           the version (and \"static\" for a static build)\n"
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
	unsigned long long v = 0, d;

	/* By hand, not strtoull(): digits only (no sign, no space), and a
	 * plain launch touches none of the locale's tables (issue 17). */
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned long long)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* src copied into dst (size bytes), cut short if need be, always
 * NUL-terminated (nothing written if size is 0); and n in decimal the
 * same way.  Not snprintf(): a plain launch then touches none of printf's
 * code (page faults, issue 17). */
void
str_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return;
	n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void
uint_str(char *dst, size_t size, unsigned int n)
{
	char tmp[3 * sizeof n + 1];
	size_t i = sizeof tmp;

	tmp[--i] = '\0';
	do
		tmp[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	str_copy(dst, size, tmp + i);
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

static int
opt_rlimit(struct opts *o, const char *arg)
{
	char name[16], *soft, *hard;
	const char *eq = strchr(arg, '=');
	size_t i, n;
	struct rlimit rl;

	if (eq == NULL || (n = eq - arg) == 0 || n >= sizeof name)
		return failx("rlimit %s: expected NAME=SOFT[:HARD]", arg);
	memcpy(name, arg, n);
	name[n] = '\0';
	for (i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++)
		if (!strcmp(name, rlimit_names[i].name))
			break;
	if (i == sizeof rlimit_names / sizeof rlimit_names[0])
		return failx("rlimit %s: unknown resource '%s'", arg, name);
	if ((soft = strdup(eq + 1)) == NULL)
		return fail("strdup");
	if ((hard = strchr(soft, ':')) != NULL)
		*hard++ = '\0';
	if (parse_rlim(soft, &rl.rlim_cur) == -1 ||
	    parse_rlim(hard ? hard : soft, &rl.rlim_max) == -1) {
		free(soft);
		return failx("rlimit %s: bad value (a number with K, M, G or T, "
		    "or unlimited)", arg);
	}
	free(soft);
	if (rl.rlim_cur > rl.rlim_max)
		return failx("rlimit %s: soft limit above hard limit", arg);
	o->rlim[rlimit_names[i].resource].set = 1;
	o->rlim[rlimit_names[i].resource].rl = rl;
	return 0;
}

/* A capability's number from its name (lower case, no "cap_"), or -1:
 * the kernel header's names that libcap-ng knows, read at build time
 * (mk/capnames_gen.c). */
int
cap_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof rj_capnames / sizeof rj_capnames[0]; i++)
		if (rj_capnames[i] && strcmp(name, rj_capnames[i]) == 0)
			return (int)i;
	return -1;
}

/* The name of capability cap, or "?" for a number without one. */
const char *
cap_name(unsigned cap)
{
	return cap < sizeof rj_capnames / sizeof rj_capnames[0] &&
	    rj_capnames[cap] ? rj_capnames[cap] : "?";
}

/* A comma-separated list of capability names, with or without "cap_",
 * in any case.  An empty list keeps none. */
static int
opt_caps(struct opts *o, const char *arg)
{
	char *list, *name, *save = NULL, *p;
	int cap;

	o->caps = 0;
	if ((list = strdup(arg)) == NULL)
		return fail("strdup");
	for (name = strtok_r(list, ",", &save); name;
	    name = strtok_r(NULL, ",", &save)) {
		for (p = name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!strncmp(name, "cap_", 4))
			name += 4;
		if ((cap = cap_from_name(name)) < 0 || cap > 63) {
			failx("cap %s: unknown capability '%s'", arg, name);
			free(list);
			return -1;
		}
		o->caps |= 1ULL << cap;
	}
	free(list);
	return 0;
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

/* --bind, --ro-bind and --dev-bind SRC[:DST]. */
static int
opt_mount(struct opts *o, const char *arg, enum mountkind kind, int ro)
{
	const char *what = kind == MOUNT_DEVICE ? "dev-bind" : "bind";
	char *src, *dst;

	if (o->nmounts == MAXMOUNTS)
		return failx("%s %s: more than %d mounts", what, arg, MAXMOUNTS);
	if ((src = strdup(arg)) == NULL)
		return fail("strdup");
	dst = strchr(src, ':');
	if (dst)
		*dst++ = '\0';
	else
		dst = src;
	if (src[0] != '/' || dst[0] != '/') {
		free(src);
		return failx("%s %s: paths must be absolute", what, arg);
	}
	o->mounts[o->nmounts].kind = kind;
	o->mounts[o->nmounts].src = src;
	o->mounts[o->nmounts].dst = dst;
	o->mounts[o->nmounts++].ro = ro;
	return 0;
}

/* --tmpfs DIR[:SIZE]: DIR in the jail, SIZE a number with K, M or G. */
static int
opt_tmpfs(struct opts *o, const char *arg)
{
	char *dir, *size;
	rlim_t v = 0;

	if (o->nmounts == MAXMOUNTS)
		return failx("tmpfs %s: more than %d mounts", arg, MAXMOUNTS);
	if ((dir = strdup(arg)) == NULL)
		return fail("strdup");
	if ((size = strchr(dir, ':')) != NULL)
		*size++ = '\0';
	if (dir[0] != '/' || (size && (parse_rlim(size, &v) == -1 || v == 0 ||
	    v == RLIM_INFINITY))) {
		free(dir);
		return failx("tmpfs %s: expected an absolute DIR[:SIZE] (a size "
		    "with K, M or G)", arg);
	}
	o->mounts[o->nmounts].kind = MOUNT_TMPFS;
	o->mounts[o->nmounts].src = NULL;
	o->mounts[o->nmounts].dst = dir;
	o->mounts[o->nmounts].ro = 0;
	o->mounts[o->nmounts++].size = v;
	return 0;
}

/* --landlock-bind and --landlock-connect PORT[,PORT...]: each 1 to
 * 65535; repeated, the lists add up. */
static int
opt_ports(struct opts *o, int opt, const char *arg)
{
	const char *what = opt == OPT_LANDLOCKBIND ? "landlock-bind" :
	    "landlock-connect";
	typeof(o->ll_bind) *l = opt == OPT_LANDLOCKBIND ? &o->ll_bind :
	    &o->ll_connect;
	unsigned long v;
	const char *c = arg;
	char *end;

	o->landlock = o->landlock ? o->landlock : 1;
	l->set = 1;
	do {
		errno = 0;
		v = strtoul(c, &end, 10);
		if (*c < '0' || *c > '9' || errno || v == 0 || v > 65535 ||
		    (*end != ',' && *end != '\0'))
			return failx("%s %s: expected PORT[,PORT...], 1 to 65535",
			    what, arg);
		if (l->n == MAXPORTS)
			return failx("%s: more than %d ports", what, MAXPORTS);
		l->port[l->n++] = (unsigned short)v;
		c = end + 1;
	} while (*end == ',');
	return 0;
}

/* -e VAR=VALUE and --keep-env VAR. */
static int
opt_env(struct opts *o, int opt, const char *arg)
{
	const char *eq;

	if (opt == 'e') {
		eq = strchr(arg, '=');
		if (eq == NULL || !valid_env_name(arg, eq - arg))
			return failx("setenv %s: expected VAR=VALUE", arg);
		if (o->nsetenv == MAXENV)
			return failx("setenv: more than %d variables", MAXENV);
		o->setenv[o->nsetenv++] = arg;
		return 0;
	}
	if (!valid_env_name(arg, strlen(arg)))
		return failx("keep-env %s: not a variable name", arg);
	if (o->nkeepenv == MAXENV)
		return failx("keep-env: more than %d variables", MAXENV);
	o->keepenv[o->nkeepenv++] = arg;
	return 0;
}

/* arg if it is an absolute path, else NULL with the failure recorded
 * (what names the option). */
static const char *
absolute(const char *what, const char *arg)
{
	if (arg[0] == '/')
		return arg;
	failx("%s %s: not an absolute path", what, arg);
	return NULL;
}

/* --pidfile, --stdout, --stderr: files on the host, absolute paths. */
static int
opt_file(struct opts *o, int opt, const char *arg)
{
	if (absolute(opt == OPT_PIDFILE ? "pidfile" : opt == OPT_STDOUT ?
	    "stdout" : "stderr", arg) == NULL)
		return -1;
	if (opt == OPT_PIDFILE)
		o->pidfile = arg;
	else if (opt == OPT_STDOUT)
		o->stdout_file = arg;
	else
		o->stderr_file = arg;
	return 0;
}

/* Whether o asks for a mount, and so for a mount namespace. */
int
wants_mounts(const struct opts *o)
{
	return o->proc || o->nmounts || o->ro_root || o->dev || o->syslog ||
	    o->passwd || o->overlay;
}

/* Whether o binds a device of the host's (--dev-bind). */
int
binds_device(const struct opts *o)
{
	int i;

	for (i = 0; i < o->nmounts; i++)
		if (o->mounts[i].kind == MOUNT_DEVICE)
			return 1;
	return 0;
}

/* The option with this long name (a profile keyword), or -1. */
static int
option_by_name(const char *name, int *has_arg)
{
	const struct option *lo;

	for (lo = longopts; lo->name; lo++)
		if (!strcmp(lo->name, name) && lo->val != 'p' &&
		    lo->val != 'h' && lo->val != 'V' && lo->val != OPT_READYFD) {
			*has_arg = lo->has_arg == required_argument;
			return lo->val;
		}
	return -1;
}

static int
opt_umask(struct opts *o, const char *arg)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 8);
	if (*arg < '0' || *arg > '7' || *end || errno || v > 0777)
		return failx("umask %s: expected an octal mode, 0 to 0777", arg);
	o->umask = (int)v;
	return 0;
}

static int
opt_nice(struct opts *o, const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end || errno || v < -20 || v > 19)
		return failx("nice %s: expected a number from -20 to 19", arg);
	o->nice = (int)v;
	o->setnice = 1;
	return 0;
}

/* --kill-after, --wait-ready: whole seconds, up to 3600. */
static int
opt_seconds(int *field, const char *what, const char *arg, int min)
{
	unsigned long long v;

	if (parse_ulong(arg, 3600, &v) == -1 || v < (unsigned)min)
		return failx("%s %s: expected seconds, %d to 3600", what, arg, min);
	*field = (int)v;
	return 0;
}

/* --ready-fd: a descriptor number of the caller's, 3 up (0 to 2 are
 * the command's). */
static int
opt_ready_fd(struct opts *o, const char *arg)
{
	unsigned long long v;

	if (parse_ulong(arg, 1 << 20, &v) == -1 || v < 3)
		return failx("ready-fd %s: expected a descriptor number, 3 up", arg);
	o->ready_fd = (int)v;
	return 0;
}

/* --hostname: what sethostname(2) takes, printable. */
static int
opt_hostname(struct opts *o, const char *arg)
{
	const char *p;

	if (*arg == '\0' || strlen(arg) > 64)
		return failx("hostname %s: 1 to 64 characters", arg);
	for (p = arg; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return failx("hostname %s: letters, digits, '-' and '.' "
			    "only", arg);
	o->hostname = arg;
	return 0;
}

/* A user or group name as given: checked now, looked up by the plan. */
static int
opt_name(const char **field, const char *what, const char *arg)
{
	if (*arg == '\0')
		return failx("%s: empty name", what);
	*field = arg;
	return 0;
}

/* One option, from the command line or a profile.  Values are checked
 * here, so that a mistake is reported before anything privileged
 * happens. */
int
set_option(struct opts *o, int opt, const char *arg)
{
	if (arg == NULL)	/* an option without a value: never read */
		arg = "";
	switch (opt) {
	case 'r':	o->root = arg; return 0;
	case 'd':	o->dir = arg; return 0;
	case 'u':	return opt_name(&o->user, "user", arg);
	case 'g':	return opt_name(&o->group, "group", arg);
	case 'G':	o->groups = arg; return 0;
	case 'P':	o->proc = 1; return 0;
	case 'm':	return opt_umask(o, arg);
	case 'l':	return opt_rlimit(o, arg);
	case 'n':	return opt_nice(o, arg);
	case 'c':	return opt_caps(o, arg);
	case 's':	o->seccomp = arg; return 0;
	case 'b':	o->background = 1; return 0;
	case OPT_SECCOMP_LOG:	o->seccomp_log = 1; return 0;
	case OPT_CHECK:		o->check = 1; return 0;
	case OPT_DRYRUN:	o->dry_run = 1; return 0;
	case OPT_COMPILESECCOMP:
		return (o->compile_out = absolute("compile-seccomp", arg)) ? 0 : -1;
	case OPT_LANDLOCK:	o->landlock = o->landlock ? o->landlock : 1; return 0;
	case OPT_LANDLOCKSTRICT: o->landlock = 2; return 0;
	case OPT_LANDLOCKWRITE:
		if (absolute("landlock-write", arg) == NULL)
			return -1;
		if (o->nll_write == MAXMOUNTS)
			return failx("landlock-write: more than %d", MAXMOUNTS);
		o->landlock = o->landlock ? o->landlock : 1;
		o->ll_write[o->nll_write++] = arg;
		return 0;
	case OPT_LANDLOCKBIND:
	case OPT_LANDLOCKCONNECT:
		return opt_ports(o, opt, arg);
	case OPT_LEARN:
		return (o->learn = absolute("learn", arg)) ? 0 : -1;
	case OPT_PIDNS:		o->pid_ns = 1; return 0;
	case OPT_NETNS:		o->net_ns = 1; return 0;
	case OPT_IPCNS:		o->ipc_ns = 1; return 0;
	case OPT_LISTENFDS:	o->listen_fds = 1; return 0;
	case OPT_HOSTNAME:	return opt_hostname(o, arg);
	case OPT_KILLAFTER:	return opt_seconds(&o->kill_after, "kill-after", arg, 0);
	case OPT_WAITREADY:	return opt_seconds(&o->wait_ready, "wait-ready", arg, 1);
	case OPT_NOTIFY:	o->notify = 1; return 0;
	case OPT_READYFD:	return opt_ready_fd(o, arg);
	case OPT_BIND:
	case OPT_ROBIND:
		return opt_mount(o, arg, MOUNT_BIND, opt == OPT_ROBIND);
	case OPT_DEVBIND:	return opt_mount(o, arg, MOUNT_DEVICE, 0);
	case OPT_TMPFS:		return opt_tmpfs(o, arg);
	case OPT_ROROOT:	o->ro_root = 1; return 0;
	case OPT_DEV:		o->dev |= DEV_MIN; return 0;
	case OPT_DEVPTS:	o->dev |= DEV_MIN | DEV_PTS; return 0;
	case OPT_DEVSHM:	o->dev |= DEV_MIN | DEV_SHM; return 0;
	case OPT_SYSLOG:	o->syslog = 1; return 0;
	case OPT_PASSWD:	o->passwd = 1; return 0;
	case OPT_OVERLAY:	o->overlay = 1; return 0;
	case OPT_OVERLAYUPPER:
		o->overlay = 1;
		return (o->overlay_upper = absolute("overlay-upper", arg)) ? 0 : -1;
	case 'e':
	case OPT_KEEPENV:
		return opt_env(o, opt, arg);
	case OPT_PIDFILE:
	case OPT_STDOUT:
	case OPT_STDERR:
		return opt_file(o, opt, arg);
	}
	return failx("option %d: not an option", opt);
}

/* ---------------------------------------------------------------------
 * Profiles.  A line is a long option without its dashes and its value,
 * or one of the profile's own keywords: command, permit, args.
 */

/* Split a line into words, in place: blanks separate words, "..." and
 * '...' quote, a backslash escapes the next character (not inside '...'),
 * and a '#' that begins a word begins a comment.  Returns the number of
 * words, or -1 with *msg set.  w has room for MAXWORDS. */
int
split_words(char *s, char **w, const char **msg)
{
	char *out, quote;
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0' || *s == '#')
			return n;
		if (n == MAXWORDS) {
			*msg = "too many words on one line";
			return -1;
		}
		w[n++] = out = s;
		quote = 0;
		for (; *s; s++) {
			if (quote == 0 && (*s == ' ' || *s == '\t' || *s == '\r'))
				break;
			if (quote == 0 && (*s == '"' || *s == '\'')) {
				quote = *s;
			} else if (quote && *s == quote) {
				quote = 0;
			} else if (*s == '\\' && quote != '\'') {
				if (*++s == '\0')
					break;
				*out++ = *s;
			} else
				*out++ = *s;
		}
		if (quote) {
			*msg = "unterminated quote";
			return -1;
		}
		if (*s)
			s++;
		*out = '\0';
	}
}

/* "permit user:NAME group:NAME ...": kept as written, with the line, for
 * policy.c to resolve (a name lookup is not the parser's business). */
static int
profile_permit(struct opts *o, char **w, int n, int line)
{
	int i;

	if (n < 2)
		return failx("permit: names nobody");
	for (i = 1; i < n; i++) {
		if (strncmp(w[i], "user:", 5) && strncmp(w[i], "group:", 6))
			return failx("permit %s: expected user:NAME or "
			    "group:NAME", w[i]);
		if (o->npermit == MAXPERMIT)
			return failx("permit: more than %d entries", MAXPERMIT);
		if ((o->permit[o->npermit].word = strdup(w[i])) == NULL)
			return fail("profile");
		o->permit[o->npermit++].line = line;
	}
	return 0;
}

static int
profile_command(struct opts *o, char **w, int n)
{
	int i;

	if (n < 2)
		return failx("command: names no program");
	if ((o->pcmd = calloc(n, sizeof(char *))) == NULL)
		return fail("profile");
	for (i = 1; i < n; i++)
		if ((o->pcmd[i - 1] = strdup(w[i])) == NULL)
			return fail("profile");
	o->pcmd_n = n - 1;
	return 0;
}

/* A line that is a long option. */
static int
profile_option(struct opts *o, char **w, int n)
{
	int opt, has_arg;
	char *v = NULL;

	if ((opt = option_by_name(w[0], &has_arg)) == -1)
		return failx("%s: unknown keyword", w[0]);
	if (has_arg && n != 2)
		return failx("%s: takes exactly one value (quote it if it "
		    "has spaces)", w[0]);
	if (!has_arg && n != 1)
		return failx("%s: takes no value", w[0]);
	/* Read as root, in whatever directory the caller is in. */
	if (opt == 's' && has_arg && strchr(w[1], '/') && w[1][0] != '/')
		return failx("seccomp %s: a policy file in a profile must be an "
		    "absolute path", w[1]);
	if (has_arg && (v = strdup(w[1])) == NULL)
		return fail("profile");
	return set_option(o, opt, v);
}

/* One line of a profile, split into n words. */
static int
profile_line(struct opts *o, char **w, int n, int line)
{
	if (!strcmp(w[0], "command"))
		return profile_command(o, w, n);
	if (!strcmp(w[0], "permit"))
		return profile_permit(o, w, n, line);
	if (!strcmp(w[0], "args")) {
		if (n != 2 || (strcmp(w[1], "any") && strcmp(w[1], "none")))
			return failx("args: expected 'any' or 'none'");
		o->args_any = !strcmp(w[1], "any");
		return 0;
	}
	return profile_option(o, w, n);
}

/* The text of a profile, NUL-terminated, modified in place; path names it
 * in messages. */
int
parse_profile(struct opts *o, char *text, const char *path)
{
	char *line, *next, *w[MAXWORDS];
	const char *msg = NULL;
	int n, lineno = 0;

	o->profile_path = path;
	for (line = text; line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if ((n = split_words(line, w, &msg)) == -1)
			failx("%s", msg);
		if (n == -1 || (n > 0 && profile_line(o, w, n, lineno) == -1))
			return fail_in_profile(path, lineno);
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * The command line.
 */

/* The profile that -p names, if any, found before anything else is
 * parsed: its text has to be read (as root) before the options around it
 * are.  None if --help or --version comes first: parse_args() stops
 * there.  "+": parsing stops at the first operand or at "--". */
const char *
options_profile(int argc, char *argv[])
{
	int opt;

	opterr = 0;
	optind = 0;	/* glibc: start over, whatever ran before */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		if (opt == 'p' || opt == 'h' || opt == 'V')
			return opt == 'p' ? optarg : NULL;
	return NULL;
}

/* An option getopt refused. */
static int
bad_option(char *argv[])
{
	if (optopt && strchr(shortopts + 1, optopt) && optopt != ':')
		return failx("-%c: option needs a value (see runjail --help)",
		    optopt);
	return failx("%s: unknown option (see runjail --help)", argv[optind - 1]);
}

/* The command: the profile's, then the operands.  Then what no single
 * option could check. */
static int
finish(struct opts *o, int argc, char *argv[])
{
	int i, n = argc - optind;

	o->cmd = argv + optind;
	if (o->pcmd) {
		if ((o->cmd = calloc(o->pcmd_n + n + 1, sizeof(char *))) == NULL)
			return fail("command");
		for (i = 0; i < o->pcmd_n; i++)
			o->cmd[i] = o->pcmd[i];
		for (i = 0; i < n; i++)
			o->cmd[o->pcmd_n + i] = argv[optind + i];
	}
	o->noperands = n;
	if ((o->cmd[0] == NULL && !o->check && !o->compile_out) ||
	    (o->cmd[0] && o->cmd[0][0] == '\0'))
		return failx("no command given (see runjail --help)");
	if (o->compile_out && (o->seccomp == NULL || o->check || o->dry_run ||
	    o->learn || o->cmd[0] || o->root || o->background || o->pidfile))
		return failx("--compile-seccomp needs -s POLICY, and runs nothing "
		    "(no command, -r, -b, --pidfile, --check, --dry-run or "
		    "--learn)");
	if (o->root && o->root[0] != '/')
		return failx("root %s: not an absolute path", o->root);
	if (wants_mounts(o) && o->root == NULL)
		return failx("--proc, --bind and the other mounts need a jail "
		    "root (-r)");
	if (o->landlock && o->root == NULL)
		return failx("--landlock needs a jail root (-r): its rules are "
		    "made from the jail");
	if (o->overlay && o->ro_root)
		return failx("--overlay and --ro-root: choose one (the union's "
		    "lower layer is never written anyway)");
	if (o->dir && o->dir[0] != '/')
		return failx("chdir %s: not an absolute path", o->dir);
	if (o->check && o->dry_run)
		return failx("--check and --dry-run: choose one");
	if (o->learn && (o->check || o->background || o->pidfile ||
	    o->seccomp))
		return failx("--learn runs the command in the foreground, with "
		    "no seccomp policy: not with --check, -b, --pidfile or -s");
	if (o->wait_ready && !o->background)
		return failx("--wait-ready needs -b");
	if (o->ready_fd && !o->notify)
		return failx("--ready-fd needs --notify (READY=1 is what it "
		    "passes on)");
	if (o->notify && !o->pid_ns)
		return failx("--notify needs --pid-ns (the process that stays "
		    "outside relays the messages)");
	return 0;
}

/* argv into o.  text is the profile -p names, as options_profile() found
 * it, read and NUL-terminated (path for messages), or NULL.  Returns 0,
 * -1 on a failure, or PARSE_HELP, PARSE_VERSION: print and exit. */
int
parse_args(struct opts *o, int argc, char *argv[], char *text,
    const char *path)
{
	int opt;

	opterr = 0;	/* our own one-line messages, not getopt's */
	optind = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		/* The first option other than -p (and the two that only
		 * look: --check, --dry-run), for the policy on what a caller
		 * other than root may add to a profile. */
		if (opt != 'p' && opt != '?' && opt != OPT_CHECK &&
		    opt != OPT_DRYRUN && o->cli_option == NULL)
			o->cli_option = optarg && optarg == argv[optind - 1] ?
			    argv[optind - 2] : argv[optind - 1];
		if (opt == 'h' || opt == 'V')
			return opt == 'h' ? PARSE_HELP : PARSE_VERSION;
		if (opt == '?')
			return bad_option(argv);
		if (opt == 'p' && (o->profile || text == NULL))
			return failx("profile %s: only one profile may be used",
			    optarg);
		if (opt == 'p') {
			o->profile = optarg;
			if (parse_profile(o, text, path) == -1)
				return -1;
		} else if (set_option(o, opt, optarg) == -1)
			return -1;
	}
	return finish(o, argc, argv);
}

/* A resource's name in -l and in messages. */
const char *
rlimit_name(int resource)
{
	size_t i;

	for (i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++)
		if (rlimit_names[i].resource == resource)
			return rlimit_names[i].name;
	return "?";
}
