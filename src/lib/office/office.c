/* office.c - dispatch Office-family objects to their readers. */
#include "config.h"

#include <string.h>

#include "office_int.h"

typedef struct office_reader {
	const char *type;  /* TF_TYPE value */
	triage_status (*run)(triage_ctx *, triage_object *);
} office_reader;

static const office_reader readers[] = {
	{"ole", triage_ole_run},
	{"ooxml", triage_ooxml_run},
	{"odf", triage_odf_run},
	{"slk", triage_slk_run},
	{"rtf", triage_rtf_run},
	{"onenote", triage_onenote_run},
	{"lnk", triage_lnk_run},
};

static const office_reader *
reader_for(const triage_object *o)
{
	const char *t = triage_object_fact_str(o, TF_TYPE);
	for (size_t i = 0; i < G_N_ELEMENTS(readers); i++)
		if (strcmp(t, readers[i].type) == 0)
			return &readers[i];
	return NULL;
}

/* True when an Office-family reader handles this object's type. */
bool
triage_office_wants(const triage_object *o)
{
	return reader_for(o) != NULL;
}

/* Run the reader for this object's type. */
triage_status
triage_office_run(triage_ctx *ctx, triage_object *o)
{
	const office_reader *r = reader_for(o);
	return r ? r->run(ctx, o) : TRIAGE_OK;
}
