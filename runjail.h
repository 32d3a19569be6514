/* runjail.h: what the launcher's files share: runjail.c (options and the
 * launch), policy.c (profiles, who may run what, opening as the caller, the
 * audit log), jail.c (the root, mounts, chroot), daemon.c (pidfile,
 * watcher, output files), exec.c (environment, exec), check.c (--check),
 * reset.c (a profile caller's process, reset) and landlock.c (the
 * service's Landlock domain). */
#ifndef RUNJAIL_H
#define RUNJAIL_H

#include <sys/resource.h>
#include <sys/types.h>
#include <limits.h>
#include <stdint.h>

#define EXIT_FAILED	125	/* runjail itself failed */
#define EXIT_CANNOT	126	/* command found but could not be executed */
#define EXIT_NOTFOUND	127	/* command not found */

#define MAXENV		256	/* -e and --keep-env, each */
#define MAXMOUNTS	64	/* --bind and --ro-bind */
#define MAXPERMIT	64	/* permit entries in a profile */

struct mountreq {
	const char	*src, *dst;
	int		 ro;
};

struct opts {
	const char	*root;		/* -r: jail root, absolute */
	const char	*dir;		/* -d: working directory */
	const char	*user, *group, *groups;	/* as given */
	int		 proc;		/* -P */
	int		 umask;		/* -m, or -1: inherited */
	int		 setnice, nice;	/* -n */
	struct {
		int		set;
		struct rlimit	rl;
	}		 rlim[RLIM_NLIMITS];
	uint64_t	 caps;		/* -c: capabilities to keep */
	const char	*setenv[MAXENV];	/* -e VAR=VALUE */
	int		 nsetenv;
	const char	*keepenv[MAXENV];	/* --keep-env VAR */
	int		 nkeepenv;
	struct mountreq	 mounts[MAXMOUNTS];	/* --bind, --ro-bind */
	int		 nmounts;
	const char	*seccomp;	/* -s: built-in name or policy file */
	int		 seccomp_log;
	int		 background;	/* -b */
	const char	*pidfile, *stdout_file, *stderr_file;
	int		 check;		/* --check: audit only */
	char		**cmd;		/* what runs: profile command + operands */

	/* From a profile (-p). */
	const char	*profile;	/* its name */
	char		**pcmd;		/* its "command", or NULL */
	int		 pcmd_n;
	int		 args_any;	/* "args any": callers may add arguments */
	uid_t		 permit_uid[MAXPERMIT];
	int		 npermit_uid;
	gid_t		 permit_gid[MAXPERMIT];
	int		 npermit_gid;
	const char	*cli_option;	/* first command-line option besides -p */
};

struct target {
	uid_t		 uid;
	gid_t		 gid;
	gid_t		*groups;
	int		 ngroups;
	char		 name[256], home[PATH_MAX], shell[PATH_MAX];
};

/* Who called us: the real ids and groups at start, kept because runjail
 * sets its real uid to 0 when it runs set-user-ID. */
struct caller {
	uid_t		 uid;
	gid_t		 gid;
	gid_t		*groups;
	int		 ngroups;
	char		 name[64];
	int		 setuid;	/* runjail runs set-user-ID for a caller other than root */
	struct rlimit	 rlim[RLIM_NLIMITS];	/* the caller's limits, when setuid */
};
extern struct caller caller;

/* runjail.c */
void	die(int, int, const char *, ...)
	    __attribute__((noreturn, format(printf, 3, 4)));
void	warnmsg(const char *, ...) __attribute__((format(printf, 1, 2)));
#define fail(...)	die(EXIT_FAILED, errno, __VA_ARGS__)
#define failx(...)	die(EXIT_FAILED, 0, __VA_ARGS__)
extern const char *errwhere;	/* "file:line" prefixed to messages, or NULL */
int	option_by_name(const char *name, int *has_arg);
void	set_option(struct opts *, int opt, const char *arg);
int	check_root_chain(int fd, void (*report)(const char *dir, const char *why));
int	parse_id(const char *, unsigned int *);
#ifdef RUNJAIL_FUZZ
#include <setjmp.h>
extern jmp_buf	fuzz_die;	/* fuzz builds only: die() returns here */
#endif
char	*xstrdup(const char *);

/* The command's environment (exec.c). */
struct env {
	char	*v[MAXENV * 2 + 8];
	int	 n;
};

/* runjail.c */
void	stack_back(void);

/* jail.c */
int	open_root(const char *path, int as_caller);
void	private_mount_ns(void);
void	build_jail(const struct opts *);

/* exec.c */
void	build_env(const struct opts *, const struct target *,
	    char *const *callerenv, struct env *);
const char *exec_command(char **argv, const struct env *);
int	path_next(const char **p, const char *name, char *file, size_t size);
const char *command_path(const struct opts *, char *const *callerenv);
void	exec_report(char **argv, const struct env *, const char *failed,
	    int errnum) __attribute__((noreturn));

/* daemon.c */
void	pidfile_prepare(const char *path);
void	pidfile_remove(void);
void	pidfile_inherit(void);
void	fork_watcher(int background, int pidfile);
int	open_output(const char *path);
void	watcher_tell(unsigned char status);
void	watcher_exec_next(void);
void	daemon_failed(void);

/* landlock.c */
int	landlock_abi(void);
int	ptrace_scope(void);

/* reset.c */
void	reset_inherited(void);
void	reset_cgroup(void);

/* check.c */
int	run_check(const struct opts *, const struct target *, int rootfd,
	    const char *path);

/* policy.c */
void	load_profile(struct opts *, const char *name);
void	parse_profile(struct opts *, char *text, const char *path);
void	enforce_policy(struct opts *, struct target *);
void	permit_check(const struct opts *);
void	audit_open(void);
void	audit(const struct opts *, const struct target *, const char *result);
int	open_as_caller(const char *path, int flags);

#endif
