/* filetype_zip.c - a bounded look at a zip's member names (OOXML, ODF, APPX, JAR). */
#include "config.h"

#include <string.h>

#include "filetype_int.h"

/* Upper bounds so a hostile directory cannot make detection slow. */
#define ZIP_MAX_ENTRIES 65536u
#define ZIP_MAX_LOCAL 256u
#define ZIP_EOCD_MIN 22u
#define ZIP_COMMENT_MAX 65535u

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Flag for one member name. */
static unsigned
name_flag(const unsigned char *name, size_t len)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
	if (IS("[Content_Types].xml"))
		return FT_ZIP_CONTENT_TYPES;
	if (IS("AppxManifest.xml") || IS("AppxMetadata/AppxBundleManifest.xml"))
		return FT_ZIP_APPX;
	if (IS("META-INF/MANIFEST.MF"))
		return FT_ZIP_JAR;
#undef IS
	return 0;
}

/* Offset of the end-of-central-directory record, or SIZE_MAX. */
static size_t
find_eocd(const unsigned char *d, size_t n)
{
	if (n < ZIP_EOCD_MIN)
		return SIZE_MAX;
	size_t lo = n - ZIP_EOCD_MIN > ZIP_COMMENT_MAX ? n - ZIP_EOCD_MIN - ZIP_COMMENT_MAX : 0;
	for (size_t i = n - ZIP_EOCD_MIN + 1; i-- > lo;) {
		if (d[i] == 'P' && memcmp(d + i, "PK\5\6", 4) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* Walk central directory entries in [start, end); -1 when it does not parse. */
static int
walk_cd(const unsigned char *d, size_t start, size_t end, unsigned entries,
	unsigned *flags)
{
	size_t p = start;
	unsigned seen = 0;
	while (seen < entries && seen < ZIP_MAX_ENTRIES) {
		if (p > end || end - p < 46 || memcmp(d + p, "PK\1\2", 4) != 0)
			return seen == 0 ? -1 : 0;
		size_t nl = le16(d + p + 28), xl = le16(d + p + 30),
		       cl = le16(d + p + 32);
		if (end - p - 46 < nl)
			return 0;
		*flags |= name_flag(d + p + 46, nl);
		p += 46 + nl;
		/* extra + comment may run past the end: stop there */
		if (end - p < xl + cl)
			return 0;
		p += xl + cl;
		seen++;
	}
	return 0;
}

/* Central directory via the EOCD (also for zips with a prefix, e.g. SFX stubs). */
static bool
scan_central(const unsigned char *d, size_t n, unsigned *flags)
{
	size_t e = find_eocd(d, n);
	if (e == SIZE_MAX)
		return false;
	unsigned entries = le16(d + e + 10);
	uint32_t cd_size = le32(d + e + 12), cd_off = le32(d + e + 16);
	if (cd_off == 0xFFFFFFFFu || entries == 0xFFFF)
		return false; /* Zip64: leave it to the local headers */
	if (cd_size <= e) {
		/* Where the directory really is when data was prepended. */
		size_t real = e - cd_size;
		if (walk_cd(d, real, e, entries, flags) == 0)
			return true;
	}
	if ((uint64_t)cd_off + cd_size <= e)
		return walk_cd(d, cd_off, cd_off + (size_t)cd_size, entries, flags) == 0;
	return false;
}

/* Local file headers from the start, following the sizes they declare. */
static void
scan_local(const unsigned char *d, size_t n, unsigned *flags)
{
	size_t p = 0;
	if (n >= 8 && memcmp(d, "PK00", 4) == 0)
		p = 4; /* spanning marker before the first header */
	for (unsigned i = 0; i < ZIP_MAX_LOCAL; i++) {
		if (p > n || n - p < 30 || memcmp(d + p, "PK\3\4", 4) != 0)
			return;
		uint16_t gp = le16(d + p + 6);
		uint32_t cs = le32(d + p + 18);
		size_t nl = le16(d + p + 26), xl = le16(d + p + 28);
		if (n - p - 30 < nl)
			return;
		*flags |= name_flag(d + p + 30, nl);
		/* Sizes in a data descriptor: the next header is not known here. */
		if ((gp & 8) && cs == 0)
			return;
		uint64_t next = (uint64_t)p + 30 + nl + xl + cs;
		if (next > n)
			return;
		p = (size_t)next;
	}
}

/*
 * OpenDocument (ODF 1.2 part 3, 3.3): the first member is "mimetype",
 * stored uncompressed, holding the media type, so its bytes follow the
 * first local header directly.
 */
static bool
is_odf(const unsigned char *d, size_t n)
{
	static const char name[] = "mimetype";
	static const char prefix[] = "application/vnd.oasis.opendocument.";
	if (n < 30 || memcmp(d, "PK\3\4", 4) != 0 || le16(d + 8) != 0)
		return false;
	size_t nl = le16(d + 26), xl = le16(d + 28);
	if (nl != sizeof name - 1 || memcmp(d + 30, name, nl) != 0)
		return false;
	size_t off = 30 + nl + xl; /* at most 30 + 2 * 65535: no overflow */
	return off <= n && n - off >= sizeof prefix - 1 &&
	       memcmp(d + off, prefix, sizeof prefix - 1) == 0;
}

/* Member-name flags (FT_ZIP_*) of the zip in d. */
unsigned
triage_ft_zip_scan(const unsigned char *d, size_t n)
{
	unsigned flags = is_odf(d, n) ? FT_ZIP_ODF : 0;
	if (!scan_central(d, n, &flags))
		scan_local(d, n, &flags);
	return flags;
}
