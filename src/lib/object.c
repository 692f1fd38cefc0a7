/* object.c - the object tree: creation, facts, findings, teardown. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "object_int.h"

typedef struct fact_value {
	bool set;
	int64_t i;            /* bool and int */
	char *s;
} fact_value;

struct triage_object {
	char *path;
	char *name;
	char *declared_type;
	char *kind;
	triage_blob *data;
	int depth;
	triage_object *parent;
	GPtrArray *children;  /* triage_object *, owned */
	fact_value facts[TF_COUNT];
	triage_unscanned unscanned;
	char *unscanned_detail;
	GArray *findings;     /* triage_finding, strings owned */
	char *sha256;
	char *locator;
	void *priv;
	void (*priv_free)(void *);
};

/* Path segments must not contain '/' (it separates layers). */
static char *
clean_segment(const char *seg)
{
	char *s = g_strdup(seg && *seg ? seg : "?");
	for (char *p = s; *p; p++)
		if (*p == '/' || (unsigned char)*p < 0x20)
			*p = '_';
	return s;
}

/* Lower-case extension after the last dot of the last path element. */
static void
set_name_facts(triage_object *o)
{
	const char *name = o->name ? o->name : "";
	triage_object_set_str(o, TF_NAME, name);
	const char *base = strrchr(name, '/');
	const char *bs = strrchr(name, '\\');
	if (bs && (!base || bs > base))
		base = bs;
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	char *ext = g_ascii_strdown(dot && dot[1] ? dot + 1 : "", -1);
	g_strstrip(ext);
	triage_object_set_str(o, TF_EXT, ext);
	g_free(ext);
}

static triage_object *
object_new(const char *path, const char *name, const char *kind,
	   triage_blob *data)
{
	triage_object *o = g_new0(triage_object, 1);
	o->path = g_strdup(path);
	o->name = g_strdup(name ? name : "");
	o->declared_type = g_strdup("");
	o->kind = g_strdup(kind ? kind : "");
	o->data = data ? triage_blob_ref(data) : triage_blob_new_empty();
	o->children = g_ptr_array_new();
	o->findings = g_array_new(FALSE, TRUE, sizeof(triage_finding));
	o->unscanned_detail = g_strdup("");
	set_name_facts(o);
	triage_object_set_str(o, TF_KIND, o->kind);
	triage_object_set_int(o, TF_SIZE, (int64_t)triage_blob_size(o->data));
	return o;
}

/* A root object for a scan. */
triage_object *
triage_object_new_root(const char *name, const char *kind, triage_blob *data)
{
	char *seg = clean_segment(name && *name ? name : "message");
	triage_object *o = object_new(seg, name, kind, data);
	g_free(seg);
	return o;
}

/* Add a child below parent. */
triage_object *
triage_object_add_child(triage_object *parent, const char *segment,
			const char *name, const char *kind, triage_blob *data)
{
	char *seg = clean_segment(segment ? segment : name);
	char *path = g_strconcat(parent->path, "/", seg, NULL);
	triage_object *o = object_new(path, name, kind, data);
	g_free(path);
	g_free(seg);
	o->parent = parent;
	o->depth = parent->depth + 1;
	triage_object_set_int(o, TF_DEPTH, o->depth);
	if (parent->facts[TF_IN_ARCHIVE].i ||
	    (parent->facts[TF_IS_ARCHIVE].i && strcmp(o->kind, "member") == 0))
		triage_object_set_bool(o, TF_IN_ARCHIVE, true);
	g_ptr_array_add(parent->children, o);
	return o;
}

/* Free a subtree (also partly built) and NULL the pointer. */
void
triage_object_free(triage_object **op)
{
	triage_object *o = op ? *op : NULL;
	if (o == NULL)
		return;
	*op = NULL;
	for (guint i = 0; i < o->children->len; i++) {
		triage_object *c = g_ptr_array_index(o->children, i);
		triage_object_free(&c);
	}
	g_ptr_array_free(o->children, TRUE);
	for (int f = 0; f < TF_COUNT; f++)
		g_free(o->facts[f].s);
	for (guint i = 0; i < o->findings->len; i++) {
		triage_finding *fd = &g_array_index(o->findings, triage_finding, i);
		g_free((char *)fd->category);
		g_free((char *)fd->rule);
		g_free((char *)fd->description);
	}
	g_array_free(o->findings, TRUE);
	if (o->priv && o->priv_free)
		o->priv_free(o->priv);
	triage_blob_unref(&o->data);
	g_free(o->path);
	g_free(o->name);
	g_free(o->declared_type);
	g_free(o->kind);
	g_free(o->unscanned_detail);
	g_free(o->sha256);
	g_free(o->locator);
	g_free(o);
}

