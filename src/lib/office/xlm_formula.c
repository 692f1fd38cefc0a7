/* xlm_formula.c - BIFF8 parsed formulas (Ptg tokens) back to infix text. */
#include "config.h"

#include <string.h>

#include "ole_int.h"
#include "xlm_int.h"

/* Operands kept on the stack, and the longest operand text, at most. */
#define STACK_MAX 256
#define OPERAND_MAX 4096

/* Command-equivalent functions (Cetab) that macro droppers use. */
static const char *
cetab_name(unsigned idx)
{
	switch (idx) {
	case 0x01: return "OPEN";
	case 0x05: return "SAVE.AS";
	case 0x06: return "FILE.DELETE";
	case 0x5D: return "HIDE";
	case 0x5E: return "UNHIDE";
	case 0x60: return "FORMULA";
	case 0x61: return "FORMULA.FILL";
	case 0x62: return "FORMULA.ARRAY";
	case 0x6D: return "SELECT";
	case 0x76: return "ALERT";
	case 0x77: return "NEW";
	case 0x7A: return "MESSAGE";
	default: return NULL;
	}
}

/* GDestroyNotify for the operand stack. */
static void
gstring_free(gpointer p)
{
	g_string_free(p, TRUE);
}

typedef struct fstack {
	GPtrArray *items; /* GString * */
} fstack;

/* Push text (truncated at OPERAND_MAX); false when the stack is full. */
static bool
push(fstack *s, GString *g)
{
	if (s->items->len >= STACK_MAX) {
		g_string_free(g, TRUE);
		return false;
	}
	if (g->len > OPERAND_MAX)
		g_string_truncate(g, OPERAND_MAX);
	g_ptr_array_add(s->items, g);
	return true;
}

static bool
push_str(fstack *s, const char *t)
{
	return push(s, g_string_new(t));
}

/* Pop one operand; an empty one when the stack ran dry (malformed formula). */
static GString *
pop(fstack *s)
{
	if (s->items->len == 0)
		return g_string_new("");
	return g_ptr_array_steal_index(s->items, s->items->len - 1);
}

/* Pop n operands and push "name(a,b,...)". */
static bool
call(fstack *s, const char *name, unsigned n, bool name_from_stack)
{
	GString **args = g_new0(GString *, n ? n : 1);
	for (unsigned i = n; i > 0; i--)
		args[i - 1] = pop(s);
	GString *g = g_string_new(NULL);
	unsigned first = 0;
	if (name_from_stack && n > 0) {
		g_string_append(g, args[0]->str);
		first = 1;
	} else {
		g_string_append(g, name);
	}
	g_string_append_c(g, '(');
	for (unsigned i = first; i < n; i++) {
		if (i > first)
			g_string_append_c(g, ',');
		g_string_append(g, args[i]->str);
	}
	g_string_append_c(g, ')');
	for (unsigned i = 0; i < n; i++)
		g_string_free(args[i], TRUE);
	g_free(args);
	return push(s, g);
}

/* Binary operator. */
static bool
binop(fstack *s, const char *op)
{
	GString *b = pop(s), *a = pop(s);
	g_string_append(a, op);
	g_string_append(a, b->str);
	g_string_free(b, TRUE);
	return push(s, a);
}

/* A cell reference "R<r>C<c>" (1-based, as the R1C1 style macro sheets use). */
static GString *
cell_ref(const unsigned char *p)
{
	GString *g = g_string_new(NULL);
	g_string_printf(g, "R%uC%u", (unsigned)ole_le16(p) + 1,
			(unsigned)(ole_le16(p + 2) & 0x3FFF) + 1);
	return g;
}

