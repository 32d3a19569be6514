/* elf_unit: unit tests of elf.c.  Prints "ok NAME" or "not ok NAME" per
 * case ("# skip NAME: why" when a case cannot run here); exits 0 iff all
 * ran cases are ok.  Uses the host's /bin/ls, /bin/true and its loader,
 * /etc/ld.so.cache and, when present, /bin/busybox, /usr/lib32/libc.so.6
 * and "gcc -m32"; everything else is built in memory or in a temporary
 * directory.  The chroot cases of elf_missing_interp need root. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../elf.h"
#include "../files.h"

#define EM_386		3
#define EM_X86_64	62
#define PN_XNUM		0xffff

static int failures;

static void
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s", cond ? "ok " : "not ok ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failures++;
}

static void
skip(const char *name, const char *why)
{
	printf("# skip %s: %s\n", name, why);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char *b;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	b = read_fd(fd, 64 << 20, len);
	close(fd);
	return b;
}

static int
has_needed(const struct elfinfo *ei, const char *name)
{
	size_t i;

	for (i = 0; i < ei->nneeded; i++)
		if (strcmp(ei->needed[i], name) == 0)
			return 1;
	return 0;
}

static int
streq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static int
same(const struct elfinfo *a, const struct elfinfo *b)
{
	size_t i;

	if (a->bits != b->bits || a->machine != b->machine ||
	    a->nneeded != b->nneeded || !streq(a->interp, b->interp) ||
	    !streq(a->rpath, b->rpath) || !streq(a->runpath, b->runpath))
		return 0;
	for (i = 0; i < a->nneeded; i++)
		if (!streq(a->needed[i], b->needed[i]))
			return 0;
	return 1;
}

/*
 * A builder of small synthetic ELF images: the header, three program
 * headers (PT_INTERP if asked, PT_LOAD over the whole file at vaddr
 * VBASE + offset, PT_DYNAMIC), the interpreter string, the string table,
 * the dynamic table and three section headers (null, .dynstr, .dynamic).
 * The offsets are kept so that tests can break one field at a time.
 */
#define VBASE	0x400000

struct spec {
	int		 bits, be, machine;
	const char	*interp, *rpath, *runpath;
	const char	**needed;
	size_t		 nneeded;
	int		 sections;	/* e_phnum 0: only the section headers */
};

struct image {
	unsigned char	*b;
	size_t		 len;
	int		 w, be;
	size_t		 phoff, nph, interpoff, stroff, strsz, dynoff, ndyn, shoff;
};

static void
put(struct image *im, size_t off, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		im->b[off + (im->be ? n - 1 - i : i)] = (unsigned char)(v >> (8 * i));
}

/* ELF header fields, by word size. */
#define EH_PHOFF(w)	(24 + (w))
#define EH_SHOFF(w)	(24 + 2 * (w))
#define EH_PHENT(w)	(30 + 3 * (w))
#define EH_PHNUM(w)	(32 + 3 * (w))
#define EH_SHENT(w)	(34 + 3 * (w))
#define EH_SHNUM(w)	(36 + 3 * (w))
#define PHSZ(w)		((w) == 8 ? 56 : 32)
#define SHSZ(w)		((w) == 8 ? 64 : 40)

/* Program header I: type, offset, vaddr, filesz (= memsz). */
static void
ph(struct image *im, size_t i, uint32_t type, uint64_t off, uint64_t va,
    uint64_t sz)
{
	size_t p = im->phoff + i * PHSZ(im->w);
	int w = im->w;

	put(im, p, type, 4);
	put(im, p + (w == 8 ? 8 : 4), off, w);
	put(im, p + (w == 8 ? 16 : 8), va, w);
	put(im, p + (w == 8 ? 32 : 16), sz, w);
	put(im, p + (w == 8 ? 40 : 20), sz, w);
}

/* Field F of program header I (0 type, 1 offset, 2 vaddr, 3 filesz). */
static void
ph_set(struct image *im, size_t i, int f, uint64_t v)
{
	static const int o32[] = { 0, 4, 8, 16 }, o64[] = { 0, 8, 16, 32 };

	put(im, im->phoff + i * PHSZ(im->w) + (im->w == 8 ? o64[f] : o32[f]),
	    v, f == 0 ? 4 : im->w);
}

static void
sh(struct image *im, size_t i, uint32_t type, uint64_t off, uint64_t sz,
    uint32_t link, uint32_t info)
{
	size_t p = im->shoff + i * SHSZ(im->w);
	int w = im->w;

	put(im, p + 4, type, 4);
	put(im, p + (w == 8 ? 24 : 16), off, w);
	put(im, p + (w == 8 ? 32 : 20), sz, w);
	put(im, p + (w == 8 ? 40 : 24), link, 4);
	put(im, p + (w == 8 ? 44 : 28), info, 4);
}

/* Dynamic entry I: tag, value. */
static void
dyn(struct image *im, size_t i, uint64_t tag, uint64_t val)
{
	put(im, im->dynoff + i * 2 * im->w, tag, im->w);
	put(im, im->dynoff + i * 2 * im->w + im->w, val, im->w);
}

static struct image
build(const struct spec *s)
{
	struct image im;
	size_t off, i, d = 0, so, strs[300], rp = 0, rn = 0;
	int w = s->bits / 8;

	memset(&im, 0, sizeof im);
	im.w = w;
	im.be = s->be;
	im.nph = s->interp ? 3 : 2;
	im.phoff = w == 8 ? 64 : 52;
	im.interpoff = im.phoff + im.nph * PHSZ(w);
	im.stroff = im.interpoff + (s->interp ? strlen(s->interp) + 1 : 0);
	so = 1;
	for (i = 0; i < s->nneeded; i++) {
		strs[i] = so;
		so += strlen(s->needed[i]) + 1;
	}
	if (s->rpath) {
		rp = so;
		so += strlen(s->rpath) + 1;
	}
	if (s->runpath) {
		rn = so;
		so += strlen(s->runpath) + 1;
	}
	im.strsz = so;
	im.dynoff = (im.stroff + so + 7) & ~(size_t)7;
	im.ndyn = s->nneeded + !!s->rpath + !!s->runpath + 3;
	im.shoff = im.dynoff + im.ndyn * 2 * w;
	im.len = off = im.shoff + 3 * SHSZ(w);
	if ((im.b = calloc(1, off)) == NULL)
		abort();
	memcpy(im.b, "\177ELF", 4);
	im.b[4] = w == 8 ? 2 : 1;
	im.b[5] = s->be ? 2 : 1;
	im.b[6] = 1;
	put(&im, 16, 3, 2);			/* ET_DYN */
	put(&im, 18, s->machine, 2);
	put(&im, 20, 1, 4);
	put(&im, EH_PHOFF(w), im.phoff, w);
	put(&im, EH_SHOFF(w), im.shoff, w);
	put(&im, EH_PHENT(w) - 2, im.phoff, 2);	/* e_ehsize */
	put(&im, EH_PHENT(w), PHSZ(w), 2);
	put(&im, EH_PHNUM(w), s->sections ? 0 : im.nph, 2);
	put(&im, EH_SHENT(w), SHSZ(w), 2);
	put(&im, EH_SHNUM(w), 3, 2);
	i = 0;
	if (s->interp) {
		strcpy((char *)im.b + im.interpoff, s->interp);
		ph(&im, i++, 3, im.interpoff, VBASE + im.interpoff,
		    strlen(s->interp) + 1);
	}
	ph(&im, i++, 1, 0, VBASE, im.len);
	ph(&im, i, 2, im.dynoff, VBASE + im.dynoff, im.ndyn * 2 * w);
	for (i = 0; i < s->nneeded; i++) {
		strcpy((char *)im.b + im.stroff + strs[i], s->needed[i]);
		dyn(&im, d++, 1, strs[i]);
	}
	if (s->rpath) {
		strcpy((char *)im.b + im.stroff + rp, s->rpath);
		dyn(&im, d++, 15, rp);
	}
	if (s->runpath) {
		strcpy((char *)im.b + im.stroff + rn, s->runpath);
		dyn(&im, d++, 29, rn);
	}
	dyn(&im, d++, 5, VBASE + im.stroff);
	dyn(&im, d++, 10, so);
	sh(&im, 1, 3, im.stroff, so, 0, 0);
	sh(&im, 2, 6, im.dynoff, im.ndyn * 2 * w, 1, 0);
	return im;
}

