/* lnk.c - Windows shortcuts (MS-SHLLINK): target, arguments, working dir. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "office_int.h"
#include "docs_int.h"

#define LNK_HEADER_SIZE 0x4C

/* LinkFlags (MS-SHLLINK 2.1.1). */
#define HAS_ID_LIST      0x00000001u
#define HAS_LINK_INFO    0x00000002u
#define HAS_NAME         0x00000004u
#define HAS_RELATIVE     0x00000008u
#define HAS_WORKING_DIR  0x00000010u
#define HAS_ARGUMENTS    0x00000020u
#define HAS_ICON         0x00000040u
#define IS_UNICODE       0x00000080u

/* ExtraData: EnvironmentVariableDataBlock (2.5.4). */
#define ENV_BLOCK_SIG    0xA0000001u
#define ENV_BLOCK_SIZE   0x314u
/* ExtraData blocks looked at before giving up (real files have < 10). */
#define LNK_MAX_BLOCKS   64

typedef struct lnk_info {
	char *local;     /* LinkInfo: LocalBasePath + CommonPathSuffix */
	char *network;   /* LinkInfo: NetName \ CommonPathSuffix */
	char *env;       /* EnvironmentVariableDataBlock target */
	char *idlist;    /* path from the LinkTargetIDList's shell items */
	char *strings[5];/* NAME, RELATIVE_PATH, WORKING_DIR, ARGUMENTS, ICON */
} lnk_info;

/* An ANSI string at `off` inside a structure of `size` bytes, or NULL. */
static char *
ansi_at(const unsigned char *base, size_t size, uint32_t off)
{
	if (off == 0 || off >= size)
		return NULL;
	return triage_docs_ansi_to_utf8(base + off, size - off);
}

/* A UTF-16LE string at `off` inside a structure of `size` bytes, or NULL. */
static char *
unicode_at(const unsigned char *base, size_t size, uint32_t off)
{
	if (off == 0 || off >= size || (size - off) < 2)
		return NULL;
	size_t units = (size - off) / 2;
	return triage_docs_utf16_to_utf8(base + off,
					 triage_docs_wcsnlen(base + off, units));
}

/* Join a base path and a suffix (either may be NULL or empty). */
static char *
join_path(char *base, char *suffix, const char *sep)
{
	char *r = NULL;
	if (base && *base && suffix && *suffix)
		r = g_strconcat(base, sep, suffix, NULL);
	else if (base && *base)
		r = g_strdup(base);
	else if (suffix && *suffix)
		r = g_strdup(suffix);
	g_free(base);
	g_free(suffix);
	return r;
}

/* The CommonNetworkRelativeLink's NetName (Unicode when present). */
static char *
net_name(const unsigned char *li, size_t lisize, uint32_t cnoff)
{
	if (cnoff == 0 || cnoff >= lisize || lisize - cnoff < 0x14)
		return NULL;
	const unsigned char *cn = li + cnoff;
	size_t cnsize = docs_le32(cn);
	if (cnsize < 0x14 || cnsize > lisize - cnoff)
		cnsize = lisize - cnoff;
	uint32_t nameoff = docs_le32(cn + 8);
	if (nameoff > 0x14 && cnsize >= 0x1C) {
		char *u = unicode_at(cn, cnsize, docs_le32(cn + 0x14));
		if (u && *u)
			return u;
		g_free(u);
	}
	return ansi_at(cn, cnsize, nameoff);
}

/* LinkInfo (2.3): local base path and network share, Unicode preferred. */
static void
parse_link_info(const unsigned char *li, size_t lisize, lnk_info *out)
{
	if (lisize < 0x1C)
		return;
	uint32_t hsize = docs_le32(li + 4);
	uint32_t flags = docs_le32(li + 8);
	bool uni = hsize >= 0x24 && lisize >= 0x24;
	char *suffix = NULL;

	if (uni)
		suffix = unicode_at(li, lisize, docs_le32(li + 0x20));
	if (!suffix)
		suffix = ansi_at(li, lisize, docs_le32(li + 0x18));
	if (flags & 1) {
		char *base = uni ? unicode_at(li, lisize, docs_le32(li + 0x1C)) : NULL;
		if (!base || !*base) {
			g_free(base);
			base = ansi_at(li, lisize, docs_le32(li + 0x10));
		}
		out->local = join_path(base, g_strdup(suffix), "");
	}
	if (flags & 2)
		out->network = join_path(net_name(li, lisize, docs_le32(li + 0x14)),
					 g_strdup(suffix), "\\");
	g_free(suffix);
}