/* A string literal (ShortXLUnicodeString) as quoted UTF-8; advances *pos. */
static bool
str_literal(const unsigned char *p, size_t len, size_t *pos, fstack *s)
{
	if (len - *pos < 2)
		return false;
	size_t cch = p[*pos];
	bool wide = p[*pos + 1] & 1;
	size_t bytes = wide ? cch * 2 : cch;
	*pos += 2;
	if (len - *pos < bytes)
		return false;
	char *u = g_convert((const char *)p + *pos, (gssize)bytes, "UTF-8",
			    wide ? "UTF-16LE" : "WINDOWS-1252", NULL, NULL, NULL);
	*pos += bytes;
	GString *g = g_string_new("\"");
	for (const char *c = u ? u : ""; *c; c++) {
		if (*c == '"')
			g_string_append_c(g, '"');
		g_string_append_c(g, *c);
	}
	g_string_append_c(g, '"');
	g_free(u);
	return push(s, g);
}

/* Fixed byte size of operand tokens (after the ptg byte), by base ptg; -1 unknown. */
static int
operand_size(unsigned base)
{
	switch (base) {
	case 0x20: return 7;  /* PtgArray */
	case 0x23: return 4;  /* PtgName */
	case 0x24: return 4;  /* PtgRef */
	case 0x25: return 8;  /* PtgArea */
	case 0x26: case 0x27: case 0x28: return 6; /* PtgMem* */
	case 0x29: return 2;  /* PtgMemFunc */
	case 0x2A: return 4;  /* PtgRefErr */
	case 0x2B: return 8;  /* PtgAreaErr */
	case 0x2C: return 4;  /* PtgRefN */
	case 0x2D: return 8;  /* PtgAreaN */
	case 0x39: return 6;  /* PtgNameX */
	case 0x3A: return 6;  /* PtgRef3d */
	case 0x3B: return 10; /* PtgArea3d */
	case 0x3C: return 6;  /* PtgRefErr3d */
	case 0x3D: return 10; /* PtgAreaErr3d */
	default: return -1;
	}
}

/* One operand-class token (ptg >= 0x20). */
static bool
operand(fstack *s, unsigned base, const unsigned char *d, const GPtrArray *names)
{
	switch (base) {
	case 0x20: return push_str(s, "{array}");
	case 0x23: {
		uint32_t i = ole_le32(d);
		if (names && i >= 1 && i <= names->len)
			return push_str(s, g_ptr_array_index(names, i - 1));
		GString *g = g_string_new(NULL);
		g_string_printf(g, "Name%u", (unsigned)i);
		return push(s, g);
	}
	case 0x24: return push(s, cell_ref(d));
	case 0x25: {
		GString *g = g_string_new(NULL);
		g_string_printf(g, "R%uC%u:R%uC%u", (unsigned)ole_le16(d) + 1,
				(unsigned)(ole_le16(d + 4) & 0x3FFF) + 1,
				(unsigned)ole_le16(d + 2) + 1,
				(unsigned)(ole_le16(d + 6) & 0x3FFF) + 1);
		return push(s, g);
	}
	case 0x26: case 0x27: case 0x28: case 0x29:
		return true; /* the sub-expression that follows pushes the value */
	case 0x2A: case 0x2B: case 0x3C: case 0x3D:
		return push_str(s, "#REF!");
	case 0x2C: case 0x2D: return push_str(s, "{relative}");
	case 0x39: {
		uint32_t i = ole_le32(d + 2);
		if (names && i >= 1 && i <= names->len)
			return push_str(s, g_ptr_array_index(names, i - 1));
		return push_str(s, "{external name}");
	}
	case 0x3A: return push(s, cell_ref(d + 2));
	case 0x3B: return push_str(s, "{3d area}");
	default: return false;
	}
}