static int
parse(const struct image *im, struct elfinfo *ei)
{
	char msg[128];
	int rc;

	msg[0] = '\0';
	rc = elf_parse(im->b, im->len, ei, msg, sizeof msg);
	if (rc == -2 && msg[0] == '\0')
		return -99;	/* -2 must say why */
	return rc;
}

static const char *two[] = { "libc.so.6", "libm.so.6" };

static struct spec
base(int bits, int be)
{
	struct spec s = { bits, be, EM_X86_64, "/lib/ld.so", "/r", "/u",
	    two, 2, 0 };

	return s;
}

/* Every prefix of an image parses to an error or to the same facts. */
static void
prefixes(const char *name, const unsigned char *b, size_t len, size_t step)
{
	struct elfinfo full, ei;
	size_t n, bad = 0;
	int rc;

	if (elf_parse(b, len, &full, NULL, 0) != 0) {
		ok(0, "%s: truncations (full image does not parse)", name);
		return;
	}
	for (n = 0; n < len; n += n < 8192 ? 1 : step) {
		rc = elf_parse(b, n, &ei, NULL, 0);
		if ((n < 4 && rc != -1) || (n >= 4 && n < 52 && rc != -2) ||
		    (rc == 0 && !same(&full, &ei)) || rc < -2 || rc > 0)
			bad++;
		elf_free(&ei);
	}
	ok(bad == 0, "%s: truncations", name);
	elf_free(&full);
}

static void
test_real(void)
{
	struct elfinfo ei;
	unsigned char *b;
	size_t len;
	int rc;

	if ((b = slurp("/bin/ls", &len)) == NULL) {
		ok(0, "ls: read /bin/ls");
		return;
	}
	rc = elf_parse(b, len, &ei, NULL, 0);
	ok(rc == 0 && ei.bits == 64 && ei.machine == EM_X86_64, "ls: class");
	ok(rc == 0 && streq(ei.interp, "/lib64/ld-linux-x86-64.so.2"),
	    "ls: interp");
	ok(rc == 0 && has_needed(&ei, "libc.so.6") &&
	    has_needed(&ei, "libselinux.so.1"), "ls: needed");
	elf_free(&ei);
	prefixes("ls", b, len, 997);
	free(b);

	if ((b = slurp("/bin/busybox", &len)) == NULL)
		skip("busybox", "no /bin/busybox (busybox-static)");
	else {
		rc = elf_parse(b, len, &ei, NULL, 0);
		ok(rc == 0 && ei.interp == NULL && ei.nneeded == 0 &&
		    ei.bits == 64, "busybox: static");
		elf_free(&ei);
		free(b);
	}
	if ((b = slurp("/usr/lib32/libc.so.6", &len)) == NULL)
		skip("libc32", "no /usr/lib32/libc.so.6");
	else {
		rc = elf_parse(b, len, &ei, NULL, 0);
		ok(rc == 0 && ei.bits == 32 && ei.machine == EM_386 &&
		    has_needed(&ei, "ld-linux.so.2"), "libc32: i386 library");
		elf_free(&ei);
		free(b);
	}
}

static void
test_m32(const char *tmp)
{
	char cmd[512], out[256];
	struct elfinfo ei;
	unsigned char *b;
	size_t len;
	int rc;

	snprintf(out, sizeof out, "%s/m32", tmp);
	snprintf(cmd, sizeof cmd, "echo 'int main(void){return 0;}' | "
	    "${CC:-cc} -m32 -x c -o %s -Wl,-rpath,/opt/r32 - 2>/dev/null", out);
	if (system(cmd) != 0 || (b = slurp(out, &len)) == NULL) {
		skip("m32", "gcc -m32 failed (gcc-multilib?)");
		return;
	}
	rc = elf_parse(b, len, &ei, NULL, 0);
	ok(rc == 0 && ei.bits == 32 && ei.machine == EM_386 &&
	    streq(ei.interp, "/lib/ld-linux.so.2") &&
	    has_needed(&ei, "libc.so.6") && (streq(ei.runpath, "/opt/r32") ||
	    streq(ei.rpath, "/opt/r32")), "m32: 32-bit program");
	elf_free(&ei);
	prefixes("m32", b, len, 1);
	free(b);
}

static void
test_synthetic(void)
{
	static const int cls[4][2] = { { 64, 0 }, { 64, 1 }, { 32, 0 }, { 32, 1 } };
	struct elfinfo ei;
	struct spec s;
	struct image im;
	char name[64];
	int i, rc;

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "synthetic ELF%d%s", cls[i][0],
		    cls[i][1] ? "MSB" : "LSB");
		s = base(cls[i][0], cls[i][1]);
		im = build(&s);
		rc = parse(&im, &ei);
		ok(rc == 0 && ei.bits == s.bits && ei.machine == EM_X86_64 &&
		    streq(ei.interp, "/lib/ld.so") && ei.nneeded == 2 &&
		    streq(ei.needed[0], "libc.so.6") &&
		    streq(ei.needed[1], "libm.so.6") && streq(ei.rpath, "/r") &&
		    streq(ei.runpath, "/u"), "%s", name);
		elf_free(&ei);
		prefixes(name, im.b, im.len, 1);

		/* Only section headers: .dynamic through sh_link. */
		put(&im, EH_PHNUM(im.w), 0, 2);
		rc = parse(&im, &ei);
		ok(rc == 0 && ei.interp == NULL && ei.nneeded == 2 &&
		    streq(ei.needed[1], "libm.so.6") && streq(ei.runpath, "/u"),
		    "%s: section headers only", name);
		elf_free(&ei);
		sh(&im, 2, 6, im.dynoff, im.ndyn * 2 * im.w, 7, 0);
		ok(parse(&im, &ei) == -2, "%s: bad sh_link", name);
		free(im.b);
	}
}

/* One broken field: build, break, expect -2 (or WANT). */
enum brk { PHOFF_END, PHOFF_WRAP, PHNUM_HUGE, XNUM_OK, XNUM_HUGE, XNUM_NOSH,
	PHENT, INTERP_NUL, INTERP_WRAP, INTERP_EMPTY, STRTAB_OUT, STRSZ_BIG,
	STR_PAST, STR_UNTERM, DYN_OUT, DYN_WRAP, LOAD_OUT, NO_STRTAB, CLASS,
	DATA, SHENT, SHNUM0_BAD, DYN_NONULL, NBRK };
static const char *brkname[] = { "e_phoff past end", "e_phoff wraps",
	"e_phnum huge", "PN_XNUM with real count", "PN_XNUM huge",
	"PN_XNUM without sections", "e_phentsize", "PT_INTERP without NUL",
	"PT_INTERP offset+size wraps", "PT_INTERP empty", "DT_STRTAB outside",
	"DT_STRSZ past segment", "string offset past DT_STRSZ",
	"string cut by DT_STRSZ", "PT_DYNAMIC past end", "PT_DYNAMIC wraps",
	"PT_LOAD past end", "DT_NEEDED without DT_STRTAB", "bad EI_CLASS",
	"bad EI_DATA", "sections: e_shentsize", "e_shnum 0, bad e_shoff (ignored)",
	"dynamic table without DT_NULL" };

