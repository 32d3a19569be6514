/* elf.c: a small, defensive reader of the ELF facts runjail needs; see elf.h.
 *
 * Every byte read here may come from a hostile jail.  The rules: a table is
 * checked to lie inside the buffer before it is walked (count <= len / size
 * first, so that no multiplication overflows), a string must end inside its
 * table, and every loop is bounded by the buffer length or a fixed limit.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "files.h"

/* The few ELF constants we use: <elf.h> would be shadowed by "elf.h". */
enum { PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, SHT_DYNAMIC = 6 };
enum { DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10,
	DT_RPATH = 15, DT_RUNPATH = 29 };
enum { PN_XNUM = 0xffff, EM_386 = 3, EM_X86_64 = 62 };

#define BINPRM_BUF_SIZE	256	/* the kernel reads this much of a "#!" line */
#define MAXSCRIPT	5	/* nested "#!" interpreters, as the kernel */
#define MAXOBJ		1024	/* objects per dependency check */
#define HEAD		((size_t)16 << 10)	/* read first: "#!", headers */
#define MAXFILE		((size_t)256 << 20)	/* bytes read of an object */
#define MAXCACHE	((size_t)16 << 20)
#define MSGLEN		128

/* An image being read.  F() picks a field offset for ELF32 or ELF64. */
struct img {
	const unsigned char	*b;
	size_t			 len;
	int			 be, w;		/* big endian; word size, 4 or 8 */
	uint64_t		 phoff, phnum, shoff, shnum;
};
#define F(im, o32, o64)	((im)->w == 8 ? (uint64_t)(o64) : (uint64_t)(o32))

struct range {
	uint64_t		 off, size;	/* checked to be inside */
};

struct phdr {
	uint64_t		 type, off, va, fsz;
};

/* Callers check [off, off + n) first. */
static uint64_t
get(const struct img *im, uint64_t off, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)im->b[off + (im->be ? n - 1 - i : i)] << (8 * i);
	return v;
}

static int
inside(const struct img *im, uint64_t off, uint64_t size)
{
	return off <= im->len && size <= im->len - off;
}

static int
table_ok(const struct img *im, uint64_t off, uint64_t n, uint64_t entsz)
{
	return n <= im->len / entsz && inside(im, off, n * entsz);
}

/* Table offsets and counts.  With more than 0xfffe program headers or
 * 0xfeff sections, the real counts live in section header 0. */
static const char *
headers(struct img *im)
{
	uint64_t phentsz = get(im, F(im, 42, 54), 2);

	im->phoff = get(im, F(im, 28, 32), im->w);
	im->phnum = get(im, F(im, 44, 56), 2);
	im->shoff = get(im, F(im, 32, 40), im->w);
	im->shnum = get(im, F(im, 48, 60), 2);
	/* Loaders ignore sections: a bad e_shoff only costs the fallback. */
	if (im->shoff != 0 && inside(im, im->shoff, F(im, 40, 64))) {
		if (im->phnum == PN_XNUM)
			im->phnum = get(im, im->shoff + F(im, 28, 44), 4);
		if (im->shnum == 0)
			im->shnum = get(im, im->shoff + F(im, 20, 32), im->w);
	} else if (im->phnum == PN_XNUM)
		return "PN_XNUM without section header 0";
	if (im->phnum != 0 && (phentsz != F(im, 32, 56) ||
	    !table_ok(im, im->phoff, im->phnum, phentsz)))
		return "bad program header table";
	return NULL;
}

static void
phdr(const struct img *im, uint64_t i, struct phdr *ph)
{
	uint64_t p = im->phoff + i * F(im, 32, 56);

	ph->type = get(im, p, 4);
	ph->off = get(im, p + F(im, 4, 8), im->w);
	ph->va = get(im, p + F(im, 8, 16), im->w);
	ph->fsz = get(im, p + F(im, 16, 32), im->w);
}

static const char *
string(const struct img *im, const struct range *str, uint64_t off, char **out)
{
	const char *s, *nul;

	if (off >= str->size)
		return "string offset past the string table";
	s = (const char *)im->b + str->off + off;
	if ((nul = memchr(s, '\0', str->size - off)) == NULL)
		return "unterminated string";
	if ((*out = strndup(s, nul - s)) == NULL)
		return "out of memory";
	return NULL;
}

/* The first PT_INTERP and PT_DYNAMIC, the ones the kernel and ld.so use;
 * PT_INTERP alone when dyn is NULL. */
