/* seccomp.c: runjail's seccomp policies, built in or read from a file.
 *
 * A policy is a default action and rules "ACTION SYSCALL... [CONDITION]".
 * Both kinds are checked here, compiled by libseccomp and exported to a
 * classic BPF program while runjail is still root and has no resource
 * limits: loading it later is one seccomp(2) call that cannot run out of
 * memory.
 *
 * All the rules for one system call must have the same action.  libseccomp
 * silently drops a conditional rule when the same call also has an
 * unconditional one, keeps the first of two unconditional rules, and orders
 * overlapping conditional rules as it likes: "one action per system call, its
 * rules are alternatives" is the only meaning it implements faithfully, so
 * it is the only one accepted, and anything else is reported with its line.
 *
 * The terminal guard is built here too, from the same table, but it is not
 * a profile: a policy cannot name it, and it covers every ABI (below).
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "files.h"
#include "scmp.h"
#include "seccomp.h"

/* The built-in profiles compiled at build time (mk/seccomp_gen writes
 * seccomp_bpf.h, see mk/seccomp.mk): the programs libseccomp would build,
 * without the 150 us or so it takes at each launch.  Without the header,
 * libseccomp builds them at run time; the unit tests check both agree. */
#if !defined(RJ_SECCOMP_NO_PREBUILT) && defined(__has_include)
#if __has_include("seccomp_bpf.h")
#include "seccomp_bpf.h"
#define HAVE_PREBUILT
#endif
#endif

#define MAXFILE		(1 << 20)	/* bytes in a policy file */
#define MAXLINES	10000
#define MAXLINE		1024		/* bytes in a line, newline excluded */
#define MAXWORDS	256		/* words in a line */
#define MAXRULES	1024		/* more would not fit in 4096 BPF
				 * instructions, and libseccomp's time
				 * grows faster than their number */
#define NSYS		1024		/* system call numbers accepted */
#define OPCHARS		"=!<>&|"

/* A condition is libseccomp's own comparison (for SCMP_CMP_MASKED_EQ,
 * datum_a is the mask and datum_b the value), or one of: */
#define CMP_NONE	_SCMP_CMP_MIN	/* no condition */
#define CMP_ANYBIT	_SCMP_CMP_MAX	/* (arg & datum_a) != 0 */

struct rule {
	int			 nr;
	uint32_t		 act;
	struct scmp_arg_cmp	 c;
	int			 line;
};

/* What the rules so far say about one system call, for the conflict check
 * and its messages. */
struct sysinfo {
	int		 set;
	int		 uncond;	/* has a rule without a condition */
	uint32_t	 act;
	int		 line;		/* of the first rule */
	const char	*from;		/* built-in profile it came from */
};

struct parse {
	const char	*file;		/* NULL for a built-in profile */
	int		 line;		/* 0: not about one line */
	unsigned	 flags;		/* RJ_SECCOMP_* */
	int		 allabi;	/* the guard: every ABI, not only ours */
	uint32_t	 def;
	int		 defline;
	struct rule	*rules;
	size_t		 nrules, rulecap, nscmp;
	char		*err;
	size_t		 errlen;
	struct sysinfo	 sys[NSYS];
};

struct rj_filter {
	struct sock_filter	*insns;
	size_t			 len;
	int			 compiled;	/* loaded from a compiled file */
};

/* A compiled policy file (runjail --compile-seccomp): the line
 * "runjail-seccomp 1 VERSION ARCH FLAGS INSNS", then the program, INSNS
 * struct sock_filter in this machine's byte order.  VERSION is runjail's,
 * ARCH the audit architecture it was compiled on, FLAGS the RJ_SECCOMP_*
 * flags it was compiled with: a file of another runjail, for another
 * machine or another mode is refused, not loaded. */
#define COMPILED_MAGIC	"runjail-seccomp 1 " RUNJAIL_VERSION " "
#define MAXINSNS	4096	/* BPF_MAXINSNS */

/*
 * The built-in profiles.  "default" is a deny-list for a network daemon:
 * what it keeps out is administration of the machine (mounts, modules,
 * clocks, reboot), other processes (ptrace), new namespaces (a way to regain
 * privilege inside the jail), and kernel interfaces that are mostly attack
 * surface.  "nofsmeta" adds changes of file modes, owners, ACLs, inode
 * flags and links.  Every denied call fails with EPERM (clone3: ENOSYS); the
 * SECCOMP section of runjail.8 lists the same rules in policy syntax, and the
 * tests check that both compile to the same program.
 */
#define PDEF	1		/* in "default", and so in "nofsmeta" */
#define PFS	2		/* in "nofsmeta" only */
#define PTTY	4		/* in the terminal guard (rj_seccomp_guard) */

struct brule {
	unsigned	 prof;
	const char	*name;
	int		 nr;		/* if libseccomp does not know the name */
	int		 err;
	struct scmp_arg_cmp c;
};

#define DENY(p, s)		{ p, s, -1, EPERM, { 0, CMP_NONE, 0, 0 } }
#define DENY_NR(p, s, n)	{ p, s, n, EPERM, { 0, CMP_NONE, 0, 0 } }
#define DENY_IF(p, s, a, o, x, y)	{ p, s, -1, EPERM, { a, o, x, y } }
#define NS_FLAGS	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
	CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
#define LOW32		0xffffffffULL	/* int arguments: the kernel ignores
					 * the upper half, so must we */

