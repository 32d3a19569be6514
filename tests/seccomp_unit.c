/* seccomp_unit: tests of the policy parser and of the filters it builds.
 * Prints "ok NAME" or "not ok NAME" per case; exits 0 iff all are ok.
 *
 * It includes seccomp.c to reach its tables, and runs the compiled
 * programs in a small classic-BPF interpreter: a rule is checked by what
 * the filter answers for a system call, not by how libseccomp spelt it.
 */
#include "../seccomp.c"

#include <sys/wait.h>
#include <linux/audit.h>
#include <signal.h>
#include <termios.h>

static int failed;

static void
report(int ok, const char *name, const char *detail)
{
	printf("%s %s\n", ok ? "ok" : "not ok", name);
	if (!ok) {
		failed = 1;
		if (detail != NULL && *detail != '\0')
			printf("# %s\n", detail);
	}
}

/* --- a classic BPF interpreter, for struct seccomp_data ------------------ */

#define BAD	0xdeadbeefU	/* not a seccomp action: a broken program */

static uint32_t
bpf_run(const struct rj_filter *f, const struct seccomp_data *d)
{
	const struct sock_filter *ins = f->insns;
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, w;
	size_t pc;

	for (pc = 0; pc < f->len; pc++) {
		const struct sock_filter *i = &ins[pc];
		uint32_t src = BPF_SRC(i->code) == BPF_X ? x : i->k;
		int cond = 0;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			if (i->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (i->k % 4 || i->k > sizeof *d - 4)
					return BAD;
				memcpy(&w, (const char *)d + i->k, 4);
				a = w;
			} else if (i->code == (BPF_LD | BPF_IMM))
				a = i->k;
			else if (i->code == (BPF_LD | BPF_MEM) &&
			    i->k < BPF_MEMWORDS)
				a = mem[i->k];
			else
				return BAD;
			break;
		case BPF_LDX:
			if (i->code == (BPF_LDX | BPF_IMM))
				x = i->k;
			else if (i->code == (BPF_LDX | BPF_MEM) &&
			    i->k < BPF_MEMWORDS)
				x = mem[i->k];
			else
				return BAD;
			break;
		case BPF_ST:
		case BPF_STX:
			if (i->k >= BPF_MEMWORDS)
				return BAD;
			mem[i->k] = BPF_CLASS(i->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			switch (BPF_OP(i->code)) {
			case BPF_ADD: a += src; break;
			case BPF_SUB: a -= src; break;
			case BPF_AND: a &= src; break;
			case BPF_OR: a |= src; break;
			case BPF_XOR: a ^= src; break;
			case BPF_LSH: a = src < 32 ? a << src : 0; break;
			case BPF_RSH: a = src < 32 ? a >> src : 0; break;
			case BPF_NEG: a = -a; break;
			default: return BAD;
			}
			break;
		case BPF_JMP:
			switch (BPF_OP(i->code)) {
			case BPF_JA: pc += i->k; continue;
			case BPF_JEQ: cond = a == src; break;
			case BPF_JGT: cond = a > src; break;
			case BPF_JGE: cond = a >= src; break;
			case BPF_JSET: cond = (a & src) != 0; break;
			default: return BAD;
			}
			pc += cond ? i->jt : i->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : i->k;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return BAD;
		}
	}
	return BAD;	/* fell off the end */
}

/* The action for one call: native ABI unless arch says otherwise. */
static uint32_t
call(const struct rj_filter *f, uint32_t arch, int nr, uint64_t a0,
    uint64_t a1, uint64_t a2)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof d);
	d.nr = nr;
	d.arch = arch;
	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	return bpf_run(f, &d);
}

#define NATIVE		AUDIT_ARCH_X86_64
#define EPERM_		SCMP_ACT_ERRNO(EPERM)
#define ALLOW		SCMP_ACT_ALLOW
#define KILLP		SCMP_ACT_KILL_PROCESS

static void
expect_act(const char *name, const struct rj_filter *f, int nr, uint64_t a0,
    uint64_t a1, uint64_t a2, uint32_t want)
{
	char d[96];
	uint32_t got;

	if (f == NULL) {
		report(0, name, "no filter");
		return;
	}
	got = call(f, NATIVE, nr, a0, a1, a2);
	snprintf(d, sizeof d, "action 0x%08x, want 0x%08x", got, want);
	report(got == want, name, d);
}

/* --- policies from text --------------------------------------------------- */

static char err[512];

static struct rj_filter *
pol(const char *text, unsigned flags)
{
	err[0] = '\0';
	return rj_seccomp_prepare_mem("t.policy", text, strlen(text), flags,
	    err, sizeof err);
}

static void
parses(const char *name, const char *text)
{
	struct rj_filter *f = pol(text, 0);

	report(f != NULL, name, err);
	rj_seccomp_free(f);
}

static void
fails(const char *name, const char *text, size_t len, const char *want)
{
	struct rj_filter *f;
	char d[1200];

	err[0] = '\0';
	f = rj_seccomp_prepare_mem("t.policy", text, len, 0, err, sizeof err);
	snprintf(d, sizeof d, "got '%s', want '%s'", f ? "(success)" : err,
	    want);
	report(f == NULL && strcmp(err, want) == 0, name, d);
	rj_seccomp_free(f);
}

#define FAILS(name, text, want)	fails(name, text, strlen(text), want)