static const char *
program(const struct img *im, struct elfinfo *ei, struct range *dyn)
{
	const char *err;
	struct range r;
	struct phdr ph;
	uint64_t i;
	int gotdyn = 0;

	for (i = 0; i < im->phnum; i++) {
		phdr(im, i, &ph);
		r.off = ph.off;
		r.size = ph.fsz;
		if (ph.type == PT_INTERP && ei->interp == NULL) {
			if (!inside(im, ph.off, ph.fsz) || ph.fsz < 2 ||
			    im->b[ph.off] == '\0')
				return "bad PT_INTERP";
			if ((err = string(im, &r, 0, &ei->interp)) != NULL)
				return err;
		} else if (ph.type == PT_DYNAMIC && dyn != NULL && !gotdyn) {
			if (!inside(im, ph.off, ph.fsz))
				return "PT_DYNAMIC outside the file";
			*dyn = r;
			gotdyn = 1;
		}
	}
	return NULL;
}

static int
dyn_get(const struct img *im, const struct range *dyn, uint64_t i,
    uint64_t *tag, uint64_t *val)
{
	uint64_t p = dyn->off + i * 2 * im->w;

	if (i >= dyn->size / ((uint64_t)2 * im->w))
		return 0;
	*tag = get(im, p, im->w);
	*val = get(im, p + im->w, im->w);
	return *tag != DT_NULL;
}

/* DT_STRTAB is an address: find the PT_LOAD segment holding it.  Without
 * DT_STRSZ, the table runs to the end of the segment's file image. */
static const char *
strtab(const struct img *im, const struct range *dyn, struct range *str)
{
	uint64_t i, tag, val, addr = 0, size = UINT64_MAX, rel;
	struct phdr ph;
	int have = 0;

	for (i = 0; dyn_get(im, dyn, i, &tag, &val); i++) {
		if (tag == DT_STRTAB) {	/* the last one wins, as in ld.so */
			addr = val;
			have = 1;
		} else if (tag == DT_STRSZ)
			size = val;
	}
	for (i = 0; have && i < im->phnum; i++) {
		phdr(im, i, &ph);
		if (ph.type != PT_LOAD || addr < ph.va || addr - ph.va >= ph.fsz)
			continue;
		if (!inside(im, ph.off, ph.fsz))
			return "PT_LOAD segment outside the file";
		rel = addr - ph.va;
		if (size == UINT64_MAX)
			size = ph.fsz - rel;
		if (size > ph.fsz - rel)
			return "DT_STRSZ past its segment";
		str->off = ph.off + rel;
		str->size = size;
		return NULL;
	}
	/* Without one, every string will be refused. */
	return have ? "DT_STRTAB not in any PT_LOAD segment" : NULL;
}

static const char *
dynamic(const struct img *im, const struct range *dyn, const struct range *str,
    struct elfinfo *ei)
{
	uint64_t i, tag, val;
	const char *err;
	char **dst;

	for (i = 0; dyn_get(im, dyn, i, &tag, &val); i++) {
		if (tag == DT_NEEDED) {
			/* Refused, not cut short: a partial list would let a
			 * missing library go unreported. */
			if (ei->nneeded == ELF_MAXNEEDED)
				return "too many DT_NEEDED entries";
			dst = &ei->needed[ei->nneeded++];
		} else if (tag == DT_RPATH || tag == DT_RUNPATH) {
			dst = tag == DT_RPATH ? &ei->rpath : &ei->runpath;
			free(*dst);
			*dst = NULL;
		} else
			continue;
		if ((err = string(im, str, val, dst)) != NULL)
			return err;
	}
	return NULL;
}

/* Without program headers, SHT_DYNAMIC and its sh_link string table.  Only
 * then: a loadable object is described by its program headers alone, and a
 * stray .dynamic in a static program must not invent dependencies. */
static const char *
sections(const struct img *im, struct range *dyn, struct range *str)
{
	uint64_t i, p, link, sz = F(im, 40, 64);

	if (im->shoff == 0 || im->shnum == 0)
		return NULL;
	if (get(im, F(im, 46, 58), 2) != sz ||
	    !table_ok(im, im->shoff, im->shnum, sz))
		return "bad section header table";
	for (i = 0; i < im->shnum; i++) {
		p = im->shoff + i * sz;
		if (get(im, p + 4, 4) != SHT_DYNAMIC)
			continue;
		if ((link = get(im, p + F(im, 24, 40), 4)) >= im->shnum)
			return "bad sh_link";
		dyn->off = get(im, p + F(im, 16, 24), im->w);
		dyn->size = get(im, p + F(im, 20, 32), im->w);
		p = im->shoff + link * sz;
		str->off = get(im, p + F(im, 16, 24), im->w);
		str->size = get(im, p + F(im, 20, 32), im->w);
		if (!inside(im, dyn->off, dyn->size) ||
		    !inside(im, str->off, str->size))
			return "section outside the file";
		return NULL;
	}
	return NULL;
}