static const struct brule builtin[] = {
	/* the file system as the jail made it */
	DENY(PDEF, "mount"), DENY(PDEF, "umount2"), DENY(PDEF, "pivot_root"),
	DENY(PDEF, "chroot"), DENY(PDEF, "move_mount"),
	DENY(PDEF, "open_tree"), DENY_NR(PDEF, "open_tree_attr", 467),
	DENY(PDEF, "fsopen"), DENY(PDEF, "fsconfig"), DENY(PDEF, "fsmount"),
	DENY(PDEF, "fspick"), DENY(PDEF, "mount_setattr"),
	/* other processes: their memory, what it holds, where it lies, and
	 * their descriptors.  process_madvise pages another process's memory
	 * out or in, kcmp compares its files and address space with ours.
	 * get_robust_list reads a pointer from another process and move_pages
	 * tells which of its pages are mapped (both defeat its address
	 * randomisation); migrate_pages moves them.  Those three stay allowed
	 * on the caller itself (pid 0), where NUMA code uses them.  A pid is
	 * an int: "!= 0" on the whole register also refuses 0 with garbage in
	 * the upper half, which is only stricter.  /proc/PID/mem is a path,
	 * out of a filter's sight.  process_mrelease stays: it only frees the
	 * memory of a process already being killed. */
	DENY(PDEF, "ptrace"), DENY(PDEF, "process_vm_readv"),
	DENY(PDEF, "process_vm_writev"), DENY(PDEF, "pidfd_getfd"),
	DENY(PDEF, "process_madvise"), DENY(PDEF, "kcmp"),
	DENY_IF(PDEF, "get_robust_list", 0, SCMP_CMP_NE, 0, 0),
	DENY_IF(PDEF, "move_pages", 0, SCMP_CMP_NE, 0, 0),
	DENY_IF(PDEF, "migrate_pages", 0, SCMP_CMP_NE, 0, 0),
	/* the machine */
	DENY(PDEF, "kexec_load"), DENY(PDEF, "kexec_file_load"),
	DENY(PDEF, "init_module"), DENY(PDEF, "finit_module"),
	DENY(PDEF, "delete_module"), DENY(PDEF, "reboot"),
	DENY(PDEF, "swapon"), DENY(PDEF, "swapoff"), DENY(PDEF, "acct"),
	DENY(PDEF, "quotactl"), DENY(PDEF, "quotactl_fd"),
	DENY(PDEF, "syslog"), DENY(PDEF, "iopl"), DENY(PDEF, "ioperm"),
	DENY(PDEF, "settimeofday"), DENY(PDEF, "clock_settime"),
	DENY(PDEF, "clock_adjtime"), DENY(PDEF, "adjtimex"),
	/* attack surface; io_uring's operations bypass seccomp altogether */
	DENY(PDEF, "bpf"), DENY(PDEF, "perf_event_open"),
	DENY(PDEF, "userfaultfd"), DENY(PDEF, "keyctl"), DENY(PDEF, "add_key"),
	DENY(PDEF, "request_key"), DENY(PDEF, "open_by_handle_at"),
	DENY(PDEF, "name_to_handle_at"), DENY(PDEF, "io_uring_setup"),
	DENY(PDEF, "io_uring_enter"), DENY(PDEF, "io_uring_register"),
	/* namespaces */
	DENY(PDEF, "setns"), DENY(PDEF, "unshare"),
	DENY_IF(PDEF, "clone", 0, CMP_ANYBIT, NS_FLAGS, 0),
	/* clone3 passes its flags in memory, out of a filter's sight: it
	 * "does not exist", and glibc falls back to clone, whose flags we see */
	{ PDEF, "clone3", -1, ENOSYS, { 0, CMP_NONE, 0, 0 } },
	/* typing into the terminal runjail was started from: TIOCSTI (or
	 * TIOCLINUX's paste) pushes characters into its input, which the
	 * caller's shell runs once the command exits (bubblewrap's
	 * CVE-2017-5226).  Also the whole terminal guard, which runjail loads
	 * whenever the command shares a terminal, whatever -s says.  The
	 * request is an int to the kernel, which ignores the upper half: a
	 * full-width compare could be dodged with high bits set. */
	DENY_IF(PDEF | PTTY, "ioctl", 1, SCMP_CMP_MASKED_EQ, LOW32, TIOCSTI),
	DENY_IF(PDEF | PTTY, "ioctl", 1, SCMP_CMP_MASKED_EQ, LOW32, TIOCLINUX),
	/* only PER_LINUX and PER_LINUX32: no ADDR_NO_RANDOMIZE and friends */
	DENY_IF(PDEF, "personality", 0, SCMP_CMP_GT, PER_LINUX32, 0),
	/* devices; other types are allowed or refused by the kernel itself */
	DENY_IF(PDEF, "mknod", 1, SCMP_CMP_MASKED_EQ, S_IFMT, S_IFCHR),
	DENY_IF(PDEF, "mknod", 1, SCMP_CMP_MASKED_EQ, S_IFMT, S_IFBLK),
	DENY_IF(PDEF, "mknodat", 2, SCMP_CMP_MASKED_EQ, S_IFMT, S_IFCHR),
	DENY_IF(PDEF, "mknodat", 2, SCMP_CMP_MASKED_EQ, S_IFMT, S_IFBLK),
	/* nofsmeta: a service must not loosen the modes, owners or links of
	 * the files in its jail */
	DENY(PFS, "chmod"), DENY(PFS, "fchmod"), DENY(PFS, "fchmodat"),
	DENY_NR(PFS, "fchmodat2", 452), DENY(PFS, "chown"), DENY(PFS, "fchown"),
	DENY(PFS, "lchown"), DENY(PFS, "fchownat"), DENY(PFS, "link"),
	DENY(PFS, "linkat"), DENY(PFS, "symlink"), DENY(PFS, "symlinkat"),
	/* nor do it through extended attributes: system.posix_acl_access
	 * sets the mode (an ACL granting rwx to other makes it 0777), and
	 * removing an ACL drops the entries that restrict someone.  The
	 * attribute's name is in memory, out of a filter's sight: the whole
	 * family goes, user.* included.  The *xattrat calls are Linux 6.13. */
	DENY(PFS, "setxattr"), DENY(PFS, "lsetxattr"), DENY(PFS, "fsetxattr"),
	DENY_NR(PFS, "setxattrat", 463), DENY(PFS, "removexattr"),
	DENY(PFS, "lremovexattr"), DENY(PFS, "fremovexattr"),
	DENY_NR(PFS, "removexattrat", 466),
	/* nor through the inode flags: clearing append-only or immutable
	 * (with CAP_LINUX_IMMUTABLE kept) loosens a file as much as a chmod.
	 * file_setattr (Linux 6.17) and the two ioctls are the ways to set
	 * them; FS_IOC32_SETFLAGS reaches a file system only from the 32-bit
	 * ABIs, which every filter kills.  Reading them stays allowed. */
	DENY_NR(PFS, "file_setattr", 469),
	DENY_IF(PFS, "ioctl", 1, SCMP_CMP_MASKED_EQ, LOW32, FS_IOC_SETFLAGS),
	DENY_IF(PFS, "ioctl", 1, SCMP_CMP_MASKED_EQ, LOW32, FS_IOC_FSSETXATTR),
};

