/* callbacks.c - libmilter callbacks: collect, spool, scan, act, log. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <glib.h>

#include "actions.h"
#include "callbacks.h"
#include "log.h"
#include "msg.h"
#include "policy.h"

/* Findings named in the verdict log line. */
#define LOG_FINDINGS_MAX 10

static gint in_flight;
static gint stopping;

int
tm_callbacks_in_flight(void)
{
	return g_atomic_int_get(&in_flight);
}

void
tm_callbacks_stop_new(void)
{
	g_atomic_int_set(&stopping, 1);
}

static void
header_free(gpointer p)
{
	tm_header *h = p;
	g_free(h->name);
	g_free(h->value);
	g_free(h);
}

/* Free the message of a connection (spool file removed), NULLs it. */
static void
msg_free(tm_msg **mp)
{
	tm_msg *m = mp ? *mp : NULL;
	if (m == NULL)
		return;
	*mp = NULL;
	tm_spool_free(&m->spool);
	tm_state_unref(&m->state);
	g_free(m->qid);
	g_free(m->from);
	g_free(m->auth_authen);
	g_free(m->error);
	if (m->rcpts)
		g_ptr_array_free(m->rcpts, TRUE);
	if (m->headers)
		g_ptr_array_free(m->headers, TRUE);
	g_free(m);
	g_atomic_int_add(&in_flight, -1);
}

static tm_conn *
conn_get(SMFICTX *ctx)
{
	return smfi_getpriv(ctx);
}

/* Reply of a stage negotiated as no-reply: SMFIS_NOREPLY when agreed. */
static sfsistat
quiet_reply(const tm_conn *c)
{
	return c && c->noreply ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/* Remember the first internal error; the message then follows on_error. */
static void
msg_fail(tm_msg *m, const char *what)
{
	if (m->error == NULL) {
		m->error = g_strdup(what);
		tm_log(LOG_ERR, tm_msg_qid(m), "%s", what);
	}
}

/* Pick up the queue id as soon as the MTA has one. */
static void
update_qid(SMFICTX *ctx, tm_msg *m)
{
	if (m == NULL || m->qid != NULL)
		return;
	const char *i = smfi_getsymval(ctx, "i");
	if (i && *i)
		m->qid = g_strdup(i);
}

/* "<a@b>" -> "a@b". */
static char *
strip_brackets(const char *s)
{
	if (s == NULL)
		return g_strdup("");
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
		return g_strndup(s + 1, n - 2);
	return g_strdup(s);
}

static sfsistat
cb_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
	     unsigned long f2, unsigned long f3, unsigned long *pf0,
	     unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	(void)f2; (void)f3;
	*pf0 = f0 & tm_filter.xxfi_flags;
	/*
	 * Every stage is wanted, but header, end-of-header and body chunks need
	 * no reply (the verdict comes at end-of-message): when the MTA offers
	 * it, skipping those replies saves a round trip per header line.
	 */
	unsigned long nr = SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY;
	*pf1 = (f1 & nr) == nr ? nr : 0;
	*pf2 = 0;
	*pf3 = 0;
	tm_conn *c = g_new0(tm_conn, 1);
	c->noreply = *pf1 == nr;
	smfi_setpriv(ctx, c);
#ifdef SMFIF_SETSYMLIST
	if (f0 & SMFIF_SETSYMLIST) {
		/* Ask for exactly the macros used, so the MTA's defaults do not matter. */
		smfi_setsymlist(ctx, SMFIM_CONNECT, "j {daemon_name} {client_addr}");
		smfi_setsymlist(ctx, SMFIM_ENVFROM, "i {auth_authen} {mail_addr}");
		smfi_setsymlist(ctx, SMFIM_ENVRCPT, "i {rcpt_addr}");
		smfi_setsymlist(ctx, SMFIM_EOH, "i");
		smfi_setsymlist(ctx, SMFIM_EOM, "i");
	}
#endif
	return SMFIS_CONTINUE;
}