const char *triage_object_path(const triage_object *o) { return o->path; }
const char *triage_object_name(const triage_object *o) { return o->name; }
const char *triage_object_declared_type(const triage_object *o) { return o->declared_type; }
const char *triage_object_kind(const triage_object *o) { return o->kind; }
const unsigned char *triage_object_data(const triage_object *o) { return triage_blob_data(o->data); }
size_t triage_object_size(const triage_object *o) { return triage_blob_size(o->data); }
int triage_object_depth(const triage_object *o) { return o->depth; }
triage_object *triage_object_parent(const triage_object *o) { return o->parent; }
size_t triage_object_nchildren(const triage_object *o) { return o->children->len; }
triage_blob *triage_object_blob(const triage_object *o) { return o->data; }
triage_unscanned triage_object_unscanned(const triage_object *o) { return o->unscanned; }
const char *triage_object_unscanned_detail(const triage_object *o) { return o->unscanned_detail; }
size_t triage_object_nfindings(const triage_object *o) { return o->findings->len; }
void *triage_object_private(const triage_object *o) { return o->priv; }

triage_object *
triage_object_child(const triage_object *o, size_t i)
{
	return i < o->children->len ? g_ptr_array_index(o->children, i) : NULL;
}

const triage_finding *
triage_object_finding(const triage_object *o, size_t i)
{
	if (i >= o->findings->len)
		return NULL;
	return &g_array_index(o->findings, triage_finding, i);
}

/* SHA-256 of the data, computed once. */
const char *
triage_object_sha256(triage_object *o)
{
	if (o->sha256 == NULL)
		o->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
			triage_blob_data(o->data), triage_blob_size(o->data));
	return o->sha256;
}

void
triage_object_set_data(triage_object *o, triage_blob *data)
{
	triage_blob *old = o->data;
	o->data = triage_blob_ref(data);
	triage_blob_unref(&old);
	g_clear_pointer(&o->sha256, g_free);
	triage_object_set_int(o, TF_SIZE, (int64_t)triage_blob_size(o->data));
}

void
triage_object_set_declared_type(triage_object *o, const char *type)
{
	g_free(o->declared_type);
	o->declared_type = g_ascii_strdown(type ? type : "", -1);
	triage_object_set_str(o, TF_DECLARED_TYPE, o->declared_type);
}

void
triage_object_set_name(triage_object *o, const char *name)
{
	g_free(o->name);
	o->name = g_strdup(name ? name : "");
	set_name_facts(o);
}

const char *
triage_object_locator(const triage_object *o)
{
	return o->locator ? o->locator : "";
}

void
triage_object_set_locator(triage_object *o, const char *locator)
{
	g_free(o->locator);
	o->locator = g_strdup(locator ? locator : "");
}

void
triage_object_set_magic(triage_object *o, const char *mime, const char *desc)
{
	triage_object_set_str(o, TF_MAGIC_MIME, mime ? mime : "");
	triage_object_set_str(o, TF_MAGIC_DESC, desc ? desc : "");
}

static bool
fact_ok(triage_fact f, triage_fact_type t)
{
	const triage_fact_def *d = triage_fact_get(f);
	return d != NULL && d->type == t;
}

bool
triage_object_fact_bool(const triage_object *o, triage_fact f)
{
	return fact_ok(f, TRIAGE_FACT_BOOL) && o->facts[f].i != 0;
}

int64_t
triage_object_fact_int(const triage_object *o, triage_fact f)
{
	return fact_ok(f, TRIAGE_FACT_INT) ? o->facts[f].i : 0;
}

const char *
triage_object_fact_str(const triage_object *o, triage_fact f)
{
	if (!fact_ok(f, TRIAGE_FACT_STR) || o->facts[f].s == NULL)
		return "";
	return o->facts[f].s;
}

bool
triage_object_fact_is_set(const triage_object *o, triage_fact f)
{
	return triage_fact_get(f) != NULL && o->facts[f].set;
}

