/*
 * overlay.c: --overlay and --overlay-upper (step 7).  The jail root
 * becomes a union (overlayfs) of a writable layer over the directory -r
 * names, which may be "/" itself: the service writes where it likes, the
 * host's files are never modified.  Each mount below that directory
 * (/usr, /var, /home on file systems of their own) gets a union of its
 * own with its own layer, since an overlayfs lower layer shows one file
 * system only; /proc, /sys and /dev never do (-P and --dev make the
 * jail's).  The writable layers live in runjail's scratch tmpfs (gone
 * with the service) or in the --overlay-upper directory (kept).
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "mount.h"

/* The mount points below the lower directory: paths relative to it ("/usr"),
 * parents before children. */
struct below {
	char	(*path)[PATH_MAX];
	int	 n;
};

/* mountinfo's octal escapes (\040 for a space) undone, in place. */
static void
unescape(char *s)
{
	char *out = s;

	for (; *s; s++)
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
			    (s[3] - '0'));
			s += 3;
		} else
			*out++ = *s;
	*out = '\0';
}

/* Whether rel ("/proc/x") is /proc, /sys or /dev, or below one. */
static int
never_unioned(const char *rel)
{
	static const char *const skip[] = { "/proc", "/sys", "/dev" };
	size_t i, n;

	for (i = 0; i < sizeof skip / sizeof skip[0]; i++) {
		n = strlen(skip[i]);
		if (!strncmp(rel, skip[i], n) && (rel[n] == '\0' || rel[n] == '/'))
			return 1;
	}
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Add rel to b unless it is there already (a mount over a mount). */
static int
add_below(struct below *b, const char *rel)
{
	int i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->path[i], rel))
			return 0;
	if (b->n == MAXUNIONS)
		return failx("overlay: more than %d mounts below the lower "
		    "directory", MAXUNIONS);
	snprintf(b->path[b->n++], PATH_MAX, "%s", rel);
	return 0;
}

/* The mounts below lower (its real path), from our mount namespace's
 * table, as it is before runjail mounts anything. */
static int
mounts_below(const char *lower, struct below *b)
{
	char line[3 * PATH_MAX], *f, *save;
	size_t n = strcmp(lower, "/") ? strlen(lower) : 0;
	FILE *m;
	int i, r = 0;

	if ((b->path = calloc(MAXUNIONS, PATH_MAX)) == NULL)
		return fail("overlay");
	if ((m = fopen("/proc/self/mountinfo", "re")) == NULL)
		return fail("/proc/self/mountinfo");
	while (r == 0 && fgets(line, sizeof line, m)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ...: the fifth field. */
		for (f = strtok_r(line, " ", &save), i = 1; f && i < 5; i++)
			f = strtok_r(NULL, " ", &save);
		if (f == NULL)
			continue;
		unescape(f);
		if (!strncmp(f, lower, n) && f[n] == '/' && f[n + 1] != '\0' &&
		    !never_unioned(f + n))
			r = add_below(b, f + n);
	}
	fclose(m);
	qsort(b->path, b->n, PATH_MAX, by_path);
	return r;
}

/* How many mounts are below path (a real path), or -1. */
int
count_mounts_below(const char *path)
{
	struct below b = { NULL, 0 };
	int n;

	n = mounts_below(path, &b) == -1 ? -1 : b.n;
	free(b.path);
	return n;
}

/* The name of rel's layer in the layers directory: "root" and rel with
 * '%' and '/' escaped ("root", "root%2Fusr"), one name per mount. */
static int
layer_name(const char *rel, char *name, size_t size)
{
	size_t n = snprintf(name, size, "root");

	for (; *rel && n + 4 < size; rel++)
		n += *rel == '/' || *rel == '%' ? (size_t)snprintf(name + n,
		    size - n, "%%%02X", (unsigned char)*rel) :
		    (size_t)snprintf(name + n, size - n, "%c", *rel);
	if (*rel || n > NAME_MAX)
		return failx("overlay: %s: too long a path for a layer's name", rel);
	return 0;
}

