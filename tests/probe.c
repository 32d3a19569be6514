/* probe: a static program the tests run inside a jail.  With no arguments it
 * reports what the process sees, one KEY=VALUE a line; "try ACTION..." tries
 * each ACTION and prints ACTION=ok or ACTION=<errno name> (ESCAPED for a
 * chroot escape that worked).  It never needs /proc or any file in the jail.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <dirent.h>
#include <sys/un.h>
#include <stddef.h>
#include <net/if.h>
#include <sys/utsname.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const struct { const char *name; int res; } limits[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE },
	{ "locks", RLIMIT_LOCKS }, { "memlock", RLIMIT_MEMLOCK },
	{ "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO },
	{ "rttime", RLIMIT_RTTIME }, { "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },
};

static void
lim(const char *name, rlim_t v)
{
	if (v == RLIM_INFINITY)
		printf("%s", "unlimited");
	else
		printf("%llu", (unsigned long long)v);
	(void)name;
}

/* "chr:1:3:r": the type, device and access mode of an open descriptor. */
static void
fdinfo(int fd)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1 || fstat(fd, &st) == -1) {
		printf("fd%d=closed\n", fd);
		return;
	}
	printf("fd%d=%s:%u:%u:%s\n", fd, S_ISCHR(st.st_mode) ? "chr" :
	    S_ISREG(st.st_mode) ? "reg" : S_ISFIFO(st.st_mode) ? "fifo" :
	    S_ISSOCK(st.st_mode) ? "sock" : "other", major(st.st_rdev),
	    minor(st.st_rdev), (fl & O_ACCMODE) == O_RDONLY ? "r" :
	    (fl & O_ACCMODE) == O_WRONLY ? "w" : "rw");
}

/* A small file (e.g. under /proc) on one line, lines joined by ';', or
 * "?" when it cannot be read. */
static void
print_file(const char *key, const char *path)
{
	char buf[256];
	FILE *f = fopen(path, "re");
	int n = 0;

	printf("%s=", key);
	while (f && fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		printf("%s%s", n++ ? ";" : "", buf);
	}
	printf("%s\n", n ? "" : "?");
	if (f)
		fclose(f);
}

/* What a process hands on across execve besides ids and limits: the
 * scheduling class, CPU affinity, I/O priority, personality, timer slack,
 * the session keyring, and (with /proc) oom_score_adj and the cgroup. */
static void
inherited(void)
{
	cpu_set_t set;
	int i;

	printf("sched=%d\n", sched_getscheduler(0));
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof set, &set);
	printf("affinity=%d\n", CPU_COUNT(&set));
	printf("ioprio=%ld\n", syscall(SYS_ioprio_get, 1, 0));
	printf("personality=%#x\n", personality(0xffffffff));
	printf("timerslack=%d\n", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
	printf("thp_disable=%d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
	printf("subreaper=");
	if (prctl(PR_GET_CHILD_SUBREAPER, &i, 0, 0, 0) == 0)
		printf("%d\n", i);
	else
		printf("?\n");
	printf("keyring=%ld\n", syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */,
	    -3 /* KEY_SPEC_SESSION_KEYRING */, 0));
	printf("landlock_abi=%ld\n", syscall(444 /* landlock_create_ruleset */,
	    NULL, 0, 1 /* LANDLOCK_CREATE_RULESET_VERSION */));
	print_file("oom_score_adj", "/proc/self/oom_score_adj");
	print_file("coredump_filter", "/proc/self/coredump_filter");
	print_file("cgroup", "/proc/self/cgroup");
	for (i = 0; i < 3; i++)
		fdinfo(i);
}

/* The host name, the network interfaces, and (with a /proc) the
 * namespaces: "ns_net=net:[4026531840]". */