static int
broken(int bits, int be, enum brk k)
{
	struct spec s = base(bits, be);
	struct elfinfo ei;
	struct image im;
	int w, rc;

	im = build(&s);
	w = im.w;
	switch (k) {
	case PHOFF_END: put(&im, EH_PHOFF(w), im.len, w); break;
	case PHOFF_WRAP: put(&im, EH_PHOFF(w), (uint64_t)-8, w); break;
	case PHNUM_HUGE: put(&im, EH_PHNUM(w), 0xfffe, 2); break;
	case XNUM_OK:
	case XNUM_HUGE:
		put(&im, EH_PHNUM(w), PN_XNUM, 2);
		sh(&im, 0, 0, 0, 0, 0, k == XNUM_OK ? 3 : 0xffffffff);
		break;
	case XNUM_NOSH:
		put(&im, EH_PHNUM(w), PN_XNUM, 2);
		put(&im, EH_SHOFF(w), 0, w);
		break;
	case PHENT: put(&im, EH_PHENT(w), PHSZ(w) + 1, 2); break;
	case INTERP_NUL: im.b[im.interpoff + strlen(s.interp)] = 'x'; break;
	case INTERP_WRAP: ph_set(&im, 0, 3, (uint64_t)-1); break;
	case INTERP_EMPTY: im.b[im.interpoff] = '\0'; break;
	case STRTAB_OUT: dyn(&im, im.ndyn - 3, 5, 0x10); break;
	case STRSZ_BIG: dyn(&im, im.ndyn - 2, 10, im.len); break;
	case STR_PAST: dyn(&im, 0, 1, im.strsz); break;
	case STR_UNTERM: dyn(&im, im.ndyn - 2, 10, im.strsz - 2); break;
	case DYN_OUT: ph_set(&im, 2, 1, im.len + 1); break;
	case DYN_WRAP: ph_set(&im, 2, 3, (uint64_t)-16); break;
	case LOAD_OUT: ph_set(&im, 1, 3, im.len + 1); break;
	case NO_STRTAB: dyn(&im, im.ndyn - 3, 10, im.strsz); break;
	case CLASS: im.b[4] = 3; break;
	case DATA: im.b[5] = 0; break;
	case SHENT:
		put(&im, EH_PHNUM(w), 0, 2);
		put(&im, EH_SHENT(w), SHSZ(w) - 1, 2);
		break;
	case SHNUM0_BAD:
		put(&im, EH_SHNUM(w), 0, 2);
		put(&im, EH_SHOFF(w), im.len - 4, w);
		break;
	case DYN_NONULL:
		/* PT_DYNAMIC ends before DT_NULL, and the entry past its end
		 * would add a DT_NEEDED: it must not be read. */
		ph_set(&im, 2, 3, (im.ndyn - 1) * 2 * w);
		dyn(&im, im.ndyn - 1, 1, 1);
		break;
	case NBRK: break;
	}
	rc = parse(&im, &ei);
	if (k == XNUM_OK || k == SHNUM0_BAD)
		rc = rc == 0 && ei.nneeded == 2 && streq(ei.interp, s.interp) ?
		    0 : -3;
	if (k == DYN_NONULL)
		rc = rc == 0 && ei.nneeded == 2 ? 0 : -3;
	elf_free(&ei);
	free(im.b);
	return rc;
}

static void
test_broken(void)
{
	int k, bits, be, bad;

	for (k = 0; k < NBRK; k++) {
		bad = 0;
		for (bits = 32; bits <= 64; bits += 32)
			for (be = 0; be < 2; be++)
				bad += broken(bits, be, k) !=
				    (k == XNUM_OK || k == DYN_NONULL ||
				    k == SHNUM0_BAD ? 0 : -2);
		ok(bad == 0, "malformed: %s", brkname[k]);
	}
}

static void
test_limits(void)
{
	static const char *many[ELF_MAXNEEDED + 1];
	static char names[ELF_MAXNEEDED + 1][16];
	struct spec s = base(64, 0);
	struct elfinfo ei;
	struct image im;
	char msg[64];
	size_t i;
	int rc;

	for (i = 0; i <= ELF_MAXNEEDED; i++) {
		snprintf(names[i], sizeof names[i], "lib%zu.so", i);
		many[i] = names[i];
	}
	s.needed = many;
	s.nneeded = ELF_MAXNEEDED;
	im = build(&s);
	rc = parse(&im, &ei);
	ok(rc == 0 && ei.nneeded == ELF_MAXNEEDED &&
	    streq(ei.needed[ELF_MAXNEEDED - 1], "lib255.so"),
	    "DT_NEEDED: exactly ELF_MAXNEEDED");
	elf_free(&ei);
	free(im.b);
	s.nneeded = ELF_MAXNEEDED + 1;
	im = build(&s);
	rc = elf_parse(im.b, im.len, &ei, msg, sizeof msg);
	ok(rc == -2 && ei.nneeded == 0 && strstr(msg, "DT_NEEDED"),
	    "DT_NEEDED: over ELF_MAXNEEDED refused");
	free(im.b);

	ok(elf_parse((const unsigned char *)"\177ELX", 4, &ei, NULL, 0) == -1 &&
	    elf_parse((const unsigned char *)"\177EL", 3, &ei, NULL, 0) == -1 &&
	    elf_parse((const unsigned char *)"", 0, &ei, NULL, 0) == -1,
	    "not ELF: bad magic, short");
	rc = elf_parse((const unsigned char *)"\177ELF\2\1\1", 7, &ei, msg, 1);
	ok(rc == -2 && msg[0] == '\0', "msg: truncated to msglen");

	/* The same DT_RPATH twice: the last wins, nothing leaks. */
	s = base(64, 0);
	s.runpath = "/r2";
	im = build(&s);
	dyn(&im, 3, 15, im.strsz - 4);	/* DT_RUNPATH "/r2" made DT_RPATH */
	rc = parse(&im, &ei);
	ok(rc == 0 && streq(ei.rpath, "/r2") && ei.runpath == NULL,
	    "DT_RPATH twice: last wins");
	elf_free(&ei);
	free(im.b);
}

/* Flip bytes of an image at random; nothing may crash or leak. */
static void
mutate(const char *name, const unsigned char *b, size_t len, size_t span)
{
	struct elfinfo ei;
	unsigned char *c;
	unsigned int seed = 1;
	int i, j, bad = 0, rc;

	if ((c = malloc(len)) == NULL)
		abort();
	for (i = 0; i < 3000; i++) {
		memcpy(c, b, len);
		for (j = 0; j < 4; j++) {
			seed = seed * 1103515245 + 12345;
			c[(seed >> 8) % (span < len ? span : len)] ^=
			    (unsigned char)(1u << (seed >> 28 & 7));
		}
		rc = elf_parse(c, len, &ei, NULL, 0);
		bad += rc < -2 || rc > 0;
		elf_free(&ei);
	}
	free(c);
	ok(bad == 0, "%s: random corruptions", name);
}

static void
test_mutations(void)
{
	struct spec s = base(64, 1);
	struct image im = build(&s);
	unsigned char *b;
	size_t len;

	mutate("synthetic", im.b, im.len, im.len);
	free(im.b);
	s = base(32, 0);
	im = build(&s);
	mutate("synthetic32", im.b, im.len, im.len);
	free(im.b);
	if ((b = slurp("/bin/ls", &len)) != NULL) {
		mutate("ls", b, len, 4096);
		free(b);
	}
}

static int
sb(const char *s, size_t len, const char *want)
{
	char out[300];
	int rc;

	rc = shebang_parse((const unsigned char *)s, len, out, sizeof out);
	if (want == NULL)
		return rc == -1;
	return rc == 0 && strcmp(out, want) == 0;
}

