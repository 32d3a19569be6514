/* fuzz_options: libFuzzer harness for options.c, linked as it is (with
 * err.c and files.c): option values (rlimits, umask, nice, capability lists,
 * environment, mounts, paths), the profile parser, and whole command
 * lines.  The parsers return their errors; the harness checks that every
 * return is one the callers expect, and that a failure leaves a one-line
 * message with no control character in it.
 *
 * Input: first byte mod 3 is the mode.  0: lines "<k><value>", option
 * number k (mod the table) set to value; 1: the rest is a profile's text;
 * 2: the rest is a command line, one argument a line, where -p finds a
 * small profile. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runjail.h"

/* options.c's long-only option numbers, in its order. */
enum { K = 256 };
static const int fuzz_opts[] = { 'r', 'd', 'u', 'g', 'G', 'P', 'm', 'l', 'n',
	'c', 'e', 's', 'b', K, K + 1, K + 2, K + 3, K + 4, K + 5, K + 6, K + 7,
	K + 8, K + 9, K + 10, K + 11, K + 12, K + 13, K + 14, K + 15, K + 16,
	K + 17, K + 18, K + 19, K + 20, K + 21, K + 22, K + 23, K + 24, K + 25,
	K + 26, K + 27, K + 28, K + 29, K + 30, K + 31, K + 32, K + 33, 0,
	'h' };

int	LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
check_failure(int rc)
{
	const char *m = failure_text(), *p;

	if (rc != -1)
		return;
	if (m[0] == '\0')
		abort();	/* a failure must say what failed */
	for (p = m; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
}

static int
option_lines(struct opts *o, char *buf)
{
	char *line, *next;
	int rc = 0;

	for (line = buf; rc == 0 && line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		rc = set_option(o, fuzz_opts[(unsigned char)line[0] %
		    (sizeof fuzz_opts / sizeof fuzz_opts[0])], line + 1);
	}
	return rc;
}

static int
command_line(struct opts *o, char *buf)
{
	char *argv[64], *line, *next, text[] = "user nobody\ncommand /bin/true\n";
	int argc = 0, rc;

	argv[argc++] = "runjail";
	for (line = buf; argc < 63 && line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		argv[argc++] = line;
	}
	argv[argc] = NULL;
	(void)options_profile(argc, argv);
	rc = parse_args(o, argc, argv, text, "/etc/runjail/fuzz.conf");
	if (rc != 0 && rc != -1 && rc != PARSE_HELP && rc != PARSE_VERSION)
		abort();
	if (rc == 0 && !o->check && (o->cmd[0] == NULL || o->cmd[0][0] == '\0'))
		abort();	/* a description with no command */
	return rc;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct opts o;
	char *buf;
	int rc;

	if (size == 0 || (buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	memset(&o, 0, sizeof o);
	o.umask = -1;
	switch (data[0] % 3) {
	case 0:
		rc = option_lines(&o, buf);
		break;
	case 1:
		rc = parse_profile(&o, buf, "/etc/runjail/fuzz.conf");
		break;
	default:
		rc = command_line(&o, buf);
		break;
	}
	if (rc != 0 && rc != -1 && data[0] % 3 != 2)
		abort();
	check_failure(rc);
	/* runjail never frees what it parsed (it execs next); the harness
	 * frees what it can find, and runs with detect_leaks=0. */
	while (o.npermit > 0)
		free((char *)o.permit[--o.npermit].word);
	free(buf);
	return 0;
}
