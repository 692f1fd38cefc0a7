/* ooxml_rels.c - XML plumbing, [Content_Types].xml and *.rels: external targets. */
#include "config.h"

#include <string.h>

#include "ooxml_int.h"

/* Local part of a qualified XML name: prefixes differ between producers. */
const char *
ooxml_local(const char *qname)
{
	const char *c = strrchr(qname, ':');
	return c ? c + 1 : qname;
}

/* Parse XML with GMarkup after making its text valid UTF-8. */
bool
ooxml_xml_parse(const unsigned char *data, size_t len,
		const GMarkupParser *parser, void *user)
{
	char *conv = NULL;
	const char *text = (const char *)data;
	gsize tlen = len;
	bool ok = false;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		tlen -= 3;
	} else if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 ||
				memcmp(data, "\xFE\xFF", 2) == 0)) {
		/* XML 1.0 allows UTF-16 with a BOM; Office can write it. */
		const char *from = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		gsize out = 0;
		conv = g_convert((const char *)data + 2, (gssize)((len - 2) & ~(size_t)1),
				 "UTF-8", from, NULL, &out, NULL);
		if (conv == NULL)
			return false;
		text = conv;
		tlen = out;
	}
	if (!g_utf8_validate(text, (gssize)tlen, NULL)) {
		/* Keep reading past bad bytes rather than stop at them. */
		char *fixed = g_utf8_make_valid(text, (gssize)tlen);
		g_free(conv);
		conv = fixed;
		text = conv;
		tlen = strlen(conv);
	}
	GMarkupParseContext *pc = g_markup_parse_context_new(
		parser, G_MARKUP_TREAT_CDATA_AS_TEXT, user, NULL);
	ok = g_markup_parse_context_parse(pc, text, (gssize)tlen, NULL) &&
	     g_markup_parse_context_end_parse(pc, NULL);
	g_markup_parse_context_free(pc);
	g_free(conv);
	return ok;
}

/* Value of the attribute with this local name, or NULL. */
static const char *
attr(const char **names, const char **values, const char *local)
{
	for (size_t i = 0; names[i]; i++)
		if (g_ascii_strcasecmp(ooxml_local(names[i]), local) == 0)
			return values[i];
	return NULL;
}

void
ooxml_rel_free(gpointer p)
{
	ooxml_rel *r = p;
	if (r == NULL)
		return;
	g_free(r->source);
	g_free(r->id);
	g_free(r->type);
	g_free(r->target);
	g_free(r->resolved);
	g_free(r);
}

/* Resolve an internal target against the source part's folder. */
static char *
resolve_target(const char *base_dir, const char *target)
{
	char *unesc = g_uri_unescape_string(target, NULL);
	const char *t = unesc ? unesc : target;
	char *joined = (t[0] == '/' || t[0] == '\\') ? g_strdup(t)
		: g_strconcat(base_dir, t, NULL);
	char *norm = ooxml_part_norm(joined);
	/* Fold "." and ".." segments; ".." above the root stays at the root. */
	gchar **segs = g_strsplit(norm, "/", -1);
	GPtrArray *out = g_ptr_array_new();
	for (size_t i = 0; segs[i]; i++) {
		if (segs[i][0] == '\0' || strcmp(segs[i], ".") == 0)
			continue;
		if (strcmp(segs[i], "..") == 0) {
			if (out->len > 0)
				g_ptr_array_remove_index(out, out->len - 1);
			continue;
		}
		g_ptr_array_add(out, segs[i]);
	}
	g_ptr_array_add(out, NULL);
	char *res = g_strjoinv("/", (gchar **)out->pdata);
	g_ptr_array_free(out, TRUE);
	g_strfreev(segs);
	g_free(norm);
	g_free(joined);
	g_free(unesc);
	return res;
}

typedef struct rels_state {
	ooxml_pkg *pkg;
	const char *source;
	const char *base_dir;
} rels_state;

