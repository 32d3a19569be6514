/* scmp.c: libseccomp, loaded when the plan needs it (see scmp.h for why
 * and when).  Loaded at most once, by dlopen(3) of its shared object's
 * name, found as the dynamic loader finds a program's libraries (for a
 * set-user-ID runjail, in the system's directories only: the loader
 * ignores LD_LIBRARY_PATH then), and never after rj_scmp_seal(). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "scmp.h"

/* With RJ_SCMP_DIRECT (make STATIC_LIBS=1), libseccomp is linked in and
 * there is nothing to load. */
#ifndef RJ_SCMP_DIRECT

#ifndef RJ_LIBSECCOMP_SONAME
#define RJ_LIBSECCOMP_SONAME	"libseccomp.so.2"
#endif

/* The one mutable global: what was loaded, and whether it may still be
 * (the plan's and then the launch's, one process, no threads). */
static struct {
	struct rj_scmp	fn;
	int		loaded, sealed;
} lib;

/* Each function's name and where its address goes. */
#define FN(field, name)	{ name, (void **)&lib.fn.field }
static const struct {
	const char	*name;
	void		**to;
} fns[] = {
	FN(init, "seccomp_init"),
	FN(load, "seccomp_load"),
	FN(release, "seccomp_release"),
	FN(attr_set, "seccomp_attr_set"),
	FN(arch_add, "seccomp_arch_add"),
	FN(arch_native, "seccomp_arch_native"),
	FN(rule_add, "seccomp_rule_add"),
	FN(rule_add_array, "seccomp_rule_add_array"),
	FN(export_bpf, "seccomp_export_bpf"),
	FN(resolve_name, "seccomp_syscall_resolve_name"),
	FN(resolve_num_arch, "seccomp_syscall_resolve_num_arch"),
	FN(notify_alloc, "seccomp_notify_alloc"),
	FN(notify_free, "seccomp_notify_free"),
	FN(notify_receive, "seccomp_notify_receive"),
	FN(notify_respond, "seccomp_notify_respond"),
	FN(notify_id_valid, "seccomp_notify_id_valid"),
};

int
rj_scmp_need(char *err, size_t errlen)
{
	const char *why;
	void *h;
	size_t i;

	if (lib.loaded)
		return 0;
	if (lib.sealed) {
		snprintf(err, errlen, "libseccomp: needed after the plan (a bug)");
		return -1;
	}
	/* RTLD_NOW: every symbol bound now, as -z now does for runjail's
	 * own; RTLD_LOCAL: nothing else is bound to it. */
	if ((h = dlopen(RJ_LIBSECCOMP_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		snprintf(err, errlen, "libseccomp: cannot load %s: %s",
		    RJ_LIBSECCOMP_SONAME, why ? why : "unknown error");
		return -1;
	}
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		if ((*fns[i].to = dlsym(h, fns[i].name)) == NULL) {
			snprintf(err, errlen, "libseccomp: %s: no %s (libseccomp "
			    "2.5 or later is needed)", RJ_LIBSECCOMP_SONAME,
			    fns[i].name);
			memset(&lib.fn, 0, sizeof lib.fn);
			dlclose(h);
			return -1;
		}
	lib.loaded = 1;
	return 0;
}

void
rj_scmp_seal(void)
{
	lib.sealed = 1;
}

const struct rj_scmp *
rj_scmp_get(void)
{
	static const char msg[] = "runjail: libseccomp: called before it "
	    "was loaded (a bug)\n";

	ssize_t n;

	if (!lib.loaded) {
		n = write(2, msg, sizeof msg - 1);
		(void)n;
		_exit(125);
	}
	return &lib.fn;
}

#endif /* !RJ_SCMP_DIRECT */
