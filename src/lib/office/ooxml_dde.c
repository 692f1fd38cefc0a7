/* ooxml_dde.c - DDE in Word field codes, Excel formulas and external links. */
#include "config.h"

#include <string.h>

#include "ooxml_int.h"

/*
 * Word: a field is <w:fldChar w:fldCharType="begin"/>, its code in one or
 * more <w:instrText> runs (DDE payloads are split over runs on purpose),
 * then "separate" and "end"; fields nest.  <w:fldSimple w:instr="..."/> is
 * the one-element form.  Only the field's first word says what it is.
 */
enum {
	FIELD_MAX_DEPTH = 32,   /* deeper nesting shares the innermost buffer */
	FIELD_CODE_MAX = 4096,  /* the command word is at the start */
	FORMULA_MAX = 65536,
};

typedef struct field_state {
	GString *code[FIELD_MAX_DEPTH];
	bool done[FIELD_MAX_DEPTH];
	int depth;       /* open fields (may exceed FIELD_MAX_DEPTH) */
	int in_instr;
	bool dde;
	bool ext;        /* INCLUDEPICTURE/INCLUDETEXT/IMPORT/LINK to a remote file */
} field_state;

/* The command word of a field code: pointer to it, length in *n. */
static const char *
field_command(const char *code, size_t *n)
{
	const char *p = code;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '"')
		p++;
	*n = 0;
	while (p[*n] && g_ascii_isalpha(p[*n]))
		(*n)++;
	return p;
}

/* True when the command word is `word`. */
static bool
command_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && g_ascii_strncasecmp(p, word, n) == 0;
}

/* True when a field code's command word is DDE or DDEAUTO. */
static bool
field_is_dde(const char *code)
{
	size_t n;
	const char *p = field_command(code, &n);
	return command_is(p, n, "DDE") || command_is(p, n, "DDEAUTO");
}

/*
 * True when a field fetches a file from the network when the document is
 * opened or updated: INCLUDEPICTURE, INCLUDETEXT, IMPORT, LINK with a URL
 * or UNC argument (tracking pixels, NTLM hash leaks, remote payloads).
 */
static bool
field_is_remote_include(const char *code)
{
	size_t n;
	const char *p = field_command(code, &n);
	if (!command_is(p, n, "INCLUDEPICTURE") && !command_is(p, n, "INCLUDETEXT") &&
	    !command_is(p, n, "IMPORT") && !command_is(p, n, "LINK"))
		return false;
	for (const char *q = p + n; *q; q++)
		if ((q[-1] == ' ' || q[-1] == '"' || q[-1] == '\t') &&
		    ooxml_remote_target(q))
			return true;
	return false;
}

/* Judge one complete field code: DDE, or a remote include. */
void
ooxml_field_code_judge(const char *code, bool *dde, bool *ext)
{
	if (field_is_dde(code))
		*dde = true;
	else if (field_is_remote_include(code))
		*ext = true;
}

/* Judge one complete field code of this part. */
static void
field_judge(field_state *st, const char *code)
{
	ooxml_field_code_judge(code, &st->dde, &st->ext);
}

/* Index of the innermost open field's buffer, or -1. */
static int
field_top(const field_state *st)
{
	if (st->depth <= 0)
		return -1;
	return st->depth > FIELD_MAX_DEPTH ? FIELD_MAX_DEPTH - 1 : st->depth - 1;
}

/* Judge the innermost open field once. */
static void
field_check(field_state *st)
{
	int t = field_top(st);
	if (t < 0 || st->done[t])
		return;
	st->done[t] = true;
	field_judge(st, st->code[t]->str);
}

/* Open a field. */
static void
field_push(field_state *st)
{
	st->depth++;
	int t = field_top(st);
	if (st->depth <= FIELD_MAX_DEPTH) {
		if (st->code[t] == NULL)
			st->code[t] = g_string_new(NULL);
		g_string_truncate(st->code[t], 0);
		st->done[t] = false;
	}
}

static void
word_start(GMarkupParseContext *pc, const char *el, const char **an,
	   const char **av, gpointer user, GError **err)
{
	(void)pc;
	(void)err;
	field_state *st = user;
	const char *l = ooxml_local(el);
	if (strcmp(l, "instrText") == 0) {
		st->in_instr++;
		if (st->depth == 0)
			field_push(st); /* code without a begin: still a code */
		return;
	}
	if (strcmp(l, "fldSimple") == 0) {
		for (size_t i = 0; an[i]; i++)
			if (strcmp(ooxml_local(an[i]), "instr") == 0)
				field_judge(st, av[i]);
		return;
	}
	if (strcmp(l, "fldChar") != 0)
		return;
	for (size_t i = 0; an[i]; i++) {
		if (strcmp(ooxml_local(an[i]), "fldCharType") != 0)
			continue;
		if (strcmp(av[i], "begin") == 0) {
			field_push(st);
		} else if (strcmp(av[i], "separate") == 0) {
			field_check(st);
		} else if (strcmp(av[i], "end") == 0 && st->depth > 0) {
			field_check(st);
			st->depth--;
		}
	}
}

static void
word_end(GMarkupParseContext *pc, const char *el, gpointer user, GError **err)
{
	(void)pc;
	(void)err;
	field_state *st = user;
	if (strcmp(ooxml_local(el), "instrText") == 0 && st->in_instr > 0)
		st->in_instr--;
}

static void
word_text(GMarkupParseContext *pc, const char *text, gsize len, gpointer user,
	  GError **err)
{
	(void)pc;
	(void)err;
	field_state *st = user;
	int t = field_top(st);
	if (st->in_instr == 0 || t < 0 || st->code[t] == NULL)
		return;
	if (st->code[t]->len < FIELD_CODE_MAX)
		g_string_append_len(st->code[t], text,
				    (gssize)MIN(len, FIELD_CODE_MAX - st->code[t]->len));
}