/* elf_parse(), or if !full only what the kernel reads to start a program:
 * the headers and PT_INTERP (the dynamic table is ld.so's business, and may
 * lie past a prefix of the file, which is all the caller may have read). */
static int
parse(const unsigned char *buf, size_t len, struct elfinfo *ei, char *msg,
    size_t msglen, int full)
{
	struct img im = { buf, len, 0, 0, 0, 0, 0, 0 };
	struct range dyn = { 0, 0 }, str = { 0, 0 };
	const char *err;

	memset(ei, 0, sizeof *ei);
	if (len < 4 || memcmp(buf, "\177ELF", 4) != 0)
		return -1;
	if (len < 16 || buf[4] < 1 || buf[4] > 2 || buf[5] < 1 || buf[5] > 2)
		err = "bad ELF class or byte order";
	else if (len < (buf[4] == 2 ? 64u : 52u))
		err = "truncated ELF header";
	else {
		im.w = buf[4] * 4;
		im.be = buf[5] == 2;
		ei->bits = im.w * 8;
		ei->machine = (int)get(&im, 18, 2);
		if ((err = headers(&im)) != NULL)
			;
		else if (!full)
			err = program(&im, ei, NULL);
		else if (im.phnum == 0)
			err = sections(&im, &dyn, &str);
		else if ((err = program(&im, ei, &dyn)) == NULL)
			err = strtab(&im, &dyn, &str);
		if (err == NULL && full)
			err = dynamic(&im, &dyn, &str, ei);
	}
	if (err == NULL)
		return 0;
	elf_free(ei);
	if (msg != NULL && msglen > 0)
		snprintf(msg, msglen, "%s", err);
	return -2;
}

int
elf_parse(const unsigned char *buf, size_t len, struct elfinfo *ei,
    char *msg, size_t msglen)
{
	return parse(buf, len, ei, msg, msglen, 1);
}

void
elf_free(struct elfinfo *ei)
{
	size_t i;

	free(ei->interp);
	free(ei->rpath);
	free(ei->runpath);
	for (i = 0; i < ei->nneeded && i < ELF_MAXNEEDED; i++)
		free(ei->needed[i]);
	memset(ei, 0, sizeof *ei);
}

int
shebang_parse(const unsigned char *buf, size_t len, char *out, size_t outlen)
{
	size_t i, start, n = len < BINPRM_BUF_SIZE ? len : BINPRM_BUF_SIZE;

	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return -1;
	for (i = 2; i < n && (buf[i] == ' ' || buf[i] == '\t'); i++)
		;
	for (start = i; i < n && buf[i] != ' ' && buf[i] != '\t' &&
	    buf[i] != '\n' && buf[i] != '\0'; i++)
		;
	/* A name running into the end of a full buffer may be cut short:
	 * the kernel refuses it (ENOEXEC) rather than guess, and so do we. */
	if (i == start || (i == n && len > n) || i - start >= outlen)
		return -1;
	memcpy(out, buf + start, i - start);
	out[i - start] = '\0';
	return 0;
}

/*
 * Where ld.so looks.  The ld.so.cache flags are ldconfig's FLAG_ELF_LIBC6
 * (3) or FLAG_ELF (1, i386 only), ORed with FLAG_X8664_LIB64 (0x300) or
 * FLAG_X8664_LIBX32 (0x800).  Directories, $LIB and $PLATFORM are those of
 * Debian 12's loaders ("ld.so --help", LD_DEBUG=libs); for i386 both the
 * multilib and the multiarch directories.  Other machines: no cache, and
 * the generic /lib, /usr/lib.
 */
struct abi {
	int		 bits, machine;
	unsigned int	 flag1, flag2;
	const char	*lib, *platform;
	const char	*dirs[7];
};

static const struct abi abis[] = {
	{ 64, EM_X86_64, 0x303, 0x303, "lib/x86_64-linux-gnu", "x86_64",
	    { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib",
	    "/usr/lib" } },
	{ 32, EM_386, 0x003, 0x001, "lib32", "i686",
	    { "/lib32", "/usr/lib32", "/lib/i386-linux-gnu",
	    "/usr/lib/i386-linux-gnu", "/lib", "/usr/lib" } },
	{ 32, EM_X86_64, 0x803, 0x803, "libx32", "x86_64",
	    { "/libx32", "/usr/libx32", "/lib", "/usr/lib" } },
	{ 0, 0, 0, 0, "lib", "", { "/lib", "/usr/lib" } },
};

static const struct abi *
abi_of(int bits, int machine)
{
	const struct abi *a;

	for (a = abis; a->bits != 0; a++)
		if (a->bits == bits && a->machine == machine)
			break;
	return a;
}