static void
namespaces(void)
{
	static const char *const ns[] = { "pid", "net", "ipc", "uts", "mnt" };
	struct if_nameindex *ifs, *i;
	char path[64], link[64];
	struct utsname u;
	ssize_t n;
	size_t k;

	if (uname(&u) == 0)
		printf("hostname=%s\n", u.nodename);
	printf("ifaces=");
	if ((ifs = if_nameindex()) != NULL) {
		for (i = ifs; i->if_index; i++)
			printf("%s%s", i == ifs ? "" : ",", i->if_name);
		if_freenameindex(ifs);
	}
	printf("\n");
	for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		snprintf(path, sizeof path, "/proc/self/ns/%s", ns[k]);
		if ((n = readlink(path, link, sizeof link - 1)) > 0)
			printf("ns_%s=%.*s\n", ns[k], (int)n, link);
	}
}

static void
report(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[256];
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	uint64_t bnd = 0, amb = 0;
	struct stat st;
	char cwd[4096];
	int i, n;
	mode_t m;
	sigset_t mask;

	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	printf("uid=%u %u %u\ngid=%u %u %u\ngroups=", ru, eu, su, rg, eg, sg);
	n = getgroups(256, groups);
	for (i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", groups[i]);
	printf("\n");
	memset(d, 0, sizeof d);
	syscall(SYS_capget, &h, d);
	for (i = 0; i < 64; i++) {
		if (prctl(PR_CAPBSET_READ, i, 0, 0, 0) == 1)
			bnd |= 1ULL << i;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, i, 0, 0) == 1)
			amb |= 1ULL << i;
	}
	printf("cap_inh=%016llx\ncap_prm=%016llx\ncap_eff=%016llx\n",
	    (unsigned long long)d[1].inheritable << 32 | d[0].inheritable,
	    (unsigned long long)d[1].permitted << 32 | d[0].permitted,
	    (unsigned long long)d[1].effective << 32 | d[0].effective);
	printf("cap_bnd=%016llx\ncap_amb=%016llx\n",
	    (unsigned long long)bnd, (unsigned long long)amb);
	printf("nonewprivs=%d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	printf("seccomp=%d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	printf("dumpable=%d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	m = umask(0);
	umask(m);
	printf("umask=%04o\n", (unsigned)m);
	for (i = 0; i < (int)(sizeof limits / sizeof limits[0]); i++) {
		struct rlimit rl;
		getrlimit(limits[i].res, &rl);
		printf("rlimit_%s=", limits[i].name);
		lim(limits[i].name, rl.rlim_cur);
		printf(":");
		lim(limits[i].name, rl.rlim_max);
		printf("\n");
	}
	errno = 0;
	printf("nice=%d\n", getpriority(PRIO_PROCESS, 0));
	printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
	namespaces();
	if (stat("/", &st) == 0)
		printf("root=%llu:%llu\n", (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino);
	printf("fds=");
	for (i = 0, n = 0; i < 1024; i++)
		if (fcntl(i, F_GETFD) != -1)
			printf("%s%d", n++ ? "," : "", i);
	printf("\npid=%d\nppid=%d\nsid=%d\npgid=%d\n", getpid(), getppid(),
	    getsid(0), getpgid(0));
	sigprocmask(SIG_SETMASK, NULL, &mask);
	printf("sigmask=");
	for (i = 1, n = 0; i < 65; i++)
		if (sigismember(&mask, i) == 1)
			printf("%s%d", n++ ? "," : "", i);
	printf("\nsigign=");
	for (i = 1, n = 0; i < 65; i++) {
		struct sigaction sa;
		if (sigaction(i, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			printf("%s%d", n++ ? "," : "", i);
	}
	printf("\n");
	inherited();
	for (i = 0; environ[i]; i++)
		printf("env=%s\n", environ[i]);
}

/* The classic chroot escape: chroot into a subdirectory while keeping the
 * cwd outside it, then climb.  Needs CAP_SYS_CHROOT: must fail in a jail. */
static int
chroot_escape(void)
{
	struct stat before, after;
	char dir[64];
	int i;

	if (stat("/", &before) == -1)
		return -1;

	snprintf(dir, sizeof dir, "/tmp/.probe-esc-%u", (unsigned)getuid());
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return -1;
	if (chroot(dir) == -1)
		return -1;
	for (i = 0; i < 64; i++)
		if (chdir("..") == -1)
			return -1;
	if (chroot(".") == -1 || stat("/", &after) == -1)
		return -1;
	if (after.st_dev != before.st_dev || after.st_ino != before.st_ino)
		return 1;
	errno = ENOTRECOVERABLE;	/* no error, yet no escape: say so */
	return -1;
}

/* 127.0.0.1:port */
static struct sockaddr_in
lo_addr(int port)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

/* bind or connect a socket of proto (0: TCP) to 127.0.0.1:port */
static int
loopback(int port, int do_connect, int proto)
{
	struct sockaddr_in sa = lo_addr(port);
	int s, r;

	if ((s = socket(AF_INET, SOCK_STREAM, proto)) == -1)
		return -1;
	r = (do_connect ? connect : bind)(s, (struct sockaddr *)&sa, sizeof sa);
	close(s);
	return r;
}

/* abstract:NAME: connect to the abstract unix stream socket @NAME. */
static int
abstract_connect(const char *name)
{
	struct sockaddr_un sa = { AF_UNIX, "" };
	size_t k = strlen(name);
	int s, r;

	if (k + 1 > sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path + 1, name, k);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	r = connect(s, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + k));
	close(s);
	return r;
}

/* notify:MSG: MSG (a ',' for each newline) to $NOTIFY_SOCKET, as
 * sd_notify(3) sends it. */
static int
notify(const char *msg)
{
	const char *to = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { AF_UNIX, "" };
	char buf[512];
	size_t k, i;
	int s, r;

	if (to == NULL || (k = strlen(to)) == 0 || k >= sizeof sa.sun_path) {
		errno = ENOENT;
		return -1;
	}
	memcpy(sa.sun_path, to, k);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	snprintf(buf, sizeof buf, "%s", msg);
	for (i = 0; buf[i]; i++)
		if (buf[i] == ',')
			buf[i] = '\n';
	if ((s = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1)
		return -1;
	r = sendto(s, buf, strlen(buf), 0, (struct sockaddr *)&sa,
	    offsetof(struct sockaddr_un, sun_path) + k) == -1 ? -1 : 0;
	close(s);
	return r;
}

/* accept:1: serve one connection on the socket at fd 3 (socket
 * activation): accept it, write "hello", close. */
static int
accept_one(void)
{
	int c = accept(3, NULL, NULL);

	if (c == -1)
		return -1;
	(void)!write(c, "hello\n", 6);
	close(c);
	return 0;
}

/* A 32-bit system call from a 64-bit process: int $0x80 with the i386
 * number of getpid (20).  A filter that only knows x86_64 misses it. */
static long
int80_getpid(void)
{
#if defined(__x86_64__)
	long ret;
	__asm__ volatile ("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
#else
	errno = ENOSYS;
	return -1;
#endif
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long
try(const char *a)
{
	char *arg = strchr(a, ':');
	const char *v = arg ? arg + 1 : "";
	int fd;

	if (!strcmp(a, "setuid0"))
		return setuid(0);
	if (!strcmp(a, "setgid0"))
		return setgid(0);
	if (!strcmp(a, "setgroups0")) {
		gid_t g = 0;
		return setgroups(1, &g);
	}
	if (!strcmp(a, "chroot-escape"))
		return chroot_escape();
	if (!strcmp(a, "mount"))
		return mount("none", "/tmp", "tmpfs", 0, NULL);
	if (!strcmp(a, "unshare-user"))
		return unshare(CLONE_NEWUSER);
	if (!strcmp(a, "unshare-ns"))
		return unshare(CLONE_NEWNS);
	if (!strncmp(a, "ptrace:", 7)) {
		long r = ptrace(PTRACE_ATTACH, atoi(v), 0, 0);
		if (r == 0)
			ptrace(PTRACE_DETACH, atoi(v), 0, 0);
		return r;
	}
	if (!strcmp(a, "tiocsti-tty")) {	/* through /dev/tty, 0-2 not ttys */
		char c = '#';
		if ((fd = open("/dev/tty", O_RDWR)) == -1)
			return -1;
		long r = ioctl(fd, TIOCSTI, &c);
		close(fd);
		return r;
	}
	if (!strcmp(a, "tiocsti")) {
		char c = '#';
		return ioctl(0, TIOCSTI, &c);
	}
	if (!strcmp(a, "int80"))
		return int80_getpid() < 0 ? -1 : 0;
	if (!strcmp(a, "x32"))
		return syscall(0x40000000 | 39) < 0 ? -1 : 0;	/* x32 getpid */
	if (!strcmp(a, "mknod-fifo") || !strcmp(a, "mknod-chr")) {
		mode_t mode = a[6] == 'f' ? S_IFIFO | 0600 : S_IFCHR | 0600;
		unlink("/tmp/.probe-node");
		if (mknod("/tmp/.probe-node", mode, makedev(1, 3)) == -1)
			return -1;
		return unlink("/tmp/.probe-node");
	}
	if (!strcmp(a, "chmod") || !strcmp(a, "chown") || !strcmp(a, "link") ||
	    !strcmp(a, "symlink")) {
		int r;
		unlink("/tmp/.probe-f");
		unlink("/tmp/.probe-l");
		if ((fd = open("/tmp/.probe-f", O_CREAT | O_WRONLY, 0600)) == -1)
			return -1;
		close(fd);
		if (!strcmp(a, "chmod"))
			r = chmod("/tmp/.probe-f", 0644);
		else if (!strcmp(a, "chown"))
			r = chown("/tmp/.probe-f", getuid(), getgid());
		else if (a[0] == 'l')
			r = link("/tmp/.probe-f", "/tmp/.probe-l");
		else
			r = symlink("/tmp/.probe-f", "/tmp/.probe-l");
		fd = errno;
		unlink("/tmp/.probe-l");
		unlink("/tmp/.probe-f");
		errno = fd;
		return r;
	}
	if (!strcmp(a, "keyctl"))	/* KEYCTL_GET_KEYRING_ID, session */
		return syscall(SYS_keyctl, 0, -3, 0);
	if (!strcmp(a, "bpf"))
		return syscall(SYS_bpf, 0, NULL, 0);
	if (!strcmp(a, "perf"))
		return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
	if (!strcmp(a, "personality")) {
		int old = personality(0xffffffff);
		long r = personality(old | ADDR_NO_RANDOMIZE);
		if (r != -1)
			personality(old);
		return r;
	}
	if (!strcmp(a, "reboot"))	/* bad magic: EINVAL if it got through */
		return syscall(SYS_reboot, 0, 0, 0, NULL);
	if (!strcmp(a, "setns"))
		return setns(-1, 0);
	/* What nofsmeta keeps out besides chmod: ACLs, inode flags.  The ACL
	 * is user::rwx user:65533:--- group::rwx mask::rwx other::rwx, in the
	 * kernel's xattr format (le32 version 2, then per entry le16 tag, le16
	 * perm, le32 id): it makes the mode 0777 and stays on the file. */
	if (!strncmp(a, "setxattr-acl:", 13) ||
	    !strncmp(a, "lsetxattr-acl:", 14) ||
	    !strncmp(a, "fsetxattr-acl:", 14) ||
	    !strncmp(a, "setxattrat-acl:", 15) ||
	    !strncmp(a, "removexattr-acl:", 16) ||
	    !strncmp(a, "lremovexattr-acl:", 17) ||
	    !strncmp(a, "fremovexattr-acl:", 17) ||
	    !strncmp(a, "removexattrat-acl:", 18) ||
	    !strncmp(a, "getxattr-acl:", 13)) {
		static const char an[] = "system.posix_acl_access";
		static const unsigned tags[5][3] = { { 0x01, 7, 0xffffffff },
		    { 0x02, 0, 65533 }, { 0x04, 7, 0xffffffff },
		    { 0x10, 7, 0xffffffff }, { 0x20, 7, 0xffffffff } };
		struct { uint64_t value; uint32_t size, flags; } xa;
		unsigned char acl[4 + 5 * 8], *e = acl + 4;
		long r;
		int i, keep, xfd = -1;

		memset(acl, 0, sizeof acl);
		acl[0] = 2;
		for (i = 0; i < 5; i++, e += 8) {
			e[0] = tags[i][0];
			e[2] = tags[i][1];
			e[4] = tags[i][2] & 0xff;
			e[5] = tags[i][2] >> 8 & 0xff;
			e[6] = tags[i][2] >> 16 & 0xff;
			e[7] = tags[i][2] >> 24 & 0xff;
		}
		xa.value = (uintptr_t)acl;
		xa.size = sizeof acl;
		xa.flags = 0;
		if (a[0] == 'g') {
			char buf[256];
			return syscall(SYS_getxattr, v, an, buf, sizeof buf) < 0 ?
			    -1 : 0;
		}
		if (a[0] == 'f' && (xfd = open(v, O_RDONLY)) == -1)
			return -1;
		if (!strncmp(a, "setxattr-", 9))
			r = syscall(SYS_setxattr, v, an, acl, sizeof acl, 0);
		else if (!strncmp(a, "lsetxattr-", 10))
			r = syscall(SYS_lsetxattr, v, an, acl, sizeof acl, 0);
		else if (!strncmp(a, "fsetxattr-", 10))
			r = syscall(SYS_fsetxattr, xfd, an, acl, sizeof acl, 0);
		else if (!strncmp(a, "setxattrat-", 11))	/* Linux 6.13 */
			r = syscall(463, AT_FDCWD, v, 0, an, &xa, sizeof xa);
		else if (!strncmp(a, "removexattr-", 12))
			r = syscall(SYS_removexattr, v, an);
		else if (!strncmp(a, "lremovexattr-", 13))
			r = syscall(SYS_lremovexattr, v, an);
		else if (!strncmp(a, "fremovexattr-", 13))
			r = syscall(SYS_fremovexattr, xfd, an);
		else				/* removexattrat, Linux 6.13 */
			r = syscall(466, AT_FDCWD, v, 0, an);
		keep = errno;
		if (xfd != -1)
			close(xfd);
		errno = keep;
		return r;
	}
	/* setflags+a:PATH, setflags-a:PATH: set or clear append-only with
	 * FS_IOC_SETFLAGS; fssetxattr+a/-a with FS_IOC_FSSETXATTR;
	 * file_setattr+a/-a with file_setattr (Linux 6.17). */
	if (!strncmp(a, "setflags", 8) || !strncmp(a, "fssetxattr", 10) ||
	    !strncmp(a, "file_setattr", 12)) {
		struct pfsx { uint32_t xflags, extsize, nextents, projid,
		    cowextsize; unsigned char pad[8]; } fsx;
		struct { uint64_t xflags; uint32_t extsize, nextents, projid,
		    cowextsize; } fa;
		int on = arg != NULL && arg - a > 2 && arg[-2] == '+', fl, keep;
		long r;

		if (a[0] == 'f' && a[1] == 'i') {
			memset(&fa, 0, sizeof fa);
			if (syscall(468, AT_FDCWD, v, &fa, sizeof fa, 0) == -1)
				return -1;
			fa.xflags = on ? fa.xflags | 0x10 : fa.xflags & ~0x10ULL;
			return syscall(469, AT_FDCWD, v, &fa, sizeof fa, 0);
		}
		if ((fd = open(v, O_RDONLY)) == -1)
			return -1;
		if (a[0] == 's') {		/* FS_APPEND_FL */
			r = ioctl(fd, _IOR('f', 1, long), &fl);
			fl = on ? fl | 0x20 : fl & ~0x20;
			if (r == 0)
				r = ioctl(fd, _IOW('f', 2, long), &fl);
		} else {			/* FS_XFLAG_APPEND */
			r = ioctl(fd, _IOR('X', 31, struct pfsx), &fsx);
			fsx.xflags = on ? fsx.xflags | 0x10 : fsx.xflags & ~0x10U;
			if (r == 0)
				r = ioctl(fd, _IOW('X', 32, struct pfsx), &fsx);
		}
		keep = errno;
		close(fd);
		errno = keep;
		return r;
	}
	if (!strncmp(a, "trunc:", 6)) {	/* EPERM on an append-only file */
		if ((fd = open(v, O_WRONLY | O_TRUNC)) == -1)
			return -1;
		return close(fd);
	}
	/* Other processes' memory, besides ptrace and process_vm_*v. */
	if (!strncmp(a, "process_madvise:", 16)) {	/* MADV_COLD, 0 bytes */
		struct { void *base; size_t len; } iov = { NULL, 0 };
		long r;
		int keep;
		if ((fd = (int)syscall(SYS_pidfd_open, atoi(v), 0)) == -1)
			return -1;
		r = syscall(SYS_process_madvise, fd, &iov, 1, 20, 0);
		keep = errno;
		close(fd);
		errno = keep;
		return r;
	}
	if (!strncmp(a, "kcmp:", 5))		/* KCMP_VM: 0, 1, 2 or 3 */
		return syscall(SYS_kcmp, getpid(), atoi(v), 1, 0, 0) < 0 ? -1 : 0;
	if (!strncmp(a, "get_robust_list:", 16)) {
		void *head;
		size_t len;
		return syscall(SYS_get_robust_list, atoi(v), &head, &len);
	}
	if (!strncmp(a, "move_pages:", 11)) {	/* where is a page: a query */
		void *pages[1] = { &pages };
		int status[1];
		return syscall(SYS_move_pages, atoi(v), 1, pages, NULL, status,
		    0) < 0 ? -1 : 0;
	}
	if (!strncmp(a, "migrate_pages:", 14)) {	/* node 0 to node 0 */
		unsigned long nodes = 1;
		return syscall(SYS_migrate_pages, atoi(v), 8 * sizeof nodes,
		    &nodes, &nodes) < 0 ? -1 : 0;
	}
	if (!strcmp(a, "io_uring")) {		/* a ring of one entry */
		uint32_t params[30];		/* struct io_uring_params */
		memset(params, 0, sizeof params);
		if ((fd = (int)syscall(SYS_io_uring_setup, 1, params)) == -1)
			return -1;
		return close(fd);
	}
	if (!strcmp(a, "getppid"))
		return getppid() > 0 ? 0 : -1;
	if (!strcmp(a, "fork") || !strcmp(a, "clone-newuser") ||
	    !strcmp(a, "clone3")) {	/* a child that exits at once */
		uint64_t ca[8] = { 0, 0, 0, 0, SIGCHLD };	/* clone_args */
		pid_t pid;
		int st;
		if (a[0] == 'f')
			pid = fork();
		else if (a[5] == '-')
			pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0,
			    0, 0);
		else
			pid = syscall(SYS_clone3, ca, sizeof ca);
		if (pid == 0)
			_exit(0);
		if (pid == -1 || waitpid(pid, &st, 0) == -1)
			return -1;
		return 0;
	}
	if (!strcmp(a, "spawn"))	/* posix_spawn: clone3, else clone */
		return system("exit 0") == 0 ? 0 : -1;
	if (!strncmp(a, "keyread:", 8)) {	/* a user key in the session keyring */
		char buf[256];
		long k = syscall(SYS_keyctl, 10 /* KEYCTL_SEARCH */,
		    -3 /* KEY_SPEC_SESSION_KEYRING */, "user", v, 0);
		if (k == -1)
			return -1;
		if (syscall(SYS_keyctl, 11 /* KEYCTL_READ */, k, buf, sizeof buf) == -1)
			return -1;
		/* and overwrite it, as an attacker would */
		return syscall(SYS_keyctl, 2 /* KEYCTL_UPDATE */, k, "pwned", 5);
	}
	if (!strcmp(a, "renamedir")) {	/* rename a file into another directory */
		char dir[64], from[64], to[96];
		snprintf(dir, sizeof dir, "/tmp/.probe-rd-%d", (int)getpid());
		snprintf(from, sizeof from, "/tmp/.probe-rf-%d", (int)getpid());
		snprintf(to, sizeof to, "%s/f", dir);
		if (mkdir(dir, 0700) == -1 || (fd = open(from, O_CREAT | O_WRONLY, 0600)) == -1)
			return -1;
		close(fd);
		long r = rename(from, to);
		int e = errno;
		unlink(from);
		unlink(to);
		rmdir(dir);
		errno = e;
		return r;
	}
	if (!strncmp(a, "spin:", 5)) {	/* use MS more milliseconds of CPU */
		struct timespec t0, t;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
		while ((t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6 < atof(v));
		return 0;
	}
	if (!strncmp(a, "memopen:", 8)) {	/* /proc/PID/mem for writing */
		char path[64];
		snprintf(path, sizeof path, "/proc/%s/mem", v);
		if ((fd = open(path, O_RDWR)) == -1)
			return -1;
		return close(fd);
	}
	if (!strncmp(a, "rootopen:", 9)) {	/* /proc/PID/root: out of a chroot */
		char path[64];
		snprintf(path, sizeof path, "/proc/%s/root/", v);
		if ((fd = open(path, O_RDONLY | O_DIRECTORY)) == -1)
			return -1;
		return close(fd);
	}
	if (!strncmp(a, "fd:", 3))
		return fcntl(atoi(v), F_GETFD);
	if (!strncmp(a, "open:", 5)) {
		if ((fd = open(v, O_RDONLY)) == -1)
			return -1;
		return close(fd);
	}
	if (!strncmp(a, "write:", 6)) {
		if ((fd = open(v, O_WRONLY | O_CREAT | O_APPEND, 0644)) == -1)
			return -1;
		return close(fd);
	}
	if (!strncmp(a, "bind:", 5))
		return loopback(atoi(v), 0, 0);
	if (!strncmp(a, "connect:", 8))
		return loopback(atoi(v), 1, 0);
	if (!strcmp(a, "accept"))
		return accept_one();
	if (!strncmp(a, "notify:", 7))
		return notify(v);
	if (!strncmp(a, "kill:", 5))
		return kill(atoi(v), 0);
	if (!strncmp(a, "rename:", 7)) {	/* rename:FROM,TO */
		char from[256], *to;
		snprintf(from, sizeof from, "%s", v);
		if ((to = strchr(from, ',')) == NULL) {
			errno = EINVAL;
			return -1;
		}
		*to++ = '\0';
		return rename(from, to);
	}
	if (!strncmp(a, "abstract:", 9))	/* connect to @NAME, a stream */
		return abstract_connect(v);
	if (!strncmp(a, "fastopen:", 9)) {	/* a TCP Fast Open send to 127.0.0.1:PORT */
		struct sockaddr_in sa = lo_addr(atoi(v));
		int s;
		ssize_t r;
		if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			return -1;
		r = sendto(s, "x", 1, 0x20000000, (struct sockaddr *)&sa, sizeof sa);
		close(s);
		return r == -1 ? -1 : 0;
	}
	if (!strncmp(a, "mptcp-bind:", 11))	/* an MPTCP socket on 127.0.0.1:PORT */
		return loopback(atoi(v), 0, 262);
	if (!strncmp(a, "sleep:", 6))
		return sleep(atoi(v)) ? -1 : 0;
	if (!strncmp(a, "exec0:", 6)) {	/* execve with argc == 0 */
		char *noargs[] = { NULL };
		return execve(v, noargs, environ);
	}
	if (!strncmp(a, "exit:", 5))
		exit(atoi(v));
	if (!strncmp(a, "print:", 6))
		return printf("%s\n", v) < 0 ? -1 : 0;
	if (!strcmp(a, "raise-nofile")) {
		struct rlimit rl;
		getrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_max == RLIM_INFINITY)
			return 0;
		rl.rlim_max++;
		return setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (!strcmp(a, "cap-raise")) {	/* try to gain CAP_SYS_ADMIN back */
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2];
		syscall(SYS_capget, &h, d);
		d[0].effective |= 1U << CAP_SYS_ADMIN;
		d[0].permitted |= 1U << CAP_SYS_ADMIN;
		return syscall(SYS_capset, &h, d);
	}
	if (!strncmp(a, "loop:", 5)) {	/* loop:getppid:N or loop:ioctl:N */
		long i, n = arg && strchr(v, ':') ? atol(strchr(v, ':') + 1) : 1000000;
		double t0 = now();
		int isioctl = !strncmp(v, "ioctl", 5), x;
		for (i = 0; i < n; i++)
			if (isioctl)
				ioctl(1, FIONREAD, &x);
			else
				syscall(SYS_getppid);
		printf("ns_per_call=%.1f\n", (now() - t0) / n);
		return 0;
	}
	errno = EINVAL;
	fprintf(stderr, "probe: unknown action %s\n", a);
	exit(2);
}

/* serve: the signals a service gets, one line each ("signal=TERM"), to
 * stdout; TERM ends it with the given status, "kill" makes it die by
 * SIGTERM's default action instead. */
static volatile sig_atomic_t got;

static void
on_signal(int sig)
{
	got = sig;
}

static int
serve(const char *how)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1,
	    SIGUSR2, SIGWINCH };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	printf("ready pid=%d\n", (int)getpid());
	for (;;) {
		pause();
		if (got == 0)
			continue;
		printf("signal=%s\n", sigabbrev_np(got));
		if (got == SIGTERM && !strcmp(how, "kill")) {
			signal(SIGTERM, SIG_DFL);
			raise(SIGTERM);
		}
		if (got == SIGTERM)
			return atoi(how);
		got = 0;
	}
}

/* orphan: leave a grandchild (reparented to pid 1) that ignores TERM and
 * sleeps, print its pid, and exit with status 0. */
static int
orphan(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (fork() == 0) {
			signal(SIGTERM, SIG_IGN);
			printf("orphan=%d\n", (int)getpid());
			fflush(stdout);
			close(1);	/* whoever reads our output sees its end */
			close(2);
			for (;;)
				pause();
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	sleep(1);
	return 0;
}

/* pids: every process this /proc shows, as "pids=1,2". */
static void
pids(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	const char *sep = "";

	printf("pids=");
	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9') {
			printf("%s%s", sep, de->d_name);
			sep = ",";
		}
	printf("\n");
	if (d)
		closedir(d);
}

int
main(int argc, char *argv[])
{
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		report();
		return 0;
	}
	if (!strcmp(argv[1], "pendexec") && argc > 3) {
		/* pendexec SIG CMD...: exec CMD with SIG blocked and pending,
		 * as a caller of a set-uid program can. */
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, atoi(argv[2]));
		sigprocmask(SIG_BLOCK, &s, NULL);
		raise(atoi(argv[2]));
		execv(argv[3], argv + 3);
		perror("probe: pendexec");
		return 127;
	}
	if (!strcmp(argv[1], "burnexec") && argc > 3) {
		/* burnexec MS CMD...: use MS milliseconds of CPU time, then
		 * exec CMD (CPU time carries over execve). */
		struct timespec ts;
		double ms = atof(argv[2]);
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
		while (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6 < ms);
		execv(argv[3], argv + 3);
		perror("probe: burnexec");
		return 127;
	}
	if (!strcmp(argv[1], "alarmexec") && argc > 3) {
		/* alarmexec SECS CMD...: exec CMD with an interval timer set */
		struct itimerval it = { { 0, 0 }, { atoi(argv[2]), 0 } };
		setitimer(ITIMER_REAL, &it, NULL);
		execv(argv[3], argv + 3);
		perror("probe: alarmexec");
		return 127;
	}
	if (!strcmp(argv[1], "spoil") && argc > 2) {
		/* spoil CMD...: exec CMD with attributes a caller can set
		 * on itself: timer slack, THP off, subreaper, UNAME26. */
		prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
		prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		personality(0x0020000 /* UNAME26 */);
		execv(argv[2], argv + 2);
		perror("probe: spoil");
		return 127;
	}
	if (!strcmp(argv[1], "serve") && argc > 2)
		return serve(argv[2]);
	if (!strcmp(argv[1], "exit") && argc > 2)
		return atoi(argv[2]);
	if (!strcmp(argv[1], "orphan"))
		return orphan();
	if (!strcmp(argv[1], "ignterm")) {	/* a service deaf to TERM */
		signal(SIGTERM, SIG_IGN);
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "pids")) {
		pids();
		return 0;
	}
	if (strcmp(argv[1], "try") != 0) {
		fprintf(stderr, "usage: probe [try ACTION...]\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		const char *tag = argv[i];
		long r;
		errno = 0;
		r = try(tag);
		if (r == 1)
			printf("%s=ESCAPED\n", tag);
		else if (r < 0)
			printf("%s=%s\n", tag, strerrorname_np(errno) ?
			    strerrorname_np(errno) : "E?");
		else
			printf("%s=ok\n", tag);
	}
	return 0;
}