static void
test_shebang(void)
{
	char big[400], out[8];

	ok(sb("#!/bin/sh\n", 10, "/bin/sh"), "shebang: plain");
	ok(sb("#! \t/usr/bin/env python3\n", 26, "/usr/bin/env"),
	    "shebang: blanks and an argument");
	ok(sb("#!/bin/sh", 9, "/bin/sh"), "shebang: no newline at EOF");
	ok(sb("#!/bin/sh\0junk\n", 15, "/bin/sh"), "shebang: NUL ends");
	ok(sb("#!/bin/bash\r\n", 13, "/bin/bash\r"),
	    "shebang: CR is part of the name, as for the kernel");
	ok(sb("#!\n", 3, NULL) && sb("#!  \t\n", 6, NULL) && sb("#!", 2, NULL),
	    "shebang: no interpreter");
	ok(sb("", 0, NULL) && sb("#", 1, NULL) && sb("!#/bin/sh\n", 10, NULL) &&
	    sb("\177ELF", 4, NULL), "shebang: not a script");
	memset(big, 'a', sizeof big);
	memcpy(big, "#!/", 3);
	ok(sb(big, sizeof big, NULL), "shebang: name past 256 bytes refused");
	ok(sb(big, 200, NULL) == 0 && shebang_parse((unsigned char *)big, 200,
	    out, sizeof out) == -1, "shebang: name longer than outlen");
	memcpy(big, "#!/bin/sh ", 10);
	ok(sb(big, sizeof big, "/bin/sh"), "shebang: long arguments cut");
	ok(sb(big, 5, "/bi"), "shebang: short buffer");
}

/* Synthetic ld.so.cache images. */
struct ent {
	uint32_t	 flags;
	const char	*key, *val;
	uint64_t	 hwcap;
};

static size_t
cache_build(unsigned char *b, int old, int compat, const struct ent *e,
    size_t n)
{
	size_t base = 0, eo, esz, s, sbase, i;
	uint32_t v = (uint32_t)n;

	memset(b, 0, 4096);
	if (old || compat) {
		memcpy(b, "ld.so-1.7.0", 12);
		memcpy(b + 12, &v, 4);
		memset(b + 16, 0xee, 12 * n);	/* compat: junk, unused */
	}
	if (old && !compat) {		/* offsets from the end of entries */
		eo = 16;
		esz = 12;
		s = sbase = 16 + 12 * n;
	} else {			/* offsets from the new header */
		base = compat ? (16 + 12 * n + 7) & ~(size_t)7 : 0;
		memcpy(b + base, "glibc-ld.so.cache1.1", 20);
		memcpy(b + base + 20, &v, 4);
		b[base + 28] = 2;	/* little endian */
		eo = base + 48;
		esz = 24;
		s = eo + 24 * n;
		sbase = base;
	}
	for (i = 0; i < n; i++, eo += esz) {
		memcpy(b + eo, &e[i].flags, 4);
		v = (uint32_t)(s - sbase);
		memcpy(b + eo + 4, &v, 4);
		strcpy((char *)b + s, e[i].key);
		s += strlen(e[i].key) + 1;
		v = (uint32_t)(s - sbase);
		memcpy(b + eo + 8, &v, 4);
		strcpy((char *)b + s, e[i].val);
		s += strlen(e[i].val) + 1;
		if (esz == 24)
			memcpy(b + eo + 16, &e[i].hwcap, 8);
	}
	return s;
}

static int
lk(const unsigned char *b, size_t len, const char *name, int bits, int m,
    const char *want)
{
	char out[256];
	int rc = ldcache_lookup(b, len, name, bits, m, out, sizeof out);

	if (want == NULL || rc != 0)
		return rc;
	return strcmp(out, want) == 0 ? 0 : -3;
}

static void
test_cache_synthetic(void)
{
	static const struct ent e[] = {
		{ 0x803, "libz.so.1", "/libx32/libz.so.1", 0 },
		{ 0x303, "libz.so.1", "/hw/libz.so.1", 1ull << 62 },
		{ 0x303, "libz.so.1", "/l64/libz.so.1", 0 },
		{ 0x003, "libz.so.1", "/l32/libz.so.1", 0 },
		{ 0x001, "ld-linux.so.2", "/l32/ld-linux.so.2", 0 },
	};
	unsigned char b[4096], c[4096];
	size_t len, n, bad;
	int f, rc;
	uint32_t v;

	for (f = 0; f < 3; f++) {
		const char *fmt = f == 0 ? "new" : f == 1 ? "old" : "compat";

		len = cache_build(b, f == 1, f == 2, e, 5);
		/* The old format has no hwcap field: first match wins. */
		ok(lk(b, len, "libz.so.1", 64, EM_X86_64, f == 1 ?
		    "/hw/libz.so.1" : "/l64/libz.so.1") == 0,
		    "ld.so.cache %s: x86-64 entry", fmt);
		ok(lk(b, len, "libz.so.1", 32, EM_386, "/l32/libz.so.1") == 0 &&
		    lk(b, len, "ld-linux.so.2", 32, EM_386,
		    "/l32/ld-linux.so.2") == 0, "ld.so.cache %s: i386 entries", fmt);
		ok(lk(b, len, "libz.so.1", 32, EM_X86_64, "/libx32/libz.so.1") == 0,
		    "ld.so.cache %s: x32 entry", fmt);
		ok(lk(b, len, "libq.so", 64, EM_X86_64, NULL) == -1 &&
		    lk(b, len, "libz.so.1", 64, 183, NULL) == -1 &&
		    lk(b, len, "ld-linux.so.2", 64, EM_X86_64, NULL) == -1,
		    "ld.so.cache %s: not found", fmt);
		/* Every truncation: an error or a right answer. */
		for (n = 0, bad = 0; n < len; n++) {
			rc = lk(b, n, "libz.so.1", 32, EM_386, "/l32/libz.so.1");
			bad += rc != 0 && rc != -1 && rc != -2;
		}
		ok(bad == 0, "ld.so.cache %s: truncations", fmt);
	}
	len = cache_build(b, 0, 0, e, 5);
	ok(lk(b, len, "libz.so.1", 64, EM_X86_64, "/l64/libz.so.1") == 0,
	    "ld.so.cache: glibc-hwcaps entry passed over");
	memcpy(c, b, len);
	c[28] = 3;
	ok(lk(c, len, "libz.so.1", 64, EM_X86_64, NULL) == -2,
	    "ld.so.cache: big-endian cache refused");
	memcpy(c, b, len);
	v = 0x7fffffff;
	memcpy(c + 20, &v, 4);
	ok(lk(c, len, "libz.so.1", 64, EM_X86_64, NULL) == -2,
	    "ld.so.cache: nlibs huge refused");
	memcpy(c, b, len);
	v = 0xffffff00;
	memcpy(c + 48 + 2 * 24 + 4, &v, 4);	/* key of the x86-64 entry */
	ok(lk(c, len, "libz.so.1", 64, EM_X86_64, NULL) == -1,
	    "ld.so.cache: key offset out of range");
	memcpy(c, b, len);
	c[len - 1] = 'x';			/* last string unterminated */
	ok(lk(c, len, "ld-linux.so.2", 32, EM_386, NULL) == -1,
	    "ld.so.cache: unterminated string");
	ok(ldcache_lookup(b, len, "libz.so.1", 64, EM_X86_64, (char *)c, 5) == -1,
	    "ld.so.cache: value longer than outlen");
	ok(lk((const unsigned char *)"ld.so-1.7.0\0\377\377\377\377", 16,
	    "x", 64, EM_X86_64, NULL) == -2 && lk(b, 0, "x", 64, 62, NULL) == -2,
	    "ld.so.cache: bad headers");
}

