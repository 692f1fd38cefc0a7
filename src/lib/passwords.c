/* passwords.c - candidate archive passwords from the message text ("password: x", "パスワード：x"). */
#include "config.h"

#include <string.h>

#include "analyzers.h"

#define PW_MAX_CHARS 64
#define PW_LOOKAHEAD_EN 60      /* "password for the attached file is" */
#define PW_LOOKAHEAD_JA 20      /* "パスワード（半角英数）は" */
#define PW_NOTE_MAX 30          /* "(case sensitive)" after the keyword */

/* Keywords; ASCII ones must stand as whole words. */
static const char *const keywords[] = {
	"password", "passwd", "passcode", "passphrase", "passwort", "mot de passe",
	"pass", "pwd", "pw", "kennwort", "パスワード", "ﾊﾟｽﾜｰﾄﾞ", "パスコード", "暗証番号", "密码", "密碼",
	NULL
};

/* The keywords as UCS-4, converted once for the life of the process. */
typedef struct {
	gunichar *ucs[G_N_ELEMENTS(keywords)];
	size_t len[G_N_ELEMENTS(keywords)];
	bool ascii[G_N_ELEMENTS(keywords)];
} pw_keywords;

/* g_once body: build the UCS-4 keyword table (kept until exit, never freed). */
static gpointer
keyword_table_build(gpointer unused)
{
	(void)unused;
	static pw_keywords kw;
	for (size_t k = 0; keywords[k]; k++) {
		glong l = 0;
		kw.ucs[k] = g_utf8_to_ucs4_fast(keywords[k], -1, &l);
		kw.len[k] = (size_t)l;
		kw.ascii[k] = kw.ucs[k][0] < 0x80;
	}
	return &kw;
}

/* The keyword table, built on first use (thread-safe: milter threads share it). */
static const pw_keywords *
keyword_table(void)
{
	static GOnce once = G_ONCE_INIT;
	return g_once(&once, keyword_table_build, NULL);
}

/* Words that follow "password ... is" in sentences, not passwords. */
static const char *const stopwords[] = {
	"a", "an", "the", "is", "are", "be", "been", "not", "required", "attached",
	"below", "above", "following", "follows", "as", "in", "on", "at", "to",
	"for", "of", "sent", "same", "protected", "expired", "expires",
	"expiring", "changed", "reset", "incorrect", "wrong", "please", "will",
	"you", "your", "this", "that", "it", "and", "or", "by", "separately",
	"here", "there", "thanks", "thank", "regards", "hi", "hello", "dear",
	"change", "rules", "policy", "from", "with", "was", "has", "have",
	"must", "should", "set", "we", "i", "my", "our", "also", "now", "again",
	"sending", "send", "provided", "shown", "included", "enclosed", "n/a",
	NULL
};

/*
 * What is known of the last line looked at by line_points_down: a long line
 * full of keywords would otherwise be read again for every one of them.
 */
typedef struct {
	bool known;
	size_t start, end;   /* [start, end): the line, end at its '\n' or n */
	bool down;           /* it announces the password on a following line */
	bool next_known;
	size_t next;         /* next_line() of this line */
} pw_line;

/* The text twice: as written, and with full-width ASCII folded to ASCII. */
typedef struct {
	const gunichar *orig;
	gunichar *norm;
	size_t n;
	pw_line *line;       /* memo of the last line (mutable through const pw_text) */
} pw_text;

/* Full-width forms and odd spaces to their ASCII counterparts (NFKC for these). */
static gunichar
fold_width(gunichar c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000 || c == 0x00A0 || c == 0x2002 || c == 0x2003 || c == 0x2009)
		return ' ';
	return c;
}