static sfsistat
cb_connect(SMFICTX *ctx, char *hostname, _SOCK_ADDR *hostaddr)
{
	/* Made at negotiation (which knows the protocol options); else here. */
	tm_conn *c = conn_get(ctx);
	if (c == NULL)
		c = g_new0(tm_conn, 1);
	g_free(c->hostname);
	c->hostname = g_strdup(hostname ? hostname : "");
	if (hostaddr && hostaddr->sa_family == AF_INET) {
		memcpy(&c->sa, hostaddr, sizeof(struct sockaddr_in));
		c->have_sa = true;
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)hostaddr)->sin_addr,
			  c->addr, sizeof c->addr);
	} else if (hostaddr && hostaddr->sa_family == AF_INET6) {
		memcpy(&c->sa, hostaddr, sizeof(struct sockaddr_in6));
		c->have_sa = true;
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)hostaddr)->sin6_addr,
			  c->addr, sizeof c->addr);
	}
	const char *dn = smfi_getsymval(ctx, "{daemon_name}");
	if (dn) {
		g_free(c->daemon_name);
		c->daemon_name = g_strdup(dn);
	}
	smfi_setpriv(ctx, c);
	return SMFIS_CONTINUE;
}

static sfsistat
cb_helo(SMFICTX *ctx, char *helo)
{
	tm_conn *c = conn_get(ctx);
	if (c) {
		g_free(c->helo);
		c->helo = g_strdup(helo ? helo : "");
	}
	return SMFIS_CONTINUE;
}

static sfsistat
cb_envfrom(SMFICTX *ctx, char **argv)
{
	tm_conn *c = conn_get(ctx);
	if (c == NULL)
		return SMFIS_TEMPFAIL;
	msg_free(&c->msg);
	if (g_atomic_int_get(&stopping)) {
		/* Draining for shutdown: the MTA retries this one later. */
		smfi_setreply(ctx, "421", "4.3.2", "Content filter shutting down, try again later");
		return SMFIS_TEMPFAIL;
	}
	tm_msg *m = g_new0(tm_msg, 1);
	g_atomic_int_inc(&in_flight);
	c->msg = m;
	m->t0 = g_get_monotonic_time();
	/* The rules and policy of this moment stay with the message to the end. */
	m->state = tm_state_current();
	if (m->state == NULL) {
		/* Shutting down: the MTA retries the message later. */
		msg_free(&c->msg);
		return SMFIS_TEMPFAIL;
	}
	m->from = strip_brackets(argv ? argv[0] : NULL);
	m->rcpts = g_ptr_array_new_with_free_func(g_free);
	m->headers = g_ptr_array_new_with_free_func(header_free);
	const char *auth = smfi_getsymval(ctx, "{auth_authen}");
	if (auth && *auth)
		m->auth_authen = g_strdup(auth);
	if (c->daemon_name == NULL) {
		const char *dn = smfi_getsymval(ctx, "{daemon_name}");
		if (dn)
			c->daemon_name = g_strdup(dn);
	}
	update_qid(ctx, m);
	const triage_config *cfg = m->state->cfg;
	m->spool = tm_spool_new(cfg->spool_dir, cfg->spool_memory, cfg->max_message_size);
	return SMFIS_CONTINUE;
}

static sfsistat
cb_envrcpt(SMFICTX *ctx, char **argv)
{
	tm_conn *c = conn_get(ctx);
	if (c == NULL || c->msg == NULL)
		return SMFIS_CONTINUE;
	update_qid(ctx, c->msg);
	/* Bounded by the MTA's recipient limit; kept for the allowlist and log. */
	g_ptr_array_add(c->msg->rcpts, strip_brackets(argv ? argv[0] : NULL));
	return SMFIS_CONTINUE;
}

static sfsistat
cb_data(SMFICTX *ctx)
{
	tm_conn *c = conn_get(ctx);
	if (c && c->msg)
		update_qid(ctx, c->msg);
	return SMFIS_CONTINUE;
}

/* Spool one header line; a folded value's bare LF becomes CRLF. */
static void
spool_header(tm_msg *m, const char *name, const char *value)
{
	GString *line = g_string_sized_new(strlen(name) + strlen(value) + 4);
	g_string_append(line, name);
	g_string_append(line, ": ");
	for (const char *p = value; *p; p++) {
		if (*p == '\n' && (p == value || p[-1] != '\r'))
			g_string_append_c(line, '\r');
		g_string_append_c(line, *p);
	}
	g_string_append(line, "\r\n");
	if (!tm_spool_write(m->spool, line->str, line->len))
		msg_fail(m, tm_spool_error(m->spool));
	g_string_free(line, TRUE);
}

