/* fuzz_options: libFuzzer harness for runjail's option values (rlimit
 * values, umask, nice, capability lists, environment, mount and path
 * options) and for the profile parser.  Built with -DRUNJAIL_FUZZ, under
 * which die() longjmps back here instead of exiting: that hook exists only
 * in this build, never in the installed program.
 *
 * Input: first byte even: lines "<k><value>", option number k (mod the
 * table) set to value; odd: the rest is a profile's text. */
#define main runjail_main
#include "../runjail.c"
#undef main

jmp_buf	fuzz_die;

static const int fuzz_opts[] = { 'r', 'd', 'u', 'g', 'G', 'P', 'm', 'l', 'n',
	'c', 'e', 's', 'b', OPT_KEEPENV, OPT_SECCOMP_LOG, OPT_BIND, OPT_ROBIND,
	OPT_PIDFILE, OPT_STDOUT, OPT_STDERR, OPT_CHECK };

int	LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct opts o;
	char *buf, *line, *next;

	if (size == 0 || (buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	memset(&o, 0, sizeof o);
	o.umask = -1;
	errwhere = NULL;
	if (setjmp(fuzz_die) == 0) {
		if (data[0] & 1)
			parse_profile(&o, buf, "fuzz.conf");
		else
			for (line = buf; line && *line; line = next) {
				if ((next = strchr(line, '\n')) != NULL)
					*next++ = '\0';
				set_option(&o, fuzz_opts[(unsigned char)line[0] %
				    (sizeof fuzz_opts / sizeof fuzz_opts[0])],
				    line + 1);
			}
	}
	/* runjail never frees what it parsed (it execs next); the harness
	 * must, or memory grows with every input. */
	while (o.nmounts > 0)
		free((char *)o.mounts[--o.nmounts].src);
	while (o.pcmd && o.pcmd_n > 0)
		free(o.pcmd[--o.pcmd_n]);
	free(o.pcmd);
	if (data[0] & 1) {
		const char **strs[] = { &o.root, &o.dir, &o.user, &o.group,
		    &o.groups, &o.seccomp, &o.pidfile, &o.stdout_file,
		    &o.stderr_file };
		size_t i;
		for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
			free((char *)*strs[i]);
		for (i = 0; i < (size_t)o.nsetenv; i++)
			free((char *)o.setenv[i]);
		for (i = 0; i < (size_t)o.nkeepenv; i++)
			free((char *)o.keepenv[i]);
	}
	free(buf);
	return 0;
}