/*
 * ld.so.cache.  The new format: "glibc-ld.so.cache1.1", nlibs, string table
 * size, a byte order byte, then 24-byte entries {flags, key, value,
 * osversion, hwcap}, key and value being offsets from the header.  The old
 * format: "ld.so-1.7.0", nlibs, 12-byte entries {flags, key, value} with
 * offsets from the end of the entries, where ldconfig's "compat" format
 * puts a new-format cache, which we then prefer.  Always little endian.
 */
static int
cache_new(const struct img *im, uint64_t base, struct range *ents,
    uint64_t *strbase)
{
	uint64_t n;

	if (!inside(im, base, 48) ||
	    memcmp(im->b + base, "glibc-ld.so.cache1.1", 20) != 0)
		return -1;
	if ((im->b[base + 28] & 1) != 0)
		return -1;	/* marked invalid (1) or big endian (3) */
	n = get(im, base + 20, 4);
	if (!table_ok(im, base + 48, n, 24))
		return -1;
	ents->off = base + 48;
	ents->size = n * 24;
	*strbase = base;
	return 0;
}

static const char *
cache_str(const struct img *im, uint64_t off)
{
	if (off >= im->len || memchr(im->b + off, '\0', im->len - off) == NULL)
		return NULL;
	return (const char *)im->b + off;
}

int
ldcache_lookup(const unsigned char *buf, size_t len, const char *name,
    int bits, int machine, char *out, size_t outlen)
{
	const struct abi *a = abi_of(bits, machine);
	struct img im = { buf, len, 0, 4, 0, 0, 0, 0 };
	uint64_t i, e, n, end, sb, esz = 24, fl;
	const char *key, *val;
	struct range ents;

	if (inside(&im, 0, 16) && memcmp(buf, "ld.so-1.7.0", 11) == 0) {
		n = get(&im, 12, 4);
		if (!table_ok(&im, 16, n, 12))
			return -2;
		end = 16 + n * 12;
		if (cache_new(&im, (end + 7) & ~(uint64_t)7, &ents, &sb) != 0 &&
		    cache_new(&im, end, &ents, &sb) != 0) {
			ents.off = 16;
			ents.size = n * 12;
			sb = end;
			esz = 12;
		}
	} else if (cache_new(&im, 0, &ents, &sb) != 0)
		return -2;
	for (i = 0; i < ents.size / esz; i++) {
		e = ents.off + i * esz;
		fl = get(&im, e, 4);
		/* glibc-hwcaps entries depend on the CPU: baseline ones only. */
		if (a->flag1 == 0 || (fl != a->flag1 && fl != a->flag2) ||
		    (esz == 24 && get(&im, e + 16, 8) != 0))
			continue;
		key = cache_str(&im, sb + get(&im, e + 4, 4));
		val = cache_str(&im, sb + get(&im, e + 8, 4));
		if (key != NULL && val != NULL && strcmp(key, name) == 0 &&
		    strlen(val) < outlen) {
			memcpy(out, val, strlen(val) + 1);
			return 0;
		}
	}
	return -1;
}

/*
 * Dependency resolution.  Objects are kept in load order, which is also
 * the breadth-first work queue.  A missing name gets a record too, so that
 * it is reported once.
 */
struct obj {
	char		*path;		/* jail path, or the missing name */
	char		*origin;	/* $ORIGIN */
	int		 parent;	/* the object that needed it, or -1 */
	struct elfinfo	 ei;
};

struct deps {
	int		 rootfd, full, problems, bits, machine;
	elf_report_fn	 report;
	void		*arg;
	struct obj	*o;
	size_t		 n, cap;
	const struct abi *abi;
	unsigned char	*cache;		/* the jail's /etc/ld.so.cache */
	size_t		 cachelen;
};

static void
problem(struct deps *d, const char *object, const char *missing,
    const char *why)
{
	d->problems++;
	if (d->report != NULL)
		d->report(d->arg, object, missing, why);
}

static char *
dir_of(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s == NULL)
		return strdup(".");
	return strndup(path, s == path ? 1 : (size_t)(s - path));
}

/* Append a record.  On failure the walk stops, saying why once. */
static struct obj *
add(struct deps *d, int parent, const char *path)
{
	struct obj *o;
	size_t ncap = d->cap ? d->cap * 2 : 16;

	if (d->full)
		return NULL;
	if (d->n == d->cap && d->n < MAXOBJ &&
	    (o = reallocarray(d->o, ncap, sizeof *o)) != NULL) {
		d->o = o;
		d->cap = ncap;
	}
	if (d->n < d->cap) {
		o = &d->o[d->n];
		memset(o, 0, sizeof *o);
		o->parent = parent;
		if ((o->path = strdup(path)) != NULL &&
		    (o->origin = dir_of(path)) != NULL) {
			d->n++;
			return o;
		}
		free(o->path);
		o->path = NULL;
	}
	d->full = 1;
	problem(d, parent >= 0 ? d->o[parent].path : path, path,
	    d->n == MAXOBJ ? "too many objects to check" : "out of memory");
	return NULL;
}