static void
test_cache_real(void)
{
	unsigned char *b, *c;
	unsigned int seed = 7;
	size_t len, n, bad = 0;
	char out[256];
	int i, rc;

	if ((b = slurp("/etc/ld.so.cache", &len)) == NULL) {
		skip("ld.so.cache", "no /etc/ld.so.cache");
		return;
	}
	ok(lk(b, len, "libc.so.6", 64, EM_X86_64,
	    "/lib/x86_64-linux-gnu/libc.so.6") == 0,
	    "ld.so.cache real: libc.so.6 for x86-64");
	if (access("/usr/lib32/libc.so.6", F_OK) == 0)
		ok(ldcache_lookup(b, len, "libc.so.6", 32, EM_386, out,
		    sizeof out) == 0 && strstr(out, "32") != NULL,
		    "ld.so.cache real: libc.so.6 for i386 (%s)", out);
	ok(lk(b, len, "libnonexistent.so.9", 64, EM_X86_64, NULL) == -1,
	    "ld.so.cache real: unknown name");
	for (n = 0; n < len; n += n < 2048 ? 1 : 211) {
		rc = lk(b, n, "libc.so.6", 64, EM_X86_64,
		    "/lib/x86_64-linux-gnu/libc.so.6");
		bad += rc != 0 && rc != -1 && rc != -2;
	}
	ok(bad == 0, "ld.so.cache real: truncations");
	if ((c = malloc(len)) == NULL)
		abort();
	for (i = 0, bad = 0; i < 2000; i++) {
		memcpy(c, b, len);
		for (n = 0; n < 8; n++) {
			seed = seed * 1103515245 + 12345;
			c[(seed >> 4) % (i & 1 ? 64 + 24 * 16 : len)] =
			    (unsigned char)(seed >> 24);
		}
		rc = ldcache_lookup(c, len, "libc.so.6", 64, EM_X86_64, out,
		    sizeof out);
		bad += (rc != 0 && rc != -1 && rc != -2) ||
		    (rc == 0 && strlen(out) >= sizeof out);
	}
	ok(bad == 0, "ld.so.cache real: random corruptions");
	free(c);
	free(b);
}

static void
on_alarm(int sig)
{
	(void)sig;
}

static void
test_read_fd(void)
{
	struct sigaction sa;
	struct itimerval it;
	unsigned char *b, chunk[10000];
	size_t len;
	pid_t pid;
	int p[2], i, st, fd;

	/* A slow writer: short reads, EINTR, growth past 64 KiB. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: read fails EINTR */
	sigaction(SIGALRM, &sa, NULL);
	if (pipe(p) == -1 || (pid = fork()) == -1)
		abort();
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < 10; i++) {
			memset(chunk, 'a' + i, sizeof chunk);
			usleep(30000);
			if (write(p[1], chunk, sizeof chunk) != sizeof chunk)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	memset(&it, 0, sizeof it);
	it.it_value.tv_usec = it.it_interval.tv_usec = 7000;
	setitimer(ITIMER_REAL, &it, NULL);
	b = read_fd(p[0], 1 << 20, &len);
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	close(p[0]);
	waitpid(pid, &st, 0);
	ok(b != NULL && len == 100000 && b[0] == 'a' && b[99999] == 'j' &&
	    b[50000] == 'f', "read_fd: short reads and EINTR");
	free(b);

	fd = open("/bin/ls", O_RDONLY);
	b = read_fd(fd, 1000, &len);
	ok(b != NULL && len == 1000 && memcmp(b, "\177ELF", 4) == 0,
	    "read_fd: stops at max");
	free(b);
	b = read_fd(fd, 0, &len);
	ok(b != NULL && len == 0, "read_fd: max 0");
	free(b);
	close(fd);
	b = read_fd(-1, 10, &len);
	ok(b == NULL && errno == EBADF, "read_fd: bad fd");
}

/* Test jails: files under a temporary directory. */
static int
wfile(const char *root, const char *path, const void *b, size_t len)
{
	char p[4096], *s;
	int fd, rc;

	snprintf(p, sizeof p, "%s%s", root, path);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	unlink(p);
	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0755)) == -1)
		return -1;
	rc = write(fd, b, len) == (ssize_t)len ? 0 : -1;
	close(fd);
	return rc;
}

static void
rm(const char *root, const char *path)
{
	char p[4096];

	snprintf(p, sizeof p, "%s%s", root, path);
	unlink(p);
}

static int
lnk(const char *root, const char *path, const char *target)
{
	char p[4096];

	if (wfile(root, path, "", 0) == -1)
		return -1;
	snprintf(p, sizeof p, "%s%s", root, path);
	unlink(p);
	return symlink(target, p);
}

static void
test_jail_open(const char *root)
{
	char buf[16];
	int rfd, fd, n;

	rfd = open(root, O_PATH | O_DIRECTORY);
	wfile(root, "/etc/f", "inside", 6);
	lnk(root, "/abs", "/etc/f");
	lnk(root, "/up", "../../../../../../etc/f");
	lnk(root, "/hostonly", "/etc/passwd");
	fd = jail_open(rfd, "/abs", O_RDONLY);
	n = fd >= 0 ? (int)read(fd, buf, sizeof buf) : -1;
	ok(n == 6 && memcmp(buf, "inside", 6) == 0 &&
	    (fcntl(fd, F_GETFD) & FD_CLOEXEC), "jail_open: absolute symlink");
	close(fd);
	fd = jail_open(rfd, "up", O_RDONLY);
	n = fd >= 0 ? (int)read(fd, buf, sizeof buf) : -1;
	ok(n == 6, "jail_open: .. stops at the jail root");
	close(fd);
	fd = jail_open(rfd, "/../../etc/f", O_RDONLY);
	ok(fd >= 0, "jail_open: absolute path from the jail root");
	close(fd);
	errno = 0;
	ok(jail_open(rfd, "/hostonly", O_RDONLY) == -1 && errno == ENOENT,
	    "jail_open: host file not reachable");
	close(rfd);
}

/* elf_check_deps on synthetic jails. */
struct got {
	int	 n;
	char	 last[512];
};

static void
collect(void *arg, const char *obj, const char *missing, const char *why)
{
	struct got *g = arg;

	g->n++;
	snprintf(g->last, sizeof g->last, "%s|%s|%s", obj, missing, why);
}

static int
put_elf(const char *root, const char *path, int bits, const char *rpath,
    const char *runpath, const char **needed, size_t n)
{
	struct spec s = { bits, 0, bits == 64 ? EM_X86_64 : EM_386, NULL,
	    rpath, runpath, needed, n, 0 };
	struct image im = build(&s);
	int rc = wfile(root, path, im.b, im.len);

	free(im.b);
	return rc;
}

static int
deps(const char *root, const char *path, struct got *g)
{
	int rfd = open(root, O_PATH | O_DIRECTORY), rc;

	memset(g, 0, sizeof *g);
	rc = elf_check_deps(rfd, path, collect, g);
	close(rfd);
	return rc < 0 || rc == g->n ? rc : -99;
}

