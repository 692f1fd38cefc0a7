/* rewrite_help.h - helpers shared by the rewrite tests (static, header only). */
#ifndef TRIAGE_REWRITE_HELP_H
#define TRIAGE_REWRITE_HELP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gmime/gmime.h>

#include "testhelp.h"
#include "triage/rewrite.h"
#include "rewrite_int.h"

/* The shipped templates in the source tree. */
static char *
rh_template_dir(void)
{
	const char *s = getenv("TRIAGE_SRCDIR");
	return g_build_filename(s && *s ? s : ".", "contrib", "banner", NULL);
}

/* Banner for "en", "ja,en", ... from the source tree. */
static triage_banner *
rh_banner(const char *langs)
{
	triage_config *cfg = triage_config_new();
	g_strfreev(cfg->banner_languages);
	cfg->banner_languages = g_strsplit(langs, ",", -1);
	char *dir = rh_template_dir();
	char err[512] = "";
	triage_banner *b = NULL;
	triage_status st = triage_banner_load(cfg, dir, &b, err, sizeof err);
	if (st != TRIAGE_OK)
		fail_msg("banner_load: %s", err);
	g_free(dir);
	triage_config_free(&cfg);
	return b;
}

/* Test messages are written with LF; mail on the wire has CRLF. */
static char *
rh_crlf(const char *s)
{
	GString *o = g_string_new(NULL);
	for (; *s; s++) {
		if (*s == '\n')
			g_string_append_c(o, '\r');
		g_string_append_c(o, *s);
	}
	return g_string_free(o, FALSE);
}

/* Run a rewrite that must succeed; the message is given with LF ends. */
static triage_rewrite *
rh_run(const triage_banner *b, const triage_rewrite_request *q, const char *msg_lf,
       char **wire)
{
	char *m = rh_crlf(msg_lf);
	triage_rewrite *rw = NULL;
	assert_int_equal(triage_rewrite_run(b, q, (const unsigned char *)m, strlen(m), &rw),
			 TRIAGE_OK);
	assert_non_null(rw);
	*wire = m;
	return rw;
}

/* The body of a wire message (after the first empty line). */
static const char *
rh_body_of(const char *wire)
{
	const char *p = strstr(wire, "\r\n\r\n");
	assert_non_null(p);
	return p + 4;
}

/* The new body as a string. */
static char *
rh_body(const triage_rewrite *rw)
{
	size_t n = 0;
	const unsigned char *d = triage_rewrite_body(rw, &n);
	assert_non_null(d);
	return g_strndup((const char *)d, n);
}

/* The rewritten whole message, parsed. */
static GMimeMessage *
rh_parse_result(const triage_rewrite *rw, const char *wire, char **full)
{
	size_t n = 0;
	unsigned char *msg = triage_rewrite_message(rw, (const unsigned char *)wire,
						    strlen(wire), &n);
	assert_non_null(msg);
	GMimeStream *s = g_mime_stream_mem_new_with_buffer((const char *)msg, n);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(s);
	assert_non_null(m);
	if (full)
		*full = g_strndup((const char *)msg, n);
	g_free(msg);
	return m;
}

/* Part at an IMAP-style path. */
static GMimeObject *
rh_part(GMimeMessage *m, const char *path)
{
	GMimeMultipart *parent;
	int idx;
	GMimeObject *o = rw_find_locator(g_mime_message_get_mime_part(m), path, &parent, &idx);
	if (o == NULL)
		fail_msg("no part %s", path);
	return o;
}

/* Decoded text of a part converted to UTF-8 from its declared charset, LF ends. */
static char *
rh_text(GMimeObject *o)
{
	GByteArray *ba = rw_part_decode(GMIME_PART(o));
	const char *cs = g_mime_object_get_content_type_parameter(o, "charset");
	char *u = g_convert((const char *)ba->data, ba->len, "UTF-8",
			    g_mime_charset_iconv_name(cs ? cs : "us-ascii"), NULL, NULL, NULL);
	if (u == NULL)
		fail_msg("part not in its charset %s", cs ? cs : "(none)");
	g_byte_array_unref(ba);
	/* Compare text with LF ends: CRLF in the decoded part is the wire's. */
	char *w = u;
	for (char *r = u; *r; r++)
		if (!(r[0] == '\r' && r[1] == '\n'))
			*w++ = *r;
	*w = '\0';
	if (getenv("RH_DEBUG"))
		fprintf(stderr, "[[%s]]\n", u);
	return u;
}

/*
 * The n-th segment of a multipart body between boundary lines
 * ("--b"), as raw bytes: the unit whose bytes must not change.
 */
static char *
rh_segment(const char *body, const char *boundary, int n)
{
	char *delim = g_strconcat("\r\n--", boundary, NULL);
	char *first = g_strconcat("--", boundary, NULL);
	const char *p = g_str_has_prefix(body, first) ? body : strstr(body, delim);
	char *out = NULL;
	for (int i = 0; p && i <= n; i++) {
		const char *start = strchr(p + 2, '\n');
		if (start == NULL)
			break;
		start++;
		const char *end = strstr(start, delim);
		if (end == NULL)
			break;
		if (i == n)
			out = g_strndup(start, end - start);
		p = end;
	}
	g_free(delim);
	g_free(first);
	if (out == NULL)
		fail_msg("no segment %d for boundary %s", n, boundary);
	return out;
}

/* Value of a header edit, "" when absent, NULL when deleted. */
static const char *
rh_edit(const triage_rewrite *rw, const char *name, bool *present)
{
	const char *n, *v;
	*present = false;
	for (size_t i = 0; triage_rewrite_header(rw, i, &n, &v); i++)
		if (g_ascii_strcasecmp(n, name) == 0) {
			*present = true;
			return v;
		}
	return "";
}

#endif
