/* slk.c - SYLK spreadsheets: Excel 4.0 macro formulas, Auto_Open, DDE. */
#include "config.h"

#include <string.h>

#include "ooxml_int.h"

/*
 * SYLK is text: one record a line, "RTD;Fx;Fy..." with ";;" for a literal
 * semicolon.  What matters here:
 *   ID;P...            first record (producer)
 *   O;...;E;...        options: ;E marks the sheet as an Excel macro sheet
 *   NN;N<name>;E<expr> a defined name (NN;NAuto_Open;ER1C1 runs R1C1 on open)
 *   C;Y<r>;X<c>;E<f>   a cell with formula <f>; X/Y are sticky
 * Excel opens such a file as a macro sheet and runs Auto_Open; the formulas
 * (EXEC, CALL, REGISTER, ...) are copied to an "xlm:sylk" child for rules.
 */

enum {
	SLK_FIELD_MAX = 65536,  /* longest field copied (Excel formulas: 8 KiB) */
	SLK_NUM_MAX = 9,        /* digits of a row/column number */
};

/* Excel 4.0 functions that only work on macro sheets. */
static const char *const xlm_only[] = {
	"EXEC", "CALL", "REGISTER", "REGISTER.ID", "UNREGISTER", "RUN", "HALT",
	"ALERT", "FORMULA", "FORMULA.FILL", "FORMULA.ARRAY", "GOTO", "RETURN",
	"FOPEN", "FWRITE", "FWRITELN", "FREAD", "FREADLN", "FCLOSE", "FPOS",
	"FSIZE", "FILE.DELETE", "FILES", "DIRECTORY", "SET.VALUE", "SET.NAME",
	"GET.WORKSPACE", "GET.CELL", "GET.WINDOW", "GET.DOCUMENT", "GET.NAME",
	"ON.TIME", "WAIT", "ECHO", "MESSAGE", "SEND.KEYS", "EXECUTE", "INITIATE",
	"REQUEST", "POKE", "APP.MAXIMIZE", "WORKBOOK.HIDE", "WORKBOOK.UNHIDE",
	"WINDOW.HIDE", "CLOSE", "QUIT", "ERROR", "ARGUMENT", "RESULT", "NEXT",
	"WHILE", "FOR", "FOR.CELL", "ELSE.IF", "END.IF", "BREAK", "SAVE.AS",
	"OPEN", "EVALUATE", "CHAR.CODE",
};

/* True when the formula calls a function only macro sheets have. */
static bool
uses_xlm_function(const char *f)
{
	const char *p = f;
	bool in_str = false;
	while (*p) {
		if (*p == '"') {
			in_str = !in_str;
			p++;
			continue;
		}
		if (in_str || !(g_ascii_isalpha(*p) || *p == '_') ||
		    (p > f && (g_ascii_isalnum(p[-1]) || p[-1] == '.' || p[-1] == '_'))) {
			p++;
			continue;
		}
		size_t n = 0;
		while (g_ascii_isalnum(p[n]) || p[n] == '.' || p[n] == '_')
			n++;
		if (p[n] == '(') {
			for (size_t i = 0; i < G_N_ELEMENTS(xlm_only); i++)
				if (strlen(xlm_only[i]) == n &&
				    g_ascii_strncasecmp(p, xlm_only[i], n) == 0)
					return true;
		}
		p += n;
	}
	return false;
}

/* True for names Excel runs by itself. */
static bool
slk_autoexec_name(const char *name)
{
	if (g_ascii_strncasecmp(name, "_xlnm.", 6) == 0)
		name += 6;
	return g_ascii_strncasecmp(name, "auto_open", 9) == 0 ||
	       g_ascii_strncasecmp(name, "auto_close", 10) == 0;
}

/* What the records say, collected over the file. */
typedef struct slk_state {
	GString *out;        /* formulas and names, one a line */
	GString *field;      /* current field, unescaped */
	char row[SLK_NUM_MAX + 1];
	char col[SLK_NUM_MAX + 1];
	bool macro_sheet;
	bool auto_open;
	bool xlm_func;
	bool dde;
	size_t formulas;
} slk_state;

/*
 * Split a record into fields at single ';' (";;" is a literal ';').
 * Calls `fn` with the unescaped field (first is the record type).
 */
static void
each_field(slk_state *st, const char *rec, size_t len,
	   void (*fn)(slk_state *, size_t idx, const char *field, void *),
	   void *user)
{
	size_t idx = 0;
	g_string_truncate(st->field, 0);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && rec[i] == ';' && i + 1 < len && rec[i + 1] == ';') {
			if (st->field->len < SLK_FIELD_MAX)
				g_string_append_c(st->field, ';');
			i++;
			continue;
		}
		if (i == len || rec[i] == ';') {
			fn(st, idx++, st->field->str, user);
			g_string_truncate(st->field, 0);
			continue;
		}
		if (st->field->len < SLK_FIELD_MAX)
			g_string_append_c(st->field, rec[i]);
	}
}