static const struct {
	const char	*name;
	unsigned	 mask;
} profiles[] = {	/* what -s and @include can name: not the guard */
	{ "default", PDEF },
	{ "nofsmeta", PDEF | PFS },
};

const char *const rj_seccomp_builtins[] = { "default", "nofsmeta", NULL };

/* Symbolic values for conditions: the ones the built-in profiles and the
 * examples use, and a few more that policies commonly test. */
#define K(x)	{ #x, x }
static const struct {
	const char	*name;
	uint64_t	 val;
} consts[] = {
	K(TIOCSTI), K(TIOCLINUX), K(FIONREAD), K(TCGETS),
	K(FS_IOC_SETFLAGS), K(FS_IOC_FSSETXATTR),
	K(CLONE_NEWNS), K(CLONE_NEWCGROUP), K(CLONE_NEWUTS), K(CLONE_NEWIPC),
	K(CLONE_NEWUSER), K(CLONE_NEWPID), K(CLONE_NEWNET), K(CLONE_NEWTIME),
	K(CLONE_THREAD), K(CLONE_VM),
	K(S_IFMT), K(S_IFSOCK), K(S_IFLNK), K(S_IFREG), K(S_IFBLK), K(S_IFDIR),
	K(S_IFCHR), K(S_IFIFO), K(S_ISUID), K(S_ISGID), K(S_ISVTX),
	K(AF_UNIX), K(AF_INET), K(AF_INET6), K(AF_NETLINK), K(AF_PACKET),
	K(SOCK_STREAM), K(SOCK_DGRAM), K(SOCK_RAW),
	K(PER_LINUX), K(PER_LINUX32), K(ADDR_NO_RANDOMIZE),
	K(READ_IMPLIES_EXEC),
	K(O_ACCMODE), K(O_RDONLY), K(O_WRONLY), K(O_RDWR), K(O_CREAT),
	K(O_EXCL), K(O_TRUNC), K(O_APPEND), K(O_DIRECTORY), K(O_NOFOLLOW),
	K(O_PATH), K(O_TMPFILE),
	K(PROT_READ), K(PROT_WRITE), K(PROT_EXEC),
};

static const struct {
	const char		*name;
	enum scmp_compare	 op;
} ops[] = {
	{ "==", SCMP_CMP_EQ }, { "!=", SCMP_CMP_NE }, { "<", SCMP_CMP_LT },
	{ "<=", SCMP_CMP_LE }, { ">", SCMP_CMP_GT }, { ">=", SCMP_CMP_GE },
};

static const struct {
	const char	*name;
	uint32_t	 act;
} actions[] = {
	{ "allow", SCMP_ACT_ALLOW }, { "deny", SCMP_ACT_ERRNO(EPERM) },
	{ "kill", SCMP_ACT_KILL_PROCESS },	/* a thread alone is not enough */
	{ "log", SCMP_ACT_LOG }, { "trap", SCMP_ACT_TRAP },
};

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/* Copy s for a message, with anything unprintable made harmless: the
 * message must stay one line whatever the file name is. */
static const char *
clean(const char *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s", s);
	sanitize(buf);
	return buf;
}

static int
perr(struct parse *p, const char *fmt, ...)
{
	char msg[256], fn[256];
	va_list ap;

	if (p->err == NULL || p->errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->file == NULL)
		snprintf(p->err, p->errlen, "%s", msg);
	else if (p->line > 0)
		snprintf(p->err, p->errlen, "%s:%d: %s",
		    clean(p->file, fn, sizeof fn), p->line, msg);
	else
		snprintf(p->err, p->errlen, "%s: %s",
		    clean(p->file, fn, sizeof fn), msg);
	return -1;
}

static const char *
actname(uint32_t a, char *buf, size_t len)
{
	const char *e = strerrorname_np(a & 0xffff);
	size_t i;

	for (i = 0; i < nitems(actions); i++)
		if (actions[i].act == a)
			return actions[i].name;
	if (e != NULL)
		snprintf(buf, len, "errno %s", e);
	else
		snprintf(buf, len, "errno %u", a & 0xffff);
	return buf;
}

/* What the kernel is told to do: discovery mode turns every action that
 * would deny or kill into "log". */
static uint32_t
effective(const struct parse *p, uint32_t a)
{
	if ((p->flags & RJ_SECCOMP_LOG) && a != SCMP_ACT_ALLOW)
		return SCMP_ACT_LOG;
	return a;
}

/* A number: decimal, 0x hex or 0 octal, unsigned, 64 bits at most.
 * Returns 0, -1 if malformed, -2 if too big. */