static sfsistat
cb_header(SMFICTX *ctx, char *name, char *value)
{
	tm_conn *c = conn_get(ctx);
	tm_msg *m = c ? c->msg : NULL;
	if (m == NULL || name == NULL)
		return quiet_reply(c);
	if (value == NULL)
		value = "";
	update_qid(ctx, m);
	spool_header(m, name, value);
	/*
	 * Keep headers in memory while the message is within its size limit;
	 * X-Triage-* (to delete) and Subject (to prefix) always.
	 */
	if (!tm_spool_truncated(m->spool) ||
	    g_ascii_strncasecmp(name, "X-Triage-", 9) == 0 ||
	    g_ascii_strcasecmp(name, "Subject") == 0) {
		tm_header *h = g_new0(tm_header, 1);
		h->name = g_strdup(name);
		h->value = g_strdup(value);
		g_ptr_array_add(m->headers, h);
	}
	return quiet_reply(c);
}

/* The empty line between header and body, once, whichever stage comes first. */
static void
start_body(tm_msg *m)
{
	if (m->in_body)
		return;
	m->in_body = true;
	if (!tm_spool_write(m->spool, "\r\n", 2))
		msg_fail(m, tm_spool_error(m->spool));
}

static sfsistat
cb_eoh(SMFICTX *ctx)
{
	tm_conn *c = conn_get(ctx);
	tm_msg *m = c ? c->msg : NULL;
	if (m == NULL)
		return quiet_reply(c);
	update_qid(ctx, m);
	start_body(m);
	return quiet_reply(c);
}

static sfsistat
cb_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	tm_conn *c = conn_get(ctx);
	tm_msg *m = c ? c->msg : NULL;
	if (m == NULL)
		return quiet_reply(c);
	start_body(m);
	if (m->error == NULL && !tm_spool_write(m->spool, chunk, len))
		msg_fail(m, tm_spool_error(m->spool));
	return quiet_reply(c);
}

/* Scan the spooled message with this thread's scanner; findings into v. */
static void
scan_message(tm_msg *m, tm_verdict *v)
{
	triage_report *r = NULL;
	triage_scanner *sc = tm_state_scanner(m->state);
	if (sc == NULL) {
		msg_fail(m, "cannot create a scanner");
		return;
	}
	const char *path = tm_spool_path(m->spool);
	triage_status st = path
		? triage_scanner_scan_file(sc, path, 0, &r)
		: triage_scanner_scan_mem(sc, tm_spool_data(m->spool),
					  (size_t)tm_spool_size(m->spool),
					  "message", 0, &r);
	if (TRIAGE_IS_ERROR(st) || r == NULL) {
		char *e = g_strdup_printf("scan failed: %s", triage_scanner_error(sc));
		msg_fail(m, e);
		g_free(e);
		goto out;
	}
	tm_verdict_add_report(v, r);
	v->scan_ms = triage_report_time_ms(r);
	/* Kept to the end: banner lines and strip targets come from it. */
	v->report = r;
	r = NULL;
out:
	triage_report_free(&r);
}

/* Last element of an object path, made safe for a key=value log line. */
static void
append_log_object(GString *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *p = slash ? slash + 1 : path;
	char *valid = g_utf8_make_valid(p, -1);
	for (const char *q = valid; *q; q++) {
		unsigned char ch = (unsigned char)*q;
		g_string_append_c(s, (ch <= ' ' || ch == ',' || ch == '=' || ch == 0x7f) ? '_' : *q);
	}
	g_free(valid);
}

