/* exec.c: the floor for runjail's own work: a program built as runjail is
 * (PIE, full RELRO, the C library alone) that only executes its argument.
 * bench/scale's table 4 subtracts it from a plain launch. */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	if (argc < 2)
		return 125;
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