/* Copy a sticky row/column number. */
static void
set_num(char *dst, const char *src)
{
	size_t n = 0;
	while (n < SLK_NUM_MAX && g_ascii_isdigit(src[n])) {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
}

/* One field of a C record. */
static void
cell_field(slk_state *st, size_t idx, const char *f, void *user)
{
	char **formula = user;
	if (idx == 0)
		return;
	if (f[0] == 'Y')
		set_num(st->row, f + 1);
	else if (f[0] == 'X')
		set_num(st->col, f + 1);
	else if (f[0] == 'E' && *formula == NULL)
		*formula = g_strdup(f + 1);
}

/* One field of an NN record: N name, E expression. */
static void
name_field(slk_state *st, size_t idx, const char *f, void *user)
{
	char **nv = user;
	(void)st;
	if (idx == 0)
		return;
	if (f[0] == 'N' && nv[0] == NULL)
		nv[0] = g_strdup(f + 1);
	else if (f[0] == 'E' && nv[1] == NULL)
		nv[1] = g_strdup(f + 1);
}

/* One field of an O record: a bare ;E says macro sheet. */
static void
option_field(slk_state *st, size_t idx, const char *f, void *user)
{
	(void)user;
	if (idx > 0 && strcmp(f, "E") == 0)
		st->macro_sheet = true;
}

/* Handle one record (line without its line end). */
static void
slk_record(slk_state *st, const char *rec, size_t len)
{
	if (len >= 2 && rec[0] == 'C' && rec[1] == ';') {
		char *formula = NULL;
		each_field(st, rec, len, cell_field, &formula);
		if (formula) {
			st->formulas++;
			if (uses_xlm_function(formula))
				st->xlm_func = true;
			if (ooxml_formula_is_dde(formula))
				st->dde = true;
			g_string_append_printf(st->out, "R%sC%s: =%s\n",
					       st->row[0] ? st->row : "?",
					       st->col[0] ? st->col : "?", formula);
			g_free(formula);
		}
	} else if (len >= 3 && memcmp(rec, "NN;", 3) == 0) {
		char *nv[2] = { NULL, NULL };
		each_field(st, rec, len, name_field, nv);
		if (nv[0]) {
			if (slk_autoexec_name(nv[0]))
				st->auto_open = true;
			g_string_append_printf(st->out, "NAME %s = %s\n", nv[0],
					       nv[1] ? nv[1] : "");
		}
		g_free(nv[0]);
		g_free(nv[1]);
	} else if (len >= 2 && rec[0] == 'O' && rec[1] == ';') {
		each_field(st, rec, len, option_field, NULL);
	}
}

/* Read a SYLK file: XLM formulas, Auto_Open names, DDE formulas. */
triage_status
triage_slk_run(triage_ctx *ctx, triage_object *o)
{
	const char *d = (const char *)triage_object_data(o);
	size_t len = triage_object_size(o);
	slk_state st = { .out = g_string_new(NULL), .field = g_string_new(NULL) };

	triage_object_set_bool(o, TF_IS_OFFICE, true);
	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
		d += 3;
		len -= 3;
	}
	if (len < 3 || memcmp(d, "ID;", 3) != 0) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "SYLK file without an ID record");
		goto out;
	}
	if (ctx->lim->max_object_size > 0 && len > ctx->lim->max_object_size) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
		len = (size_t)ctx->lim->max_object_size;
	}
	size_t lines = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(d + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - d) : len;
		size_t rl = end - pos;
		if (rl > 0 && d[pos + rl - 1] == '\r')
			rl--;
		/* "E" alone ends the file; Excel ignores what follows. */
		if (rl == 1 && d[pos] == 'E')
			break;
		slk_record(&st, d + pos, rl);
		pos = end + 1;
		if ((++lines & 0xFFF) == 0 && triage_ctx_over_time(ctx)) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT,
						    "time_budget_ms");
			break;
		}
	}
	if (st.dde)
		triage_object_set_bool(o, TF_DDE, true);
	bool has_xlm = st.macro_sheet || st.xlm_func ||
		       (st.auto_open && st.formulas > 0);
	if (!has_xlm)
		goto out;
	triage_object_set_bool(o, TF_HAS_XLM, true);
	if (st.auto_open)
		triage_object_set_bool(o, TF_XLM_AUTOEXEC, true);
	triage_blob *b = triage_blob_new_copy(st.out->str, st.out->len);
	triage_object *c = triage_object_add_child(o, "xlm:sylk", NULL, "xlm", b);
	triage_ctx_account(ctx, c, triage_blob_size(b));
	triage_blob_unref(&b);
out:
	g_string_free(st.out, TRUE);
	g_string_free(st.field, TRUE);
	return TRIAGE_OK;
}