static void
test_deps(const char *J)
{
	static const char *foo[] = { "libfoo.so.1" }, *a[] = { "libA.so" },
	    *b[] = { "libB.so" }, *miss2[] = { "libA.so", "libgone.so" },
	    *ld[] = { "ld-x.so" };
	static const char *many[256];
	static char names[256][16], more[256][4][32], path[256][40];
	const char *m4[4];
	struct got g;
	struct spec s;
	struct image im;
	int rc, i, k, n;

	put_elf(J, "/app/bin/prog", 64, NULL, "$ORIGIN/../lib", foo, 1);
	put_elf(J, "/app/lib/libfoo.so.1", 64, NULL, NULL, NULL, 0);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: $ORIGIN in DT_RUNPATH");
	put_elf(J, "/app/bin/prog", 64, NULL, "/x:${ORIGIN}/../lib", foo, 1);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: ${ORIGIN}, second element");
	rm(J, "/app/lib/libfoo.so.1");
	ok(deps(J, "/app/bin/prog", &g) == 1 && strcmp(g.last,
	    "/app/bin/prog|libfoo.so.1|library not found") == 0,
	    "deps: missing library reported");

	put_elf(J, "/app/bin/prog", 64, "/opt/$LIB:/p/$PLATFORM", NULL, foo, 1);
	put_elf(J, "/opt/lib/x86_64-linux-gnu/libfoo.so.1", 64, NULL, NULL,
	    NULL, 0);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: $LIB");
	rm(J, "/opt/lib/x86_64-linux-gnu/libfoo.so.1");
	put_elf(J, "/p/x86_64/libfoo.so.1", 64, NULL, NULL, NULL, 0);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: $PLATFORM");
	rm(J, "/p/x86_64/libfoo.so.1");

	/* DT_RPATH is ignored when there is a DT_RUNPATH. */
	put_elf(J, "/r/libfoo.so.1", 64, NULL, NULL, NULL, 0);
	put_elf(J, "/app/bin/prog", 64, "/r", "/u", foo, 1);
	ok(deps(J, "/app/bin/prog", &g) == 1, "deps: DT_RPATH under DT_RUNPATH");
	put_elf(J, "/app/bin/prog", 64, "/r", NULL, foo, 1);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: DT_RPATH");

	/* The executable's DT_RPATH serves its libraries' needs too, unless
	 * the library has a DT_RUNPATH. */
	put_elf(J, "/app/bin/prog", 64, "/r", NULL, a, 1);
	put_elf(J, "/r/libA.so", 64, NULL, NULL, b, 1);
	put_elf(J, "/r/libB.so", 64, NULL, NULL, NULL, 0);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: inherited DT_RPATH");
	put_elf(J, "/r/libA.so", 64, NULL, "/nowhere", b, 1);
	ok(deps(J, "/app/bin/prog", &g) == 1 &&
	    strcmp(g.last, "/r/libA.so|libB.so|library not found") == 0,
	    "deps: DT_RUNPATH stops inherited DT_RPATH");

	/* A cycle ends; a name missing twice is reported once. */
	put_elf(J, "/r/libA.so", 64, NULL, NULL, b, 1);
	put_elf(J, "/r/libB.so", 64, NULL, NULL, miss2, 2);
	put_elf(J, "/app/bin/prog", 64, "/r", NULL, miss2, 2);
	ok(deps(J, "/app/bin/prog", &g) == 1 && strcmp(g.last,
	    "/app/bin/prog|libgone.so|library not found") == 0,
	    "deps: cycle, and missing name reported once");

	/* The wrong class is passed over; the default directories. */
	put_elf(J, "/app/bin/prog", 64, "/r", NULL, foo, 1);
	put_elf(J, "/r/libfoo.so.1", 32, NULL, NULL, NULL, 0);
	ok(deps(J, "/app/bin/prog", &g) == 1, "deps: wrong class skipped");
	put_elf(J, "/usr/lib/libfoo.so.1", 64, NULL, NULL, NULL, 0);
	ok(deps(J, "/app/bin/prog", &g) == 0, "deps: default directory");
	wfile(J, "/lib/x86_64-linux-gnu/libfoo.so.1", "junk\n", 5);
	ok(deps(J, "/app/bin/prog", &g) == 1 && strstr(g.last,
	    "|/lib/x86_64-linux-gnu/libfoo.so.1|not an ELF file") != NULL,
	    "deps: a non-ELF candidate is an error");
	rm(J, "/lib/x86_64-linux-gnu/libfoo.so.1");
	rm(J, "/usr/lib/libfoo.so.1");
	rm(J, "/r/libfoo.so.1");

	/* The jail's ld.so.cache. */
	{
		struct ent e = { 0x303, "libfoo.so.1", "/weird/libfoo.so.1", 0 };
		unsigned char cb[4096];
		size_t cl = cache_build(cb, 0, 0, &e, 1);

		put_elf(J, "/weird/libfoo.so.1", 64, NULL, NULL, NULL, 0);
		ok(deps(J, "/app/bin/prog", &g) == 1, "deps: no cache");
		wfile(J, "/etc/ld.so.cache", cb, cl);
		ok(deps(J, "/app/bin/prog", &g) == 0, "deps: ld.so.cache");
		wfile(J, "/etc/ld.so.cache", cb, 60);
		ok(deps(J, "/app/bin/prog", &g) == 1, "deps: truncated cache");
		rm(J, "/etc/ld.so.cache");
	}

	/* PT_INTERP; a DT_NEEDED of the interpreter's name is not looked up. */
	s = base(64, 0);
	s.interp = "/lib/ld-x.so";
	s.rpath = s.runpath = NULL;
	s.needed = ld;
	s.nneeded = 1;
	im = build(&s);
	wfile(J, "/bin/withld", im.b, im.len);
	free(im.b);
	ok(deps(J, "/bin/withld", &g) == 1 && strcmp(g.last,
	    "/bin/withld|/lib/ld-x.so|ELF interpreter missing") == 0,
	    "deps: interpreter missing, reported once");
	put_elf(J, "/lib/ld-x.so", 64, NULL, NULL, NULL, 0);
	ok(deps(J, "/bin/withld", &g) == 0, "deps: interpreter present");
	put_elf(J, "/lib/ld-x.so", 32, NULL, NULL, NULL, 0);
	ok(deps(J, "/bin/withld", &g) == 1, "deps: interpreter of wrong class");

	/* $ORIGIN of a symlinked executable is where the link leads. */
	put_elf(J, "/app/bin/prog", 64, NULL, "$ORIGIN/../lib", foo, 1);
	put_elf(J, "/app/lib/libfoo.so.1", 64, NULL, NULL, NULL, 0);
	lnk(J, "/usr/bin/prog", "../../app/bin/prog");
	lnk(J, "/usr/bin/prog2", "/usr/bin/prog");
	ok(deps(J, "/usr/bin/prog2", &g) == 0, "deps: $ORIGIN of a symlink");

	/* Scripts. */
	wfile(J, "/s.sh", "#!/usr/bin/prog2 -x\n", 20);
	ok(deps(J, "/s.sh", &g) == 0, "deps: script");
	wfile(J, "/s2.sh", "#!/s.sh\n", 8);
	ok(deps(J, "/s2.sh", &g) == 0, "deps: script of a script");
	wfile(J, "/s.sh", "#!/nope\n", 8);
	ok(deps(J, "/s2.sh", &g) == 1 &&
	    strcmp(g.last, "/s.sh|/nope|script interpreter missing") == 0,
	    "deps: script interpreter missing");
	wfile(J, "/loop.sh", "#!/loop.sh\n", 11);
	ok(deps(J, "/loop.sh", &g) == 1, "deps: #! loop bounded");
	wfile(J, "/text", "hello\n", 6);
	ok(deps(J, "/text", &g) == 0, "deps: neither ELF nor script");
	errno = 0;
	ok(deps(J, "/absent", &g) == -1 && errno == ENOENT, "deps: ENOENT");
	ok(deps(J, "/app", &g) == -1, "deps: a directory");

	/* More objects than the limit: stopped, said once. */
	for (i = 0; i < 256; i++) {
		snprintf(names[i], sizeof names[i], "l%d.so", i);
		many[i] = names[i];
		for (k = 0; k < 4; k++) {
			snprintf(more[i][k], sizeof more[i][k], "m%d_%d.so", i, k);
			m4[k] = more[i][k];
		}
		snprintf(path[i], sizeof path[i], "/big/l%d.so", i);
		put_elf(J, path[i], 64, NULL, NULL, m4, 4);
	}
	put_elf(J, "/big/prog", 64, "/big", NULL, many, 256);
	rc = deps(J, "/big/prog", &g);
	n = rc;
	ok(n > 700 && strstr(g.last, "too many objects to check") != NULL,
	    "deps: object limit (%d problems)", n);
}