void
triage_object_set_bool(triage_object *o, triage_fact f, bool v)
{
	if (!fact_ok(f, TRIAGE_FACT_BOOL))
		return;
	o->facts[f].set = true;
	o->facts[f].i = v ? 1 : 0;
}

void
triage_object_set_int(triage_object *o, triage_fact f, int64_t v)
{
	if (!fact_ok(f, TRIAGE_FACT_INT))
		return;
	o->facts[f].set = true;
	o->facts[f].i = v;
}

void
triage_object_add_int(triage_object *o, triage_fact f, int64_t v)
{
	if (!fact_ok(f, TRIAGE_FACT_INT))
		return;
	o->facts[f].set = true;
	o->facts[f].i += v;
}

void
triage_object_set_str(triage_object *o, triage_fact f, const char *v)
{
	if (!fact_ok(f, TRIAGE_FACT_STR))
		return;
	char *old = o->facts[f].s;
	o->facts[f].s = g_strdup(v ? v : "");
	o->facts[f].set = true;
	g_free(old);
}

/* Record why the object was not fully read. */
void
triage_object_set_unscanned(triage_object *o, triage_unscanned why,
			    const char *detail)
{
	if (why == TRIAGE_UNSCANNED_NONE)
		return;
	if (o->unscanned == TRIAGE_UNSCANNED_NONE) {
		o->unscanned = why;
		g_free(o->unscanned_detail);
		o->unscanned_detail = g_strdup(detail ? detail : "");
		triage_object_set_str(o, TF_UNSCANNED, triage_unscanned_name(why));
	}
	switch (why) {
	case TRIAGE_UNSCANNED_ENCRYPTED:
		triage_object_set_bool(o, TF_ENCRYPTED, true);
		break;
	case TRIAGE_UNSCANNED_LIMIT:
		triage_object_set_bool(o, TF_LIMIT_EXCEEDED, true);
		if (!o->facts[TF_LIMIT_NAME].set)
			triage_object_set_str(o, TF_LIMIT_NAME, detail);
		break;
	case TRIAGE_UNSCANNED_CORRUPT:
		triage_object_set_bool(o, TF_CORRUPT, true);
		break;
	default:
		break;
	}
}

/* Record a finding; duplicates (same rule on the same object) are dropped. */
void
triage_object_add_finding(triage_object *o, const char *category,
			  triage_severity sev, const char *rule,
			  const char *description)
{
	for (guint i = 0; i < o->findings->len; i++) {
		triage_finding *fd = &g_array_index(o->findings, triage_finding, i);
		if (g_strcmp0(fd->rule, rule) == 0 &&
		    g_strcmp0(fd->category, category) == 0)
			return;
	}
	triage_finding f = {
		.category = g_strdup(category ? category : ""),
		.severity = sev,
		.rule = g_strdup(rule ? rule : ""),
		.description = g_strdup(description ? description : ""),
		.object = o,
	};
	g_array_append_val(o->findings, f);
}

void
triage_object_set_private(triage_object *o, void *p, void (*free_fn)(void *))
{
	if (o->priv && o->priv_free)
		o->priv_free(o->priv);
	o->priv = p;
	o->priv_free = free_fn;
}

/* Objects in the subtree, o included. */
size_t
triage_object_count(const triage_object *o)
{
	size_t n = 1;
	for (guint i = 0; i < o->children->len; i++)
		n += triage_object_count(g_ptr_array_index(o->children, i));
	return n;
}

static const char *sev_names[] = {"none", "info", "low", "medium", "high", "critical"};

const char *
triage_severity_name(triage_severity s)
{
	if ((int)s < 0 || s > TRIAGE_SEV_CRITICAL)
		return "none";
	return sev_names[s];
}

int
triage_severity_parse(const char *s)
{
	for (int i = 0; i <= TRIAGE_SEV_CRITICAL; i++)
		if (s && g_ascii_strcasecmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

const char *
triage_unscanned_name(triage_unscanned u)
{
	switch (u) {
	case TRIAGE_UNSCANNED_ENCRYPTED: return "encrypted";
	case TRIAGE_UNSCANNED_LIMIT: return "limit";
	case TRIAGE_UNSCANNED_CORRUPT: return "corrupt";
	default: return "";
	}
}
