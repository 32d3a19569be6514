/*
 * ns.c: the namespaces of a launch (step 6 of runjail(8)'s Order of
 * operations): a private mount namespace, and as asked a PID namespace
 * (with the process that stays outside, init.c), a network namespace with
 * only loopback up, an IPC namespace, a UTS namespace with its own host
 * name.  All are entered as root on the host, before the jail root is
 * opened.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <net/if.h>

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "runjail.h"

/* Loopback up in a new network namespace: it starts down, and a service
 * that talks to itself (or a test) needs 127.0.0.1. */
static int
loopback_up(void)
{
	struct ifreq ifr;
	int s, r;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return fail("network namespace: socket");
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, "lo", 3);
	r = ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (r == 0)
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r == -1 ? fail("network namespace: bringing lo up") : 0;
}

/* The namespaces the plan asks for, entered at once.  A mount namespace
 * of our own comes first, so that every mount below is seen only by
 * runjail and the command, and disappears with them: nothing is ever
 * mounted on the host, and nothing has to be remounted after a reboot.
 * "/" is made private (recursively): on a host where it is shared
 * (systemd makes it so), mounts would otherwise propagate back.  A new
 * PID namespace holds only this process's children: init.c forks. */
int
enter_namespaces(const struct plan *p)
{
	int flags = p->ns_flags;

	if (flags == 0)
		return 0;
	if (unshare(flags) == -1)
		return fail("unshare(%s%s%s%s%s)", flags & CLONE_NEWNS ?
		    "CLONE_NEWNS" : "", flags & CLONE_NEWPID ? " CLONE_NEWPID" : "",
		    flags & CLONE_NEWNET ? " CLONE_NEWNET" : "",
		    flags & CLONE_NEWIPC ? " CLONE_NEWIPC" : "",
		    flags & CLONE_NEWUTS ? " CLONE_NEWUTS" : "");
	if ((flags & CLONE_NEWNS) &&
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		return fail("making / private in the new mount namespace");
	if ((flags & CLONE_NEWNET) && loopback_up() == -1)
		return -1;
	if (p->o->hostname && sethostname(p->o->hostname,
	    strlen(p->o->hostname)) == -1)
		return fail("hostname %s", p->o->hostname);
	return 0;
}
