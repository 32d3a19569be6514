/* runjail.h: what the launcher's files share.  The launch is three
 * phases: a description (struct opts, options.c) is turned into a
 * read-only plan (struct plan, plan.c with policy.c), and the plan is
 * carried out in numbered steps (runjail.c, with jail.c, daemon.c,
 * privs.c, reset.c, landlock.c and exec.c).  Every function that can fail
 * returns -1 with the failure recorded (err.c). */
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
#define MAXMOUNTS	1024	/* --bind, --ro-bind, --tmpfs, --dev-bind */
#define MAXUNIONS	128	/* --overlay: mounts below the lower directory */
#define MAXPERMIT	64	/* permit entries in a profile */
#define MAXWORDS	256	/* words on a profile line (split_words()) */
#define MAXLISTEN	64	/* --listen-fds: descriptors passed */
#define MAXPORTS	64	/* --landlock-bind, --landlock-connect */

struct rj_filter;

/* What --bind, --ro-bind, --tmpfs and --dev-bind ask, in their order. */
enum mountkind { MOUNT_BIND, MOUNT_TMPFS, MOUNT_DEVICE };

struct mountreq {
	enum mountkind	 kind;
	const char	*src, *dst;	/* src: NULL for a tmpfs */
	int		 ro;
	unsigned long long size;	/* a tmpfs's size in bytes, or 0 */
};

/* --dev and what it adds. */
#define DEV_MIN		1	/* --dev: null, zero, full, random, urandom, tty */
#define DEV_PTS		2	/* --dev-pts: a devpts of its own, ptmx */
#define DEV_SHM		4	/* --dev-shm: a tmpfs on /dev/shm */

struct opts {
	const char	*root;		/* -r: jail root, absolute */
	const char	*dir;		/* -d: working directory */
	const char	*user, *group, *groups;	/* as given */
	int		 proc;		/* -P */
	int		 ro_root;	/* --ro-root */
	int		 dev;		/* --dev: DEV_* bits, or 0 */
	int		 syslog;	/* --syslog: the host's /dev/log bound */
	int		 passwd;	/* --passwd: the target's own user database */
	int		 overlay;	/* --overlay: a union root */
	const char	*overlay_upper;	/* --overlay-upper: its lasting layer */
	int		 umask;		/* -m, or -1: inherited */
	int		 setnice, nice;	/* -n */
	struct {
		int		set;
		struct rlimit	rl;
	}		 rlim[RLIM_NLIMITS];
	uint64_t	 caps;		/* -c: capabilities to keep */
	int		 nsetenv;
	int		 nkeepenv;
	int		 nmounts;
	const char	*seccomp;	/* -s: built-in name or policy file */
	int		 seccomp_log;
	int		 background;	/* -b */
	const char	*pidfile, *stdout_file, *stderr_file;
	int		 pid_ns, net_ns, ipc_ns;	/* --pid-ns, --net-ns, --ipc-ns */
	const char	*hostname;	/* --hostname: a UTS namespace */
	int		 kill_after;	/* --kill-after, seconds */
	int		 listen_fds;	/* --listen-fds: socket activation */
	int		 notify;	/* --notify: sd_notify relayed */
	int		 wait_ready;	/* --wait-ready, seconds, or 0 */
	int		 ready_fd;	/* --ready-fd: a descriptor, or 0 */
	int		 check;		/* --check: audit only */
	int		 dry_run;	/* --dry-run: print the plan only */
	const char	*learn;		/* --learn DIR */
	const char	*compile_out;	/* --compile-seccomp FILE */
	int		 landlock;	/* --landlock: 1, --landlock-strict: 2 */
	int		 nll_write;
	char		**cmd;		/* what runs: profile command + operands */

	/* From a profile (-p). */
	const char	*profile;	/* its name */
	char		**pcmd;		/* its "command", or NULL */
	int		 pcmd_n;
	int		 args_any;	/* "args any": callers may add arguments */
	const char	*profile_path;	/* its file, for messages */
	int		 npermit;
	const char	*cli_option;	/* first command-line option besides -p */
	int		 noperands;	/* arguments the caller added */