/* Decode a parsed formula into infix text. */
bool
triage_xlm_formula_text(const unsigned char *p, size_t len,
			const GPtrArray *names, GString *out)
{
	fstack s = {g_ptr_array_new_with_free_func(gstring_free)};
	static const char *const ops[] = {"+", "-", "*", "/", "^", "&", "<", "<=",
					  "=", ">=", ">", "<>", " ", ",", ":"};
	bool ok = true;
	size_t pos = 0;
	while (ok && pos < len) {
		unsigned ptg = p[pos++];
		if (ptg >= 0x03 && ptg <= 0x11) {
			ok = binop(&s, ops[ptg - 0x03]);
		} else if (ptg >= 0x12 && ptg <= 0x15) {
			GString *a = pop(&s);
			if (ptg == 0x12) g_string_prepend_c(a, '+');
			else if (ptg == 0x13) g_string_prepend_c(a, '-');
			else if (ptg == 0x14) g_string_append_c(a, '%');
			else { g_string_prepend_c(a, '('); g_string_append_c(a, ')'); }
			ok = push(&s, a);
		} else if (ptg == 0x01 || ptg == 0x02) {
			ok = len - pos >= 4 && push_str(&s, "{shared}");
			pos += 4;
		} else if (ptg == 0x16) {
			ok = push_str(&s, "");
		} else if (ptg == 0x17) {
			ok = str_literal(p, len, &pos, &s);
		} else if (ptg == 0x19) {
			if (len - pos < 3) { ok = false; break; }
			unsigned grbit = p[pos];
			size_t skip = 3;
			if (grbit & 0x04) /* tAttrChoose: jump table follows */
				skip += ((size_t)ole_le16(p + pos + 1) + 1) * 2;
			if (len - pos < skip) { ok = false; break; }
			pos += skip;
			if (grbit & 0x10)
				ok = call(&s, "SUM", 1, false);
		} else if (ptg == 0x1C || ptg == 0x1D) {
			if (len - pos < 1) { ok = false; break; }
			ok = push_str(&s, ptg == 0x1C ? "#ERR" : (p[pos] ? "TRUE" : "FALSE"));
			pos += 1;
		} else if (ptg == 0x1E) {
			if (len - pos < 2) { ok = false; break; }
			GString *g = g_string_new(NULL);
			g_string_printf(g, "%u", (unsigned)ole_le16(p + pos));
			ok = push(&s, g);
			pos += 2;
		} else if (ptg == 0x1F) {
			if (len - pos < 8) { ok = false; break; }
			double v;
			uint64_t bits = (uint64_t)ole_le32(p + pos) | ((uint64_t)ole_le32(p + pos + 4) << 32);
			memcpy(&v, &bits, sizeof v);
			GString *g = g_string_new(NULL);
			g_string_printf(g, "%.15g", v);
			ok = push(&s, g);
			pos += 8;
		} else if (ptg >= 0x20 && ptg < 0x80) {
			unsigned base = (ptg & 0x1F) | 0x20;
			if (base == 0x21) {
				if (len - pos < 2) { ok = false; break; }
				unsigned idx = ole_le16(p + pos);
				pos += 2;
				int argc = triage_xlm_func_argc(idx);
				const char *nm = triage_xlm_func_name(idx);
				char tmp[24];
				if (nm == NULL)
					g_snprintf(tmp, sizeof tmp, "FUNC%u", idx), nm = tmp;
				ok = call(&s, nm, argc < 0 ? 0 : (unsigned)argc, false);
			} else if (base == 0x22) {
				if (len - pos < 3) { ok = false; break; }
				unsigned argc = p[pos] & 0x7F;
				unsigned tab = ole_le16(p + pos + 1);
				pos += 3;
				bool ce = tab & 0x8000;
				unsigned idx = tab & 0x7FFF;
				const char *nm = ce ? cetab_name(idx) : triage_xlm_func_name(idx);
				char tmp[24];
				if (nm == NULL)
					g_snprintf(tmp, sizeof tmp, ce ? "CMD%u" : "FUNC%u", idx), nm = tmp;
				ok = call(&s, nm, argc, !ce && idx == 0xFF);
			} else {
				int sz = operand_size(base);
				if (sz < 0 || len - pos < (size_t)sz) { ok = false; break; }
				ok = operand(&s, base, p + pos, names);
				pos += (size_t)sz;
			}
		} else {
			ok = false; /* PtgExtended (0x18) and unknown tokens */
		}
	}
	for (guint i = 0; i < s.items->len; i++) {
		if (i)
			g_string_append_c(out, ' ');
		g_string_append(out, ((GString *)g_ptr_array_index(s.items, i))->str);
	}
	g_ptr_array_free(s.items, TRUE);
	return ok;
}