static int
number(const char *s, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')	/* strtoull takes signs and spaces */
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (*end != '\0')
		return -1;
	if (errno == ERANGE)
		return -2;
	*v = n;
	return 0;
}

static int
term(struct parse *p, const char *s, uint64_t *v)
{
	size_t i;
	int rc;

	if ((rc = number(s, v)) == -2)
		return perr(p, "number out of range '%.64s'", s);
	if (rc == 0)
		return 0;
	if (*s >= '0' && *s <= '9')
		return perr(p, "bad number '%.64s'", s);
	for (i = 0; i < nitems(consts); i++)
		if (strcmp(s, consts[i].name) == 0) {
			*v = consts[i].val;
			return 0;
		}
	return perr(p, "unknown constant '%.64s'", s);
}

/* VALUE: TERM ['|' TERM]... */
static int
value(struct parse *p, char **tok, int n, int *i, uint64_t *v)
{
	uint64_t t = 0;

	*v = 0;
	for (;;) {
		if (*i >= n)
			return perr(p, "missing value");
		if (strchr(OPCHARS, tok[*i][0]) != NULL)
			return perr(p, "missing value before '%s'", tok[*i]);
		if (term(p, tok[(*i)++], &t) == -1)
			return -1;
		*v |= t;
		if (*i >= n || strcmp(tok[*i], "|") != 0)
			return 0;
		(*i)++;
	}
}

static int
errnum(struct parse *p, const char *s, int *e)
{
	uint64_t v = 0;		/* stays 0, out of range, on overflow */
	const char *name;
	int i;

	if (number(s, &v) != -1) {
		if (v < 1 || v > 4095)
			return perr(p, "errno value out of range (1-4095) "
			    "'%.64s'", s);
		*e = (int)v;
		return 0;
	}
	for (i = 1; i < 4096; i++)
		if ((name = strerrorname_np(i)) != NULL &&
		    strcmp(name, s) == 0) {
			*e = i;
			return 0;
		}
	return perr(p, "unknown errno '%.64s'", s);
}

/* ACTION: allow | deny | kill | log | trap | errno ERRNO */
static int
action(struct parse *p, char **tok, int n, int *i, uint32_t *a)
{
	const char *t = tok[(*i)++];
	size_t k;
	int e = 0;

	for (k = 0; k < nitems(actions); k++)
		if (strcmp(t, actions[k].name) == 0) {
			*a = actions[k].act;
			return 0;
		}
	if (strcmp(t, "errno") != 0)
		return perr(p, "unknown action '%.64s'", t);
	if (*i >= n)
		return perr(p, "missing errno value");
	if (errnum(p, tok[(*i)++], &e) == -1)
		return -1;
	*a = SCMP_ACT_ERRNO(e);
	return 0;
}

static int
sysnum(struct parse *p, const char *s)
{
	uint64_t v;
	int nr;

	if (*s >= '0' && *s <= '9') {
		/* a number from the kernel log may name a call newer than
		 * libseccomp's table: take it as it is */
		if (number(s, &v) != 0 || v >= NSYS)
			return perr(p, "bad system call number '%.64s' "
			    "(0-%d)", s, NSYS - 1);
		return (int)v;
	}
	nr = seccomp_syscall_resolve_name(s);
	if (nr == __NR_SCMP_ERROR)
		return perr(p, "unknown system call '%.64s'", s);
	if (nr < 0 || nr >= NSYS)
		return perr(p, "no system call '%.64s' on this architecture",
		    s);
	return nr;
}

static int
addrule(struct parse *p, int nr, const char *name, uint32_t act,
    const struct scmp_arg_cmp *c, const char *from)
{
	struct sysinfo *si = &p->sys[nr];
	struct rule *r;
	char a[32], b[32], fa[48] = "", fb[48] = "";

	if (si->set && si->act != act) {
		if (from != NULL)
			snprintf(fa, sizeof fa, " (@include %s)", from);
		if (si->from != NULL)
			snprintf(fb, sizeof fb, " (@include %s)", si->from);
		return perr(p, "conflicting rules for '%.64s': %s%s here, "
		    "%s at line %d%s", name, actname(act, a, sizeof a), fa,
		    actname(si->act, b, sizeof b), si->line, fb);
	}
	if (!si->set) {
		si->set = 1;
		si->act = act;
		si->line = p->line;
		si->from = from;
	}
	if (c->op == CMP_NONE)
		si->uncond = 1;
	/* each bit of a mask is a rule for libseccomp */
	p->nscmp += c->op == CMP_ANYBIT ? __builtin_popcountll(c->datum_a) : 1;
	if (p->nscmp > MAXRULES)
		return perr(p, "too many rules (max %d, counting each bit of "
		    "a mask)", MAXRULES);
	if (p->nrules == p->rulecap) {
		size_t cap = p->rulecap ? 2 * p->rulecap : 64;
		if ((r = reallocarray(p->rules, cap, sizeof *r)) == NULL)
			return perr(p, "out of memory");
		p->rules = r;
		p->rulecap = cap;
	}
	r = &p->rules[p->nrules++];
	r->nr = nr;
	r->act = act;
	r->c = *c;
	r->line = p->line;
	return 0;
}

static int
addbuiltin(struct parse *p, unsigned mask, const char *from)
{
	const struct brule *b;
	int nr;

	for (b = builtin; b < builtin + nitems(builtin); b++) {
		if (!(b->prof & mask))
			continue;
		nr = seccomp_syscall_resolve_name(b->name);
		if (nr < 0 || nr >= NSYS)
			nr = b->nr;
		if (nr < 0)	/* not on this architecture: nothing to deny */
			continue;
		if (addrule(p, nr, b->name, SCMP_ACT_ERRNO(b->err), &b->c,
		    from) == -1)
			return -1;
	}
	return 0;
}

