/* launch.c: time launches of commands, interleaved.
 *
 * usage: launch [-n N] [-k K] [-w W] NAME CMD [ARG...] [:: NAME CMD ...]
 *
 * Each sample runs every command N times in a row (fork, execve, waitpid)
 * and records the mean wall time per launch; the commands take turns
 * (A B C A B C ...) for K samples, after W warm-up rounds that are not
 * recorded.  Prints one line per command:
 *     NAME median_us=... min_us=... p90_us=... (of the K per-sample means)
 * Every launch must exit 0: otherwise launch stops with status 1, printing
 * the command and its status, so that a broken setup is not timed.
 * The children's stdin and stdout are /dev/null; stderr is inherited.
 *
 * launch -C prints cpuid_ns=..., the cost of one CPUID instruction (x86):
 * trapped by a hypervisor it costs microseconds, and the C library's
 * start-up executes it dozens of times in every process.
 */
#define _GNU_SOURCE
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *name;
	char **argv;
	double *mean;		/* K per-sample means, microseconds */
};

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void
usage(void)
{
	fprintf(stderr, "usage: launch [-n N] [-k K] [-w W] "
	    "NAME CMD [ARG...] [:: NAME CMD [ARG...]]...\n"
	    "       launch -C\n");
	exit(2);
}

static int
cpuid_cost(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c, d, sink = 0;
	int i, n = 2000;
	double t0 = now_us();

	for (i = 0; i < n; i++) {
		__cpuid_count(7, 0, a, b, c, d);
		sink += a ^ b ^ c ^ d;
	}
	printf("cpuid_ns=%.0f\n", (now_us() - t0) * 1e3 / n + (sink & 0));
	return 0;
#else
	printf("cpuid_ns=n/a\n");
	return 0;
#endif
}

static void
run1(const struct cmd *c)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == -1) {
		perror("launch: fork");
		exit(1);
	}
	if (pid == 0) {
		dup2(0, 1);		/* stdout: /dev/null too */
		execve(c->argv[0], c->argv, environ);
		fprintf(stderr, "launch: %s: %s\n", c->argv[0],
		    strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			perror("launch: waitpid");
			exit(1);
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "launch: %s (%s) failed: status 0x%x\n",
		    c->name, c->argv[0], st);
		exit(1);
	}
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct cmd *cmds;
	long n = 200, k = 15, w = 1, s, i;
	int c, ncmd = 0, j, fd;

	while ((c = getopt(argc, argv, "+Cn:k:w:")) != -1)
		switch (c) {
		case 'C': return cpuid_cost();
		case 'n': n = atol(optarg); break;
		case 'k': k = atol(optarg); break;
		case 'w': w = atol(optarg); break;
		default: usage();
		}
	argc -= optind;
	argv += optind;
	if (argc < 2 || n < 1 || k < 1 || w < 0)
		usage();
	if ((cmds = calloc(argc, sizeof *cmds)) == NULL)
		return 1;
	for (i = 0; i < argc; ) {	/* NAME CMD ARGS... [::] */
		if (i + 1 >= argc || !strcmp(argv[i + 1], "::"))
			usage();
		cmds[ncmd].name = argv[i];
		cmds[ncmd].argv = argv + i + 1;
		for (i += 2; i < argc && strcmp(argv[i], "::"); i++)
			;
		if (i < argc)
			argv[i++] = NULL;	/* ends this command's argv */
		if ((cmds[ncmd].mean = calloc(k, sizeof(double))) == NULL)
			return 1;
		ncmd++;
	}
	if ((fd = open("/dev/null", O_RDWR)) == -1 || dup2(fd, 0) == -1) {
		perror("launch: /dev/null");
		return 1;
	}
	if (fd != 0)
		close(fd);
	for (s = -w; s < k; s++)
		for (j = 0; j < ncmd; j++) {
			double t0 = now_us();

			for (i = 0; i < n; i++)
				run1(&cmds[j]);
			if (s >= 0)
				cmds[j].mean[s] = (now_us() - t0) / n;
		}
	for (j = 0; j < ncmd; j++) {
		double *m = cmds[j].mean;

		qsort(m, k, sizeof *m, cmpd);
		printf("%s median_us=%.1f min_us=%.1f p90_us=%.1f\n",
		    cmds[j].name, k % 2 ? m[k / 2] : (m[k / 2 - 1] + m[k / 2]) / 2,
		    m[0], m[(k * 9 + 9) / 10 - 1]);
	}
	return 0;
}
