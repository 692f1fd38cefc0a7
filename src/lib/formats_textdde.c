/* formats_textdde.c - DDE formulas in plain-text spreadsheets (CSV, TSV). */
#include "config.h"

#include <string.h>

#include "formats_int.h"

/* Cells longer than this are prose, not formulas. */
#define TEXTDDE_MAX_CELL 600
/* Only the start of a huge text is read: a CSV attack sits in the first rows. */
#define TEXTDDE_MAX_SCAN (4u * 1024u * 1024u)

static bool
app_char(unsigned char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == '.' || c == '\\';
}

/*
 * One cell starting at p (after its separator): =app|topic!item, maybe
 * quoted, maybe after arithmetic such as "-2+3+cmd|...".  Excel starts the
 * program named before '|' when the file is opened; a line of prose with a
 * '|' in it has no formula sign in front and no '!' after.
 */
static bool
cell_is_dde(const unsigned char *p, size_t n)
{
	size_t i = 0;
	if (i < n && p[i] == '"')
		i++;
	if (i >= n || (p[i] != '=' && p[i] != '+' && p[i] != '-' && p[i] != '@'))
		return false;
	i++;
	/* optional arithmetic prefix: digits and operators */
	size_t k = i;
	while (k < n && k - i < 32 && strchr("0123456789+-&*/", p[k]) != NULL)
		k++;
	if (k > i && (p[k - 1] == '+' || p[k - 1] == '-' || p[k - 1] == '&'))
		i = k;
	size_t app = i;
	while (i < n && i - app < 64 && app_char(p[i]))
		i++;
	if (i == app || i >= n || p[i] != '|')
		return false;
	for (i++; i < n && p[i] != '|' && p[i] != '\n' && p[i] != '\r'; i++) {
		if (p[i] == '!' && i + 1 < n &&
		    (g_ascii_isalpha(p[i + 1]) || p[i + 1] == '$' ||
		     p[i + 1] == '\'' || p[i + 1] == '"'))
			return true;
	}
	return false;
}

/* Plain text that is not a message body and has a '|' near the start. */
bool
triage_textdde_wants(const triage_object *o)
{
	if (strcmp(triage_object_fact_str(o, TF_TYPE), "text") != 0 ||
	    triage_object_fact_bool(o, TF_IS_BODY))
		return false;
	size_t n = MIN(triage_object_size(o), (size_t)TEXTDDE_MAX_SCAN);
	return n > 0 && memchr(triage_object_data(o), '|', n) != NULL;
}

/* Set TF_DDE when a cell of the text holds a DDE formula. */
triage_status
triage_textdde_run(triage_ctx *ctx, triage_object *o)
{
	(void)ctx;
	const unsigned char *d = triage_object_data(o);
	size_t n = MIN(triage_object_size(o), (size_t)TEXTDDE_MAX_SCAN);
	/* every cell start: the text's start and after each separator */
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && d[i - 1] != '\n' && d[i - 1] != '\r' && d[i - 1] != ',' &&
		    d[i - 1] != ';' && d[i - 1] != '\t')
			continue;
		if (cell_is_dde(d + i, MIN(n - i, (size_t)TEXTDDE_MAX_CELL))) {
			triage_object_set_bool(o, TF_DDE, true);
			break;
		}
	}
	return TRIAGE_OK;
}