/* EnvironmentVariableDataBlock: TargetUnicode, else TargetAnsi. */
static void
parse_env_block(const unsigned char *b, lnk_info *out)
{
	char *u = triage_docs_utf16_to_utf8(b + 8 + 260,
					    triage_docs_wcsnlen(b + 8 + 260, 260));
	if (!*u) {
		g_free(u);
		u = triage_docs_ansi_to_utf8(b + 8, 260);
	}
	if (*u) {
		g_free(out->env);
		out->env = u;
	} else {
		g_free(u);
	}
}

/*
 * Walk the structures in file order.  Returns false when the file ends
 * inside one (what was read so far is kept).
 */
static bool
parse_lnk(const unsigned char *p, size_t len, lnk_info *out)
{
	uint32_t flags = docs_le32(p + 0x14);
	size_t off = LNK_HEADER_SIZE;
	static const uint32_t string_flags[5] = {
		HAS_NAME, HAS_RELATIVE, HAS_WORKING_DIR, HAS_ARGUMENTS, HAS_ICON,
	};

	if (flags & HAS_ID_LIST) {
		if (len - off < 2)
			return false;
		size_t n = docs_le16(p + off);
		if (n > len - off - 2) {
			out->idlist = triage_lnk_idlist_path(p + off + 2, len - off - 2);
			return false;
		}
		out->idlist = triage_lnk_idlist_path(p + off + 2, n);
		off += 2 + n;
	}
	if (flags & HAS_LINK_INFO) {
		if (len - off < 4)
			return false;
		size_t n = docs_le32(p + off);
		if (n < 4 || n > len - off) {
			parse_link_info(p + off, len - off, out);
			return false;
		}
		parse_link_info(p + off, n, out);
		off += n;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(string_flags); i++) {
		if (!(flags & string_flags[i]))
			continue;
		if (len - off < 2)
			return false;
		size_t count = docs_le16(p + off);
		size_t unit = (flags & IS_UNICODE) ? 2 : 1;
		off += 2;
		bool cut = count * unit > len - off;
		if (cut)
			count = (len - off) / unit;
		out->strings[i] = unit == 2 ?
			triage_docs_utf16_to_utf8(p + off, count) :
			triage_docs_ansi_to_utf8(p + off, count);
		if (cut)
			return false;
		off += count * unit;
	}
	for (int i = 0; i < LNK_MAX_BLOCKS; i++) {
		if (len - off < 4)
			return off == len ? true : false;
		size_t size = docs_le32(p + off);
		if (size < 4)
			return true; /* TerminalBlock */
		if (size > len - off)
			return false;
		if (size >= ENV_BLOCK_SIZE && docs_le32(p + off + 4) == ENV_BLOCK_SIG)
			parse_env_block(p + off, out);
		off += size;
	}
	return true;
}

/* Set a string fact when there is a non-empty value. */
static void
set_nonempty(triage_object *o, triage_fact f, const char *v)
{
	if (v && *v)
		triage_object_set_str(o, f, v);
}

/* Read a shell link: TF_LNK_TARGET, TF_LNK_ARGS, TF_LNK_WORKDIR. */
triage_status
triage_lnk_run(triage_ctx *ctx, triage_object *o)
{
	const unsigned char *p = triage_object_data(o);
	size_t len = triage_object_size(o);
	lnk_info info = {0};
	(void)ctx;

	if (len < LNK_HEADER_SIZE || docs_le32(p) != LNK_HEADER_SIZE) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "shell link header too short");
		return TRIAGE_OK;
	}
	bool complete = parse_lnk(p, len, &info);
	/* The env block is where droppers hide the real target. */
	const char *target = info.local && *info.local ? info.local :
			     info.network && *info.network ? info.network :
			     info.env && *info.env ? info.env :
			     info.idlist && *info.idlist ? info.idlist : info.strings[1];
	set_nonempty(o, TF_LNK_TARGET, target);
	set_nonempty(o, TF_LNK_ARGS, info.strings[3]);
	set_nonempty(o, TF_LNK_WORKDIR, info.strings[2]);
	if (!complete)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "shell link truncated");
	g_free(info.local);
	g_free(info.network);
	g_free(info.env);
	g_free(info.idlist);
	for (size_t i = 0; i < G_N_ELEMENTS(info.strings); i++)
		g_free(info.strings[i]);
	return TRIAGE_OK;
}
