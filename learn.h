/* learn.h: --learn, between learn.c (the learner, which watches the
 * service) and learned.c (what it learned: the paths' table, and the
 * files written to DIR). */
#ifndef RUNJAIL_LEARN_H
#define RUNJAIL_LEARN_H

#include <stddef.h>
#include <time.h>

#define LEARN_MAXNR	1024	/* system call numbers counted */
#define LEARN_MAXPATHS	65536	/* paths recorded (a power of two) */
#define LEARN_MAXBYTES	(16 << 20)	/* and their bytes, all runs */
#define LEARN_MAXPROCS	1024	/* processes remembered, to kill at the end */

/* A path's flags (the letters in DIR/files). */
#define P_WROTE		1	/* w: written, or entries made or removed in it */
#define P_CREATED	2	/* c: made by the service */
#define P_MISSING	4	/* m: looked for, never there */
#define P_HOST		8	/* h: on the host */
#define P_SEEN		16	/* used in this run (not written out) */
#define P_GONE		32	/* removed by the command (not written out) */

struct seen {
	char		*path;	/* in the jail, absolute, clean */
	char		 kind;	/* at first use: f d l c b s p, or '-' none */
	unsigned char	 flags;
};

struct paths {
	struct seen	*tab;	/* open addressing, LEARN_MAXPATHS slots */
	size_t		 n;
	size_t		 bytes;	/* of the paths, at most LEARN_MAXBYTES */
	int		 full;	/* some paths were not recorded */
};

#define LEARN_MAXPORTS	64	/* TCP ports remembered, each way */

struct ports {
	unsigned short	 port[LEARN_MAXPORTS];
	int		 n;
};

struct calls {
	unsigned long	 count[LEARN_MAXNR];
	unsigned long	 total;	/* calls seen, the command's */
	struct ports	 bind, connect;	/* TCP ports, for Landlock */
};

void	add_port(struct ports *, unsigned short port);

/* What a run was, for the report. */
struct learnrun {
	const char	*command;
	int		 jail_only;	/* -r without --overlay: missing paths only */
	int		 status;	/* the command's exit status */
	double		 seconds;
};

struct seen *paths_add(struct paths *, const char *path, int *added);
int	learned_merge(int dir, struct calls *, struct paths *);
int	learned_write(int dir, const struct calls *, struct paths *,
	    const struct learnrun *);

#endif