/* The one verdict line per message. */
static void
log_verdict(const tm_msg *m, const tm_verdict *v, const tm_outcome *out)
{
	GString *f = g_string_new("");
	for (guint i = 0; i < v->findings->len; i++) {
		const tm_finding *fd = g_ptr_array_index(v->findings, i);
		if (i == LOG_FINDINGS_MAX) {
			g_string_append_printf(f, ",+%u", v->findings->len - i);
			break;
		}
		if (f->len)
			g_string_append_c(f, ',');
		append_log_object(f, fd->category);
		g_string_append_c(f, ':');
		append_log_object(f, fd->object);
	}
	GString *from = g_string_new("");
	append_log_object(from, m->from);
	double ms = (double)(g_get_monotonic_time() - m->t0) / 1000.0;
	const char *action = v->error
		? (v->action == TRIAGE_ACTION_TEMPFAIL ? "tempfail" : "error")
		: (v->released[0] && v->action == TRIAGE_ACTION_TAG ? "released"
						      : triage_action_name(v->action));
	tm_log(v->error ? LOG_ERR : LOG_INFO, tm_msg_qid(m),
	       "action=%s severity=%s direction=%s from=<%s> rcpts=%u size=%llu findings=%s time_ms=%.1f%s%s%s%s%s%s%s",
	       action,
	       triage_severity_name(v->severity),
	       v->direction == TRIAGE_OUTBOUND ? "outbound" : "inbound",
	       from->str, m->rcpts->len,
	       (unsigned long long)tm_spool_total(m->spool),
	       f->len ? f->str : "-", ms, v->note->str,
	       v->allowlisted ? " allowlisted=" : "", v->allowlisted ? v->allowlisted : "",
	       out->quarantine_id[0] ? " quarantine_id=" : "", out->quarantine_id,
	       m->error || out->error[0] ? " error=" : "",
	       m->error ? "internal" : (out->error[0] ? "action-failed" : ""));
	if (!v->error && v->allowlisted && v->policy_action != TRIAGE_ACTION_ACCEPT)
		tm_log(LOG_INFO, tm_msg_qid(m), "allowlisted %s: policy action %s skipped",
		       v->allowlisted, triage_action_name(v->policy_action));
	if (out->error[0])
		tm_log(LOG_ERR, tm_msg_qid(m), "%s", out->error);
	g_string_free(from, TRUE);
	g_string_free(f, TRUE);
}

static sfsistat
cb_eom(SMFICTX *ctx)
{
	tm_conn *c = conn_get(ctx);
	tm_msg *m = c ? c->msg : NULL;
	tm_verdict v;
	tm_outcome out = {0};
	if (m == NULL)
		return SMFIS_TEMPFAIL;
	update_qid(ctx, m);
	tm_verdict_init(&v);
	start_body(m);
	const triage_config *cfg = m->state->cfg;
	v.direction = tm_policy_direction(cfg, c, m);
	if (m->error == NULL)
		scan_message(m, &v);
	if (m->error == NULL && tm_spool_truncated(m->spool)) {
		/* Never a silent pass: too big to read is a finding like any other. */
		tm_verdict_add(&v, "limit-exceeded", TRIAGE_SEV_HIGH,
			       "triage_builtin_max_message_size", "message");
	}
	v.allowlisted = tm_policy_allowlisted(cfg, m);
	tm_policy_decide(cfg, &v);
	tm_action_check_release(m, &v);
	v.error = m->error != NULL;
	tm_action_apply(ctx, c, m, &v, &out);
	log_verdict(m, &v, &out);
	sfsistat reply = out.reply;
	tm_verdict_clear(&v);
	msg_free(&c->msg);
	return reply;
}

static sfsistat
cb_abort(SMFICTX *ctx)
{
	tm_conn *c = conn_get(ctx);
	if (c)
		msg_free(&c->msg);
	return SMFIS_CONTINUE;
}

static sfsistat
cb_close(SMFICTX *ctx)
{
	tm_conn *c = conn_get(ctx);
	if (c == NULL)
		return SMFIS_CONTINUE;
	smfi_setpriv(ctx, NULL);
	msg_free(&c->msg);
	g_free(c->hostname);
	g_free(c->daemon_name);
	g_free(c->helo);
	g_free(c);
	return SMFIS_CONTINUE;
}

static sfsistat
cb_unknown(SMFICTX *ctx, const char *cmd)
{
	(void)ctx; (void)cmd;
	return SMFIS_CONTINUE;
}

struct smfiDesc tm_filter = {
	.xxfi_name = "triage-milter",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY | SMFIF_QUARANTINE
#ifdef SMFIF_SETSYMLIST
		| SMFIF_SETSYMLIST
#endif
		,
	.xxfi_connect = cb_connect,
	.xxfi_helo = cb_helo,
	.xxfi_envfrom = cb_envfrom,
	.xxfi_envrcpt = cb_envrcpt,
	.xxfi_header = cb_header,
	.xxfi_eoh = cb_eoh,
	.xxfi_body = cb_body,
	.xxfi_eom = cb_eom,
	.xxfi_abort = cb_abort,
	.xxfi_close = cb_close,
	.xxfi_unknown = cb_unknown,
	.xxfi_data = cb_data,
	.xxfi_negotiate = cb_negotiate,
};
