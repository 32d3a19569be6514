/*
 * tests/learn_prog: a dynamically linked workload for runjail --learn
 * (tests/learn.t).  It reads the time zone (/etc/localtime), dlopen()s
 * libz.so.1, opens a file from a second thread and another from a forked
 * child, and names paths a hostile service would: one climbing above the
 * root with "..", one through a symlink the test plants (ARGV[1]/x), one
 * longer than a path may be.  "extra" as the last argument makes it also
 * call getpriority(2), which the normal run never does: under the policy
 * learned from a normal run that call fails.  Prints what it saw.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void *
thread(void *arg)
{
	struct stat st;

	(void)arg;
	(void)!stat("/etc/learn-from-thread", &st);
	return NULL;
}

int
main(int argc, char *argv[])
{
	time_t t = 0;
	pthread_t th;
	struct stat st;
	char *longpath;
	pid_t pid;
	int status;

	printf("localtime %s\n", localtime(&t) ? "ok" : "failed");
	printf("libz %s\n", dlopen("libz.so.1", RTLD_NOW) ? "ok" : "missing");
	if (pthread_create(&th, NULL, thread, NULL) != 0 ||
	    pthread_join(th, NULL) != 0)
		return 1;
	if ((pid = fork()) == 0) {
		(void)!stat("/etc/learn-from-child", &st);
		_exit(0);
	}
	if (pid == -1 || waitpid(pid, &status, 0) != pid)
		return 1;
	(void)!stat("/../../../etc/learn-dotdot", &st);
	(void)!stat("/learn-link/learn-through-link", &st);
	if ((longpath = malloc(8192)) == NULL)
		return 1;
	memset(longpath, 'a', 8191);
	longpath[0] = '/';
	longpath[8191] = '\0';
	(void)!stat(longpath, &st);
	if (argc > 1 && !strcmp(argv[argc - 1], "extra")) {
		errno = 0;
		getpriority(PRIO_PROCESS, 0);
		printf("getpriority %s\n", errno ? strerror(errno) : "ok");
	}
	return 0;
}
