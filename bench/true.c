/* true.c: a static program that does nothing, for the benchmark's floor.
 * Built with -static -nostdlib: its cost is execve(2) and exit, nothing
 * else (no libc start-up). */
void _start(void) __attribute__((noreturn));

void
_start(void)
{
	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");
	__builtin_unreachable();
}