/*
 * elf_missing_interp, on a jail under the temporary directory: through a
 * jail fd, then from inside it (chroot'ed, as explain_enoent calls it).
 * Each answer is compared as text: "rc|object|missing", or "-1|ERRNO".
 */
struct micase {
	const char	*name, *path;
	char		 want[256];
};

static const char *
mi(int rfd, const char *path)
{
	static char out[1100];
	char obj[512] = "", miss[512] = "";
	int rc;

	errno = 0;
	rc = elf_missing_interp(rfd, path, obj, sizeof obj, miss, sizeof miss);
	if (rc == -1)
		snprintf(out, sizeof out, "-1|%s", strerrorname_np(errno));
	else
		snprintf(out, sizeof out, "%d|%s|%s", rc, obj, miss);
	return out;
}

static void
expect(const char *got, const char *want, const char *name)
{
	if (strcmp(got, want) != 0)
		printf("# %s: got '%s', want '%s'\n", name, got, want);
	ok(strcmp(got, want) == 0, "missing_interp: %s", name);
}

/* --check must report what elf_missing_interp finds missing: one chase. */
struct find {
	char	 obj[256], miss[256];
	int	 found;
};

static void
find_cb(void *arg, const char *obj, const char *missing, const char *why)
{
	struct find *f = arg;

	(void)why;
	if (strcmp(obj, f->obj) == 0 && strcmp(missing, f->miss) == 0)
		f->found = 1;
}

static void
run_cases(int rfd, const struct micase *c, size_t n)
{
	struct find f;
	size_t i;

	for (i = 0; i < n; i++) {
		expect(mi(rfd, c[i].path), c[i].want, c[i].name);
		memset(&f, 0, sizeof f);
		if (sscanf(c[i].want, "1|%255[^|]|%255s", f.obj, f.miss) != 2)
			continue;
		elf_check_deps(rfd, c[i].path, find_cb, &f);
		ok(f.found, "missing_interp: --check agrees: %s", c[i].name);
	}
}

/* A seccomp filter failing openat2 with EPERM, as a profile may: the
 * AT_FDCWD mode must do without it.  No arch check, in a test child: 437
 * is openat2 wherever it exists. */
static int
deny_openat2(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
}

enum { IN_CHROOT = 1, LOW_MEM = 2 };

/* The child of in_child(): its answers, a line each, to out.  IN_CHROOT:
 * chroot'ed into root, openat2 denied (the first line says it is),
 * AT_FDCWD; from case nobody on, as uid 65534.  LOW_MEM: through a jail fd,
 * with 192 MiB of address space, far less than MAXFILE. */
static void
child(const char *root, const struct micase *c, size_t n, size_t nobody,
    int how, FILE *out)
{
	struct rlimit rl = { (rlim_t)192 << 20, (rlim_t)192 << 20 };
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC), dirfd = rfd;
	size_t i;

	if (how & IN_CHROOT) {
		if (chroot(root) == -1 || chdir("/") == -1 ||
		    deny_openat2() == -1) {
			fprintf(out, "setup: %s\n", strerror(errno));
			return;
		}
		errno = 0;
		fprintf(out, "openat2 %s\n", jail_open(rfd, "/s1", O_RDONLY) ==
		    -1 ? strerrorname_np(errno) : "allowed");
		dirfd = AT_FDCWD;
	}
	if ((how & LOW_MEM) && setrlimit(RLIMIT_AS, &rl) == -1)
		fprintf(out, "setrlimit: %s\n", strerror(errno));
	for (i = 0; i < n; i++) {
		if (i == nobody && (setgid(65534) == -1 || setuid(65534) == -1))
			fprintf(out, "setuid: %s\n", strerror(errno));
		fprintf(out, "%s\n", mi(dirfd, c[i].path));
	}
}

static void
in_child(const char *root, const struct micase *c, size_t n, size_t nobody,
    int how)
{
	char *got, *line, *next;
	size_t len, i = 0;
	pid_t pid;
	int p[2], st, nl;
	FILE *f;

	if (pipe(p) == -1 || (pid = fork()) == -1)
		abort();
	if (pid == 0) {
		close(p[0]);
		if ((f = fdopen(p[1], "w")) != NULL) {
			child(root, c, n, nobody, how, f);
			fclose(f);
		}
		_exit(0);
	}
	close(p[1]);
	got = (char *)read_fd(p[0], 1 << 16, &len);
	close(p[0]);
	waitpid(pid, &st, 0);
	if (got == NULL)
		abort();
	got[len] = '\0';	/* read_fd leaves the byte */
	line = got;
	if (how & IN_CHROOT) {
		next = strchrnul(line, '\n');
		ok(strncmp(line, "openat2 EPERM\n", 14) == 0,
		    "missing_interp: chroot child: openat2 denied");
		line = *next ? next + 1 : next;
	}
	for (; i < n && *line != '\0'; i++) {
		next = strchrnul(line, '\n');
		nl = *next == '\n';
		*next = '\0';
		expect(line, c[i].want, c[i].name);
		line = next + nl;
	}
	ok(i == n, "missing_interp: the child of \"%s\" answered all",
	    c[0].name);
	free(got);
}

static int
copy_file(const char *root, const char *to, const char *from)
{
	unsigned char *b;
	size_t len;
	int rc;

	if ((b = slurp(from, &len)) == NULL)
		return -1;
	rc = wfile(root, to, b, len);
	free(b);
	return rc;
}

/* An ELF file whose PT_INTERP lies past the head read first. */
static void
put_far(const char *root, const char *path, const char *interp)
{
	struct spec s = base(64, 0);
	struct image im = build(&s);
	size_t off = 20000, n = strlen(interp) + 1;
	unsigned char *b;

	if ((b = calloc(1, off + n)) == NULL)
		abort();
	memcpy(b, im.b, im.len);
	memcpy(b + off, interp, n);
	free(im.b);
	im.b = b;
	ph_set(&im, 0, 1, off);
	ph_set(&im, 0, 3, n);
	wfile(root, path, b, off + n);
	free(b);
}

static void
grow(const char *root, const char *path, off_t size)
{
	char p[4096];

	snprintf(p, sizeof p, "%s%s", root, path);
	if (truncate(p, size) == -1)
		printf("# truncate %s: %s\n", p, strerror(errno));
}

static void
mi_jail(const char *J)
{
	char p[4096];
	int i;

	mkdir(J, 0755);
	wfile(J, "/s1", "#!/bin/nosuch-sh -e\n", 20);
	wfile(J, "/s2", "#!/s1\n", 6);
	wfile(J, "/ok.sh", "#!/bin/true\n", 12);
	wfile(J, "/ok2.sh", "#! /ok.sh arg\n", 14);
	wfile(J, "/s3", "#!/bin/hostsh\n", 14);
	lnk(J, "/bin/hostsh", "/bin/sh");	/* on the host only */
	wfile(J, "/fifo.sh", "#!/fifo\n", 8);
	wfile(J, "/text", "hello\n", 6);
	wfile(J, "/priv.sh", "#!/bin/nosuch-sh\n", 17);
	wfile(J, "/usepriv.sh", "#!/priv.sh\n", 11);
	snprintf(p, sizeof p, "%s/priv.sh", J);
	chmod(p, 0700);
	snprintf(p, sizeof p, "%s/fifo", J);
	mkfifo(p, 0644);
	for (i = 0; i < 6; i++) {	/* /d0 -> /d1 -> ... -> /d6, absent */
		snprintf(p, sizeof p, "#!/d%d\n", i + 1);
		snprintf(p + 100, sizeof p - 100, "/d%d", i);
		wfile(J, p + 100, p, strlen(p));
	}
	put_elf(J, "/static", 64, NULL, NULL, NULL, 0);
	put_far(J, "/far", "/lib/ld-far.so");
	copy_file(J, "/bin/true", "/bin/true");
	copy_file(J, "/bin/ls", "/bin/ls");	/* the same loader as true */
	copy_file(J, "/huge", "/bin/true");
	grow(J, "/huge", (off_t)1 << 30);
	wfile(J, "/huge.sh", "#!/bin/nosuch-sh\n", 17);
	grow(J, "/huge.sh", (off_t)1 << 30);
}