/* <Relationship Id Type Target TargetMode/>. */
static void
rels_start(GMarkupParseContext *pc, const char *el, const char **an,
	   const char **av, gpointer user, GError **err)
{
	(void)pc;
	(void)err;
	rels_state *st = user;
	if (strcmp(ooxml_local(el), "Relationship") != 0)
		return;
	const char *type = attr(an, av, "Type");
	const char *target = attr(an, av, "Target");
	const char *mode = attr(an, av, "TargetMode");
	if (target == NULL)
		return;
	ooxml_rel *r = g_new0(ooxml_rel, 1);
	const char *slash = type ? strrchr(type, '/') : NULL;
	r->source = g_strdup(st->source);
	r->id = g_strdup(attr(an, av, "Id") ? attr(an, av, "Id") : "");
	r->type = g_strdup(slash ? slash + 1 : (type ? type : ""));
	r->target = g_strdup(target);
	r->external = mode && g_ascii_strcasecmp(mode, "External") == 0;
	if (!r->external)
		r->resolved = resolve_target(st->base_dir, target);
	g_ptr_array_add(st->pkg->rels, r);
}

/* Parse one *.rels part ("dir/_rels/name.rels" belongs to "dir/name"). */
void
ooxml_rels_parse(ooxml_pkg *pkg, const char *rels_part,
		 const unsigned char *data, size_t len)
{
	static const GMarkupParser parser = { rels_start, NULL, NULL, NULL, NULL };
	const char *mark = g_strrstr(rels_part, "_rels/");
	char *base_dir = mark ? g_strndup(rels_part, (gsize)(mark - rels_part))
		: g_strdup("");
	const char *file = mark ? mark + 6 : rels_part;
	char *fname = g_strndup(file, strlen(file) - strlen(".rels"));
	char *source = g_strconcat(base_dir, fname, NULL);
	rels_state st = { pkg, source, base_dir };
	if (!ooxml_xml_parse(data, len, &parser, &st))
		ooxml_note_corrupt(pkg, rels_part);
	g_free(source);
	g_free(fname);
	g_free(base_dir);
}

/* <Override PartName ContentType/>. */
static void
ctypes_start(GMarkupParseContext *pc, const char *el, const char **an,
	     const char **av, gpointer user, GError **err)
{
	(void)pc;
	(void)err;
	ooxml_pkg *pkg = user;
	if (strcmp(ooxml_local(el), "Override") != 0)
		return;
	const char *part = attr(an, av, "PartName");
	const char *ct = attr(an, av, "ContentType");
	if (part && ct && g_hash_table_size(pkg->ctypes) < 100000)
		g_hash_table_replace(pkg->ctypes, ooxml_part_norm(part),
				     g_ascii_strdown(ct, -1));
}

/* Parse [Content_Types].xml overrides (they name VBA and macro sheet parts). */
void
ooxml_ctypes_parse(ooxml_pkg *pkg, const unsigned char *data, size_t len)
{
	static const GMarkupParser parser = { ctypes_start, NULL, NULL, NULL, NULL };
	if (!ooxml_xml_parse(data, len, &parser, pkg))
		ooxml_note_corrupt(pkg, "[Content_Types].xml");
}

/*
 * Hash the relationships by source and id, and by target for macro sheets
 * and embedded objects: hostile packages can have many parts and many
 * relationships, so per-part lookups must not walk the whole list.
 */
void
ooxml_rels_index(ooxml_pkg *pkg)
{
	for (guint i = 0; i < pkg->rels->len; i++) {
		ooxml_rel *r = g_ptr_array_index(pkg->rels, i);
		char *key = g_strconcat(r->source, "\n", r->id, NULL);
		if (g_hash_table_contains(pkg->rel_index, key))
			g_free(key); /* the first one wins, as in Office */
		else
			g_hash_table_insert(pkg->rel_index, key, r);
		if (r->resolved == NULL)
			continue;
		if (g_ascii_strcasecmp(r->type, "xlMacrosheet") == 0 ||
		    g_ascii_strcasecmp(r->type, "xlIntlMacrosheet") == 0)
			g_hash_table_add(pkg->macro_targets, g_strdup(r->resolved));
		/* Charts carry their data as an embedded workbook: not an object. */
		int kind = strstr(r->source, "/charts/") ? 2 : 1;
		int old = GPOINTER_TO_INT(g_hash_table_lookup(pkg->object_refs, r->resolved));
		if (old == 0 || kind < old)
			g_hash_table_replace(pkg->object_refs, g_strdup(r->resolved),
					     GINT_TO_POINTER(kind));
	}
}

/* The relationship `id` of part `source`, or NULL. */
const ooxml_rel *
ooxml_rel_find(const ooxml_pkg *pkg, const char *source, const char *id)
{
	char *key = g_strconcat(source, "\n", id, NULL);
	const ooxml_rel *r = g_hash_table_lookup(pkg->rel_index, key);
	g_free(key);
	return r;
}