static void
grammar(void)
{
	parses("empty policy", "");
	parses("comments and blank lines", "# x\n\n  \t \n# deny mount\n");
	parses("no final newline", "deny chmod");
	parses("CRLF line ends", "deny chmod\r\ndeny chown\r\n");
	parses("default allow", "default allow\ndeny mount\n");
	parses("default kill", "default kill\nallow execve\n");
	parses("default log", "default log\n");
	parses("default trap", "default trap\nallow execve\n");
	parses("default deny", "default deny\nallow execve\n");
	parses("default errno name", "default errno EACCES\nallow execve\n");
	parses("default errno number", "default errno 13\nallow execve\n");
	parses("deny several calls", "deny chmod fchmod fchmodat\n");
	parses("errno action", "errno EACCES chmod\nerrno 5 chown\n");
	parses("kill, log, trap", "kill ptrace\nlog keyctl\ntrap bpf\n");
	parses("allow with default allow is a no-op", "allow read\n");
	parses("system call by number", "deny 90\ndeny 467\n");
	parses("rule repeated", "deny chmod\ndeny chmod\n");
	parses("op ==", "deny ioctl arg1 == TIOCSTI\n");
	parses("op !=", "deny ioctl arg1 != 0x5401\n");
	parses("op <", "deny chmod arg1 < 0100\n");
	parses("op <=", "deny chmod arg1 <= 100\n");
	parses("op >", "deny personality arg0 > 8\n");
	parses("op >=", "deny personality arg0 >= 9\n");
	parses("any bit", "deny clone arg0 & CLONE_NEWUSER\n");
	parses("any bit of an or", "deny clone arg0 & CLONE_NEWUSER | "
	    "CLONE_NEWNET|CLONE_NEWNS\n");
	parses("masked equal", "deny mknod arg1 & S_IFMT == S_IFCHR\n");
	parses("no spaces", "deny ioctl arg1&0xffffffff==0x5412\n");
	parses("arg5, 64-bit value", "deny mmap arg5 == 0xffffffffffffffff\n");
	parses("conditions on several args are alternatives",
	    "deny mmap arg0 == 1\ndeny mmap arg2 & PROT_EXEC\n");
	parses("@include default", "@include default\n");
	parses("@include nofsmeta", "@include nofsmeta\ndeny mount\n");
	parses("@include in an allow-list", "default kill\nallow execve\n"
	    "@include default\n");
	parses("rule with the default action in an allow-list",
	    "default deny\nallow execve\ndeny chmod\n");
	parses("conditional allow of execve, default allow",
	    "allow execve arg0 == 0\n");
}

static char *
repeat(const char *s, int n, const char *tail)
{
	size_t l = strlen(s), t = strlen(tail);
	char *b = malloc(l * n + t + 1);
	int i;

	for (i = 0; i < n; i++)
		memcpy(b + l * i, s, l);
	memcpy(b + l * n, tail, t + 1);
	return b;
}

static void
errors(void)
{
	char *big;

	FAILS("unknown system call", "deny mkdri\n",
	    "t.policy:1: unknown system call 'mkdri'");
	FAILS("line number", "# x\n\ndeny chmod arg6 == 1\n",
	    "t.policy:3: bad argument 'arg6' (arg0 to arg5)");
	FAILS("bad arg word", "deny chmod argh == 1\n",
	    "t.policy:1: bad argument 'argh' (arg0 to arg5)");
	FAILS("call not on x86_64", "deny socketcall\n",
	    "t.policy:1: no system call 'socketcall' on this architecture");
	FAILS("call number too big", "deny 1024\n",
	    "t.policy:1: bad system call number '1024' (0-1023)");
	FAILS("x32 call number", "deny 0x40000027\n",
	    "t.policy:1: bad system call number '0x40000027' (0-1023)");
	FAILS("number overflow", "deny chmod arg1 == 18446744073709551616\n",
	    "t.policy:1: number out of range '18446744073709551616'");
	FAILS("bad hex", "deny chmod arg1 == 0x\n",
	    "t.policy:1: bad number '0x'");
	FAILS("bad octal", "deny chmod arg1 == 08\n",
	    "t.policy:1: bad number '08'");
	FAILS("unknown constant", "deny chmod arg1 == S_IFOO\n",
	    "t.policy:1: unknown constant 'S_IFOO'");
	FAILS("trailing garbage", "deny chmod arg1 == 1 2\n",
	    "t.policy:1: unexpected '2' after the condition");
	FAILS("trailing operator", "deny chmod arg1 == 1 ==\n",
	    "t.policy:1: unexpected '==' after the condition");
	FAILS("operator as system call", "deny & chmod\n",
	    "t.policy:1: unexpected '&'");
	FAILS("unknown action", "frobnicate chmod\n",
	    "t.policy:1: unknown action 'frobnicate'");
	FAILS("missing system call", "deny\n",
	    "t.policy:1: missing system call after 'deny'");
	FAILS("missing system call before condition", "deny arg0 == 1\n",
	    "t.policy:1: missing system call after 'deny'");
	FAILS("unknown errno", "errno EFOO chmod\n",
	    "t.policy:1: unknown errno 'EFOO'");
	FAILS("errno 0", "errno 0 chmod\n",
	    "t.policy:1: errno value out of range (1-4095) '0'");
	FAILS("errno too big", "errno 4096 chmod\n",
	    "t.policy:1: errno value out of range (1-4095) '4096'");
	FAILS("errno without value", "errno\n",
	    "t.policy:1: missing errno value");
	FAILS("condition with two calls", "deny chmod fchmod arg1 == 1\n",
	    "t.policy:1: a condition applies to one system call only");
	FAILS("missing operator", "deny clone arg0\n",
	    "t.policy:1: missing operator after 'arg0'");
	FAILS("unknown operator", "deny clone arg0 = 1\n",
	    "t.policy:1: unknown operator '='");
	FAILS("missing value", "deny clone arg0 ==\n",
	    "t.policy:1: missing value");
	FAILS("missing value after |", "deny clone arg0 & 1 |\n",
	    "t.policy:1: missing value");
	FAILS("operator for value", "deny clone arg0 == <\n",
	    "t.policy:1: missing value before '<'");
	FAILS("zero mask", "deny clone arg0 & 0\n",
	    "t.policy:1: mask 0 is never true");
	FAILS("value outside mask", "deny clone arg0 & 0x10 == 0x30\n",
	    "t.policy:1: value 0x30 has bits outside mask 0x10: never true");
	FAILS("masked !=", "deny clone arg0 & 0x10 != 0\n",
	    "t.policy:1: expected '==' after the mask, not '!='");
	FAILS("duplicate default", "default allow\ndefault kill\n",
	    "t.policy:2: duplicate default (first at line 1)");
	FAILS("default after rules", "deny chmod\ndefault kill\n",
	    "t.policy:2: default must come before the rules");
	FAILS("default without action", "default\n",
	    "t.policy:1: missing action after 'default'");
	FAILS("default with garbage", "default allow now\n",
	    "t.policy:1: unexpected 'now'");
	FAILS("conflicting actions", "deny chmod\nerrno EACCES chmod\n",
	    "t.policy:2: conflicting rules for 'chmod': errno EACCES here, "
	    "deny at line 1");
	FAILS("conflict with an unnamed errno", "errno 4000 chmod\ndeny chmod\n",
	    "t.policy:2: conflicting rules for 'chmod': deny here, errno 4000 "
	    "at line 1");
	FAILS("errno overflow", "errno 99999999999999999999 chmod\n",
	    "t.policy:1: errno value out of range (1-4095) "
	    "'99999999999999999999'");
	FAILS("conflict with a condition", "kill ioctl arg1 == 1\n"
	    "deny ioctl arg1 == 2\n", "t.policy:2: conflicting rules for "
	    "'ioctl': deny here, kill at line 1");
	FAILS("conflict with @include", "default kill\nallow execve ioctl\n"
	    "@include default\n", "t.policy:3: conflicting rules for 'ioctl': "
	    "deny (@include default) here, allow at line 2");
	FAILS("conflict after @include", "@include default\nlog mount\n",
	    "t.policy:2: conflicting rules for 'mount': log here, deny at "
	    "line 1 (@include default)");
	FAILS("unknown profile", "@include defualt\n",
	    "t.policy:1: unknown built-in profile 'defualt'");
	FAILS("@include usage", "@include\n",
	    "t.policy:1: usage: @include PROFILE");
	FAILS("allow-list without execve", "default kill\nallow read\n",
	    "t.policy:1: an allow-list must 'allow execve': runjail needs it "
	    "to start the service");
	FAILS("execve denied", "\ndeny execve\n",
	    "t.policy:2: execve cannot be denied: runjail needs it to start "
	    "the service after loading the filter");
	FAILS("execve allowed only with a condition",
	    "default errno EPERM\nallow execve arg2 == 0\n",
	    "t.policy:2: execve must be allowed without a condition: runjail "
	    "needs it to start the service");
	fails("NUL byte", "deny chmod\ndeny\0 chown\n", 23,
	    "t.policy:2: NUL byte");
	fails("NUL byte in a comment", "# a\0b\n", 6, "t.policy:1: NUL byte");
	FAILS("control byte", "deny ch\001mod\n",
	    "t.policy:1: unexpected byte 0x01");
	FAILS("byte above ASCII", "deny chmod \xc3\xa9\n",
	    "t.policy:1: unexpected byte 0xc3");
	parses("UTF-8 in a comment", "deny chmod # caf\xc3\xa9\n");
	big = repeat("x", 1025, "\n");
	FAILS("line too long", big, "t.policy:1: line longer than 1024 bytes");
	free(big);
	big = repeat(" ", 1000, "deny chmod\n");
	parses("line of 1011 bytes", big);
	free(big);
	big = repeat("\n", 10000, "deny chmod\n");
	FAILS("too many lines", big, "t.policy:10001: more than 10000 lines");
	free(big);
	big = repeat("deny chmod\n", 1025, "");
	FAILS("too many rules", big, "t.policy:1025: too many rules (max 1024, "
	    "counting each bit of a mask)");
	free(big);
	big = repeat("deny clone arg0 & 0xffffffffffffffff\n", 17, "");
	FAILS("too many rules, counting bits", big, "t.policy:17: too many "
	    "rules (max 1024, counting each bit of a mask)");
	free(big);
	big = repeat("deny clone arg0 & 0xffffffffffffffff\n", 16, "");
	parses("1024 rules, counting bits", big);
	free(big);
	big = repeat(" a", 257, "\n");
	big[0] = 'x';
	FAILS("too many words", big, "t.policy:1: more than 256 words");
	free(big);
	big = calloc(1, MAXFILE + 2);
	memset(big, '\n', MAXFILE + 1);
	fails("file too large", big, MAXFILE + 1,
	    "t.policy: larger than 1048576 bytes");
	free(big);
}

