/* rules.c - YARA: compile the rules directory, scan objects with their facts. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "rules.h"

typedef struct compile_errors {
	GString *text;
	int count;
} compile_errors;

/* Collect compiler messages as "file:line: message". */
static void
compile_cb(int level, const char *file, int line, const YR_RULE *rule,
	   const char *message, void *user)
{
	(void)rule;
	compile_errors *ce = user;
	if (level != YARA_ERROR_LEVEL_ERROR)
		return;
	ce->count++;
	g_string_append_printf(ce->text, "%s%s:%d: %s",
			       ce->text->len ? "\n" : "",
			       file ? file : "?", line, message);
}

/* Declare every fact as an external with its neutral default. */
static int
declare_facts(YR_COMPILER *c)
{
	for (int f = 0; f < TF_COUNT; f++) {
		const triage_fact_def *d = triage_fact_get((triage_fact)f);
		int rc = ERROR_SUCCESS;
		if (d == NULL)
			continue;
		switch (d->type) {
		case TRIAGE_FACT_BOOL:
			rc = yr_compiler_define_boolean_variable(c, d->name, 0);
			break;
		case TRIAGE_FACT_INT:
			rc = yr_compiler_define_integer_variable(c, d->name, 0);
			break;
		case TRIAGE_FACT_STR:
			rc = yr_compiler_define_string_variable(c, d->name, "");
			break;
		}
		if (rc != ERROR_SUCCESS)
			return rc;
	}
	return ERROR_SUCCESS;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compile every rule file of dir. */
triage_status
triage_rules_compile(const char *dir, YR_RULES **out, size_t *nrules,
		     char *err, size_t errlen)
{
	triage_status st = TRIAGE_ERR_CONFIG;
	YR_COMPILER *comp = NULL;
	GDir *d = NULL;
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	compile_errors ce = { g_string_new(""), 0 };
	GError *gerr = NULL;

	*out = NULL;
	*nrules = 0;
	d = g_dir_open(dir, 0, &gerr);
	if (d == NULL) {
		snprintf(err, errlen, "%s: %s", dir, gerr->message);
		goto out;
	}
	const char *ent;
	while ((ent = g_dir_read_name(d)) != NULL) {
		if (g_str_has_suffix(ent, ".yar") || g_str_has_suffix(ent, ".yara"))
			g_ptr_array_add(files, g_build_filename(dir, ent, NULL));
	}
	g_ptr_array_sort(files, cmp_str);
	if (files->len == 0) {
		snprintf(err, errlen, "%s: no *.yar or *.yara rule files", dir);
		goto out;
	}
	if (yr_compiler_create(&comp) != ERROR_SUCCESS) {
		snprintf(err, errlen, "cannot create YARA compiler");
		st = TRIAGE_ERR_NOMEM;
		goto out;
	}
	yr_compiler_set_callback(comp, compile_cb, &ce);
	if (declare_facts(comp) != ERROR_SUCCESS) {
		snprintf(err, errlen, "cannot declare facts as YARA externals");
		st = TRIAGE_ERR_INTERNAL;
		goto out;
	}
	for (guint i = 0; i < files->len; i++) {
		const char *path = g_ptr_array_index(files, i);
		FILE *fp = fopen(path, "r");
		if (fp == NULL) {
			g_string_append_printf(ce.text, "%s%s: %s",
					       ce.text->len ? "\n" : "", path,
					       strerror(errno));
			ce.count++;
			continue;
		}
		/* Each file in the default namespace: rules may refer to each other. */
		yr_compiler_add_file(comp, fp, NULL, path);
		fclose(fp);
		if (ce.count > 0)
			break; /* the compiler can not take more after an error */
	}
	if (ce.count > 0) {
		snprintf(err, errlen, "%s", ce.text->str);
		goto out;
	}
	if (yr_compiler_get_rules(comp, out) != ERROR_SUCCESS) {
		snprintf(err, errlen, "cannot build the compiled rules");
		st = TRIAGE_ERR_NOMEM;
		goto out;
	}
	YR_RULES *built = *out;
	YR_RULE *rule;
	yr_rules_foreach(built, rule) {
		(*nrules)++;
	}
	st = TRIAGE_OK;
out:
	if (comp)
		yr_compiler_destroy(comp);
	if (d)
		g_dir_close(d);
	g_clear_error(&gerr);
	g_string_free(ce.text, TRUE);
	g_ptr_array_free(files, TRUE);
	return st;
}

/* Turn a matching rule into a finding on the object. */
static int
scan_cb(YR_SCAN_CONTEXT *context, int message, void *message_data,
	void *user)
{
	(void)context;
	triage_object *o = user;
	if (message != CALLBACK_MSG_RULE_MATCHING)
		return CALLBACK_CONTINUE;
	YR_RULE *rule = message_data;
	const char *category = NULL, *severity = NULL, *description = NULL;
	YR_META *meta;
	yr_rule_metas_foreach(rule, meta) {
		if (meta->type != META_TYPE_STRING)
			continue;
		if (strcmp(meta->identifier, "category") == 0 && !category)
			category = meta->string;
		else if (strcmp(meta->identifier, "severity") == 0 && !severity)
			severity = meta->string;
		else if (strcmp(meta->identifier, "description") == 0 && !description)
			description = meta->string;
	}
	/* Rules without meta still count: an admin's quick rule must not be ignored. */
	int sev = severity ? triage_severity_parse(severity) : -1;
	if (sev < 0)
		sev = TRIAGE_SEV_MEDIUM;
	triage_object_add_finding(o, category ? category : rule->identifier,
				  (triage_severity)sev, rule->identifier,
				  description ? description : "");
	return CALLBACK_CONTINUE;
}

/* Scan one object with its facts set as externals. */
triage_status
triage_rules_scan_object(YR_SCANNER *sc, triage_object *o, int timeout_s,
			 char *err, size_t errlen)
{
	for (int f = 0; f < TF_COUNT; f++) {
		const triage_fact_def *d = triage_fact_get((triage_fact)f);
		if (d == NULL)
			continue;
		switch (d->type) {
		case TRIAGE_FACT_BOOL:
			yr_scanner_define_boolean_variable(sc, d->name,
				triage_object_fact_bool(o, (triage_fact)f));
			break;
		case TRIAGE_FACT_INT:
			yr_scanner_define_integer_variable(sc, d->name,
				triage_object_fact_int(o, (triage_fact)f));
			break;
		case TRIAGE_FACT_STR:
			yr_scanner_define_string_variable(sc, d->name,
				triage_object_fact_str(o, (triage_fact)f));
			break;
		}
	}
	yr_scanner_set_callback(sc, scan_cb, o);
	yr_scanner_set_timeout(sc, timeout_s > 0 ? timeout_s : 1);
	int rc = yr_scanner_scan_mem(sc, triage_object_data(o),
				     triage_object_size(o));
	if (rc == ERROR_SUCCESS)
		return TRIAGE_OK;
	if (rc == ERROR_SCAN_TIMEOUT) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "time_budget_ms");
		return TRIAGE_LIMIT;
	}
	if (rc == ERROR_TOO_MANY_MATCHES)
		return TRIAGE_WARN;
	snprintf(err, errlen, "%s: YARA scan failed (error %d)",
		 triage_object_path(o), rc);
	return TRIAGE_ERR_INTERNAL;
}
