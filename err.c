/*
 * err.c: runjail's one error idiom.  A step that fails records what and
 * why (fail, failx, fail_status) and returns -1; its callers pass the -1
 * up unchanged to the one reporting point, report() in runjail.c, which
 * prints "runjail: <what>: <why>" and ends runjail with the status
 * recorded: 125, 126 or 127.  Nothing here prints an error or exits, so
 * the parsers can be fuzzed and the steps composed.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "runjail.h"

/* The failure being reported.  Global, the only state here: a step may
 * fail at any depth, and the reporting point must read what it said
 * without every function in between carrying it. */
static struct {
	int	 status;
	char	 where[96];	/* "NAME.conf:LINE" of a profile, or "" */
	char	 msg[1024];
} failure = { EXIT_FAILED, "", "" };

static void
vrecord(int errnum, const char *fmt, va_list ap)
{
	size_t n;

	/* A message with nothing to format is copied: printf's machinery
	 * needs kilobytes of stack, and own_limits() reports a stack too
	 * small for it. */
	if (strchr(fmt, '%') == NULL) {
		n = strnlen(fmt, sizeof failure.msg - 1);
		memcpy(failure.msg, fmt, n);
		failure.msg[n] = '\0';
	} else
		vsnprintf(failure.msg, sizeof failure.msg, fmt, ap);
	n = strlen(failure.msg);
	if (errnum)
		snprintf(failure.msg + n, sizeof failure.msg - n, ": %s",
		    strerror(errnum));
	sanitize(failure.msg);
	failure.where[0] = '\0';
}

int
fail_status(int status, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(errnum, fmt, ap);
	va_end(ap);
	failure.status = status;
	return -1;
}

/* The failure recorded was in line LINE of the profile at PATH: say
 * where, and mark it as the profile's (root's text, see report()). */
int
fail_in_profile(const char *path, int line)
{
	char msg[sizeof failure.msg + PATH_MAX + 16];
	const char *base = strrchr(path, '/');

	snprintf(msg, sizeof msg, "%s:%d: %s", path, line, failure.msg);
	sanitize(msg);
	memcpy(failure.msg, msg, sizeof failure.msg - 1);
	snprintf(failure.where, sizeof failure.where, "%s:%d",
	    base ? base + 1 : path, line);
	sanitize(failure.where);
	return -1;
}

int
failure_status(void)
{
	return failure.status;
}

const char *
failure_text(void)
{
	return failure.msg;
}

/* "NAME.conf:LINE" if the failure is in a profile's text, else NULL. */
const char *
failure_in_profile(void)
{
	return failure.where[0] ? failure.where : NULL;
}

/* A warning is not a failure: said at once, and runjail goes on. */
void
warnmsg(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sanitize(msg);
	dprintf(STDERR_FILENO, "runjail: warning: %s\n", msg);
}