/* --- built-in profiles ------------------------------------------------- */

/* A flag this version does not know is refused, not ignored. */
static void
unknown_flags(void)
{
	struct rj_filter *f;

	f = rj_seccomp_prepare("default", -1, RJ_SECCOMP_LOG | 4, err,
	    sizeof err);
	report(f == NULL && strcmp(err, "unknown seccomp flags 0x4") == 0,
	    "unknown flag refused (built-in)", err);
	rj_seccomp_free(f);
	f = pol("deny mount\n", 0x80000000u);
	report(f == NULL && strcmp(err, "unknown seccomp flags 0x80000000") ==
	    0, "unknown flag refused (policy)", err);
	rj_seccomp_free(f);
}

/* The terminal guard is built from the same table, but -s and @include
 * cannot name it, under any name it might be thought to have. */
static void
guard_not_a_profile(void)
{
	static const char *const names[] = { "guard", "tty-guard", "tty_guard",
	    "tty", "PTTY" };
	struct rj_filter *f;
	char name[64], want[96];
	size_t i;

	for (i = 0; i < nitems(names); i++) {
		snprintf(name, sizeof name, "-s %s refused as unknown",
		    names[i]);
		snprintf(want, sizeof want, "unknown built-in profile '%s'",
		    names[i]);
		f = rj_seccomp_prepare(names[i], -1, 0, err, sizeof err);
		report(f == NULL && strcmp(err, want) == 0, name, err);
		rj_seccomp_free(f);
	}
	for (i = 0; rj_seccomp_builtins[i] != NULL; i++)
		if (i >= nitems(profiles) ||
		    strcmp(rj_seccomp_builtins[i], profiles[i].name) != 0)
			break;
	report(i == nitems(profiles) && rj_seccomp_builtins[i] == NULL,
	    "rj_seccomp_builtins lists the profiles, no more", NULL);
	FAILS("@include of the guard refused", "@include guard\n",
	    "t.policy:1: unknown built-in profile 'guard'");
	FAILS("@include tty-guard refused", "@include tty-guard\n",
	    "t.policy:1: unknown built-in profile 'tty-guard'");
}