	/* The room for the most of everything, last: a launch touches the
	 * pages of what it uses (runjail.c maps the description), and the
	 * fields above, one page, are all it reads of the rest. */
	const char	*setenv[MAXENV];	/* -e VAR=VALUE */
	const char	*keepenv[MAXENV];	/* --keep-env VAR */
	struct mountreq	 mounts[MAXMOUNTS];	/* --bind, --ro-bind */
	const char	*ll_write[MAXMOUNTS];	/* --landlock-write */
	struct {
		int		set;	/* restricted: only these */
		int		n;
		unsigned short	port[MAXPORTS];
	}		 ll_bind, ll_connect;	/* --landlock-bind, -connect */
	char		 profile_file[PATH_MAX];	/* storage for it */
	struct {
		const char	*word;	/* "user:NAME" or "group:NAME", as written */
		int		 line;
	}		 permit[MAXPERMIT];
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
	mode_t		 umask;
	char		**env;		/* the caller's environment, never exported */
	int		 listen_fds;	/* LISTEN_FDS naming runjail: fds 3..3+N-1 kept */
	int		 ready_fd;	/* root's --ready-fd, kept open, or 0 */
};

/* The command's environment (exec.c). */
struct env {
	char	*v[MAXENV * 2 + 8];
	int	 n;
};

/* Who asks, decided once (plan.c): root; a caller other than root with a
 * profile that permits it; a caller other than root jailing itself. */
enum mode { MODE_ROOT, MODE_PROFILE, MODE_SELF };

/* A limit of the plan: left as it is, set as asked, or reset to init's for
 * a profile caller (whose lowered hard limit may have to stay). */
enum limit { LIMIT_KEEP, LIMIT_SET, LIMIT_RESET };

/* What the launch does, decided before it starts, read-only after. */
struct plan {
	const struct opts	*o;
	const struct caller	*c;
	enum mode	 mode;
	struct target	 t;
	struct {
		enum limit	 how;
		struct rlimit	 rl;
	}		 rlim[RLIM_NLIMITS];
	int		 setnice, nice;
	mode_t		 umask;
	const char	*dir;		/* chdir in the jail, or NULL: stay */
	int		 root_as_caller;	/* open the jail root as the caller */
	int		 root_strict;	/* a root chain not root's: refuse, not warn */
	int		 reset;		/* reset what the caller's process hands on */
	int		 ns_flags;	/* CLONE_NEW* to unshare at step 6 */
	struct rj_filter *filter;	/* -s, compiled, or NULL */
	size_t		 filter_len;	/* its instructions */
	struct rj_filter *guard;	/* the terminal guard, or NULL */
	struct rj_filter *netguard;	/* --landlock ports: no MPTCP, no SCTP */
	struct env	 env;		/* the command's environment */
	char		*listen_pid;	/* "LISTEN_PID=" in env, filled at exec */
	char		 notify_name[64];	/* --notify: the service's socket (abstract) */
	const char	*notify_to;	/* the caller's NOTIFY_SOCKET, or NULL */
	char		*passwd, *group;	/* --passwd: the files' text */
	int		 ll_abi;	/* the Landlock ABI used, 0: none */
	int		 proc_table;	/* -P: proc options from mountinfo (a test hook) */
};

/* What the host side of the launch hands the jail side. */
struct run {
	int	 outfd, errfd;	/* --stdout, --stderr, or -1 */
	int	 outer;		/* --pid-ns: read end of a pipe the supervisor holds */
	int	 ready;		/* --wait-ready --notify: where 'R' tells the watcher */
	int	 notify_out;	/* --notify: a socket of the host's, to send on */
	int	 status;	/* --pid-ns: where init tells the service's status */
	int	 notify_in;	/* --notify, in init: the service's socket */
	int	 notify_up;	/* --notify, in init: to the supervisor */
	int	 learn;		/* --learn: to the learner */
	int	 landlock;	/* --landlock: the ruleset, made in the jail */
};

#define NO_LANDLOCK	"proc: this kernel has no Landlock, so the jail's /proc " \
	"would reach processes outside it (see SECURITY in runjail(8))"

#define PARSE_HELP	1	/* parse_args(): --help */
#define PARSE_VERSION	2	/* parse_args(): --version */