static void
missing(struct deps *d, int needer, const char *name, const char *why)
{
	problem(d, d->o[needer].path, name, why);
	add(d, needer, name);
}

/* Record an object found at PATH, taking over ei. */
static struct obj *
take(struct deps *d, int parent, const char *path, struct elfinfo *ei)
{
	struct obj *o;

	if ((o = add(d, parent, path)) != NULL)
		o->ei = *ei;
	else
		elf_free(ei);
	return o;
}

/* Does the file whose first HEAD bytes are in buf need reading whole?
 * Not a script, nor anything else but ELF; an ELF file for a full parse,
 * whose tables lie anywhere, or when its program headers or PT_INTERP lie
 * past HEAD (odd, but the kernel takes them from anywhere). */
static int
need_all(const unsigned char *buf, int full)
{
	struct elfinfo ei;
	int rc = parse(buf, HEAD, &ei, NULL, 0, 0);

	elf_free(&ei);
	return rc != -1 && (full || rc == -2);
}

/* [off, off + n) of the file at fd into buf (len bytes, its size), as
 * far as both go; a short read leaves zeros, which the parser refuses. */
static void
fill(int fd, unsigned char *buf, size_t len, uint64_t off, uint64_t n)
{
	ssize_t r;

	if (off >= len)
		return;
	if (n > len - off)
		n = len - off;
	while (n > 0 && (r = pread(fd, buf + off, n, (off_t)off)) > 0) {
		off += (uint64_t)r;
		n -= (uint64_t)r;
	}
}

/* The parts of an ELF object the parser reads (the headers, the program
 * headers, PT_INTERP, PT_DYNAMIC and the string table it names) at their
 * places in a zeroed buffer the file's size.  calloc maps a large buffer
 * lazily, so a 7 MB program costs the few pages read, not 7 MB (--check
 * reads every program of a jail).  NULL, with errno 0, when the object is
 * not one to read so (no program headers): the caller reads it whole. */
static int
fill_parts(int fd, struct img *im, unsigned char *buf)
{
	struct range dyn = { 0, 0 }, str = { 0, 0 };
	struct elfinfo ei;
	struct phdr ph;
	uint64_t i;

	fill(fd, buf, im->len, 0, HEAD);
	if (buf[4] < 1 || buf[4] > 2 || buf[5] < 1 || buf[5] > 2)
		return -1;
	im->w = buf[4] * 4;
	im->be = buf[5] == 2;
	fill(fd, buf, im->len, get(im, F(im, 32, 40), im->w), F(im, 40, 64));
	if (headers(im) != NULL || im->phnum == 0)
		return -1;
	fill(fd, buf, im->len, im->phoff, im->phnum * F(im, 32, 56));
	for (i = 0; i < im->phnum; i++) {
		phdr(im, i, &ph);
		if (ph.type == PT_INTERP || ph.type == PT_DYNAMIC)
			fill(fd, buf, im->len, ph.off, ph.fsz);
	}
	memset(&ei, 0, sizeof ei);
	if (program(im, &ei, &dyn) == NULL && strtab(im, &dyn, &str) == NULL)
		fill(fd, buf, im->len, str.off, str.size);
	elf_free(&ei);
	return 0;
}

static unsigned char *
read_parts(int fd, size_t *lenp)
{
	struct img im = { NULL, 0, 0, 0, 0, 0, 0, 0 };
	unsigned char *buf;
	struct stat st;

	errno = 0;
	if (fstat(fd, &st) == -1 || st.st_size < 64 || (size_t)st.st_size > MAXFILE ||
	    (buf = calloc((size_t)st.st_size + 1, 1)) == NULL)
		return NULL;
	im.b = buf;
	im.len = (size_t)st.st_size;
	if (fill_parts(fd, &im, buf) == -1) {
		free(buf);
		errno = 0;
		return NULL;
	}
	*lenp = im.len;
	return buf;
}

/* PATH's bytes: the first HEAD, which hold the "#!" line and the ELF
 * headers of any ordinary program, or all of it (up to MAXFILE) when
 * need_all() says so.  A 100 MB script or program costs HEAD bytes when
 * only its interpreter is sought.  NULL with errno set on failure. */