static int
profile(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(profiles); i++)
		if (strcmp(name, profiles[i].name) == 0)
			return (int)i;
	return -1;
}

/* CONDITION: argN OP VALUE | argN & MASK [== VALUE] */
static int
condition(struct parse *p, char **tok, int n, int *i, struct scmp_arg_cmp *c)
{
	const char *t = tok[(*i)++];
	size_t k;

	if (t[3] < '0' || t[3] > '5' || t[4] != '\0')
		return perr(p, "bad argument '%.64s' (arg0 to arg5)", t);
	c->arg = (unsigned)(t[3] - '0');
	if (*i >= n)
		return perr(p, "missing operator after '%s'", t);
	t = tok[(*i)++];
	for (k = 0; k < nitems(ops); k++)
		if (strcmp(t, ops[k].name) == 0) {
			c->op = ops[k].op;
			return value(p, tok, n, i, &c->datum_a);
		}
	if (strcmp(t, "&") != 0)
		return perr(p, "unknown operator '%.64s'", t);
	if (value(p, tok, n, i, &c->datum_a) == -1)
		return -1;
	if (c->datum_a == 0)
		return perr(p, "mask 0 is never true");
	c->op = CMP_ANYBIT;
	if (*i == n)
		return 0;
	if (strcmp(tok[(*i)++], "==") != 0)
		return perr(p, "expected '==' after the mask, not '%.64s'",
		    tok[*i - 1]);
	if (value(p, tok, n, i, &c->datum_b) == -1)
		return -1;
	if (c->datum_b & ~c->datum_a)
		return perr(p, "value 0x%llx has bits outside mask 0x%llx: "
		    "never true", (unsigned long long)c->datum_b,
		    (unsigned long long)c->datum_a);
	c->op = SCMP_CMP_MASKED_EQ;
	return 0;
}

/* ACTION SYSCALL... [CONDITION] */
static int
rule(struct parse *p, char **tok, int n)
{
	struct scmp_arg_cmp c = { 0, CMP_NONE, 0, 0 };
	uint32_t act;
	int i = 0, first, last, nr;

	if (action(p, tok, n, &i, &act) == -1)
		return -1;
	for (first = i; i < n && strncmp(tok[i], "arg", 3) != 0; i++)
		if (strchr(OPCHARS, tok[i][0]) != NULL)
			return perr(p, "unexpected '%s'", tok[i]);
	if ((last = i) == first)
		return perr(p, "missing system call after '%.64s'", tok[0]);
	if (i < n) {
		if (last - first != 1)
			return perr(p, "a condition applies to one system "
			    "call only");
		if (condition(p, tok, n, &i, &c) == -1)
			return -1;
		if (i < n)
			return perr(p, "unexpected '%.64s' after the "
			    "condition", tok[i]);
	}
	for (i = first; i < last; i++)
		if ((nr = sysnum(p, tok[i])) == -1 ||
		    addrule(p, nr, tok[i], act, &c, NULL) == -1)
			return -1;
	return 0;
}

static int
directive(struct parse *p, char **tok, int n)
{
	int i = 1, k;

	if (strcmp(tok[0], "@include") == 0) {
		if (n != 2)
			return perr(p, "usage: @include PROFILE");
		if ((k = profile(tok[1])) == -1)
			return perr(p, "unknown built-in profile '%.64s'",
			    tok[1]);
		return addbuiltin(p, profiles[k].mask, profiles[k].name);
	}
	if (p->defline)
		return perr(p, "duplicate default (first at line %d)",
		    p->defline);
	if (p->nrules)
		return perr(p, "default must come before the rules");
	if (n < 2)
		return perr(p, "missing action after 'default'");
	if (action(p, tok, n, &i, &p->def) == -1)
		return -1;
	if (i < n)
		return perr(p, "unexpected '%.64s'", tok[i]);
	p->defline = p->line;
	return 0;
}

/* Split a line into words and operators ("arg0&0x1" is three tokens);
 * out has room for twice the line.  Returns the count, -1 if too many. */
static int
tokenize(const char *s, char *out, char **tok)
{
	int n = 0;

	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\r') {
			s++;
			continue;
		}
		if (n == MAXWORDS)
			return -1;
		tok[n++] = out;
		if (strchr(OPCHARS, *s) != NULL) {
			*out++ = *s++;
			if (strchr("=!<>", s[-1]) != NULL && *s == '=')
				*out++ = *s++;
		} else
			while (*s != '\0' && strchr(" \t\r" OPCHARS, *s) == NULL)
				*out++ = *s++;
		*out++ = '\0';
	}
	return n;
}

static int
parseline(struct parse *p, const char *s, size_t len)
{
	char line[MAXLINE + 1], words[2 * MAXLINE + 2], *tok[MAXWORDS], *h;
	size_t i;
	int n;

	if (len > MAXLINE)
		return perr(p, "line longer than %d bytes", MAXLINE);
	if (memchr(s, '\0', len) != NULL)
		return perr(p, "NUL byte");
	memcpy(line, s, len);
	line[len] = '\0';
	if ((h = strchr(line, '#')) != NULL)
		*h = '\0';
	for (i = 0; line[i] != '\0'; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\r')
			return perr(p, "unexpected byte 0x%02x", c);
	}
	if ((n = tokenize(line, words, tok)) == -1)
		return perr(p, "more than %d words", MAXWORDS);
	if (n == 0)
		return 0;
	if (strcmp(tok[0], "default") == 0 || strcmp(tok[0], "@include") == 0)
		return directive(p, tok, n);
	return rule(p, tok, n);
}

