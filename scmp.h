/* scmp.h: libseccomp, loaded only when a launch needs it (scmp.c).
 *
 * The built-in profiles and the terminal guard are compiled at build time
 * and a compiled policy file is loaded as it is: a launch with those needs
 * no libseccomp, and runjail does not make the dynamic loader map it into
 * every launch (with libcap-ng, whose names capnames.h holds, about
 * 0.075 ms of every launch's start-up here).  A
 * policy file to compile, the Landlock ports' guard and --learn need it:
 * the plan calls rj_scmp_need(), which dlopen(3)s it then, and only then.
 *
 *   rj_scmp_need  load libseccomp now, if not yet; -1 with one line in
 *                 err if it cannot be loaded, or if the launch is past
 *                 the plan (rj_scmp_seal)
 *   rj_scmp_seal  no loading from now on: called when the launch starts
 *                 making things (runjail.c, step 4), before any namespace
 *                 or chroot could make the loader read another tree's
 *                 files (inside a jail, a library of the jail's own)
 *
 * Files that call libseccomp include this header instead of <seccomp.h>:
 * each seccomp_* function they use becomes a call through the table
 * rj_scmp_get() returns, which stops runjail (an internal error, exit 125)
 * if nothing is loaded, rather than call through a null pointer.  Built
 * with RJ_SCMP_DIRECT (the build-time generator, the unit tests, the
 * fuzzer, make STATIC_LIBS=1), the functions are linked in as usual. */
#ifndef RUNJAIL_SCMP_H
#define RUNJAIL_SCMP_H

#include <stddef.h>
#include <seccomp.h>

#ifdef RJ_SCMP_DIRECT
static inline int rj_scmp_need(char *err, size_t errlen)
{ (void)err; (void)errlen; return 0; }
static inline void rj_scmp_seal(void) { }
#else
struct rj_scmp {
	__typeof__(seccomp_init)		*init;
	__typeof__(seccomp_load)		*load;
	__typeof__(seccomp_release)		*release;
	__typeof__(seccomp_attr_set)		*attr_set;
	__typeof__(seccomp_arch_add)		*arch_add;
	__typeof__(seccomp_arch_native)		*arch_native;
	__typeof__(seccomp_rule_add)		*rule_add;
	__typeof__(seccomp_rule_add_array)	*rule_add_array;
	__typeof__(seccomp_export_bpf)		*export_bpf;
	__typeof__(seccomp_syscall_resolve_name) *resolve_name;
	__typeof__(seccomp_syscall_resolve_num_arch) *resolve_num_arch;
	__typeof__(seccomp_notify_alloc)	*notify_alloc;
	__typeof__(seccomp_notify_free)		*notify_free;
	__typeof__(seccomp_notify_receive)	*notify_receive;
	__typeof__(seccomp_notify_respond)	*notify_respond;
	__typeof__(seccomp_notify_id_valid)	*notify_id_valid;
};

int	rj_scmp_need(char *err, size_t errlen);
void	rj_scmp_seal(void);
const struct rj_scmp *rj_scmp_get(void);

#define seccomp_init		(*rj_scmp_get()->init)
#define seccomp_load		(*rj_scmp_get()->load)
#define seccomp_release		(*rj_scmp_get()->release)
#define seccomp_attr_set	(*rj_scmp_get()->attr_set)
#define seccomp_arch_add	(*rj_scmp_get()->arch_add)
#define seccomp_arch_native	(*rj_scmp_get()->arch_native)
#define seccomp_rule_add	(*rj_scmp_get()->rule_add)
#define seccomp_rule_add_array	(*rj_scmp_get()->rule_add_array)
#define seccomp_export_bpf	(*rj_scmp_get()->export_bpf)
#define seccomp_syscall_resolve_name (*rj_scmp_get()->resolve_name)
#define seccomp_syscall_resolve_num_arch (*rj_scmp_get()->resolve_num_arch)
#define seccomp_notify_alloc	(*rj_scmp_get()->notify_alloc)
#define seccomp_notify_free	(*rj_scmp_get()->notify_free)
#define seccomp_notify_receive	(*rj_scmp_get()->notify_receive)
#define seccomp_notify_respond	(*rj_scmp_get()->notify_respond)
#define seccomp_notify_id_valid	(*rj_scmp_get()->notify_id_valid)
#endif

#endif