static unsigned char *
readobj(int rootfd, const char *path, int full, size_t *lenp)
{
	unsigned char *buf;
	int fd, e;

	if ((fd = jail_open(rootfd, path, O_RDONLY)) == -1)
		return NULL;
	buf = read_fd(fd, HEAD, lenp);
	if (buf != NULL && *lenp == HEAD && need_all(buf, full)) {
		free(buf);
		if ((buf = read_parts(fd, lenp)) == NULL && errno == 0)
			buf = lseek(fd, 0, SEEK_SET) == 0 ?
			    read_fd(fd, MAXFILE, lenp) : NULL;
	}
	e = errno;
	close(fd);
	errno = e;
	return buf;
}

/* Open and parse PATH in the jail, all of it if full, else PT_INTERP
 * only.  Returns 0 for a parsed ELF file, 1 for anything else (a "#!"
 * script: its interpreter in sb), -2 for a malformed ELF file (msg says
 * why), -3 with errno set if it cannot be opened or read. */
static int
load(int rootfd, const char *path, int full, struct elfinfo *ei, char *sb,
    char *msg)
{
	unsigned char *buf;
	size_t len;
	int rc;

	memset(ei, 0, sizeof *ei);
	sb[0] = '\0';
	if ((buf = readobj(rootfd, path, full, &len)) == NULL)
		return -3;
	if ((rc = parse(buf, len, ei, msg, MSGLEN, full)) == -1)
		shebang_parse(buf, len, sb, BINPRM_BUF_SIZE);
	else if (rc == -2 && len == MAXFILE)
		snprintf(msg, MSGLEN, "too large to check");
	free(buf);
	return rc == -1 ? 1 : rc;
}

/* Is NAME loaded or reported already?  By path, or by file name, which
 * stands in for DT_SONAME (the interpreter's, notably).  A file met again
 * under another name is walked again: harmless, its needs are known. */
static int
known(const struct deps *d, const char *name)
{
	const char *s;
	size_t i;

	for (i = 0; i < d->n; i++) {
		s = strrchr(d->o[i].path, '/');
		if (strcmp(d->o[i].path, name) == 0 ||
		    (s != NULL && strcmp(s + 1, name) == 0))
			return 1;
	}
	return 0;
}

/* Try one candidate file.  Returns 1 when the search is over: it is the
 * object ld.so would load, or it is broken and ld.so would fail on it.  To
 * go on: 0 if absent, -1 for the wrong class or machine (ld.so skips it). */
static int
try(struct deps *d, int needer, const char *path)
{
	char sb[BINPRM_BUF_SIZE], msg[MSGLEN];
	struct elfinfo ei;
	int rc;

	if ((rc = load(d->rootfd, path, 1, &ei, sb, msg)) == -3)
		return 0;
	if (rc == 0 && (ei.bits != d->bits || ei.machine != d->machine)) {
		elf_free(&ei);
		return -1;
	}
	if (rc == 0)
		take(d, needer, path, &ei);
	else
		missing(d, needer, path, rc == 1 ? "not an ELF file" : msg);
	return 1;
}

static int
try_in(struct deps *d, int needer, const char *dir, const char *name)
{
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof path, "%s/%s", dir, name);
	return n > 0 && (size_t)n < sizeof path && try(d, needer, path) > 0;
}

/* Length of NAME or {NAME} at s (n bytes), 0 if it is not there. */
static size_t
dst_len(const char *s, size_t n, const char *name)
{
	size_t l = strlen(name);

	if (n >= l + 2 && s[0] == '{' && strncmp(s + 1, name, l) == 0 &&
	    s[l + 1] == '}')
		return l + 2;
	if (n >= l && strncmp(s, name, l) == 0 &&
	    (n == l || !(isalnum((unsigned char)s[l]) || s[l] == '_')))
		return l;
	return 0;
}

/* Expand $ORIGIN (of OWNER, whose search path it is), $LIB and $PLATFORM
 * in one search path element.  Any other '$' stays. */
static int
expand(const struct deps *d, int owner, const char *s, size_t n, char *out,
    size_t outsz)
{
	const char *names[3] = { "ORIGIN", "LIB", "PLATFORM" };
	const char *vals[3] = { d->o[owner].origin, d->abi->lib,
	    d->abi->platform };
	size_t i = 0, o = 0, k, l, m, vl;
	const char *v;

	while (i < n) {
		v = s + i;
		vl = l = 1;
		for (k = 0; s[i] == '$' && k < 3; k++)
			if ((m = dst_len(s + i + 1, n - i - 1, names[k])) > 0) {
				v = vals[k];
				vl = strlen(v);
				l = m + 1;
				break;
			}
		if (vl >= outsz - o)
			return -1;
		memcpy(out + o, v, vl);
		o += vl;
		i += l;
	}
	out[o] = '\0';
	return 0;
}