static void
builtins(void)
{
	struct rj_filter *f;
	char name[64];
	int i, log;

	for (i = 0; rj_seccomp_builtins[i] != NULL; i++)
		for (log = 0; log < 2; log++) {
			err[0] = '\0';
			f = rj_seccomp_prepare(rj_seccomp_builtins[i], -1,
			    log ? RJ_SECCOMP_LOG : 0, err, sizeof err);
			snprintf(name, sizeof name, "built-in %s%s",
			    rj_seccomp_builtins[i], log ? " (log)" : "");
			report(f != NULL, name, err);
			rj_seccomp_free(f);
		}
	f = rj_seccomp_prepare("defualt", -1, 0, err, sizeof err);
	report(f == NULL && strcmp(err, "unknown built-in profile 'defualt'")
	    == 0, "unknown built-in profile", err);
	f = rj_seccomp_prepare("a\nb", -1, 0, err, sizeof err);
	report(f == NULL && strcmp(err, "unknown built-in profile 'a?b'") == 0,
	    "unknown profile name is kept on one line", err);
	unknown_flags();
	guard_not_a_profile();
	for (i = 0; i < (int)nitems(builtin); i++) {
		int nr = seccomp_syscall_resolve_name(builtin[i].name);
		snprintf(name, sizeof name, "built-in row %s resolves",
		    builtin[i].name);
		report(nr >= 0 || builtin[i].nr >= 0, name, NULL);
	}
}

/* A policy file through rj_seccomp_prepare and a descriptor. */
static void
fromfile(void)
{
	static const char text[] = "deny mount\nerrno EACCES chmod\nbogus\n";
	struct rj_filter *f;
	int fd[2];

	if (pipe(fd) == -1 || write(fd[1], text, sizeof text - 1) == -1)
		return report(0, "policy from a descriptor", "pipe");
	close(fd[1]);
	f = rj_seccomp_prepare("/etc/x\n.policy", fd[0], 0, err, sizeof err);
	report(f == NULL && strcmp(err, "/etc/x?.policy:3: unknown action "
	    "'bogus'") == 0, "policy from a descriptor", err);
	rj_seccomp_free(f);
	close(fd[0]);
}

/* --- what the filters do -------------------------------------------------- */

/* nofsmeta's calls besides chmod, chown, link and symlink */
static const struct {
	const char	*name;
	int		 nr;
} fsmeta[] = {
	{ "setxattr", SYS_setxattr }, { "lsetxattr", SYS_lsetxattr },
	{ "fsetxattr", SYS_fsetxattr }, { "setxattrat", 463 },
	{ "removexattr", SYS_removexattr },
	{ "lremovexattr", SYS_lremovexattr },
	{ "fremovexattr", SYS_fremovexattr }, { "removexattrat", 466 },
	{ "file_setattr", 469 },
}, bypid[] = {		/* denied on another process, allowed on pid 0 */
	{ "get_robust_list", SYS_get_robust_list },
	{ "move_pages", SYS_move_pages },
	{ "migrate_pages", SYS_migrate_pages },
};