/* err.c */
int	fail_status(int status, int errnum, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
#define fail(...)	fail_status(EXIT_FAILED, errno, __VA_ARGS__)
#define failx(...)	fail_status(EXIT_FAILED, 0, __VA_ARGS__)
int	fail_in_profile(const char *path, int line);
int	failure_status(void);
const char *failure_text(void);
const char *failure_in_profile(void);
void	warnmsg(const char *, ...) __attribute__((format(printf, 1, 2)));

/* options.c */
extern const char usage_text[];
const char *options_profile(int argc, char *argv[]);
int	parse_args(struct opts *, int argc, char *argv[], char *text,
	    const char *path);
int	parse_profile(struct opts *, char *text, const char *path);
int	set_option(struct opts *, int opt, const char *arg);
int	split_words(char *s, char **w, const char **msg);
int	parse_id(const char *, unsigned int *);
void	str_copy(char *, size_t, const char *);
void	uint_str(char *, size_t, unsigned int);
int	cap_from_name(const char *);
const char *cap_name(unsigned);
int	wants_mounts(const struct opts *);
int	binds_device(const struct opts *);
const char *rlimit_name(int resource);

/* plan.c */
int	make_plan(const struct opts *, const struct caller *, struct plan *);
int	print_plan(const struct plan *, int rootfd);

/* policy.c */
char	*read_profile(const char *name, char *path, size_t pathlen);
int	profile_permits_caller(const char *text, const struct caller *);
int	apply_policy(struct plan *);
void	audit_open(const struct caller *);
void	audit(const struct caller *, const struct opts *,
	    const struct target *, const char *result);

/* privs.c */
int	become_root(const struct caller *);
int	fs_as(uid_t, gid_t);
int	set_limits(const struct plan *);
int	command_limits(const struct plan *);
int	drop_privileges(const struct target *, uint64_t caps);
int	verify_privileges(const struct target *, uint64_t caps);
int	read_only_privileges(const struct caller *);
int	drop_capabilities(uint64_t keep);
int	judge_root(int rootfd, const struct plan *);
int	discard_pending(void);
int	reset_signals(void);

/* ns.c */
int	enter_namespaces(const struct plan *);

/* init.c */
int	split_supervisor(const struct plan *, struct run *);
int	fork_service(const struct plan *, const struct run *);
int	late_notify_socket(const struct plan *);

/* jail.c */
int	open_root(const char *path, const struct caller *as_caller);
int	build_jail(const struct plan *);

/* passwd.c */
int	plan_passwd(struct plan *);

/* exec.c */
int	build_env(const struct plan *, struct env *);
int	env_set(struct env *, const char *name, size_t len, const char *value);
const char *env_lookup(char *const *env, const char *name);
const char *exec_command(char **argv, const struct env *, char *file,
	    size_t size);
int	path_next(const char **p, const char *name, char *file, size_t size);
int	find_command(const struct plan *, int rootfd, char *file, size_t size);
int	exec_report(char **argv, const struct env *, const char *failed,
	    int errnum);
void	stack_back(void);

/* daemon.c */
int	pidfile_prepare(const char *path);
void	pidfile_remove(void);
int	pidfile_inherit(void);
int	fork_watcher(const struct plan *, struct run *);
int	exit_code(int status);
void	end_as(int status) __attribute__((noreturn));
int	open_output(const char *path);
void	watcher_tell(unsigned char status);
void	watcher_detach(void);
int	pidfile_lock(void);
int	watcher_exec_next(void);
void	daemon_failed(void);

/* learn.c */
int	fork_learner(const struct plan *, struct run *);
int	learn_arm(int sock);

/* landlock.c */
int	landlock_abi(void);
int	plan_landlock_abi(const struct caller *);
int	ptrace_scope(int abi);
int	landlock_check_abi(const struct plan *);
int	landlock_ruleset(const struct plan *, const struct run *);
int	landlock_enter(int ruleset);
void	landlock_describe(const struct plan *, char *buf, size_t size);
struct stat;
int	target_can_write(const struct target *, const struct stat *);

/* reset.c */
int	reset_inherited(void);
int	reset_cgroup(void);

/* check.c */
int	run_check(const struct plan *, int rootfd, int outside);
int	count_outside(const struct target *, int rootfd);

#endif
