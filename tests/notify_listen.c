/* notify_listen PATH SECONDS: a service manager's notification socket for
 * the tests: a datagram socket at PATH (created, removed at the end) that
 * prints each message it receives as "pid=P uid=U msg=LINE|LINE", with
 * the sender's credentials, until READY=1 arrived or SECONDS passed. */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
receive(int s)
{
	union { char buf[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr a; } u;
	char msg[4096];
	struct iovec iov = { msg, sizeof msg - 1 };
	struct msghdr mh = { 0 };
	struct ucred cred = { 0, 0, 0 };
	struct cmsghdr *cm;
	ssize_t n;
	char *p;

	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	if ((n = recvmsg(s, &mh, 0)) < 0)
		return 0;
	msg[n] = '\0';
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_type == SCM_CREDENTIALS)
			memcpy(&cred, CMSG_DATA(cm), sizeof cred);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	for (p = msg; *p; p++)
		if (*p == '\n')
			*p = '|';
	printf("pid=%d uid=%d msg=%s\n", (int)cred.pid, (int)cred.uid, msg);
	fflush(stdout);
	return strstr(msg, "READY=1") != NULL;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un sa = { AF_UNIX, "" };
	struct pollfd pfd;
	time_t end;
	int s, on = 1;

	if (argc != 3 || strlen(argv[1]) >= sizeof sa.sun_path)
		return 2;
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	if ((s = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof sa) == -1) {
		perror("notify_listen");
		return 1;
	}
	chmod(argv[1], 0666);
	end = time(NULL) + atoi(argv[2]);
	pfd.fd = s;
	pfd.events = POLLIN;
	while (time(NULL) < end)
		if (poll(&pfd, 1, 200) == 1 && receive(s))
			break;
	unlink(argv[1]);
	return 0;
}