static int
parse(struct parse *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len, *nl;

	if (len > MAXFILE)
		return perr(p, "larger than %d bytes", MAXFILE);
	while (s < end) {
		if (++p->line > MAXLINES)
			return perr(p, "more than %d lines", MAXLINES);
		nl = memchr(s, '\n', (size_t)(end - s));
		if (parseline(p, s, (size_t)((nl ? nl : end) - s)) == -1)
			return -1;
		s = nl ? nl + 1 : end;
	}
	p->line = 0;
	return 0;
}

#define allows(a)	((a) == SCMP_ACT_ALLOW || (a) == SCMP_ACT_LOG)

/* runjail loads the filter and then calls execve(2) to start the service:
 * a policy that refuses it can only kill the launch.  Say so now rather
 * than add a hidden "allow execve". */
static int
checkexec(struct parse *p)
{
	const struct sysinfo *si = &p->sys[SYS_execve];

	p->line = si->set ? si->line : p->defline;
	if (si->set && !allows(si->act))
		return perr(p, "execve cannot be denied: runjail needs it to "
		    "start the service after loading the filter");
	if (si->set && !si->uncond && !allows(p->def))
		return perr(p, "execve must be allowed without a condition: "
		    "runjail needs it to start the service");
	if (!si->set && !allows(p->def))
		return perr(p, "an allow-list must 'allow execve': runjail "
		    "needs it to start the service");
	p->line = 0;
	return 0;
}

static int
scmprule(struct parse *p, scmp_filter_ctx ctx, const struct rule *r)
{
	struct scmp_arg_cmp bit = r->c;
	uint32_t act = effective(p, r->act);
	int i, rc = 0;

	if (act == effective(p, p->def))	/* a no-op, which libseccomp */
		return 0;			/* refuses with EACCES */
	if (r->c.op == CMP_NONE)
		rc = seccomp_rule_add(ctx, act, r->nr, 0);
	else if (r->c.op != CMP_ANYBIT)
		rc = seccomp_rule_add_array(ctx, act, r->nr, 1, &r->c);
	else {
		/* (arg & MASK) != 0 is one MASKED_EQ rule per bit: rules for
		 * the same call are alternatives; libseccomp has no masked
		 * "not equal" */
		bit.op = SCMP_CMP_MASKED_EQ;
		for (i = 0; i < 64 && rc == 0; i++)
			if (r->c.datum_a >> i & 1) {
				bit.datum_a = bit.datum_b = 1ULL << i;
				rc = seccomp_rule_add_array(ctx, act, r->nr, 1,
				    &bit);
			}
	}
	if (rc != 0) {
		p->line = r->line;
		return perr(p, "libseccomp refused the rule for system call "
		    "%d: %s", r->nr, strerror(-rc));
	}
	return 0;
}

/* Export the program to memory: libseccomp 2.5 writes only to a file
 * descriptor. */
static struct rj_filter *
export(struct parse *p, scmp_filter_ctx ctx)
{
	struct rj_filter *f = NULL;
	struct stat st;
	ssize_t got = -1;
	int fd, rc;

	if ((fd = memfd_create("runjail-seccomp", MFD_CLOEXEC)) == -1) {
		perr(p, "memfd_create: %s", strerror(errno));
		return NULL;
	}
	if ((rc = seccomp_export_bpf(ctx, fd)) != 0)
		perr(p, "libseccomp cannot build the filter: %s",
		    strerror(-rc));
	else if (fstat(fd, &st) == -1 || st.st_size <= 0 ||
	    st.st_size % (off_t)sizeof(struct sock_filter) != 0)
		perr(p, "libseccomp exported no program");
	else if (st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS)
		perr(p, "the filter has %lld instructions, the kernel takes "
		    "%d", (long long)(st.st_size / sizeof(struct sock_filter)),
		    BPF_MAXINSNS);
	else if ((f = calloc(1, sizeof *f)) == NULL ||
	    (f->insns = malloc((size_t)st.st_size)) == NULL ||
	    (got = pread(fd, f->insns, (size_t)st.st_size, 0)) !=
	    st.st_size) {
		perr(p, "reading the filter: %s", got == -1 ?
		    strerror(errno) : "short read");
		rj_seccomp_free(f);
		f = NULL;
	} else
		f->len = (size_t)st.st_size / sizeof(struct sock_filter);
	close(fd);
	return f;
}

/* The ABIs besides the native one that the terminal guard covers.  A
 * profile kills them (see build); the guard, often the only filter, must
 * let a program of any ABI the machine runs work, and refuse its TIOCSTI
 * as it does a native program's.  libseccomp translates each rule for each
 * ABI.  Elsewhere the native ABI only, as before. */
static int
addabis(struct parse *p, scmp_filter_ctx ctx)
{
#if defined(__x86_64__)
	static const uint32_t abi[] = { SCMP_ARCH_X86, SCMP_ARCH_X32 };
	size_t i;
	int rc;

	for (i = 0; i < nitems(abi); i++)
		if ((rc = seccomp_arch_add(ctx, abi[i])) != 0)
			return perr(p, "libseccomp refused an ABI: %s",
			    strerror(-rc));
#else
	(void)p;
	(void)ctx;
#endif
	return 0;
}

static struct rj_filter *
build(struct parse *p)
{
	struct rj_filter *f = NULL;
	scmp_filter_ctx ctx;
	size_t i;
	int rc;

	p->line = 0;
	if ((ctx = seccomp_init(effective(p, p->def))) == NULL) {
		perr(p, "libseccomp cannot create a filter");
		return NULL;
	}
	/* A foreign ABI (i386 via int $0x80; x32, which libseccomp folds
	 * into this case) would bypass every rule: kill the whole process,
	 * even in discovery mode, where the rules are advice but this is not.
	 * The guard first adds the ABIs it covers: only others are killed.
	 * no_new_privs is runjail's job, done before loading. */
	if (p->allabi && addabis(p, ctx) == -1)
		goto out;
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS)) != 0 ||
	    (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) != 0) {
		perr(p, "libseccomp refused a filter attribute: %s",
		    strerror(-rc));
		goto out;
	}
	/* A binary search on the call number rather than a list, unless
	 * asked; only speed, so a libseccomp without it still makes a
	 * correct filter. */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE,
	    p->flags & RJ_SECCOMP_LINEAR ? 1 : 2);
	for (i = 0; i < p->nrules; i++)
		if (scmprule(p, ctx, &p->rules[i]) == -1)
			goto out;
	f = export(p, ctx);