/* Protocol handlers that run code or fetch it without a prompt (Follina & co). */
static bool
dangerous_scheme(const char *t)
{
	static const char *const schemes[] = {
		"mhtml", "search-ms", "search", "its", "mk", "vbscript", "javascript",
	};
	size_t n = 0;
	while (g_ascii_isalnum(t[n]) || t[n] == '-' || t[n] == '+' || t[n] == '.')
		n++;
	if (n == 0 || t[n] != ':')
		return false;
	/* ms-msdt:, ms-officecmd:, ms-its:, ms-word: ... all hand off to a program. */
	if (n > 3 && g_ascii_strncasecmp(t, "ms-", 3) == 0)
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++)
		if (strlen(schemes[i]) == n && g_ascii_strncasecmp(t, schemes[i], n) == 0)
			return true;
	return false;
}

/*
 * True when the target leaves the machine: a URL, a UNC path, or a file://
 * URL naming a host.  Local paths (file:///C:/..., C:\...) are what every
 * document made from a local template carries: not remote.
 */
bool
ooxml_remote_target(const char *t)
{
	while (*t == ' ' || *t == '\t')
		t++;
	if (dangerous_scheme(t))
		return true;
	if (g_ascii_strncasecmp(t, "http://", 7) == 0 ||
	    g_ascii_strncasecmp(t, "https://", 8) == 0 ||
	    g_ascii_strncasecmp(t, "ftp://", 6) == 0 ||
	    g_ascii_strncasecmp(t, "webdav", 6) == 0)
		return true;
	if ((t[0] == '\\' || t[0] == '/') && (t[1] == '\\' || t[1] == '/'))
		return true; /* UNC \\host\share (NTLM hash leak, WebDAV) */
	if (g_ascii_strncasecmp(t, "file:", 5) == 0) {
		const char *p = t + 5;
		size_t slashes = 0;
		while (p[slashes] == '/' || p[slashes] == '\\')
			slashes++;
		p += slashes;
		bool drive = g_ascii_isalpha(p[0]) && p[1] == ':';
		/* file:///C:/x is local; file://host/x and file:////host/x are not. */
		if (slashes >= 4)
			return !drive;
		if (slashes == 2)
			return !drive && g_ascii_strncasecmp(p, "localhost", 9) != 0;
		return false;
	}
	return false;
}

/* True when the target's path names a Word template or macro document. */
static bool
template_target(const char *t)
{
	static const char *const exts[] = { ".dotm", ".dotx", ".dot", ".docm" };
	size_t n = strcspn(t, "?#");
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		size_t el = strlen(exts[i]);
		if (n >= el && g_ascii_strncasecmp(t + n - el, exts[i], el) == 0)
			return true;
	}
	return false;
}

/* Judge every external relationship of the package. */
void
ooxml_rels_judge(ooxml_pkg *pkg)
{
	bool inject = false, link = false;
	for (guint i = 0; i < pkg->rels->len; i++) {
		const ooxml_rel *r = g_ptr_array_index(pkg->rels, i);
		if (!r->external)
			continue;
		const char *t = r->target;
		while (*t == ' ' || *t == '\t')
			t++;
		if (g_ascii_strcasecmp(r->type, "hyperlink") == 0) {
			/* A click away, but a protocol handler is not a web page. */
			if (dangerous_scheme(t))
				link = true;
			continue;
		}
		if (!ooxml_remote_target(t))
			continue;
		if (g_ascii_strcasecmp(r->type, "attachedTemplate") == 0) {
			inject = true;
		} else if ((g_ascii_strcasecmp(r->type, "frame") == 0 ||
			    g_ascii_strcasecmp(r->type, "subDocument") == 0) &&
			   template_target(t)) {
			inject = true;
		} else if (g_ascii_strcasecmp(r->type, "oleObject") == 0 &&
			   (dangerous_scheme(t) || g_str_has_suffix(t, "!"))) {
			/* Follina (CVE-2022-30190): remote HTML loaded as an OLE link. */
			inject = true;
			link = true;
		} else {
			link = true;
		}
	}
	if (inject)
		triage_object_set_bool(pkg->o, TF_TEMPLATE_INJECTION, true);
	if (link)
		triage_object_set_bool(pkg->o, TF_EXTERNAL_LINK, true);
}
