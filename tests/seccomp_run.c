/* seccomp_run: run a command under a runjail seccomp policy, the way
 * runjail does it, without the rest of runjail.  For tests and benchmarks.
 *
 * usage: seccomp_run [-elrt] [-O level] POLICY [-- CMD [ARG...]]
 *   POLICY  a file if it contains '/', else a built-in profile
 *   -e      write the compiled BPF program to stdout and exit
 *   -l      discovery mode (runjail --seccomp-log)
 *   -O n    libseccomp optimisation level: 2, a binary tree, the default;
 *           1, a list by priority (RJ_SECCOMP_LINEAR)
 *   -r      stay root when run as root: shows that the filter, not a
 *           missing privilege, refuses a call
 *   -t      print prepare_ns= and load_ns= on stderr
 * Without -r, root drops to uid and gid 65534 first, so that CMD runs as an
 * unprivileged process, as under runjail.
 */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../seccomp.h"

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "seccomp_run: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(125);
}

static long long
nsec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
usage(void)
{
	fprintf(stderr, "usage: seccomp_run [-elrt] [-O level] POLICY "
	    "[-- CMD [ARG...]]\n");
	exit(125);
}

static void
export(const struct rj_filter *f)
{
	size_t len;
	const void *prog = rj_seccomp_program(f, &len);

	if (fwrite(prog, 8, len, stdout) != len || fflush(stdout) != 0)
		die("write: %s", strerror(errno));
}

static void
drop(void)
{
	if (setgroups(0, NULL) == -1 ||
	    setresgid(65534, 65534, 65534) == -1 ||
	    setresuid(65534, 65534, 65534) == -1)
		die("dropping privileges: %s", strerror(errno));
}

int
main(int argc, char *argv[])
{
	struct rj_filter *f;
	char err[512];
	long long t0, t1, t2;
	unsigned flags = 0;
	int c, fd = -1, eflag = 0, rflag = 0, tflag = 0;

	while ((c = getopt(argc, argv, "+elO:rt")) != -1)
		switch (c) {
		case 'e': eflag = 1; break;
		case 'l': flags |= RJ_SECCOMP_LOG; break;
		case 'O':
			if (strcmp(optarg, "1") == 0)
				flags |= RJ_SECCOMP_LINEAR;
			else if (strcmp(optarg, "2") == 0)
				flags &= ~RJ_SECCOMP_LINEAR;
			else
				die("-O %s: the levels are 1 and 2", optarg);
			break;
		case 'r': rflag = 1; break;
		case 't': tflag = 1; break;
		default: usage();
		}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (!eflag && (argc < 3 || strcmp(argv[1], "--") != 0)))
		usage();
	if (strchr(argv[0], '/') != NULL &&
	    (fd = open(argv[0], O_RDONLY | O_CLOEXEC)) == -1)
		die("%s: %s", argv[0], strerror(errno));
	t0 = nsec();
	if ((f = rj_seccomp_prepare(argv[0], fd, flags, err, sizeof err)) ==
	    NULL)
		die("%s", err);
	t1 = nsec();
	if (fd != -1)
		close(fd);
	if (eflag) {
		export(f);
		rj_seccomp_free(f);
		return 0;
	}
	if (getuid() == 0 && !rflag)
		drop();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die("no_new_privs: %s", strerror(errno));
	t2 = nsec();
	if (rj_seccomp_load(f) == -1)
		die("loading the filter: %s", strerror(errno));
	if (tflag)
		fprintf(stderr, "prepare_ns=%lld load_ns=%lld\n", t1 - t0,
		    nsec() - t2);
	execv(argv[2], argv + 2);
	die("%s: %s", argv[2], strerror(errno));
}