/* Search the DT_RPATH or DT_RUNPATH of OWNER.  Empty elements mean the
 * current directory to ld.so; we do not know the service's: skipped. */
static int
search(struct deps *d, int needer, const char *name, int owner, int runpath)
{
	char dir[PATH_MAX];
	const char *p, *e;

	p = runpath ? d->o[owner].ei.runpath : d->o[owner].ei.rpath;
	for (; p != NULL; p = *e ? e + 1 : NULL) {
		if ((e = strchr(p, ':')) == NULL)
			e = p + strlen(p);
		if (e > p && expand(d, owner, p, e - p, dir, sizeof dir) == 0 &&
		    try_in(d, needer, dir, name))
			return 1;
	}
	return 0;
}

/* Find NAME, needed by object NEEDER, in ld.so's order. */
static void
need(struct deps *d, int needer, const char *name)
{
	char path[PATH_MAX];
	const char *const *dir;
	int i;

	if (known(d, name))
		return;
	if (strchr(name, '/') != NULL) {
		if (try(d, needer, name) > 0)
			return;
		missing(d, needer, name, "library not found");
		return;
	}
	/* DT_RPATH of the needer, of what loaded it and so on up to the
	 * program, unless the needer has a DT_RUNPATH.  Parents come
	 * earlier in the list, so this ends. */
	for (i = needer; d->o[needer].ei.runpath == NULL && i >= 0;
	    i = d->o[i].parent)
		if (d->o[i].ei.runpath == NULL && search(d, needer, name, i, 0))
			return;
	if (search(d, needer, name, needer, 1))
		return;
	if (d->cache != NULL && ldcache_lookup(d->cache, d->cachelen, name,
	    d->bits, d->machine, path, sizeof path) == 0 &&
	    try(d, needer, path) > 0)
		return;
	for (dir = d->abi->dirs; *dir != NULL; dir++)
		if (try_in(d, needer, *dir, name))
			return;
	missing(d, needer, name, "library not found");
}

/* The program's $ORIGIN: ld.so takes it from /proc/self/exe, symlinks
 * resolved.  Follow the last component's links inside the jail; links in
 * the directories resolve alike when the result is opened. */
static void
exe_origin(struct deps *d, struct obj *o)
{
	char cur[PATH_MAX], link[PATH_MAX], *s;
	size_t dl;
	ssize_t n;
	int fd, i;

	snprintf(cur, sizeof cur, "%s", o->path);
	for (i = 0; i < 40; i++) {
		if ((fd = jail_open(d->rootfd, cur, O_PATH | O_NOFOLLOW)) == -1)
			break;
		n = readlinkat(fd, "", link, sizeof link - 1);
		close(fd);
		if (n <= 0)
			break;
		link[n] = '\0';
		s = strrchr(cur, '/');
		dl = link[0] == '/' || s == NULL ? 0 : (size_t)(s - cur) + 1;
		if (dl + (size_t)n >= sizeof cur)
			break;
		memcpy(cur + dl, link, (size_t)n + 1);
	}
	if ((s = dir_of(cur)) != NULL) {
		free(o->origin);
		o->origin = s;
	}
}

/*
 * The interpreter chase.  --check (elf_check_deps(), through start()) and
 * the launcher, after an execve that failed with ENOENT
 * (elf_missing_interp()), share it: they follow the same files, read them
 * the same way and stop at the same limits.
 */

/* Where a chase of "#!" interpreters ended. */
enum { CHASE_ELF, CHASE_OTHER, CHASE_BAD, CHASE_DEEP, CHASE_GONE };

struct chase {
	char		 obj[PATH_MAX];		/* the last file read */
	char		 next[BINPRM_BUF_SIZE];	/* the interpreter it names */
	char		 msg[MSGLEN];		/* CHASE_BAD: why */
	int		 err;			/* CHASE_GONE: errno */
	struct elfinfo	 ei;			/* CHASE_ELF: obj's facts */
};

/* Follow PATH's "#!" interpreters as the kernel does, to the file it
 * would run, reading each file in the jail at rootfd; of an ELF file all
 * if full, else only what PT_INTERP takes.  Returns -1 with errno set if
 * PATH itself cannot be opened or read, else where the chase ended:
 *   CHASE_ELF    c->obj is ELF, its facts in c->ei (the caller frees them)
 *   CHASE_OTHER  c->obj is neither (binfmt_misc's business, or ENOEXEC)
 *   CHASE_BAD    c->obj is malformed ELF, c->msg says why
 *   CHASE_DEEP   c->obj names c->next, one "#!" level more than the kernel
 *                follows (it fails with ELOOP)
 *   CHASE_GONE   c->obj names c->next, which cannot be opened or read
 *                (c->err is the errno) */