out:
	seccomp_release(ctx);
	return f;
}

#define KNOWN_FLAGS	(RJ_SECCOMP_LOG | RJ_SECCOMP_LINEAR)

static struct parse *
newparse(const char *file, unsigned flags, char *err, size_t errlen)
{
	struct parse *p;

	/* a bit this version does not know may mean something it cannot do:
	 * better no filter than another one */
	if (flags & ~KNOWN_FLAGS) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "unknown seccomp flags 0x%x",
			    flags & ~KNOWN_FLAGS);
		return NULL;
	}
	/* Every policy parsed or compiled now goes through here: libseccomp
	 * is loaded (once) for it, while the launch is still a plan. */
	if (rj_scmp_need(err, errlen) == -1)
		return NULL;
	if ((p = calloc(1, sizeof *p)) == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->file = file;
	p->flags = flags;
	p->def = SCMP_ACT_ALLOW;
	p->err = err;
	p->errlen = errlen;
	return p;
}

static void
freeparse(struct parse *p)
{
	free(p->rules);
	free(p);
}

struct rj_filter *
rj_seccomp_prepare_mem(const char *name, const char *buf, size_t len,
    unsigned flags, char *err, size_t errlen)
{
	struct rj_filter *f = NULL;
	struct parse *p;

	if ((p = newparse(name ? name : "policy", flags, err, errlen)) == NULL)
		return NULL;
	if (parse(p, buf, len) == 0 && checkexec(p) == 0)
		f = build(p);
	freeparse(p);
	return f;
}

/* A filter of its own, for rj_seccomp_free, from a program made before
 * (precompiled in, or a compiled policy file's, at insns, not necessarily
 * aligned); NULL if out of memory. */
static struct rj_filter *
copyprog(const void *insns, size_t len)
{
	struct rj_filter *f;

	if ((f = calloc(1, sizeof *f)) == NULL ||
	    (f->insns = calloc(len, sizeof *f->insns)) == NULL) {
		free(f);
		return NULL;
	}
	memcpy(f->insns, insns, len * sizeof *f->insns);
	f->len = len;
	return f;
}

/* The precompiled program of a built-in profile, if there is one for these
 * flags: seccomp_bpf.h holds each profile with flags 0 and RJ_SECCOMP_LOG,
 * and any other flag is compiled now. */
static struct rj_filter *
prebuilt(const char *name, unsigned flags)
{
#ifdef HAVE_PREBUILT
	const struct rj_prebuilt *b;

	for (b = rj_prebuilt; b < rj_prebuilt + nitems(rj_prebuilt); b++)
		if (strcmp(b->name, name) == 0 && b->flags == flags)
			return copyprog(b->insns, b->len);
#endif
	(void)name;
	(void)flags;
	return NULL;
}

static struct rj_filter *
prepare_builtin(const char *name, unsigned flags, char *err, size_t errlen)
{
	struct rj_filter *f = NULL;
	struct parse *p;
	char nm[80];
	int k;

	if ((f = prebuilt(name, flags)) != NULL)
		return f;
	if ((p = newparse(NULL, flags, err, errlen)) == NULL)
		return NULL;
	if ((k = profile(name)) == -1)
		perr(p, "unknown built-in profile '%s'",
		    clean(name, nm, sizeof nm));
	else if (addbuiltin(p, profiles[k].mask, NULL) == 0)
		f = build(p);
	freeparse(p);
	return f;
}

/* The audit architecture a compiled policy is for, in *arch: the build's,
 * known at build time when the profiles were precompiled (no libseccomp at
 * launch for a compiled file), else libseccomp's.  -1, with one line in
 * err, if libseccomp is needed and cannot be loaded. */
static int
native_arch(unsigned long *arch, char *err, size_t errlen)
{
#ifdef RJ_PREBUILT_ARCH
	(void)err;
	(void)errlen;
	*arch = RJ_PREBUILT_ARCH;
#else
	if (rj_scmp_need(err, errlen) == -1)
		return -1;
	*arch = seccomp_arch_native();
#endif
	return 0;
}

/* The next number of a compiled file's header line at *s, then past the
 * blank after it. */
static int
header_number(const char **s, unsigned long *v)
{
	char *end;

	if (**s < '0' || **s > '9')	/* no blank, no sign: digits */
		return -1;
	errno = 0;
	*v = strtoul(*s, &end, 10);
	if (errno || end == *s || (*end != ' ' && *end != '\n'))
		return -1;
	*s = end + 1;
	return 0;
}

/* Whether the n instructions at p are a program seccomp could take:
 * every jump inside it, and a return at its end (the kernel checks more
 * when it is loaded; this is so that a broken file is refused at the
 * plan, not at the last step). */
static int
program_ok(const struct sock_filter *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (BPF_CLASS(p[i].code) != BPF_JMP)
			continue;
		if (BPF_OP(p[i].code) == BPF_JA ? p[i].k >= n - i - 1 :
		    p[i].jt >= n - i - 1 || p[i].jf >= n - i - 1)
			return 0;
	}
	return BPF_CLASS(p[n - 1].code) == BPF_RET;
}

/* A compiled policy file's program, checked against this machine and the
 * flags asked for. */
