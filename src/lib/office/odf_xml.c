/* odf_xml.c - the XML parts of an OpenDocument package: content, manifest, Basic. */
#include "config.h"

#include <string.h>

#include "odf_int.h"
#include "ooxml_int.h"

/*
 * Elements whose xlink:href the application loads by itself when the
 * document is opened or shown (linked sections, images, OLE links, frames,
 * linked sheets): a remote target there is an external link, as an
 * external relationship is in OOXML.  Hyperlinks (text:a, draw:a, form
 * buttons) only open on a click and are left out, as in the OOXML reader.
 */
static const char *const linked_elements[] = {
	"object", "object-ole", "section-source", "image", "fill-image",
	"background-image", "floating-frame", "plugin", "applet",
	"table-source", "cell-range-source",
};

/* Record a malformed part once: later facts may be missing. */
void
odf_note_corrupt(odf_pkg *pkg, const char *part)
{
	if (pkg->corrupt_xml)
		return;
	pkg->corrupt_xml = true;
	char *d = g_strdup_printf("malformed part %s", part);
	triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_CORRUPT, d);
	g_free(d);
}

/* Value of the attribute whose local name is `local`, or NULL. */
static const char *
attr_local(const char **names, const char **values, const char *local)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(ooxml_local(names[i]), local) == 0)
			return values[i];
	return NULL;
}

/* True when the element's local name is one of linked_elements. */
static bool
is_linked_element(const char *local)
{
	for (size_t i = 0; i < G_N_ELEMENTS(linked_elements); i++)
		if (strcmp(local, linked_elements[i]) == 0)
			return true;
	return false;
}

/*
 * Normalized package member an internal href names, relative to the
 * sub-document directory `dir` ("./Object 1" -> "object 1"), or NULL for
 * an href that is not a plain relative path (a URL, a fragment, "../").
 */
static char *
internal_target(const char *dir, const char *href)
{
	while (*href == ' ' || *href == '\t')
		href++;
	while (href[0] == '.' && (href[1] == '/' || href[1] == '\\'))
		href += 2;
	if (*href == '\0' || *href == '#' || strchr(href, ':') != NULL ||
	    g_str_has_prefix(href, ".."))
		return NULL;
	char *un = strchr(href, '%') ? g_uri_unescape_string(href, NULL) : NULL;
	char *joined = *dir ? g_strconcat(dir, "/", un ? un : href, NULL)
			    : g_strdup(un ? un : href);
	char *norm = ooxml_part_norm(joined);
	size_t n = strlen(norm);
	while (n > 0 && norm[n - 1] == '/')
		norm[--n] = '\0';
	g_free(un);
	g_free(joined);
	if (n == 0) {
		g_free(norm);
		return NULL;
	}
	return norm;
}

/* True when an event binding names a macro (Basic, or any UNO script). */
static bool
event_runs_macro(const char **names, const char **values)
{
	const char *href = attr_local(names, values, "href");
	const char *macro = attr_local(names, values, "macro-name");
	if (macro && *macro)
		return true;
	return href && (g_ascii_strncasecmp(href, "vnd.sun.star.script:", 20) == 0 ||
			g_ascii_strncasecmp(href, "macro:", 6) == 0);
}

/* State of one content part. */
typedef struct content_state {
	odf_pkg *pkg;
	const char *dir;
} content_state;

/* One element of a content/styles part. */
static void
content_start(GMarkupParseContext *mc, const char *name, const char **names,
	      const char **values, gpointer user, GError **err)
{
	(void)mc;
	(void)err;
	content_state *st = user;
	odf_pkg *pkg = st->pkg;
	const char *local = ooxml_local(name);

	/* A chart sub-document: its object is not an embedded object. */
	if (*st->dir && strcmp(name, "office:chart") == 0)
		g_hash_table_add(pkg->charts, g_strdup(st->dir));
	if (attr_local(names, values, "dde-application") != NULL)
		pkg->dde = true;
	/*
	 * Any event bound to a macro counts as automatic, as mraptor counts
	 * control events (_Click) for VBA: document events (dom:load,
	 * OnLoad, office:new...) run on open, control events on a touch.
	 */
	if (strcmp(local, "event-listener") == 0 && event_runs_macro(names, values))
		pkg->autoexec = true;
	const char *href = attr_local(names, values, "href");
	if (href == NULL || !is_linked_element(local))
		return;
	if (ooxml_remote_target(href)) {
		pkg->external = true;
		return;
	}
	bool ole = strcmp(local, "object-ole") == 0;
	if (!ole && strcmp(local, "object") != 0)
		return;
	char *t = internal_target(st->dir, href);
	if (t == NULL)
		return;
	/* Preview pictures of objects are not objects. */
	if (g_str_has_prefix(t, "objectreplacements/") || strstr(t, "/objectreplacements/")) {
		g_free(t);
		return;
	}
	int prev = GPOINTER_TO_INT(g_hash_table_lookup(pkg->refs, t));
	g_hash_table_insert(pkg->refs, t,
			    GINT_TO_POINTER(prev | (ole ? ODF_REF_OLE : ODF_REF_OBJECT)));
}

