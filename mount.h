/* mount.h: the jail being built, and the mount primitives jail.c,
 * overlay.c and passwd.c share (mount.c).  Every function returns -1
 * with the failure recorded (err.c). */
#ifndef RUNJAIL_MOUNT_H
#define RUNJAIL_MOUNT_H

#include "runjail.h"

/* A tmpfs runjail mounted in the jail, where mount points may be made. */
struct own {
	const char	*path;	/* where, in the jail */
	int		 fd;	/* its root */
};

struct jail {
	int		 rootfd;	/* the jail root, or the mount covering it */
	const char	*root;		/* its path, for messages */
	const char	*at;		/* the same before a path in it ("" for /) */
	const struct caller *as_caller;	/* a self-jail's: looks in the jail */
	int		 scratch;	/* runjail's own tmpfs outside the jail, or -1 */
	struct own	*own;		/* --tmpfs, /dev, /dev/shm, a union: */
	int		 nown, maxown;	/* grown as needed (at most
					 * MAXMOUNTS + 4): a launch with few
					 * touches no stack or heap for more */
	int		 proc_table;	/* -P: the host's proc options from mountinfo */
};

enum point { POINT_DIR, POINT_FILE };

int	mount_point(struct jail *, const char *dst, enum point);
int	jail_lookup(const struct jail *, const char *path);
int	attach_fs(int fs, int dst, unsigned int attrs, const char *type,
	    const char *root, const char *path);
int	attach_tree(int tree, int dst, unsigned int attrs, const char *what,
	    const char *root, const char *path);
int	own_tmpfs(struct jail *, const char *path, int mnt);
const struct own *own_holding(const struct jail *, const char *dst);
int	scratch(struct jail *);
int	real_path(int fd, char *path, size_t size);
int	is_below(const char *path, const char *dir);
int	open_root_dir(const char *path, const char *what, const char *role);
int	copy_attrs(int from, int to);

/* overlay.c */
int	union_root(struct jail *, const struct opts *);
int	read_only_union(int top, int bottom, int dst, const char *root,
	    const char *path);
int	count_mounts_below(const char *path);

/* passwd.c */
int	mount_passwd(struct jail *, const struct plan *);

#endif
