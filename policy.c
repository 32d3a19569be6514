/*
 * policy.c: who may run what.  runjail is installed set-user-ID root; a
 * caller who is not root may either use a profile that root wrote and that
 * permits them, or jail themselves (their own uid, gid and groups, no
 * capabilities).  Everything refused is logged, and so is every use by a
 * caller who is not root.  See SECURITY in runjail(8).
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/openat2.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "runjail.h"

#define PROFILE_MAX	65536	/* bytes in a profile */
#define MAXWORDS	256	/* words on a profile line */

/* ---------------------------------------------------------------------
 * Profiles: PROFILE_DIR/NAME.conf.  A line is a long option without its
 * dashes and its value, or one of the profile's own keywords: command,
 * permit, args.  Read only if root owns it and only root can write it and
 * every directory above it: a profile says what runs as whom.
 */

/* Split a line into words, in place: blanks separate words, "..." and
 * '...' quote, a backslash escapes the next character (not inside '...'),
 * and a '#' that begins a word begins a comment.  Returns the number of
 * words, or -1 with *msg set. */
static int
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

static void
bad_profile_dir(const char *dir, const char *why)
{
	failx("profile directory: %s: %s (it and its parents must be owned "
	    "by root and writable only by it)", dir, why);
}

/* A profile name is a file name in PROFILE_DIR, nothing more. */
static void
check_profile_name(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '.' || strlen(name) > 64)
		failx("profile %s: not a valid profile name", name);
	for (p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("_.-", *p))
			failx("profile %s: not a valid profile name", name);
}