static void
semantics_default(int opt)
{
	unsigned lin = opt == 1 ? RJ_SECCOMP_LINEAR : 0;
	struct rj_filter *f, *g, *l;
	char n[80], what[64];
	uint64_t ns[] = { CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS,
	    CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET };
	size_t i;

#define T(s)	(snprintf(n, sizeof n, "O%d default: %s", opt, s), n)
	f = rj_seccomp_prepare("default", -1, lin, err, sizeof err);
	g = rj_seccomp_prepare("nofsmeta", -1, lin, err, sizeof err);
	l = rj_seccomp_prepare("default", -1, lin | RJ_SECCOMP_LOG, err,
	    sizeof err);
	expect_act(T("getppid allowed"), f, SYS_getppid, 0, 0, 0, ALLOW);
	expect_act(T("mount denied"), f, SYS_mount, 0, 0, 0, EPERM_);
	expect_act(T("reboot denied"), f, SYS_reboot, 0, 0, 0, EPERM_);
	expect_act(T("open_tree_attr denied"), f, 467, 0, 0, 0, EPERM_);
	expect_act(T("chmod allowed"), f, SYS_chmod, 0, 0, 0, ALLOW);
	expect_act(T("TIOCSTI denied"), f, SYS_ioctl, 0, TIOCSTI, 0, EPERM_);
	expect_act(T("TIOCSTI with high bits denied"), f, SYS_ioctl, 0,
	    0xabcd00000000ULL | TIOCSTI, 0, EPERM_);
	expect_act(T("TIOCLINUX denied"), f, SYS_ioctl, 0, TIOCLINUX, 0,
	    EPERM_);
	expect_act(T("FIONREAD allowed"), f, SYS_ioctl, 1, FIONREAD, 0, ALLOW);
	expect_act(T("fork-like clone allowed"), f, SYS_clone,
	    SIGCHLD | CLONE_CHILD_SETTID, 0, 0, ALLOW);
	expect_act(T("thread clone allowed"), f, SYS_clone, CLONE_VM |
	    CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0, ALLOW);
	for (i = 0; i < nitems(ns); i++)
		expect_act(T("clone with a namespace flag denied"), f,
		    SYS_clone, SIGCHLD | ns[i], 0, 0, EPERM_);
	expect_act(T("clone3 says ENOSYS"), f, SYS_clone3, 0, 0, 0,
	    SCMP_ACT_ERRNO(ENOSYS));
	expect_act(T("personality(PER_LINUX)"), f, SYS_personality, 0, 0, 0,
	    ALLOW);
	expect_act(T("personality(PER_LINUX32)"), f, SYS_personality, 8, 0, 0,
	    ALLOW);
	expect_act(T("personality(ADDR_NO_RANDOMIZE) denied"), f,
	    SYS_personality, ADDR_NO_RANDOMIZE, 0, 0, EPERM_);
	expect_act(T("personality with high bits denied"), f,
	    SYS_personality, 1ULL << 32 | ADDR_NO_RANDOMIZE, 0, 0, EPERM_);
	expect_act(T("mknod fifo allowed"), f, SYS_mknod, 0, S_IFIFO | 0600, 0,
	    ALLOW);
	expect_act(T("mknod socket allowed"), f, SYS_mknod, 0, S_IFSOCK, 0,
	    ALLOW);
	expect_act(T("mknod regular allowed"), f, SYS_mknod, 0, 0600, 0, ALLOW);
	expect_act(T("mknod chr denied"), f, SYS_mknod, 0, S_IFCHR | 0600, 0,
	    EPERM_);
	expect_act(T("mknod blk denied"), f, SYS_mknod, 0, S_IFBLK, 0, EPERM_);
	expect_act(T("mknodat chr denied"), f, SYS_mknodat, 0, 0,
	    S_IFCHR | 0600, EPERM_);
	expect_act(T("mknodat fifo allowed"), f, SYS_mknodat, 0, 0, S_IFIFO,
	    ALLOW);
	report(f && call(f, AUDIT_ARCH_I386, 20, 0, 0, 0) == KILLP,
	    T("i386 call kills"), NULL);
	report(f && call(f, NATIVE, 0x40000000 | 39, 0, 0, 0) == KILLP,
	    T("x32 call kills"), NULL);
	expect_act(T("nofsmeta: chmod denied"), g, SYS_chmod, 0, 0, 0, EPERM_);
	expect_act(T("nofsmeta: fchmodat2 denied"), g, 452, 0, 0, 0, EPERM_);
	expect_act(T("nofsmeta: linkat denied"), g, SYS_linkat, 0, 0, 0,
	    EPERM_);
	expect_act(T("nofsmeta: TIOCSTI denied"), g, SYS_ioctl, 0, TIOCSTI, 0,
	    EPERM_);
	expect_act(T("nofsmeta: read allowed"), g, SYS_read, 0, 0, 0, ALLOW);
	for (i = 0; i < nitems(fsmeta); i++) {
		snprintf(what, sizeof what, "nofsmeta: %s denied",
		    fsmeta[i].name);
		expect_act(T(what), g, fsmeta[i].nr, 0, 0, 0, EPERM_);
		snprintf(what, sizeof what, "%s allowed", fsmeta[i].name);
		expect_act(T(what), f, fsmeta[i].nr, 0, 0, 0, ALLOW);
	}
	expect_act(T("nofsmeta: getxattr allowed"), g, SYS_getxattr, 0, 0, 0,
	    ALLOW);
	expect_act(T("nofsmeta: file_getattr allowed"), g, 468, 0, 0, 0,
	    ALLOW);
	expect_act(T("nofsmeta: FS_IOC_SETFLAGS denied"), g, SYS_ioctl, 3,
	    FS_IOC_SETFLAGS, 0, EPERM_);
	expect_act(T("nofsmeta: FS_IOC_SETFLAGS with high bits denied"), g,
	    SYS_ioctl, 3, 0xabcd00000000ULL | FS_IOC_SETFLAGS, 0, EPERM_);
	expect_act(T("nofsmeta: FS_IOC_FSSETXATTR denied"), g, SYS_ioctl, 3,
	    FS_IOC_FSSETXATTR, 0, EPERM_);
	expect_act(T("nofsmeta: FS_IOC_GETFLAGS allowed"), g, SYS_ioctl, 3,
	    FS_IOC_GETFLAGS, 0, ALLOW);
	expect_act(T("nofsmeta: FS_IOC_FSGETXATTR allowed"), g, SYS_ioctl, 3,
	    FS_IOC_FSGETXATTR, 0, ALLOW);
	expect_act(T("FS_IOC_SETFLAGS allowed"), f, SYS_ioctl, 3,
	    FS_IOC_SETFLAGS, 0, ALLOW);
	report(g && call(g, AUDIT_ARCH_I386, 226, 0, 0, 0) == KILLP,
	    T("nofsmeta: i386 setxattr kills"), NULL);
	report(g && call(g, NATIVE, 0x40000000 | 188, 0, 0, 0) == KILLP,
	    T("nofsmeta: x32 setxattr kills"), NULL);
	/* other processes */
	expect_act(T("process_madvise denied"), f, SYS_process_madvise, 3, 0,
	    0, EPERM_);
	expect_act(T("kcmp denied"), f, SYS_kcmp, 1, 2, 0, EPERM_);
	expect_act(T("process_mrelease allowed"), f, SYS_process_mrelease, 3,
	    0, 0, ALLOW);
	expect_act(T("io_uring_setup denied"), f, SYS_io_uring_setup, 1, 0, 0,
	    EPERM_);
	for (i = 0; i < nitems(bypid); i++) {
		snprintf(what, sizeof what, "%s on itself (0) allowed",
		    bypid[i].name);
		expect_act(T(what), f, bypid[i].nr, 0, 0, 0, ALLOW);
		snprintf(what, sizeof what, "%s on pid 1 denied",
		    bypid[i].name);
		expect_act(T(what), f, bypid[i].nr, 1, 0, 0, EPERM_);
		snprintf(what, sizeof what, "%s on pid -1 denied",
		    bypid[i].name);
		expect_act(T(what), f, bypid[i].nr, 0xffffffffULL, 0, 0,
		    EPERM_);
		snprintf(what, sizeof what, "%s with only high bits denied",
		    bypid[i].name);
		expect_act(T(what), f, bypid[i].nr, 1ULL << 32, 0, 0, EPERM_);
	}
	expect_act(T("log mode: mount logs"), l, SYS_mount, 0, 0, 0,
	    SCMP_ACT_LOG);
	expect_act(T("log mode: TIOCSTI logs"), l, SYS_ioctl, 0, TIOCSTI, 0,
	    SCMP_ACT_LOG);
	expect_act(T("log mode: getppid allowed"), l, SYS_getppid, 0, 0, 0,
	    ALLOW);
	report(l && call(l, AUDIT_ARCH_I386, 20, 0, 0, 0) == KILLP,
	    T("log mode: i386 call still kills"), NULL);
#undef T
	rj_seccomp_free(f);
	rj_seccomp_free(g);
	rj_seccomp_free(l);
}