static struct rj_filter *
load_compiled(const char *name, const char *buf, size_t len, unsigned flags,
    char *err, size_t errlen)
{
	const char *s = buf + strlen(COMPILED_MAGIC), *nl;
	unsigned long arch, native, fl, n;
	struct rj_filter *f;
	char fn[256];

	if (native_arch(&native, err, errlen) == -1)
		return NULL;
	clean(name, fn, sizeof fn);
	if ((nl = memchr(buf, '\n', len < 128 ? len : 128)) == NULL ||
	    header_number(&s, &arch) == -1 || header_number(&s, &fl) == -1 ||
	    header_number(&s, &n) == -1 || s != nl + 1 || n == 0 ||
	    n > MAXINSNS || len - (size_t)(s - buf) != n * sizeof(struct sock_filter)) {
		snprintf(err, errlen, "%s: not a compiled policy of this runjail's", fn);
		return NULL;
	}
	if (arch != native || fl != flags) {
		snprintf(err, errlen, "%s: compiled for another %s: compile the "
		    "policy again", fn, arch != native ?
		    "architecture" : "mode (--seccomp-log)");
		return NULL;
	}
	if ((f = copyprog(s, n)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", fn);
		return NULL;
	}
	if (!program_ok(f->insns, n)) {
		rj_seccomp_free(f);
		snprintf(err, errlen, "%s: not a program seccomp would take", fn);
		return NULL;
	}
	f->compiled = 1;
	return f;
}

/* f as a compiled policy file's bytes, in a malloc'ed *out of *outlen. */
int
rj_seccomp_compiled(const struct rj_filter *f, unsigned flags, char **out,
    size_t *outlen)
{
	unsigned long arch;
	char head[96], err[256];
	int n;

	/* f was compiled, so libseccomp is loaded if it is needed here */
	if (native_arch(&arch, err, sizeof err) == -1) {
		errno = ELIBACC;
		return -1;
	}
	n = snprintf(head, sizeof head, COMPILED_MAGIC "%lu %u %zu\n",
	    arch, flags, f->len);
	*outlen = (size_t)n + f->len * sizeof *f->insns;
	if ((*out = malloc(*outlen)) == NULL)
		return -1;
	memcpy(*out, head, (size_t)n);
	memcpy(*out + n, f->insns, f->len * sizeof *f->insns);
	return 0;
}

int
rj_seccomp_is_compiled(const struct rj_filter *f)
{
	return f->compiled;
}

struct rj_filter *
rj_seccomp_prepare(const char *name, int fd, unsigned flags, char *err,
    size_t errlen)
{
	struct rj_filter *f = NULL;
	char *buf, fn[256];
	size_t len = 0;

	if (name == NULL)
		name = fd < 0 ? "(null)" : "policy";
	if (fd < 0)
		return prepare_builtin(name, flags, err, errlen);
	/* a byte past the limit, to see that a file is too large */
	if ((buf = (char *)read_fd(fd, MAXFILE + 1, &len)) == NULL) {
		snprintf(err, errlen, "%s: %s", clean(name, fn, sizeof fn),
		    strerror(errno));
		return NULL;
	}
	buf[len] = '\0';	/* read_fd keeps a byte for it */
	/* Compiled before (runjail --compile-seccomp): loaded as it is,
	 * nothing to parse or build. */
	if (len > strlen(COMPILED_MAGIC) &&
	    memcmp(buf, COMPILED_MAGIC, strlen(COMPILED_MAGIC)) == 0)
		f = load_compiled(name, buf, len, flags, err, errlen);
	else
		f = rj_seccomp_prepare_mem(name, buf, len, flags, err, errlen);
	free(buf);
	return f;
}

/* The terminal guard compiled by libseccomp: the table's PTTY rows alone,
 * on every ABI (addabis).  Apart from rj_seccomp_guard for the unit tests,
 * which compare it with the precompiled program. */
static struct rj_filter *
compile_guard(char *err, size_t errlen)
{
	struct rj_filter *f = NULL;
	struct parse *p;

	if ((p = newparse(NULL, 0, err, errlen)) == NULL)
		return NULL;
	p->allabi = 1;
	if (addbuiltin(p, PTTY, NULL) == 0)
		f = build(p);
	freeparse(p);
	return f;
}

/* A command that shares the caller's terminal could push characters into
 * its input with TIOCSTI (or TIOCLINUX's paste) and have the caller's shell
 * run them once it exits (bubblewrap's CVE-2017-5226).  The guard refuses
 * those two requests with EPERM and allows everything else, whatever -s
 * says or even without -s.  The comparison is on the low 32 bits (LOW32):
 * the kernel ignores the rest, so a full-width compare could be dodged with
 * high bits set.  Every ABI the machine runs is covered, not only the
 * native one (addabis).  Whether there is a terminal to guard is the
 * launcher's business; this only builds the filter, from seccomp_bpf.h
 * when it was precompiled. */
struct rj_filter *
rj_seccomp_guard(char *err, size_t errlen)
{
#ifdef HAVE_PREBUILT
	struct rj_filter *f;

	if ((f = copyprog(rj_bpf_guard, nitems(rj_bpf_guard))) != NULL)
		return f;
#endif
	return compile_guard(err, errlen);
}

int
rj_seccomp_load(struct rj_filter *f)
{
	struct sock_fprog prog;

	/* without no_new_privs, only CAP_SYS_ADMIN lets this through; a
	 * launcher that forgot it must not get away with it */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		errno = EPERM;
		return -1;
	}
	prog.len = (unsigned short)f->len;
	prog.filter = f->insns;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

void
rj_seccomp_free(struct rj_filter *f)
{
	if (f == NULL)
		return;
	free(f->insns);
	free(f);
}

const void *
rj_seccomp_program(const struct rj_filter *f, size_t *len)
{
	*len = f->len;
	return f->insns;
}
