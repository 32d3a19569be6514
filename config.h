/* config.h: compile-time defaults of runjail.  Packagers: edit here. */

#define RUNJAIL_VERSION	"0.1"

/* PATH given to the service, and searched for a bare command name inside
 * the jail.  -e PATH=... replaces it. */
#define DEFAULT_PATH	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* SHELL given to the service when the user database has none, or when no
 * lookup was done (numeric -u, -g and -G). */
#define DEFAULT_SHELL	"/bin/sh"

/* Where -p NAME finds NAME.conf. */
#define PROFILE_DIR	"/etc/runjail"

/* Warn (root caller) when the jail root or one of its parents is not owned
 * by root or is writable by group or other.  Set to 0 to silence it; the
 * check itself always runs for --check and for callers who are not root. */
#define WARN_ROOT_OWNERSHIP	1

/* The umask of a service that a profile runs for a caller other than root,
 * when the profile sets none: the caller's is not passed on. */
#define DEFAULT_UMASK	022

/* A set-user-ID runjail refuses to start with less stack than this (the
 * caller's hard limit, when it cannot be raised). */
#define MIN_STACK	((rlim_t)256 * 1024)

/* Seconds runjail waits for the process that opens a file as the caller
 * (the caller could stop it). */
#define CALLER_OPEN_TIMEOUT	10

/* The user and group ids --check and --dry-run read the jail as when root
 * runs them, keeping only CAP_DAC_READ_SEARCH: numeric, nothing is looked
 * up (65534 is the kernel's overflow id, nobody on Debian). */
#define LOOK_UID	65534
#define LOOK_GID	65534

/* --pid-ns: seconds between the TERM and the KILL of what is left in the
 * namespace once the command has exited (--kill-after). */
#define KILL_AFTER	5