/* DDE / DDEAUTO and remote include field codes in a WordprocessingML part. */
bool
ooxml_fields_word(ooxml_pkg *pkg, const char *part, const unsigned char *data,
	       size_t len)
{
	static const GMarkupParser parser = { word_start, word_end, word_text,
					      NULL, NULL };
	field_state st = {0};
	/* Most parts have no fields at all: skip the parse. */
	if (len == 0 || memmem(data, len, "instr", 5) == NULL)
		return false;
	if (!ooxml_xml_parse(data, len, &parser, &st))
		ooxml_note_corrupt(pkg, part);
	/* Fields left open at the end (truncated or malformed XML). */
	while (st.depth > 0) {
		field_check(&st);
		st.depth--;
	}
	for (int i = 0; i < FIELD_MAX_DEPTH; i++)
		if (st.code[i])
			g_string_free(st.code[i], TRUE);
	if (st.dde)
		triage_object_set_bool(pkg->o, TF_DDE, true);
	if (st.ext)
		triage_object_set_bool(pkg->o, TF_EXTERNAL_LINK, true);
	return st.dde || st.ext;
}

typedef struct formula_state {
	GString *f;
	int in_f;
	bool dde;
} formula_state;

/*
 * True when a formula holds a DDE reference (app|topic!item, e.g.
 * cmd|' /c calc.exe'!A1): '|' is no Excel operator, so outside string
 * literals it only appears in DDE references.
 */
bool
ooxml_formula_is_dde(const char *f)
{
	bool in_str = false;
	for (const char *p = f; *p; p++) {
		if (*p == '"')
			in_str = !in_str; /* "" inside a literal toggles twice */
		else if (*p == '|' && !in_str && p > f)
			return true;
	}
	return false;
}

static void
sheet_start(GMarkupParseContext *pc, const char *el, const char **an,
	    const char **av, gpointer user, GError **err)
{
	(void)pc;
	(void)an;
	(void)av;
	(void)err;
	formula_state *st = user;
	if (strcmp(ooxml_local(el), "f") == 0) {
		st->in_f++;
		g_string_truncate(st->f, 0);
	}
}

static void
sheet_end(GMarkupParseContext *pc, const char *el, gpointer user, GError **err)
{
	(void)pc;
	(void)err;
	formula_state *st = user;
	if (strcmp(ooxml_local(el), "f") == 0 && st->in_f > 0) {
		st->in_f--;
		if (ooxml_formula_is_dde(st->f->str))
			st->dde = true;
	}
}

static void
sheet_text(GMarkupParseContext *pc, const char *text, gsize len, gpointer user,
	   GError **err)
{
	(void)pc;
	(void)err;
	formula_state *st = user;
	if (st->in_f > 0 && st->f->len < FORMULA_MAX)
		g_string_append_len(st->f, text,
				    (gssize)MIN(len, FORMULA_MAX - st->f->len));
}

/* DDE formulas in a worksheet or macro sheet part. */
bool
ooxml_dde_sheet(ooxml_pkg *pkg, const char *part, const unsigned char *data,
		size_t len)
{
	static const GMarkupParser parser = { sheet_start, sheet_end, sheet_text,
					      NULL, NULL };
	/* Without a '|' there is no DDE reference: big sheets are skipped. */
	if (len == 0 || memchr(data, '|', len) == NULL)
		return false;
	formula_state st = { g_string_new(NULL), 0, false };
	if (!ooxml_xml_parse(data, len, &parser, &st))
		ooxml_note_corrupt(pkg, part);
	g_string_free(st.f, TRUE);
	if (st.dde)
		triage_object_set_bool(pkg->o, TF_DDE, true);
	return st.dde;
}

static void
extlink_start(GMarkupParseContext *pc, const char *el, const char **an,
	      const char **av, gpointer user, GError **err)
{
	(void)pc;
	(void)an;
	(void)av;
	(void)err;
	bool *dde = user;
	if (strcmp(ooxml_local(el), "ddeLink") == 0)
		*dde = true;
}

/*
 * An .xlsb externalLinkN.bin: BrtBeginSupBook ([MS-XLSB] 2.4.20, record 360)
 * whose sbt is 0x0001 is a DDE link (what oletools' msodde reports).
 */
static bool
extlink_bin_dde(ooxml_pkg *pkg, const char *part, const unsigned char *d, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		uint32_t type, size;
		if (!ooxml_xlsb_varint(d, len, &pos, 2, &type) ||
		    !ooxml_xlsb_varint(d, len, &pos, 4, &size) || size > len - pos) {
			ooxml_note_corrupt(pkg, part);
			return false;
		}
		if (type == 360 && size >= 2 && (d[pos] | d[pos + 1] << 8) == 0x0001)
			return true;
		pos += size;
	}
	return false;
}

/* <ddeLink ddeService="cmd" ddeTopic="/c calc.exe"> in an external link part. */
bool
ooxml_dde_extlink(ooxml_pkg *pkg, const char *part, const unsigned char *data,
		  size_t len)
{
	static const GMarkupParser parser = { extlink_start, NULL, NULL, NULL, NULL };
	bool dde = false;
	if (g_str_has_suffix(part, ".bin"))
		dde = extlink_bin_dde(pkg, part, data, len);
	else if (!ooxml_xml_parse(data, len, &parser, &dde))
		ooxml_note_corrupt(pkg, part);
	if (dde)
		triage_object_set_bool(pkg->o, TF_DDE, true);
	return dde;
}