static struct micase __attribute__((format(printf, 3, 4)))
mc(const char *name, const char *path, const char *fmt, ...)
{
	struct micase c;
	va_list ap;

	c.name = name;
	c.path = path;
	va_start(ap, fmt);
	vsnprintf(c.want, sizeof c.want, fmt, ap);
	va_end(ap);
	return c;
}

#define NCASES(a)	(sizeof (a) / sizeof (a)[0])

/* An address space limit and AddressSanitizer do not mix. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN	1
#endif
#endif
#ifndef ASAN
#define ASAN	0
#endif

/* Through a jail fd, the loader (ld) not in the jail. */
static void
mi_incomplete(int rfd, const char *ld)
{
	static char longp[PATH_MAX + 1];
	const struct micase c[] = {
		mc("script, interpreter missing", "/s1", "1|/s1|/bin/nosuch-sh"),
		mc("script of a script, interpreter missing", "/s2",
		    "1|/s1|/bin/nosuch-sh"),
		mc("ELF, PT_INTERP missing", "/bin/true", "1|/bin/true|%s", ld),
		/* Not a full parse of a prefix: that fails on ls, whose
		 * PT_DYNAMIC lies past 64 KiB (as explain_enoent's did). */
		mc("ELF with tables past the head", "/bin/ls", "1|/bin/ls|%s",
		    ld),
		mc("script, script, ELF: PT_INTERP missing", "/ok2.sh",
		    "1|/bin/true|%s", ld),
		mc("interpreter a link to a host-only file", "/s3",
		    "1|/s3|/bin/hostsh"),
		mc("interpreter readable by root", "/usepriv.sh",
		    "1|/priv.sh|/bin/nosuch-sh"),
		mc("#! levels: the kernel's 5", "/d1", "1|/d5|/d6"),
		mc("#! levels: one more is ELOOP, not ENOENT", "/d0", "0||"),
		mc("PT_INTERP past the head", "/far", "1|/far|/lib/ld-far.so"),
		mc("no PT_INTERP (static)", "/static", "0||"),
		mc("neither ELF nor script", "/text", "0||"),
		mc("file missing", "/absent", "-1|ENOENT"),
		mc("file under a file", "/bin/true/x", "-1|ENOTDIR"),
		mc("a FIFO: not waited on", "/fifo", "-1|EINVAL"),
		mc("a FIFO as interpreter: there", "/fifo.sh", "0||"),
		mc("a directory", "/bin", "-1|EINVAL"),
		mc("PATH_MAX bytes: not cut short", longp, "-1|ENAMETOOLONG"),
	};
	char obj[3], miss[5];
	int rc;

	memset(longp, 'a', PATH_MAX);
	longp[0] = '/';
	run_cases(rfd, c, NCASES(c));
	rc = elf_missing_interp(rfd, "/s1", obj, sizeof obj, miss, sizeof miss);
	ok(rc == 1 && strcmp(obj, "/s") == 0 && strcmp(miss, "/bin") == 0,
	    "missing_interp: answers cut to the buffers");
}

/* From inside the jail (chroot, openat2 denied: explain_enoent's place;
 * root only), and through a jail fd with little memory: a 1 GiB program or
 * script costs its head only. */
static void
mi_children(const char *J, const char *ld, int root)
{
	const struct micase c[] = {
		mc("chroot: ELF, PT_INTERP missing", "/bin/true",
		    "1|/bin/true|%s", ld),
		mc("chroot: script of a script", "/s2", "1|/s1|/bin/nosuch-sh"),
		mc("chroot: relative to the working directory", "bin/true",
		    "1|bin/true|%s", ld),
		mc("chroot: absolute link resolves in the jail", "/s3",
		    "1|/s3|/bin/hostsh"),
		mc("chroot: #! levels", "/d1", "1|/d5|/d6"),
		mc("chroot: file missing", "/absent", "-1|ENOENT"),
		mc("chroot: a FIFO", "/fifo", "-1|EINVAL"),
	};
	const struct micase big[] = {
		mc("1 GiB program: PT_INTERP from its head", "/huge",
		    "1|/huge|%s", ld),
		mc("1 GiB script: its head", "/huge.sh",
		    "1|/huge.sh|/bin/nosuch-sh"),
	};

	if (root)
		in_child(J, c, NCASES(c), NCASES(c), IN_CHROOT);
	if (ASAN)
		skip("missing_interp: low memory", "ASan reserves terabytes");
	else
		in_child(J, big, NCASES(big), NCASES(big), LOW_MEM);
}

/* The loader and /far's interpreter put in: nothing missing. */
static void
mi_complete(const char *J, int rfd, const char *ld, int root)
{
	const struct micase c[] = {
		mc("complete: ELF", "/bin/true", "0||"),
		mc("complete: ELF with tables past the head", "/bin/ls", "0||"),
		mc("complete: script, script, ELF", "/ok2.sh", "0||"),
		mc("complete: PT_INTERP past the head", "/far", "0||"),
	};
	const struct micase in[] = {
		mc("chroot: complete", "/ok2.sh", "0||"),
		mc("chroot, nobody: unreadable interpreter is not missing",
		    "/usepriv.sh", "0||"),
		mc("chroot, nobody: script interpreter missing", "/s2",
		    "1|/s1|/bin/nosuch-sh"),
	};

	copy_file(J, ld, ld);
	put_elf(J, "/lib/ld-far.so", 64, NULL, NULL, NULL, 0);
	run_cases(rfd, c, NCASES(c));
	if (root)
		in_child(J, in, NCASES(in), 1, IN_CHROOT);
}

static void
test_missing_interp(const char *tmp)
{
	char J[256], ld[256];
	struct elfinfo ei;
	unsigned char *b;
	size_t len;
	int rfd;

	if ((b = slurp("/bin/true", &len)) == NULL ||
	    elf_parse(b, len, &ei, NULL, 0) != 0 || ei.interp == NULL) {
		skip("missing_interp", "/bin/true unreadable or static");
		free(b);
		return;
	}
	snprintf(ld, sizeof ld, "%s", ei.interp);
	elf_free(&ei);
	free(b);
	snprintf(J, sizeof J, "%s/mi", tmp);
	mi_jail(J);
	if ((rfd = open(J, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		abort();
	if (geteuid() != 0)
		skip("missing_interp: chroot", "needs root");
	mi_incomplete(rfd, ld);
	mi_children(J, ld, geteuid() == 0);
	mi_complete(J, rfd, ld, geteuid() == 0);
	close(rfd);
}

int
main(void)
{
	char tmp[] = "/tmp/elf_unit.XXXXXX", cmd[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mkdtemp(tmp) == NULL)
		return 1;
	test_real();
	test_m32(tmp);
	test_synthetic();
	test_broken();
	test_limits();
	test_mutations();
	test_shebang();
	test_cache_synthetic();
	test_cache_real();
	test_read_fd();
	/* A watchdog for the rest: a loop that does not end is a failure. */
	signal(SIGALRM, SIG_DFL);
	alarm(120);
	test_jail_open(tmp);
	test_deps(tmp);
	test_missing_interp(tmp);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		failures++;
	return failures != 0;
}