static char *
read_profile(const char *name, char *path, size_t pathlen)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t len = 0;
	int dfd, fd;

	check_profile_name(name);
	snprintf(path, pathlen, "%s/%s.conf", PROFILE_DIR, name);
	if ((dfd = open(PROFILE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		fail("profile directory %s", PROFILE_DIR);
	check_root_chain(dfd, bad_profile_dir);
	/* O_NONBLOCK: a FIFO planted as a profile must not hang us. */
	if ((fd = openat(dfd, path + strlen(PROFILE_DIR) + 1,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			failx("profile %s: no such profile (%s)", name, path);
		fail("profile %s", path);
	}
	close(dfd);
	if (fstat(fd, &st) == -1)
		fail("profile %s", path);
	if (!S_ISREG(st.st_mode))
		failx("profile %s: not a regular file", path);
	if (st.st_uid != 0 || (st.st_mode & 022))
		failx("profile %s: must be owned by root and writable only by "
		    "root", path);
	if ((buf = malloc(PROFILE_MAX + 1)) == NULL)
		fail("profile %s", path);
	while ((n = read(fd, buf + len, PROFILE_MAX + 1 - len)) > 0)
		if ((len += n) > PROFILE_MAX)
			failx("profile %s: larger than %d bytes", path, PROFILE_MAX);
	if (n == -1)
		fail("profile %s", path);
	close(fd);
	if (memchr(buf, '\0', len))
		failx("profile %s: contains a NUL byte", path);
	buf[len] = '\0';
	return buf;
}

static void
profile_permit(struct opts *o, char *w)
{
	struct passwd *pw;
	struct group *gr;
	unsigned int id;

	if (!strncmp(w, "user:", 5)) {
		if (o->npermit_uid == MAXPERMIT)
			failx("permit: more than %d users", MAXPERMIT);
		if (parse_id(w + 5, &id) == 0)
			o->permit_uid[o->npermit_uid++] = id;
		else if ((pw = getpwnam(w + 5)) != NULL)
			o->permit_uid[o->npermit_uid++] = pw->pw_uid;
		else
			failx("permit %s: no such user", w);
	} else if (!strncmp(w, "group:", 6)) {
		if (o->npermit_gid == MAXPERMIT)
			failx("permit: more than %d groups", MAXPERMIT);
		if (parse_id(w + 6, &id) == 0)
			o->permit_gid[o->npermit_gid++] = id;
		else if ((gr = getgrnam(w + 6)) != NULL)
			o->permit_gid[o->npermit_gid++] = gr->gr_gid;
		else
			failx("permit %s: no such group", w);
	} else
		failx("permit %s: expected user:NAME or group:NAME", w);
}

/* One line of a profile, split into n words. */
static void
profile_line(struct opts *o, char **w, int n)
{
	int i, opt, has_arg;

	if (!strcmp(w[0], "command")) {
		if (n < 2)
			failx("command: names no program");
		if ((o->pcmd = calloc(n, sizeof(char *))) == NULL)
			fail("profile");
		for (i = 1; i < n; i++)
			o->pcmd[i - 1] = xstrdup(w[i]);
		o->pcmd_n = n - 1;
	} else if (!strcmp(w[0], "permit")) {
		if (n < 2)
			failx("permit: names nobody");
		for (i = 1; i < n; i++)
			profile_permit(o, w[i]);
	} else if (!strcmp(w[0], "args")) {
		if (n != 2 || (strcmp(w[1], "any") && strcmp(w[1], "none")))
			failx("args: expected 'any' or 'none'");
		o->args_any = !strcmp(w[1], "any");
	} else {
		opt = option_by_name(w[0], &has_arg);
		if (opt == -1)
			failx("%s: unknown keyword", w[0]);
		if (has_arg && n != 2)
			failx("%s: takes exactly one value (quote it if it "
			    "has spaces)", w[0]);
		if (!has_arg && n != 1)
			failx("%s: takes no value", w[0]);
		/* Read as root, in whatever directory the caller is in. */
		if (opt == 's' && has_arg && strchr(w[1], '/') && w[1][0] != '/')
			failx("seccomp %s: a policy file in a profile must be an "
			    "absolute path", w[1]);
		set_option(o, opt, has_arg ? xstrdup(w[1]) : NULL);
	}
}

/* The text of a profile, NUL-terminated, modified in place; path is for
 * messages.  Separate from the reading so that it can be fuzzed. */
void
parse_profile(struct opts *o, char *buf, const char *path)
{
	char where[PATH_MAX + 16], *line, *next;
	char *w[MAXWORDS];
	const char *msg = NULL;
	int n, lineno = 0;

	for (line = buf; line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		snprintf(where, sizeof where, "%s:%d", path, ++lineno);
		errwhere = where;
		if ((n = split_words(line, w, &msg)) == -1)
			failx("%s", msg);
		if (n > 0)
			profile_line(o, w, n);
	}
	errwhere = NULL;
}

static int caller_in_group(gid_t);

/* Does one word of a permit line name the caller?  Names that do not
 * resolve name nobody here; the full parse reports them (to root). */
static int
permit_word_matches(const char *w)
{
	struct passwd *pw;
	struct group *gr;
	unsigned int id;

	if (!strncmp(w, "user:", 5)) {
		if (parse_id(w + 5, &id) == 0)
			return id == caller.uid;
		return (pw = getpwnam(w + 5)) != NULL && pw->pw_uid == caller.uid;
	}
	if (!strncmp(w, "group:", 6)) {
		if (parse_id(w + 6, &id) == 0)
			return caller_in_group(id);
		return (gr = getgrnam(w + 6)) != NULL && caller_in_group(gr->gr_gid);
	}
	return 0;
}

/* Before a caller other than root learns anything else about a profile
 * (that it is broken, that it has no root or no command, that an option
 * is not allowed), it must permit them: a first pass reads the permit
 * lines only, on a copy of the text. */
static int
profile_permits_caller(const char *text)
{
	char *copy = xstrdup(text), *line, *next, *w[MAXWORDS];
	const char *msg;
	int i, n, ok = 0;

	for (line = copy; line && !ok; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((n = split_words(line, w, &msg)) > 1 && !strcmp(w[0], "permit"))
			for (i = 1; i < n && !ok; i++)
				ok = permit_word_matches(w[i]);
	}
	free(copy);
	return ok;
}

void
load_profile(struct opts *o, const char *name)
{
	char path[PATH_MAX], *buf;

	if (o->profile)
		failx("profile %s: only one profile may be used", name);
	buf = read_profile(name, path, sizeof path);
	if (caller.uid != 0 && !profile_permits_caller(buf))
		failx("profile %s: does not permit %s (no matching permit "
		    "line)", name, caller.name);
	parse_profile(o, buf, path);
	free(buf);
	o->profile = xstrdup(name);
}

/* ---------------------------------------------------------------------
 * The policy for callers who are not root.
 */
static int
caller_in_group(gid_t g)
{
	int i;

	if (g == caller.gid)
		return 1;
	for (i = 0; i < caller.ngroups; i++)
		if (caller.groups[i] == g)
			return 1;
	return 0;
}

/* The profile's permit lines must name the caller or one of its groups. */
void
permit_check(const struct opts *o)
{
	int i, ok = 0;

	for (i = 0; i < o->npermit_uid; i++)
		ok |= o->permit_uid[i] == caller.uid;
	for (i = 0; i < o->npermit_gid; i++)
		ok |= caller_in_group(o->permit_gid[i]);
	if (!ok)
		failx("profile %s: does not permit %s (no matching permit "
		    "line)", o->profile, caller.name);
}

/* A caller must not hand a service that runs as someone else limits of
 * their choosing (a tiny fsize to make it truncate its files, a nofile
 * to make it fail): what the profile does not set is reset to init's
 * limits, read from /proc/1/limits ("%-25s %-20s %-20s", resources in
 * the kernel's order), and the nice value to 0. */
static void
reset_limits(struct opts *o)
{
	char line[256];
	unsigned long long v[2];
	FILE *f;
	int n = 0, r, i;

	if ((f = fopen("/proc/1/limits", "re")) == NULL)
		fail("/proc/1/limits");
	while (fgets(line, sizeof line, f)) {
		r = n++ - 1;	/* line 0 is the heading */
		if (r < 0 || strlen(line) < 68)
			continue;
		for (i = 0; i < 2; i++)
			v[i] = !strncmp(line + 26 + (size_t)21 * i, "unlimited", 9) ?
			    RLIM_INFINITY : strtoull(line + 26 + (size_t)21 * i, NULL, 10);
		if (r >= RLIM_NLIMITS || o->rlim[r].set)
			continue;
		o->rlim[r].set = 2;	/* 2: a reset, see set_limits() */
		o->rlim[r].rl.rlim_cur = v[0];
		o->rlim[r].rl.rlim_max = v[1];
	}
	fclose(f);
	if (!o->setnice) {
		o->setnice = 1;
		o->nice = 0;
	}
}

/* CPU time counts across execve: what the caller burned before it
 * executed runjail would count against the profile's CPU limit, and the
 * service be killed early.  The time spent so far is added to it. */
static void
cpu_spent(struct opts *o)
{
	struct rusage ru;
	rlim_t spent;
	struct rlimit *rl = &o->rlim[RLIMIT_CPU].rl;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		fail("getrusage");
	/* whole seconds, rounded up, of user and system time together */
	spent = (rlim_t)ru.ru_utime.tv_sec + (rlim_t)ru.ru_stime.tv_sec +
	    ((rlim_t)ru.ru_utime.tv_usec + (rlim_t)ru.ru_stime.tv_usec +
	    999999) / 1000000;
	if (rl->rlim_cur != RLIM_INFINITY)
		rl->rlim_cur = rl->rlim_cur + spent < rl->rlim_cur ? RLIM_INFINITY :
		    rl->rlim_cur + spent;
	if (rl->rlim_max != RLIM_INFINITY)
		rl->rlim_max = rl->rlim_max + spent < rl->rlim_max ? RLIM_INFINITY :
		    rl->rlim_max + spent;
}

/* With a profile: it must permit the caller, and the caller may add
 * nothing but arguments, and those only if the profile says "args any". */
static void
profile_policy(struct opts *o, int noperands)
{
	permit_check(o);
	if (o->cli_option)
		failx("%s: not permitted with a profile for callers other "
		    "than root", o->cli_option);
	if (o->pcmd && noperands && !o->args_any)
		failx("profile %s: does not permit extra arguments (it has "
		    "no 'args any')", o->profile);
	if (o->pcmd == NULL && !o->args_any)
		failx("profile %s: names no command, and only root may "
		    "choose one", o->profile);
	reset_limits(o);
	cpu_spent(o);
}

/* Without a profile the caller may jail only themselves: their own uid,
 * gid and some of the groups they already have, no capabilities, no bind
 * mount, no file written as root, limits only lowered. */
static void
self_policy(struct opts *o, struct target *t)
{
	int i, prio;

	if (t->uid != caller.uid)
		failx("user %s: only root may run a command as another user "
		    "(or use a profile that permits it)", t->name);
	if (t->gid != caller.gid)
		failx("group %u: only root may choose another group",
		    (unsigned)t->gid);
	/* Exactly the caller's groups as they are now: not the database's (a
	 * group removed since login must not come back), and none dropped
	 * either (a file may deny access to a group: dropping it would
	 * grant access). */
	if (o->groups)
		failx("groups: callers other than root keep exactly the groups "
		    "they have");
	free(t->groups);
	if ((t->groups = calloc(caller.ngroups + 1, sizeof(gid_t))) == NULL)
		fail("groups");
	memcpy(t->groups, caller.groups, caller.ngroups * sizeof(gid_t));
	t->ngroups = caller.ngroups;
	if (o->caps)
		failx("cap: only root may keep capabilities");
	if (o->nmounts)
		failx("bind: only root may bind-mount");
	if (o->pidfile || o->stdout_file || o->stderr_file)
		failx("pidfile, stdout, stderr: only root may have runjail "
		    "write files");
	/* Measured against the caller's limits as they were at the start
	 * (runjail's own are raised, see own_limits()); what -l does not
	 * set, the command gets back as the caller had it. */
	for (i = 0; i < RLIM_NLIMITS; i++) {
		if (o->rlim[i].set &&
		    o->rlim[i].rl.rlim_max > caller.rlim[i].rlim_max)
			failx("rlimit: only root may raise a hard limit");
		if (!o->rlim[i].set) {
			o->rlim[i].set = 1;
			o->rlim[i].rl = caller.rlim[i];
		}
	}
	errno = 0;
	prio = getpriority(PRIO_PROCESS, 0);
	if (o->setnice && (errno || o->nice < prio))
		failx("nice %d: only root may lower the nice value", o->nice);
}

void
enforce_policy(struct opts *o, struct target *t)
{
	int n = 0;

	if (caller.uid == 0)
		return;		/* root may do anything it could do anyway */
	if (o->check)
		return;		/* --check changes nothing and runs nothing */
	if (o->profile) {
		while (o->cmd && o->cmd[n])
			n++;
		profile_policy(o, n - o->pcmd_n);
	} else
		self_policy(o, t);
}

/* In the child of open_as_caller(): become the caller entirely, open,
 * and send the descriptor (or the errno) back over the socket. */
static void __attribute__((noreturn))
caller_opens(int sock, const char *path, int flags)
{
	struct open_how how = { 0 };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	struct stat st;
	int fd, err = 0;

	/* The caller's uid, gid and groups, all of them: with a uid other
	 * than 0 in every slot the kernel clears every capability, so no
	 * CAP_DAC_* or CAP_SYS_PTRACE is left to open what the caller could
	 * not (a changed fsuid alone keeps them). */
	if (setgroups(caller.ngroups, caller.groups) == -1 ||
	    setresgid(caller.gid, caller.gid, caller.gid) == -1 ||
	    setresuid(caller.uid, caller.uid, caller.uid) == -1 ||
	    (caller.uid != 0 && setuid(0) != -1))
		_exit(EXIT_FAILED);
	/* No /proc/PID/root, cwd or fd/N on the way: they lead into other
	 * mount namespaces and roots.  O_NONBLOCK: a FIFO cannot hang us. */
	how.flags = (uint64_t)(flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	how.resolve = RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
	if (fd == -1)
		err = errno;
	/* O_NOFOLLOW|O_DIRECTORY says ENOTDIR for a final symbolic link:
	 * tell the parent it was one (it may not look as root itself). */
	if (fd == -1 && (err == ENOTDIR || err == ELOOP) &&
	    lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		err = ELOOP;
	iov.iov_base = &err;
	iov.iov_len = sizeof err;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd != -1) {
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof u.buf;
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	}
	_exit(sendmsg(sock, &mh, 0) == (ssize_t)sizeof err ? 0 : EXIT_FAILED);
}

/* Open a file the caller named, with the caller's full credentials and
 * nothing else: in a child that is the caller, whose descriptor comes
 * back to us.  So runjail never opens, as root, a file the caller could
 * not open themselves.  Returns the descriptor, or -1 with errno set. */
int
open_as_caller(const char *path, int flags)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	struct timeval tmo = { CALLER_OPEN_TIMEOUT, 0 };
	int sv[2], err = EIO, fd = -1, st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		fail("socketpair");
	if ((pid = fork()) == -1)
		fail("fork");
	if (pid == 0) {
		close(sv[0]);
		caller_opens(sv[1], path, flags);
	}
	close(sv[1]);
	/* The child is the caller's to stop: never wait for it forever. */
	if (setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof tmo) == -1)
		fail("setsockopt");
	iov.iov_base = &err;
	iov.iov_len = sizeof err;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	if (recvmsg(sv[0], &mh, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof err)
		kill(pid, SIGKILL);	/* stopped, and timed out */
	else if ((cm = CMSG_FIRSTHDR(&mh)) != NULL && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	close(sv[0]);
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		failx("opening %s as the caller: the helper process failed", path);
	if (fd == -1)
		errno = err ? err : EIO;
	return fd;
}

/* ---------------------------------------------------------------------
 * The audit log: every use by a caller who is not root, and every
 * refusal, to syslog's authpriv facility.  The socket is opened before
 * the chroot (LOG_NDELAY) so messages still get out from inside.
 */
static int audit_on;

void
audit_open(void)
{
	if (caller.uid == 0)
		return;
	openlog("runjail", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	audit_on = 1;
}

/* Append s to buf as a quoted field, at most max bytes of it: '"' and
 * '\\' escaped, control characters made '?', so that nothing the caller
 * writes can close the field and forge another. */
static size_t
quote(char *buf, size_t n, size_t size, const char *s, size_t max)
{
	size_t used = 0;

	if (n + 1 < size)
		buf[n++] = '"';
	for (; *s && used < max && n + 3 < size; s++, used++) {
		if (*s == '"' || *s == '\\')
			buf[n++] = '\\';
		buf[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
	}
	if (*s && n + 4 < size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	if (n + 1 < size)
		buf[n++] = '"';
	buf[n] = '\0';
	return n;
}

void
audit(const struct opts *o, const struct target *t, const char *result)
{
	/* Each field is capped, so the line is too: result 2*400, caller
	 * and user names 64 + 256, profile 2*64, root and command 2*256 each,
	 * with quotes, "..." and the field names, well under 4096. */
	char line[4096], cmd[512];
	size_t n, c = 0;
	int i;

	if (!audit_on)
		return;
	cmd[0] = '\0';
	for (i = 0; o && o->cmd && o->cmd[i] && c < sizeof cmd - 1; i++)
		c += snprintf(cmd + c, sizeof cmd - c, "%s%s", i ? " " : "",
		    o->cmd[i]);
	/* The result first: a long field cannot push it out of the line. */
	n = quote(line, snprintf(line, sizeof line, "result="), sizeof line,
	    result, 400);
	n += snprintf(line + n, sizeof line - n, " caller=%s(%u) user=%s(%d) "
	    "profile=", caller.name, (unsigned)caller.uid, t ? t->name : "-",
	    t ? (int)t->uid : -1);
	n = quote(line, n, sizeof line, o && o->profile ? o->profile : "-", 64);
	n += snprintf(line + n, sizeof line - n, " root=");
	n = quote(line, n, sizeof line, o && o->root ? o->root : "-", 256);
	n += snprintf(line + n, sizeof line - n, " command=");
	quote(line, n, sizeof line, cmd, 256);
	syslog(LOG_NOTICE, "%s", line);
}
