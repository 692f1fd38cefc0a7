/* ctx.c - per-scan budget: time, total bytes, object count. */
#include "config.h"

#include "ctx.h"
#include "blob.h"

/* True (and sticky) once the time budget is spent. */
bool
triage_ctx_over_time(triage_ctx *ctx)
{
	if (!ctx->time_exceeded && ctx->deadline_us > 0 &&
	    g_get_monotonic_time() > ctx->deadline_us)
		ctx->time_exceeded = true;
	return ctx->time_exceeded;
}

/* Account new bytes and one object against the message limits. */
triage_status
triage_ctx_account(triage_ctx *ctx, triage_object *o, uint64_t bytes)
{
	ctx->nobjects++;
	if (ctx->lim->max_objects > 0 && ctx->nobjects > ctx->lim->max_objects) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "max_objects");
		return TRIAGE_LIMIT;
	}
	if (bytes > UINT64_MAX - ctx->total_bytes)
		ctx->total_bytes = UINT64_MAX;
	else
		ctx->total_bytes += bytes;
	if (ctx->lim->max_total_size > 0 &&
	    ctx->total_bytes > ctx->lim->max_total_size) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "max_total_size");
		return TRIAGE_LIMIT;
	}
	if (triage_ctx_over_time(ctx)) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "time_budget_ms");
		return TRIAGE_LIMIT;
	}
	return TRIAGE_OK;
}

/* A blob writer with the object size and spill limits of this scan. */
triage_blob_writer *
triage_ctx_writer(triage_ctx *ctx)
{
	return triage_blob_writer_new(ctx->tmp_dir, ctx->lim->spill_size,
				      ctx->lim->max_object_size);
}