static void
semantics_policy(void)
{
	struct rj_filter *f;
	uint64_t hi = 1ULL << 32;

	f = pol("errno EACCES chmod arg1 < 10\n", 0);
	expect_act("< below", f, SYS_chmod, 0, 9, 0, SCMP_ACT_ERRNO(EACCES));
	expect_act("< at", f, SYS_chmod, 0, 10, 0, ALLOW);
	expect_act("< is 64-bit", f, SYS_chmod, 0, hi | 9, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 <= 10\n", 0);
	expect_act("<= at", f, SYS_chmod, 0, 10, 0, EPERM_);
	expect_act("<= above", f, SYS_chmod, 0, 11, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 > 10\n", 0);
	expect_act("> at", f, SYS_chmod, 0, 10, 0, ALLOW);
	expect_act("> above", f, SYS_chmod, 0, 11, 0, EPERM_);
	expect_act("> high half", f, SYS_chmod, 0, hi, 0, EPERM_);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 >= 10\n", 0);
	expect_act(">= at", f, SYS_chmod, 0, 10, 0, EPERM_);
	expect_act(">= below", f, SYS_chmod, 0, 9, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 == 0x10\n", 0);
	expect_act("== equal", f, SYS_chmod, 0, 16, 0, EPERM_);
	expect_act("== is 64-bit", f, SYS_chmod, 0, hi | 16, 0, ALLOW);
	expect_act("== other arg untouched", f, SYS_chmod, 16, 0, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 != 020\n", 0);
	expect_act("!= octal equal", f, SYS_chmod, 0, 16, 0, ALLOW);
	expect_act("!= other", f, SYS_chmod, 0, 17, 0, EPERM_);
	rj_seccomp_free(f);
	f = pol("deny clone arg0 & CLONE_NEWUSER|CLONE_NEWNET\n", 0);
	expect_act("& first bit", f, SYS_clone, CLONE_NEWUSER, 0, 0, EPERM_);
	expect_act("& second bit", f, SYS_clone, CLONE_NEWNET | 17, 0, 0,
	    EPERM_);
	expect_act("& other bits", f, SYS_clone, CLONE_NEWNS | 17, 0, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 & 0xf0 == 0x10\n", 0);
	expect_act("&== match", f, SYS_chmod, 0, 0x1f, 0, EPERM_);
	expect_act("&== no match", f, SYS_chmod, 0, 0x30, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny chmod arg1 & 0x1\ndeny chmod arg2 == 5\n", 0);
	expect_act("rules for a call are alternatives: first", f, SYS_chmod,
	    0, 1, 0, EPERM_);
	expect_act("rules for a call are alternatives: second", f, SYS_chmod,
	    0, 0, 5, EPERM_);
	expect_act("rules for a call are alternatives: neither", f, SYS_chmod,
	    0, 2, 4, ALLOW);
	rj_seccomp_free(f);
	f = pol("default kill\nallow execve read\n", 0);
	expect_act("allow-list: listed", f, SYS_read, 0, 0, 0, ALLOW);
	expect_act("allow-list: not listed", f, SYS_write, 0, 0, 0, KILLP);
	rj_seccomp_free(f);
	f = pol("default errno EACCES\nallow execve\n@include default\n", 0);
	expect_act("allow-list: default errno", f, SYS_write, 0, 0, 0,
	    SCMP_ACT_ERRNO(EACCES));
	expect_act("allow-list: included rule", f, SYS_mount, 0, 0, 0, EPERM_);
	expect_act("allow-list: included ENOSYS", f, SYS_clone3, 0, 0, 0,
	    SCMP_ACT_ERRNO(ENOSYS));
	rj_seccomp_free(f);
	f = pol("default kill\nallow execve\ntrap chmod\nlog chown\n",
	    RJ_SECCOMP_LOG);
	expect_act("log mode: default", f, SYS_write, 0, 0, 0, SCMP_ACT_LOG);
	expect_act("log mode: trap", f, SYS_chmod, 0, 0, 0, SCMP_ACT_LOG);
	expect_act("log mode: allow", f, SYS_execve, 0, 0, 0, ALLOW);
	rj_seccomp_free(f);
	f = pol("deny 999\n", 0);
	expect_act("number unknown to libseccomp", f, 999, 0, 0, 0, EPERM_);
	rj_seccomp_free(f);
}

/* --- the terminal guard ------------------------------------------------- */

#define X32_BIT		0x40000000	/* x32 calls: native arch, this bit */
#define X32_IOCTL	514
#define I386_IOCTL	54
#define I386_GETPID	20
#define HIGH		(1ULL << 32)	/* ignored by the kernel in an int */

/* What the guard's program answers, on each ABI of x86_64. */
static void
semantics_guard(void)
{
	struct rj_filter *f = rj_seccomp_guard(err, sizeof err);

	report(f != NULL, "guard: built", err);
	expect_act("guard: TIOCSTI denied", f, SYS_ioctl, 0, TIOCSTI, 0,
	    EPERM_);
	expect_act("guard: TIOCSTI with high bits denied", f, SYS_ioctl, 0,
	    HIGH | TIOCSTI, 0, EPERM_);
	expect_act("guard: TIOCLINUX denied", f, SYS_ioctl, 0, TIOCLINUX, 0,
	    EPERM_);
	expect_act("guard: TIOCLINUX with high bits denied", f, SYS_ioctl, 0,
	    0xffffffff00000000ULL | TIOCLINUX, 0, EPERM_);
	expect_act("guard: FIONREAD allowed", f, SYS_ioctl, 0, FIONREAD, 0,
	    ALLOW);
	expect_act("guard: TCGETS allowed", f, SYS_ioctl, 0, TCGETS, 0, ALLOW);
	expect_act("guard: TIOCSTI in another argument allowed", f, SYS_ioctl,
	    TIOCSTI, 0, TIOCSTI, ALLOW);
	/* a guard, not a profile: what -s would deny is not its business */
	expect_act("guard: mount allowed", f, SYS_mount, 0, 0, 0, ALLOW);
	expect_act("guard: clone3 allowed", f, SYS_clone3, 0, 0, 0, ALLOW);
	report(f && call(f, AUDIT_ARCH_I386, I386_IOCTL, 0, TIOCSTI, 0) ==
	    EPERM_, "guard: i386 TIOCSTI denied", NULL);
	report(f && call(f, AUDIT_ARCH_I386, I386_IOCTL, 0, TIOCLINUX, 0) ==
	    EPERM_, "guard: i386 TIOCLINUX denied", NULL);
	report(f && call(f, AUDIT_ARCH_I386, I386_IOCTL, 0, FIONREAD, 0) ==
	    ALLOW, "guard: i386 FIONREAD allowed", NULL);
	report(f && call(f, AUDIT_ARCH_I386, I386_GETPID, 0, 0, 0) == ALLOW,
	    "guard: i386 getpid allowed", NULL);
	report(f && call(f, NATIVE, X32_BIT | X32_IOCTL, 0, TIOCSTI, 0) ==
	    EPERM_, "guard: x32 TIOCSTI denied", NULL);
	report(f && call(f, NATIVE, X32_BIT | X32_IOCTL, 0, HIGH | TIOCLINUX,
	    0) == EPERM_, "guard: x32 TIOCLINUX with high bits denied", NULL);
	report(f && call(f, NATIVE, X32_BIT | X32_IOCTL, 0, FIONREAD, 0) ==
	    ALLOW, "guard: x32 FIONREAD allowed", NULL);
	report(f && call(f, NATIVE, X32_BIT | SYS_getppid, 0, 0, 0) == ALLOW,
	    "guard: x32 getppid allowed", NULL);
	report(f && call(f, AUDIT_ARCH_AARCH64, SYS_ioctl, 0, 0, 0) == KILLP,
	    "guard: an ABI it does not cover kills", NULL);
	rj_seccomp_free(f);
}

/* A system call through the i386 ABI from this 64-bit program: int $0x80,
 * the arguments in 32-bit registers.  Returns -errno on failure. */
static long
int80(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b),
	    "d"(c) : "memory", "cc", "r8", "r9", "r10", "r11");
	return r;
}

/* The calls a child makes: 0 if it succeeded, else its errno. */
static int
errof(long r)
{
	return r == -1 ? errno : 0;
}

/* room for what the requests tested write: an int, a struct termios */
union ioarg {
	int		n;
	struct termios	t;
	char		pad[256];
};

static int
ioctl_native(int fd, unsigned long req)
{
	union ioarg a;

	memset(&a, 0, sizeof a);
	return errof(syscall(SYS_ioctl, fd, req, &a));
}

static int
ioctl_x32(int fd, unsigned long req)
{
	union ioarg a;

	memset(&a, 0, sizeof a);
	return errof(syscall(X32_BIT | X32_IOCTL, fd, req, &a));
}

/* (only TIOCSTI and TIOCLINUX, refused before their argument is read) */
static int
ioctl_i386(int fd, unsigned long req)
{
	long r = int80(I386_IOCTL, fd, (long)(uint32_t)req, 0);

	return r < 0 ? (int)-r : 0;
}

static int
getpid_i386(int fd, unsigned long req)
{
	(void)fd;
	(void)req;
	return int80(I386_GETPID, 0, 0, 0) == getpid() ? 0 : ENOSYS;
}

/* fn(fd, req) in a child, under f unless NULL, loaded after no_new_privs
 * as runjail loads it.  Returns what fn returned (0 or an errno, 254 at
 * most), -1 if the child could not load f, -2 if it died of a signal. */
static int
in_child(struct rj_filter *f, int (*fn)(int, unsigned long), int fd,
    unsigned long req)
{
	pid_t pid;
	int st, e;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
		    (f != NULL && rj_seccomp_load(f) == -1))
			_exit(255);
		e = fn(fd, req);
		_exit(e > 254 ? 254 : e);
	}
	if (waitpid(pid, &st, 0) == -1)
		return -1;
	if (WIFSIGNALED(st))
		return -2;
	return WEXITSTATUS(st) == 255 ? -1 : WEXITSTATUS(st);
}

static const char *
ename(int e)
{
	const char *s;

	if (e == 0)
		return "success";
	if (e == -1)
		return "no answer (the child could not load the filter)";
	if (e == -2)
		return "the child died of a signal";
	return (s = strerrorname_np(e)) != NULL ? s : "an unnamed errno";
}

/* same: the call must fail with want; else it must end in anything but
 * want (and not kill the child). */
static void
expect_errno(const char *name, struct rj_filter *f,
    int (*fn)(int, unsigned long), int fd, unsigned long req, int want,
    int same)
{
	char d[160];
	int got = in_child(f, fn, fd, req);

	snprintf(d, sizeof d, "got %s, want %s%s", ename(got),
	    same ? "" : "anything but ", ename(want));
	report(got >= 0 && (got == want) == same, name, d);
}

/* On a pipe, never a terminal, so that a test that goes wrong cannot type
 * into the one running it: the kernel answers ENOTTY to both requests,
 * while the guard answers EPERM before it looks at the descriptor. */
static void
guard_native(struct rj_filter *g, int fd)
{
	expect_errno("without the guard, TIOCSTI on a pipe is ENOTTY", NULL,
	    ioctl_native, fd, TIOCSTI, ENOTTY, 1);
	expect_errno("without the guard, TIOCLINUX on a pipe is ENOTTY", NULL,
	    ioctl_native, fd, TIOCLINUX, ENOTTY, 1);
	expect_errno("guard loaded: TIOCSTI is EPERM", g, ioctl_native, fd,
	    TIOCSTI, EPERM, 1);
	expect_errno("guard loaded: TIOCSTI with high bits is EPERM", g,
	    ioctl_native, fd, HIGH | TIOCSTI, EPERM, 1);
	expect_errno("guard loaded: TIOCLINUX is EPERM", g, ioctl_native, fd,
	    TIOCLINUX, EPERM, 1);
	expect_errno("guard loaded: TIOCLINUX with high bits is EPERM", g,
	    ioctl_native, fd, HIGH | TIOCLINUX, EPERM, 1);
	expect_errno("guard loaded: FIONREAD on a pipe works", g, ioctl_native,
	    fd, FIONREAD, 0, 1);
	expect_errno("guard loaded: TCGETS on a pipe is not EPERM", g,
	    ioctl_native, fd, TCGETS, EPERM, 0);
}

/* The other ABIs, where the kernel runs them; their controls show that
 * the EPERM comes from the guard. */
static void
guard_abis(struct rj_filter *g, int fd)
{
	expect_errno("without the guard, x32 TIOCSTI is not EPERM", NULL,
	    ioctl_x32, fd, TIOCSTI, EPERM, 0);
	expect_errno("guard loaded: x32 TIOCSTI is EPERM", g, ioctl_x32, fd,
	    TIOCSTI, EPERM, 1);
	expect_errno("guard loaded: x32 TIOCLINUX is EPERM", g, ioctl_x32, fd,
	    TIOCLINUX, EPERM, 1);
	if (in_child(NULL, getpid_i386, -1, 0) != 0) {
		printf("# no i386 ABI (int $0x80) here: its cases skipped\n");
		return;
	}
	expect_errno("guard loaded: i386 getpid works", g, getpid_i386, -1,
	    0, 0, 1);
	expect_errno("without the guard, i386 TIOCSTI is not EPERM", NULL,
	    ioctl_i386, fd, TIOCSTI, EPERM, 0);
	expect_errno("guard loaded: i386 TIOCSTI is EPERM", g, ioctl_i386, fd,
	    TIOCSTI, EPERM, 1);
	expect_errno("guard loaded: i386 TIOCLINUX is EPERM", g, ioctl_i386,
	    fd, TIOCLINUX, EPERM, 1);
}

/* The guard in the kernel, in children: on a pipe, on every ABI, and on
 * a terminal of our own (a pty master no one reads). */
static void
guard_kernel(void)
{
	struct rj_filter *g = rj_seccomp_guard(err, sizeof err);
	int fd[2], pty;

	if (g == NULL || pipe(fd) == -1)
		return report(0, "guard in the kernel", g ? "pipe" : err);
	guard_native(g, fd[0]);
	guard_abis(g, fd[0]);
	if ((pty = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		printf("# no pty: %s; its cases skipped\n", strerror(errno));
	else {
		expect_errno("guard loaded: TCGETS on a pty works", g,
		    ioctl_native, pty, TCGETS, 0, 1);
		expect_errno("guard loaded: TIOCSTI on a pty is EPERM", g,
		    ioctl_native, pty, TIOCSTI, EPERM, 1);
		close(pty);
	}
	close(fd[0]);
	close(fd[1]);
	rj_seccomp_free(g);
}

/* --- precompiled programs ------------------------------------------------ */

static int
sameprog(const struct rj_filter *f, const struct rj_filter *g)
{
	return f && g && f->len == g->len && memcmp(f->insns, g->insns,
	    f->len * sizeof *f->insns) == 0;
}

/* Built-in profile i compiled by libseccomp now, whatever seccomp_bpf.h
 * holds. */
static struct rj_filter *
compiled(int i, unsigned flags)
{
	struct rj_filter *g;
	struct parse *p;

	if ((p = newparse(NULL, flags, err, sizeof err)) == NULL)
		return NULL;
	g = addbuiltin(p, profiles[i].mask, NULL) == 0 ? build(p) : NULL;
	freeparse(p);
	return g;
}

/* RJ_SECCOMP_LINEAR is never served from seccomp_bpf.h, built for the
 * tree: what rj_seccomp_prepare returns is libseccomp's list. */
static void
linear_compiled(void)
{
	struct rj_filter *f, *g, *t;
	char name[64];
	int i;

	for (i = 0; rj_seccomp_builtins[i] != NULL; i++) {
		f = rj_seccomp_prepare(rj_seccomp_builtins[i], -1,
		    RJ_SECCOMP_LINEAR, err, sizeof err);
		g = compiled(i, RJ_SECCOMP_LINEAR);
		t = compiled(i, 0);
		snprintf(name, sizeof name, "%s with RJ_SECCOMP_LINEAR is the "
		    "list", rj_seccomp_builtins[i]);
		report(sameprog(f, g) && !sameprog(f, t), name, err);
		rj_seccomp_free(f);
		rj_seccomp_free(g);
		rj_seccomp_free(t);
	}
}

/* The programs compiled in at build time are what libseccomp builds now. */
static void
prebuilt_same(void)
{
#ifdef HAVE_PREBUILT
	struct rj_filter *f, *g;
	char name[64];
	int i, log;

	for (i = 0; rj_seccomp_builtins[i] != NULL; i++)
		for (log = 0; log < 2; log++) {
			f = prebuilt(rj_seccomp_builtins[i],
			    log ? RJ_SECCOMP_LOG : 0);
			g = compiled(i, log ? RJ_SECCOMP_LOG : 0);
			snprintf(name, sizeof name, "prebuilt %s%s is current",
			    rj_seccomp_builtins[i], log ? " (log)" : "");
			report(sameprog(f, g), name,
			    "seccomp_bpf.h is stale: make seccomp_bpf.h");
			rj_seccomp_free(f);
			rj_seccomp_free(g);
		}
	report(prebuilt("default", RJ_SECCOMP_LINEAR) == NULL &&
	    prebuilt("default", RJ_SECCOMP_LINEAR | RJ_SECCOMP_LOG) == NULL,
	    "no prebuilt program for RJ_SECCOMP_LINEAR", NULL);
	f = copyprog(rj_bpf_guard, nitems(rj_bpf_guard));
	g = compile_guard(err, sizeof err);
	report(sameprog(f, g), "prebuilt guard is current",
	    "seccomp_bpf.h is stale: make seccomp_bpf.h");
	rj_seccomp_free(f);
	rj_seccomp_free(g);
	f = rj_seccomp_guard(err, sizeof err);
	report(f != NULL && f->len == nitems(rj_bpf_guard) && memcmp(f->insns,
	    rj_bpf_guard, sizeof rj_bpf_guard) == 0,
	    "rj_seccomp_guard serves the prebuilt program", err);
	rj_seccomp_free(f);
#else
	printf("# no seccomp_bpf.h: built-in profiles compiled at run time\n");
#endif
}

/* usage: seccomp_unit [-a level]: -a forces libseccomp's idea of the
 * kernel's seccomp API, for valgrind, which does not know seccomp(2). */
int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "-a") == 0 &&
	    seccomp_api_set((unsigned)atoi(argv[2])) != 0)
		return 2;
	grammar();
	errors();
	builtins();
	fromfile();
	semantics_default(2);
	semantics_default(1);
	semantics_policy();
	semantics_guard();
	guard_kernel();
	linear_compiled();
	prebuilt_same();
	return failed;
}