static int
chase(int rootfd, const char *path, int full, struct chase *c)
{
	char sb[BINPRM_BUF_SIZE];
	const char *cur = path;
	int depth, rc;

	memset(&c->ei, 0, sizeof c->ei);
	/* Cut short, it could name another file; execve refuses it too. */
	if (strlen(path) >= sizeof c->obj) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (depth = 0;; depth++) {
		if ((rc = load(rootfd, cur, full, &c->ei, sb, c->msg)) == -3) {
			if (depth == 0)
				return -1;
			c->err = errno;
			return CHASE_GONE;
		}
		snprintf(c->obj, sizeof c->obj, "%s", cur);
		if (rc != 1 || sb[0] == '\0')
			break;
		memcpy(c->next, sb, sizeof c->next);
		if (depth == MAXSCRIPT)
			return CHASE_DEEP;
		cur = c->next;
	}
	return rc == 0 ? CHASE_ELF : rc == 1 ? CHASE_OTHER : CHASE_BAD;
}

/* Does an open that failed with err mean the file is not there, as execve
 * would say it (ENOENT)?  Not when it is there but cannot be read, or is
 * not a regular file: execve fails otherwise then, or only later. */
static int
absent(int err)
{
	return err == ENOENT || err == ENOTDIR;
}

int
elf_missing_interp(int rootfd, const char *path, char *object, size_t objlen,
    char *missing, size_t misslen)
{
	struct chase c;
	const char *gone = NULL;
	int rc, fd;

	if ((rc = chase(rootfd, path, 0, &c)) == -1)
		return -1;
	if (rc == CHASE_GONE && absent(c.err))
		gone = c.next;
	/* O_PATH: the kernel needs the ELF interpreter executable, not
	 * readable; whether it is there is all that is asked. */
	else if (rc == CHASE_ELF && c.ei.interp != NULL) {
		if ((fd = jail_open(rootfd, c.ei.interp, O_PATH)) != -1)
			close(fd);
		else if (absent(errno))
			gone = c.ei.interp;
	}
	if (gone != NULL) {
		snprintf(object, objlen, "%s", c.obj);
		snprintf(missing, misslen, "%s", gone);
	}
	elf_free(&c.ei);
	return gone != NULL;
}

/* The program: the ELF file the kernel runs, "#!" interpreters followed.
 * Returns 0 to go on, 1 if done, -1 if PATH itself cannot be read. */
static int
start(struct deps *d, const char *path)
{
	struct chase c;
	struct obj *o;

	switch (chase(d->rootfd, path, 1, &c)) {
	case -1:
		return -1;
	case CHASE_DEEP:
		problem(d, c.obj, c.next, "too many levels of #! interpreters");
		return 1;
	case CHASE_GONE:	/* any errno: for --check, an interpreter it
				 * cannot read is a problem as well */
		problem(d, c.obj, c.next, "script interpreter missing");
		return 1;
	case CHASE_BAD:
		problem(d, c.obj, c.obj, c.msg);
		return 1;
	case CHASE_OTHER:	/* binfmt_misc may run it: not ours */
		return 1;
	case CHASE_ELF:
		break;
	}
	d->bits = c.ei.bits;
	d->machine = c.ei.machine;
	d->abi = abi_of(c.ei.bits, c.ei.machine);
	if ((o = take(d, -1, c.obj, &c.ei)) == NULL)
		return 1;
	exe_origin(d, o);
	return 0;
}

int
elf_check_deps(int rootfd, const char *path, elf_report_fn report, void *arg)
{
	struct deps d;
	const char *ip;
	size_t i, k;
	int fd, rc, t;

	memset(&d, 0, sizeof d);
	d.rootfd = rootfd;
	d.report = report;
	d.arg = arg;
	if ((rc = start(&d, path)) == 0) {
		if ((ip = d.o[0].ei.interp) != NULL && (t = try(&d, 0, ip)) != 1)
			missing(&d, 0, ip, t == 0 ? "ELF interpreter missing" :
			    "ELF interpreter of the wrong class or machine");
		if ((fd = jail_open(rootfd, "/etc/ld.so.cache", O_RDONLY)) != -1) {
			d.cache = read_fd(fd, MAXCACHE, &d.cachelen);
			close(fd);
		}
		for (i = 0; i < d.n && !d.full; i++)
			for (k = 0; k < d.o[i].ei.nneeded && !d.full; k++)
				need(&d, (int)i, d.o[i].ei.needed[k]);
	}
	for (i = 0; i < d.n; i++) {	/* free() keeps errno */
		free(d.o[i].path);
		free(d.o[i].origin);
		elf_free(&d.o[i].ei);
	}
	free(d.o);
	free(d.cache);
	return rc == -1 ? -1 : d.problems;
}