/* Parse a content.xml / styles.xml part. */
void
odf_content_parse(odf_pkg *pkg, const char *part, const char *dir,
		  const unsigned char *data, size_t len)
{
	content_state st = {.pkg = pkg, .dir = dir};
	static const GMarkupParser parser = {.start_element = content_start};
	if (!ooxml_xml_parse(data, len, &parser, &st))
		odf_note_corrupt(pkg, part);
}

/* State of the manifest. */
typedef struct manifest_state {
	odf_pkg *pkg;
	char *path; /* the open file-entry's normalized full-path */
} manifest_state;

/* <manifest:file-entry> and its <manifest:encryption-data>. */
static void
manifest_start(GMarkupParseContext *mc, const char *name, const char **names,
	       const char **values, gpointer user, GError **err)
{
	(void)mc;
	(void)err;
	manifest_state *st = user;
	const char *local = ooxml_local(name);
	if (strcmp(local, "file-entry") == 0) {
		const char *p = attr_local(names, values, "full-path");
		const char *t = attr_local(names, values, "media-type");
		g_clear_pointer(&st->path, g_free);
		if (p == NULL)
			return;
		st->path = ooxml_part_norm(p);
		size_t n = strlen(st->path);
		while (n > 0 && st->path[n - 1] == '/')
			st->path[--n] = '\0';
		if (t && *t)
			g_hash_table_replace(st->pkg->mtypes, g_strdup(st->path),
					     g_ascii_strdown(t, -1));
	} else if (strcmp(local, "encryption-data") == 0 && st->path) {
		g_hash_table_add(st->pkg->encrypted, g_strdup(st->path));
	}
}

/* End of a file-entry: later encryption-data belongs to nobody. */
static void
manifest_end(GMarkupParseContext *mc, const char *name, gpointer user,
	     GError **err)
{
	(void)mc;
	(void)err;
	manifest_state *st = user;
	if (strcmp(ooxml_local(name), "file-entry") == 0)
		g_clear_pointer(&st->path, g_free);
}

/* Parse META-INF/manifest.xml. */
void
odf_manifest_parse(odf_pkg *pkg, const unsigned char *data, size_t len)
{
	manifest_state st = {.pkg = pkg};
	static const GMarkupParser parser = {
		.start_element = manifest_start,
		.end_element = manifest_end,
	};
	if (!ooxml_xml_parse(data, len, &parser, &st))
		odf_note_corrupt(pkg, "META-INF/manifest.xml");
	g_free(st.path);
}

/* State of a Basic module part. */
typedef struct basic_state {
	GString *src;
	char *name;
	int depth;      /* element depth */
	bool is_module; /* the root is <script:module> */
} basic_state;

/* The root <script:module script:name=...>. */
static void
basic_start(GMarkupParseContext *mc, const char *name, const char **names,
	    const char **values, gpointer user, GError **err)
{
	(void)mc;
	(void)err;
	basic_state *st = user;
	if (st->depth++ == 0 && strcmp(ooxml_local(name), "module") == 0) {
		st->is_module = true;
		const char *n = attr_local(names, values, "name");
		/* GMarkup accepts a second root: the first name stays. */
		if (n && *n && st->name == NULL)
			st->name = g_strdup(n);
	}
}

/* Leave an element. */
static void
basic_end(GMarkupParseContext *mc, const char *name, gpointer user, GError **err)
{
	(void)mc;
	(void)name;
	(void)err;
	basic_state *st = user;
	st->depth--;
}

/* The module's source is the root element's text. */
static void
basic_text(GMarkupParseContext *mc, const char *text, gsize len, gpointer user,
	   GError **err)
{
	(void)mc;
	(void)err;
	basic_state *st = user;
	if (st->is_module && st->depth == 1)
		g_string_append_len(st->src, text, (gssize)len);
}

/* Source text and name of a StarBasic module part, or NULL. */
char *
odf_basic_source(const unsigned char *data, size_t len, char **name,
		 size_t *out_len, bool *bad)
{
	basic_state st = {.src = g_string_new(NULL)};
	static const GMarkupParser parser = {
		.start_element = basic_start,
		.end_element = basic_end,
		.text = basic_text,
	};
	*bad = !ooxml_xml_parse(data, len, &parser, &st);
	*name = NULL;
	*out_len = 0;
	if (!st.is_module) {
		g_string_free(st.src, TRUE);
		g_free(st.name);
		return NULL;
	}
	*name = st.name;
	*out_len = st.src->len;
	return g_string_free(st.src, FALSE);
}
