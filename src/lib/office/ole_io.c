/* ole_io.c - opening CFB images through libgsf, bounded stream reads, CompObj. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

static const unsigned char cfb_magic[8] = {
	0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1
};

/*
 * Check the header fields libgsf trusts before it allocates tables from
 * them: sector sizes, table counts against the file size, start sectors.
 */
static const char *
header_check(const unsigned char *p, size_t len)
{
	if (len < 512)
		return "shorter than a CFB header";
	if (memcmp(p, cfb_magic, 8) != 0)
		return "no CFB signature";
	if (ole_le16(p + 0x1C) != 0xFFFE)
		return "bad byte order mark";
	unsigned shift = ole_le16(p + 0x1E);
	if (shift != 9 && shift != 12)
		return "bad sector size";
	if (ole_le16(p + 0x20) != 6)
		return "bad mini sector size";
	size_t ssize = (size_t)1 << shift;
	/* Sectors that can exist in this file (the header takes one slot). */
	uint64_t nsect = len > ssize ? (len - ssize + ssize - 1) / ssize : 0;
	uint32_t nfat = ole_le32(p + 0x2C);
	uint32_t dir = ole_le32(p + 0x30);
	uint32_t nminifat = ole_le32(p + 0x40);
	uint32_t ndifat = ole_le32(p + 0x48);
	if (nfat == 0 || nfat > nsect)
		return "FAT sector count exceeds the file";
	if (ndifat > nsect || nminifat > nsect)
		return "table sector count exceeds the file";
	if (nfat > 109 && ndifat == 0)
		return "FAT sectors without DIFAT";
	if (dir >= nsect)
		return "directory start outside the file";
	return NULL;
}

/* Open a CFB image (not copied: `mem` must outlive the result). */
GsfInfile *
triage_ole_open(GsfInput *mem, const char **why)
{
	gsf_off_t size = gsf_input_size(mem);
	const guint8 *p;
	*why = NULL;
	if (size < 512 || gsf_input_seek(mem, 0, G_SEEK_SET))
		return (*why = "shorter than a CFB header"), NULL;
	p = gsf_input_read(mem, 512, NULL);
	if (p == NULL)
		return (*why = "unreadable header"), NULL;
	/* A memory input hands out its own buffer: the whole file is there. */
	*why = header_check(p, (size_t)size);
	gsf_input_seek(mem, 0, G_SEEK_SET);
	if (*why)
		return NULL;
	GError *err = NULL;
	GsfInfile *f = gsf_infile_msole_new(mem, &err);
	if (f == NULL)
		*why = "libgsf rejected the CFB structure";
	g_clear_error(&err);
	return f;
}

/* Read a whole stream, at most `max` bytes. */
triage_status
triage_ole_read(GsfInput *in, uint64_t max, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	gsf_off_t size = gsf_input_size(in);
	if (size < 0)
		return TRIAGE_CORRUPT;
	if (max > 0 && (uint64_t)size > max)
		return TRIAGE_LIMIT;
	if ((uint64_t)size >= G_MAXSIZE - 1)
		return TRIAGE_LIMIT;
	unsigned char *buf = g_try_malloc((size_t)size + 1);
	if (buf == NULL)
		return TRIAGE_LIMIT;
	if (gsf_input_seek(in, 0, G_SEEK_SET)) {
		g_free(buf);
		return TRIAGE_CORRUPT;
	}
	size_t done = 0;
	while (done < (size_t)size) {
		size_t n = MIN((size_t)size - done, 65536);
		if (gsf_input_read(in, n, buf + done) == NULL) {
			g_free(buf);
			return TRIAGE_CORRUPT;
		}
		done += n;
	}
	buf[done] = 0;
	*out = buf;
	*len = done;
	return TRIAGE_OK;
}

/* Child of a storage by name, ASCII case-insensitive. */
GsfInput *
triage_ole_child(GsfInfile *dir, const char *name)
{
	int n = gsf_infile_num_children(dir);
	for (int i = 0; i < n; i++) {
		const char *cn = gsf_infile_name_by_index(dir, i);
		if (cn && g_ascii_strcasecmp(cn, name) == 0)
			return gsf_infile_child_by_index(dir, i);
	}
	return NULL;
}

/* True when the entry is a storage. */
bool
triage_ole_is_storage(GsfInput *in)
{
	return GSF_IS_INFILE(in) && gsf_infile_num_children(GSF_INFILE(in)) >= 0;
}

/* A length-prefixed ANSI string at *off (bounded, printable); advances *off. */
static char *
lp_ansi(const unsigned char *p, size_t len, size_t *off)
{
	if (*off > len || len - *off < 4)
		return NULL;
	uint32_t n = ole_le32(p + *off);
	*off += 4;
	if (n == 0 || n > 256 || n > len - *off)
		return NULL;
	const unsigned char *s = p + *off;
	*off += n;
	size_t l = strnlen((const char *)s, n);
	for (size_t i = 0; i < l; i++)
		if (s[i] < 0x20 || s[i] > 0x7E)
			return NULL;
	return l ? g_strndup((const char *)s, l) : NULL;
}

/* ProgID (else user type) from a CompObj stream ([MS-OLEDS] 2.3.8). */
char *
triage_ole_compobj_class(const unsigned char *p, size_t len)
{
	size_t off = 28;
	char *user = lp_ansi(p, len, &off);
	char *prog = NULL;
	if (user == NULL)
		return NULL;
	/* ClipboardFormatOrAnsiString: a marker, then a format id or a string. */
	if (off <= len && len - off >= 4) {
		uint32_t m = ole_le32(p + off);
		if (m == 0xFFFFFFFF || m == 0xFFFFFFFE) {
			off += 8;
		} else if (m == 0) {
			off += 4;
		} else {
			char *cf = lp_ansi(p, len, &off);
			g_free(cf);
		}
		prog = lp_ansi(p, len, &off);
	}
	if (prog) {
		g_free(user);
		return prog;
	}
	return user;
}