/* dir/name, made if missing (mode, root's), opened. */
static int
layer_dir(int dir, const char *name, mode_t mode, int *made)
{
	*made = mkdirat(dir, name, mode) == 0;
	if (!*made && errno != EEXIST)
		return -1;
	return openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* The layers given to the overlay fs, lower[0] on top, upper -1 for a
 * read-only union: by descriptor (lowerdir+, Linux 6.8 and later); else,
 * on older kernels, by the legacy option strings, each a /proc/self/fd
 * path, which needs no escaping (a ':' or ',' in a real path would) and
 * names the very directory opened. */
static int
set_layers(int fs, const int *lower, int nlower, int upper, int work)
{
	char path[64], list[2 * sizeof path];
	size_t n = 0;
	int i;

	if (fsconfig(fs, FSCONFIG_SET_FD, "lowerdir+", NULL, lower[0]) == 0) {
		for (i = 1; i < nlower; i++)
			if (fsconfig(fs, FSCONFIG_SET_FD, "lowerdir+", NULL,
			    lower[i]) == -1)
				return fail("overlay: lower layer");
		return upper != -1 && (fsconfig(fs, FSCONFIG_SET_FD, "upperdir",
		    NULL, upper) == -1 || fsconfig(fs, FSCONFIG_SET_FD, "workdir",
		    NULL, work) == -1) ? fail("overlay: layers") : 0;
	}
	if (errno != EINVAL)
		return fail("overlay: lower layer");
	for (i = 0; i < nlower && i < 2; i++)
		n += snprintf(list + n, sizeof list - n, "%s/proc/self/fd/%d",
		    i ? ":" : "", lower[i]);
	if (fsconfig(fs, FSCONFIG_SET_STRING, "lowerdir", list, 0) == -1)
		return fail("overlay: lowerdir");
	if (upper == -1)
		return 0;
	snprintf(path, sizeof path, "/proc/self/fd/%d", upper);
	if (fsconfig(fs, FSCONFIG_SET_STRING, "upperdir", path, 0) == -1)
		return fail("overlay: upperdir");
	snprintf(path, sizeof path, "/proc/self/fd/%d", work);
	return fsconfig(fs, FSCONFIG_SET_STRING, "workdir", path, 0) == -1 ?
	    fail("overlay: workdir") : 0;
}

/* A read-only union of top over bottom, mounted on dst (all three
 * closed): --passwd's files over the jail's /etc.  Returns its root. */
int
read_only_union(int top, int bottom, int dst, const char *root,
    const char *path)
{
	int lower[] = { top, bottom }, fs;

	if ((fs = fsopen("overlay", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(overlay)");
	if (set_layers(fs, lower, 2, -1, -1) == -1)
		return -1;
	close(top);
	close(bottom);
	return attach_fs(fs, dst, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV, "overlay", root, path);
}

/* The mount flags a union over lower keeps of lower's mount: noexec and
 * nosymfollow (the union is always nosuid and nodev). */
static unsigned int
lower_flags(int lower)
{
	unsigned int attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	struct statfs sf;

	if (fstatfs(lower, &sf) == 0) {
		if (sf.f_flags & ST_NOEXEC)
			attrs |= MOUNT_ATTR_NOEXEC;
#ifdef ST_NOSYMFOLLOW
		if (sf.f_flags & ST_NOSYMFOLLOW)
			attrs |= MOUNT_ATTR_NOSYMFOLLOW;
#endif
	}
	return attrs;
}

/* The union of rel's layer (in layers) over lower, mounted on dst.  The
 * writable layer's top directory is given the lower directory's owner,
 * mode and ACLs on every run (the union's top directory shows them: /tmp
 * stays 1777, a directory closed to a user stays closed).  Returns the
 * union's root, or -1 with errno from the kernel kept for union_below(). */
static int
make_union(int layers, const char *rel, int lower, int dst, const char *root)
{
	char name[NAME_MAX + 1];
	int dir, up, work, fs, made, mnt, err;

	if (layer_name(rel, name, sizeof name) == -1)
		return -1;
	if ((dir = layer_dir(layers, name, 0700, &made)) == -1 ||
	    (up = layer_dir(dir, "upper", 0755, &made)) == -1 ||
	    copy_attrs(lower, up) == -1 ||
	    (work = layer_dir(dir, "work", 0700, &made)) == -1)
		return fail("overlay: the layer of %s%s", root, rel);
	close(dir);
	if ((fs = fsopen("overlay", FSOPEN_CLOEXEC)) == -1)
		return fail("fsopen(overlay)");
	if (set_layers(fs, &lower, 1, up, work) == -1)
		return -1;
	mnt = attach_fs(fs, dst, lower_flags(lower), "overlay", root, rel);
	err = errno;
	close(up);
	close(work);
	errno = err;
	return mnt;
}

static int
open_beneath(int dir, const char *rel)
{
	struct open_how how;

	memset(&how, 0, sizeof how);
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
	return (int)syscall(SYS_openat2, dir, rel + 1, &how, sizeof how);
}

/* The mount at rel below the old root: its own union on the new root, or,
 * when it is a file (a bound resolv.conf) or a file system overlayfs
 * cannot take as a layer, the same read-only (warned: the service cannot
 * write there). */
static int
union_below(int layers, int old, int new, const char *rel, const char *root)
{
	struct stat st;
	int lower, dst, mnt, tree;

	/* Gone or hidden by a mount above it: the host does not show it
	 * either. */
	if ((lower = open_beneath(old, rel)) == -1 ||
	    (dst = open_beneath(new, rel)) == -1)
		return errno == ENOENT ? 0 : fail("overlay: %s%s", root, rel);
	if (fstat(lower, &st) == -1)
		return fail("overlay: %s%s", root, rel);
	if (S_ISDIR(st.st_mode)) {
		if ((mnt = make_union(layers, rel, lower, dup(dst), root)) != -1) {
			close(mnt);
			close(dst);
			close(lower);
			return 0;
		}
		if (errno != EINVAL)
			return -1;
		warnmsg("overlay: %s%s: %s; bound read-only instead",
		    root, rel, failure_text());
	}
	if ((tree = open_tree(lower, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_EMPTY_PATH | AT_RECURSIVE)) == -1 ||
	    (tree = attach_tree(tree, dst, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV, "overlay: read-only bind", root, rel)) == -1)
		return -1;
	close(tree);
	close(lower);
	return 0;
}

/* The kernel's refusals of a union, said in the jail's terms. */
static int
union_refused(const char *root, const char *upper)
{
	if (errno == ELOOP)
		return failx("overlay: the lower directory %s and the writable "
		    "layer (%s) overlap, which overlayfs refuses: keep them apart",
		    root, upper);
	return -1;
}

/* The layers' directory (its real path) must not hold the lower one: the
 * union would show the service its own layers. */
static int
layers_apart(const char *layers, const char *lower, const char *root)
{
	if (is_below(lower, layers))
		return failx("overlay: the lower directory %s is inside the "
		    "layers' directory %s: keep them apart", root, layers);
	return 0;
}

/* The layers' directory at rel in the union (it lies below the lower
 * directory) hidden under an empty read-only tmpfs: the service must not
 * see its own layers (nor other services' kept there). */
static int
hide_layers(int new, const char *rel, const char *root)
{
	int dst, fs, mnt;

	if ((dst = open_beneath(new, rel)) == -1)
		return errno == ENOENT ? 0 : fail("overlay: %s%s", root, rel);
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0", 0) == -1)
		return fail("overlay: hiding the layers");
	mnt = attach_fs(fs, dst, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, "tmpfs", root, rel);
	return mnt == -1 ? -1 : close(mnt);
}

/* The unions: the root's over the lower directory (its real path), then
 * each mount below it, on the new root.  Returns the new root. */
static int
unions(struct jail *j, const struct opts *o, const struct below *b,
    const char *lower)
{
	const char *upper = o->overlay_upper ? o->overlay_upper :
	    "runjail's scratch tmpfs";
	char lpath[PATH_MAX] = "";
	size_t n = strcmp(lower, "/") ? strlen(lower) : 0;
	int layers, new, i;

	/* --overlay-upper DIR, opened as root (only root or a profile names
	 * it), and held to the jail root's rule: no one but root could swap
	 * a layer. */
	layers = o->overlay_upper ? open_root_dir(o->overlay_upper,
	    "overlay-upper", "the layers' directory") : scratch(j);
	if (layers == -1)
		return -1;
	if (o->overlay_upper && real_path(layers, lpath, sizeof lpath) == -1)
		return fail("overlay-upper %s", o->overlay_upper);
	if (o->overlay_upper && layers_apart(lpath, lower, j->root) == -1)
		return -1;
	if ((new = make_union(layers, "", j->rootfd, dup(j->rootfd),
	    j->at)) == -1)
		return union_refused(j->root, upper);
	for (i = 0; i < b->n; i++)
		if (union_below(layers, j->rootfd, new, b->path[i], j->at) == -1)
			return union_refused(j->root, upper);
	if (o->overlay_upper && is_below(lpath, lower) &&
	    hide_layers(new, lpath + n, j->at) == -1)
		return -1;
	if (o->overlay_upper)
		close(layers);
	return new;
}

/* The jail root made a union over the directory it was, then each mount
 * below that directory.  j->rootfd becomes the union's root.  Without
 * --overlay-upper the union's root is runjail's own: missing mount points
 * may be made in it (in the writable layer). */
int
union_root(struct jail *j, const struct opts *o)
{
	char lower[PATH_MAX];
	struct below b = { NULL, 0 };
	int new;

	if (real_path(j->rootfd, lower, sizeof lower) == -1)
		return fail("overlay: %s", j->root);
	new = mounts_below(lower, &b) == -1 ? -1 : unions(j, o, &b, lower);
	free(b.path);
	if (new == -1)
		return -1;
	close(j->rootfd);
	j->rootfd = new;
	if (o->overlay_upper)
		return 0;
	if ((new = dup(new)) == -1)
		return fail("dup");
	return own_tmpfs(j, "/", new);
}