static gunichar lower(gunichar c) { return c < 0x80 ? (gunichar)g_ascii_tolower((gchar)c) : c; }
static bool is_nl(gunichar c) { return c == '\n'; }
static bool is_sp(gunichar c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
static bool is_alnum(gunichar c) { return c < 0x80 && g_ascii_isalnum((gchar)c); }

static void
skip_sp(const pw_text *t, size_t *p)
{
	while (*p < t->n && is_sp(t->norm[*p]))
		(*p)++;
}

/* Case-insensitive match of an ASCII-or-Japanese keyword at p. */
static bool
match_at(const pw_text *t, size_t p, const gunichar *kw, size_t kwlen)
{
	if (p + kwlen > t->n)
		return false;
	for (size_t k = 0; k < kwlen; k++)
		if (lower(t->norm[p + k]) != kw[k])
			return false;
	return true;
}

/* The English word "is" at p. */
static bool
word_is_at(const pw_text *t, size_t p)
{
	static const gunichar is[] = { 'i', 's' };
	return match_at(t, p, is, 2) && (p == 0 || !is_alnum(t->norm[p - 1])) &&
	       (p + 2 >= t->n || !is_alnum(t->norm[p + 2]));
}

/* Closing quote for an opening one, or 0. */
static gunichar
closing_quote(gunichar open)
{
	switch (open) {
	case 0x300C: return 0x300D;  /* 「」 */
	case 0x300E: return 0x300F;  /* 『』 */
	case 0x3010: return 0x3011;  /* 【】 */
	case 0x3014: return 0x3015;  /* 〔〕 */
	case 0x201C: return 0x201D;  /* “” */
	case 0x2018: return 0x2019;  /* ‘’ */
	case '"': return '"';
	case '\'': return '\'';
	case '(': return ')';
	case '[': return ']';
	case '<': return '>';
	case 0xFF1C: return 0xFF1E;  /* ＜＞ (not folded: orig) */
	default: return 0;
	}
}

/* A quote (not a bracket) opens at p: "x", 'x', “x”, 「x」, 『x』. */
static bool
opening_quote(const pw_text *t, size_t p)
{
	gunichar c = t->orig[p];
	return c == '"' || c == '\'' || c == 0x201C || c == 0x2018 ||
	       c == 0x300C || c == 0x300E;
}

/* Characters that may be part of an unquoted password. */
static bool
token_char(gunichar c)
{
	if (c >= 0x21 && c <= 0x7E)
		return true;
	/* full-width ASCII, but not the brackets and commas that end phrases */
	return c >= 0xFF01 && c <= 0xFF5E && c != 0xFF08 && c != 0xFF09 &&
	       c != 0xFF0C && c != 0xFF3B && c != 0xFF3D && c != 0xFF1C && c != 0xFF1E;
}

/* UTF-8 of orig or norm chars [a, b). */
static char *
slice_utf8(const gunichar *s, size_t a, size_t b)
{
	return g_ucs4_to_utf8(s + a, (glong)(b - a), NULL, NULL, NULL);
}

/* Append s (taken) unless present or out is full. */
static void
add_unique(GPtrArray *out, char *s, size_t max)
{
	if (s == NULL)
		return;
	for (guint i = 0; i < out->len; i++) {
		if (strcmp(g_ptr_array_index(out, i), s) == 0) {
			g_free(s);
			return;
		}
	}
	if (out->len >= max) {
		g_free(s);
		return;
	}
	g_ptr_array_add(out, s);
}

/* A sensible password: printable ASCII once folded, some letter or digit, no stopword. */
static bool
plausible(const pw_text *t, size_t a, size_t b)
{
	if (b <= a || b - a > PW_MAX_CHARS)
		return false;
	bool alnum = false;
	for (size_t i = a; i < b; i++) {
		gunichar c = t->norm[i];
		if (c < 0x21 || c > 0x7E)
			return false;
		alnum |= is_alnum(c);
	}
	if (!alnum)
		return false;
	char *ascii = slice_utf8(t->norm, a, b);
	if (ascii == NULL)
		return false;
	bool ok = strstr(ascii, "://") == NULL;
	for (int i = 0; ok && stopwords[i]; i++)
		if (g_ascii_strcasecmp(ascii, stopwords[i]) == 0)
			ok = false;
	g_free(ascii);
	return ok;
}

/* Token at p (quoted or not) into [*a, *b); false when there is none. */
static bool
token_at(const pw_text *t, size_t p, size_t *a, size_t *b)
{
	if (p >= t->n)
		return false;
	gunichar close = closing_quote(t->orig[p]);
	if (close == 0)
		close = closing_quote(t->norm[p]) ? closing_quote(t->norm[p]) : 0;
	if (close) {
		for (size_t q = p + 1; q < t->n && q <= p + PW_MAX_CHARS + 1 &&
		     !is_nl(t->norm[q]); q++) {
			if (t->orig[q] == close || t->norm[q] == close) {
				*a = p + 1;
				*b = q;
				for (size_t i = *a; i < *b; i++)
					if (is_sp(t->norm[i]))
						return false;
				return *b > *a;
			}
		}
		p++;   /* unbalanced: read on as if unquoted */
	}
	size_t q = p;
	while (q < t->n && !is_sp(t->norm[q]) && !is_nl(t->norm[q]) &&
	       token_char(t->orig[q])) {
		gunichar c = t->norm[q++];
		/*
		 * Past PW_MAX_CHARS, a character the trimming below never
		 * removes makes the token too long whatever follows: stop
		 * reading (a line of "pw:pw:pw:..." is otherwise quadratic).
		 */
		if (q - p > PW_MAX_CHARS && c != '.' && c != ',' && c != ';' &&
		    c != ':' && c != '"' && c != '\'' && c != ')' && c != ']')
			break;
	}
	/* trailing punctuation ends the sentence, not the password */
	bool has_open = false;
	for (size_t i = p; i < q; i++)
		has_open |= t->norm[i] == '(' || t->norm[i] == '[';
	while (q > p) {
		gunichar c = t->norm[q - 1];
		if (c == '.' || c == ',' || c == ';' || c == ':' || c == '"' ||
		    c == '\'' || ((c == ')' || c == ']') && !has_open))
			q--;
		else
			break;
	}
	*a = p;
	*b = q;
	return q > p;
}

/* Start of the next non-empty line after p (within two blank lines), or n. */
static size_t
next_line(const pw_text *t, size_t p)
{
	int lines = 0;
	while (p < t->n && !is_nl(t->norm[p]))
		p++;
	while (p < t->n && lines < 3) {
		p++;                 /* past '\n' */
		lines++;
		skip_sp(t, &p);
		if (p < t->n && !is_nl(t->norm[p]))
			return p;
	}
	return t->n;
}

/* Does the line around p announce the password on the following line? */
static bool
line_points_down(const pw_text *t, size_t p)
{
	static const char *const hints[] = { "below", "follow", "以下", "下記", "次", NULL };
	pw_line *m = t->line;
	if (m->known && p >= m->start && p <= m->end)
		return m->down;
	size_t start = p, end = p;
	while (start > 0 && !is_nl(t->norm[start - 1]))
		start--;
	while (end < t->n && !is_nl(t->norm[end]))
		end++;
	size_t last = end;
	while (last > start && is_sp(t->norm[last - 1]))
		last--;
	/* a line ending in ':' points down; else look for the hint words */
	bool hit = last > start && t->norm[last - 1] == ':';
	char *line = hit ? NULL : slice_utf8(t->norm, start, end);
	if (line) {
		char *low = g_utf8_strdown(line, -1);
		for (int i = 0; hints[i] && !hit; i++)
			hit = strstr(low, hints[i]) != NULL;
		g_free(low);
		g_free(line);
	}
	*m = (pw_line){ .known = true, .start = start, .end = end, .down = hit };
	return hit;
}

/* Emit the candidate [a, b) and its folded ASCII form. */
static void
emit(const pw_text *t, size_t a, size_t b, GPtrArray *out, size_t max)
{
	char *orig = slice_utf8(t->orig, a, b);
	char *ascii = slice_utf8(t->norm, a, b);
	if (orig && ascii && strcmp(orig, ascii) != 0) {
		add_unique(out, orig, max);
		add_unique(out, ascii, max);
	} else {
		g_free(orig);
		add_unique(out, ascii, max);
	}
}

/*
 * Find where the value starts after a keyword ending at e: past separators
 * (":", "=", "-", "は", "is", "】"), past a short phrase ("for the zip:"), or
 * at the next line.  Returns false when the keyword is just a word in a
 * sentence ("your password expires in 5 days").
 */
static bool
value_start(const pw_text *t, size_t e, bool ja, size_t *out)
{
	size_t p = e;
	bool sep = false;
	skip_sp(t, &p);
	/* a note in brackets: "password (case sensitive):", "パスワード（半角）：" */
	if (p < t->n && (t->norm[p] == '(' || t->norm[p] == '[')) {
		gunichar close = t->norm[p] == '(' ? ')' : ']';
		for (size_t q = p + 1; q < t->n && q <= p + PW_NOTE_MAX && !is_nl(t->norm[q]); q++) {
			if (t->norm[q] == close) {
				p = q + 1;
				skip_sp(t, &p);
				break;
			}
		}
	}
	/* the keyword was a heading: 【パスワード】x, [Password] x, <PW> x */
	if (p < t->n && (t->orig[p] == 0x3011 || t->orig[p] == 0x300F ||
			 t->orig[p] == 0x300D || t->orig[p] == 0x3015 ||
			 t->norm[p] == ']' || t->norm[p] == '>')) {
		p++;
		sep = true;
		skip_sp(t, &p);
	}
	for (int k = 0; k < 2 && p < t->n; k++) {
		gunichar c = t->norm[p];
		if (c == '-' && p + 1 < t->n && t->norm[p + 1] == '>') {
			p += 2;                  /* "password -> x" */
		} else if (c == ':' || c == '=' || c == '-' || c == 0x306F /* は */ ||
			   c == 0x2192 /* → */ || c == 0x21D2 /* ⇒ */) {
			p++;
		} else if (word_is_at(t, p)) {
			p += 2;
		} else {
			break;
		}
		sep = true;
		skip_sp(t, &p);
		/* "パスワードは、x です": a comma after the separator */
		if (p < t->n && (t->orig[p] == 0x3001 || t->norm[p] == ',')) {
			p++;
			skip_sp(t, &p);
		}
	}
	if (!sep) {
		if (p >= t->n || is_nl(t->norm[p])) {
			sep = true;              /* "パスワード" alone on its line */
		} else if (p > e && opening_quote(t, p)) {
			sep = true;              /* password "x", password 「x」 */
		} else if (ja && p > e) {
			sep = true;              /* 解凍パスワード xyz123 */
		} else {
			size_t limit = ja ? PW_LOOKAHEAD_JA : PW_LOOKAHEAD_EN;
			for (size_t q = p; q < t->n && q < p + limit && !is_nl(t->norm[q]); q++) {
				gunichar c = t->norm[q];
				bool end_next = q + 1 >= t->n || is_sp(t->norm[q + 1]) ||
						is_nl(t->norm[q + 1]);
				if (c == 0x3002 || c == 0x3001 ||
				    ((c == '.' || c == ',' || c == '!' || c == '?' || c == ';') && end_next))
					break;
				if (c == ':' || c == '=' || (ja && c == 0x306F)) {
					p = q + 1;
					sep = true;
					break;
				}
				if (!ja && word_is_at(t, q)) {
					p = q + 2;
					skip_sp(t, &p);
					if (p < t->n && t->norm[p] == ':')
						p++;
					sep = true;
					break;
				}
			}
			skip_sp(t, &p);
		}
	}
	if (!sep)
		return false;
	if (p >= t->n || is_nl(t->norm[p]))
		p = next_line(t, p);
	*out = p;
	return p < t->n;
}

/* Candidates for the keyword occurrence ending at e. */
static void
extract_at(const pw_text *t, size_t e, bool ja, GPtrArray *out, size_t max)
{
	size_t p, a, b;
	if (!value_start(t, e, ja, &p))
		return;
	if (token_at(t, p, &a, &b) && plausible(t, a, b)) {
		emit(t, a, b, out, max);
		return;
	}
	/* "The password is as follows:" / "パスワードは以下の通りです。" */
	if (!line_points_down(t, p))
		return;
	/* next_line(p) depends only on the end of p's line, just memoised */
	if (!t->line->next_known) {
		t->line->next = next_line(t, t->line->end);
		t->line->next_known = true;
	}
	p = t->line->next;
	if (p < t->n && token_at(t, p, &a, &b) && plausible(t, a, b))
		emit(t, a, b, out, max);
}

/*
 * Cheap test on the raw bytes: can any keyword occur?  Most mail has none,
 * and the full scan (UCS-4 copy, width folding) is the costliest step of a
 * small text message.  Conservative: "pass", "pw", "kennwort" in any case,
 * any full-width Latin letter, and the first bytes of the CJK keywords let
 * the text through.
 */
static bool
may_hold_keyword(const char *text, size_t len)
{
	static const char *const cjk[] = {
		"\xe3\x83\x91",  /* パ */
		"\xef\xbe\x8a",  /* ﾊ */
		"\xe6\x9a\x97",  /* 暗 */
		"\xe5\xaf\x86",  /* 密 */
		"\xef\xbc",      /* full-width forms U+FF00-FF3F */
		"\xef\xbd",      /* full-width forms U+FF40-FF7F */
		NULL
	};
	for (size_t i = 0; i + 1 < len; i++) {
		char c = (char)g_ascii_tolower(text[i]);
		if (c == 'p' && (g_ascii_strncasecmp(text + i, "pw", 2) == 0 ||
				 (i + 4 <= len && g_ascii_strncasecmp(text + i, "pass", 4) == 0)))
			return true;
		if (c == 'k' && i + 8 <= len &&
		    g_ascii_strncasecmp(text + i, "kennwort", 8) == 0)
			return true;
	}
	for (size_t k = 0; cjk[k]; k++)
		if (memmem(text, len, cjk[k], strlen(cjk[k])) != NULL)
			return true;
	return false;
}

/* Candidate passwords in one UTF-8 text, appended to out (at most max in out). */
void
triage_passwords_extract(const char *text, size_t len, GPtrArray *out,
			 size_t max)
{
	if (text == NULL || len == 0 || out == NULL || out->len >= max)
		return;
	if (!may_hold_keyword(text, len))
		return;
	char *valid = g_utf8_make_valid(text, (gssize)len);
	glong n = 0;
	gunichar *orig = g_utf8_to_ucs4_fast(valid, -1, &n);
	g_free(valid);
	pw_line line = { .known = false };
	pw_text t = { .orig = orig, .norm = g_new(gunichar, (gsize)n + 1), .n = (size_t)n,
		      .line = &line };
	for (glong i = 0; i < n; i++)
		t.norm[i] = fold_width(orig[i]);

	const pw_keywords *kw = keyword_table();
	for (size_t i = 0; i < t.n && out->len < max; i++) {
		for (size_t k = 0; keywords[k]; k++) {
			if (!match_at(&t, i, kw->ucs[k], kw->len[k]))
				continue;
			size_t e = i + kw->len[k];
			if (kw->ascii[k] && ((i > 0 && is_alnum(t.norm[i - 1])) ||
					     (e < t.n && is_alnum(t.norm[e]))))
				continue;
			extract_at(&t, e, !kw->ascii[k], out, max);
			i = e - 1;
			break;
		}
	}
	g_free(t.norm);
	g_free(orig);
}

/* Candidates from every body text and the subject into ctx->passwords. */
void
triage_passwords_collect(triage_ctx *ctx)
{
	size_t max = ctx->lim->max_passwords > 0 ?
		(size_t)MIN(ctx->lim->max_passwords, (uint64_t)SIZE_MAX) : SIZE_MAX;
	for (guint i = 0; i < ctx->texts->len; i++) {
		const char *s = g_ptr_array_index(ctx->texts, i);
		triage_passwords_extract(s, strlen(s), ctx->passwords, max);
	}
	if (ctx->subject)
		triage_passwords_extract(ctx->subject, strlen(ctx->subject),
					 ctx->passwords, max);
}
