/* policy.c - direction, allowlist, severity -> action. */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "policy.h"

static void
finding_free(gpointer p)
{
	tm_finding *f = p;
	g_free(f->category);
	g_free(f->rule);
	g_free(f->object);
	g_free(f);
}

void
tm_verdict_init(tm_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->findings = g_ptr_array_new_with_free_func(finding_free);
	v->note = g_string_new(NULL);
}

void
tm_verdict_clear(tm_verdict *v)
{
	if (v->findings)
		g_ptr_array_free(v->findings, TRUE);
	if (v->note)
		g_string_free(v->note, TRUE);
	triage_report_free(&v->report);
	memset(v, 0, sizeof *v);
}

void
tm_verdict_note(tm_verdict *v, const char *fmt, ...)
{
	va_list ap;
	g_string_append_c(v->note, ' ');
	va_start(ap, fmt);
	g_string_append_vprintf(v->note, fmt, ap);
	va_end(ap);
}

void
tm_verdict_add(tm_verdict *v, const char *category, triage_severity sev,
	       const char *rule, const char *object)
{
	tm_finding *f = g_new0(tm_finding, 1);
	f->category = g_strdup(category ? category : "unknown");
	f->severity = sev;
	f->rule = g_strdup(rule ? rule : "");
	f->object = g_strdup(object && *object ? object : "message");
	g_ptr_array_add(v->findings, f);
}

/* Copy findings; the root's own name (the spool file) is not part of a path. */
void
tm_verdict_add_report(tm_verdict *v, const triage_report *r)
{
	const char *root = triage_object_path(triage_report_root(r));
	size_t rlen = strlen(root);
	for (size_t i = 0; i < triage_report_nfindings(r); i++) {
		const triage_finding *f = triage_report_finding(r, i);
		const char *path = triage_object_path(f->object);
		if (strncmp(path, root, rlen) == 0 && path[rlen] == '/')
			path += rlen + 1;
		else if (strcmp(path, root) == 0)
			path = "message";
		tm_verdict_add(v, f->category, f->severity, f->rule, path);
	}
}

/* Exact address (case-insensitive) or "@domain" matching the domain part. */
bool
tm_policy_address_match(char *const *list, const char *addr)
{
	if (list == NULL || addr == NULL || *addr == '\0')
		return false;
	const char *at = strrchr(addr, '@');
	for (int i = 0; list[i]; i++) {
		const char *e = list[i];
		if (e[0] == '@') {
			if (at && g_ascii_strcasecmp(at, e) == 0)
				return true;
		} else if (g_ascii_strcasecmp(addr, e) == 0) {
			return true;
		}
	}
	return false;
}

/* Compare the first `bits` bits of two addresses. */
static bool
prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;
	if (memcmp(a, b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xFF << (8 - rest));
	return (a[full] & mask) == (b[full] & mask);
}

/* True when sa is inside one of the networks (IPv4-mapped IPv6 counts as IPv4). */
bool
tm_policy_in_networks(char *const *cidrs, const struct sockaddr *sa)
{
	unsigned char addr[16];
	int family;
	if (cidrs == NULL || sa == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		memcpy(addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		family = AF_INET;
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			memcpy(addr, &a6->s6_addr[12], 4);
			family = AF_INET;
		} else {
			memcpy(addr, a6->s6_addr, 16);
			family = AF_INET6;
		}
	} else {
		return false;
	}
	for (int i = 0; cidrs[i]; i++) {
		char buf[128];
		unsigned char net[16];
		g_strlcpy(buf, cidrs[i], sizeof buf);
		char *slash = strchr(buf, '/');
		unsigned bits = family == AF_INET ? 32 : 128;
		if (slash) {
			*slash = '\0';
			bits = (unsigned)g_ascii_strtoull(slash + 1, NULL, 10);
		}
		if (inet_pton(family, buf, net) != 1)
			continue; /* the other family */
		if (bits > (family == AF_INET ? 32u : 128u))
			continue;
		if (prefix_equal(addr, net, bits))
			return true;
	}
	return false;
}

triage_direction
tm_policy_direction(const triage_config *cfg, const tm_conn *c, const tm_msg *m)
{
	if (m->auth_authen && *m->auth_authen)
		return TRIAGE_OUTBOUND;
	if (c->have_sa && tm_policy_in_networks(cfg->internal_networks,
						(const struct sockaddr *)&c->sa))
		return TRIAGE_OUTBOUND;
	if (c->daemon_name && cfg->outbound_daemon_names) {
		for (int i = 0; cfg->outbound_daemon_names[i]; i++)
			if (strcmp(cfg->outbound_daemon_names[i], c->daemon_name) == 0)
				return TRIAGE_OUTBOUND;
	}
	return TRIAGE_INBOUND;
}

/*
 * The sender, or every recipient, must be listed: one allowlisted recipient
 * must not let a message through to the others unchecked.
 */
const char *
tm_policy_allowlisted(const triage_config *cfg, const tm_msg *m)
{
	if (tm_policy_address_match(cfg->allow_senders, m->from))
		return "sender";
	if (m->rcpts->len == 0 || cfg->allow_recipients == NULL ||
	    cfg->allow_recipients[0] == NULL)
		return NULL;
	for (guint i = 0; i < m->rcpts->len; i++)
		if (!tm_policy_address_match(cfg->allow_recipients,
					     g_ptr_array_index(m->rcpts, i)))
			return NULL;
	return "recipients";
}

static gint
by_severity(gconstpointer a, gconstpointer b)
{
	const tm_finding *fa = *(const tm_finding *const *)a;
	const tm_finding *fb = *(const tm_finding *const *)b;
	return (int)fb->severity - (int)fa->severity;
}

/* Strongest severity -> action; the allowlist turns it into accept. */
void
tm_policy_decide(const triage_config *cfg, tm_verdict *v)
{
	g_ptr_array_sort(v->findings, by_severity);
	/* Sorted strongest first: the first finding carries the verdict's severity. */
	v->severity = v->findings->len
		? ((const tm_finding *)g_ptr_array_index(v->findings, 0))->severity
		: TRIAGE_SEV_NONE;
	v->policy_action = triage_config_action(cfg, v->direction, v->severity);
	v->action = v->policy_action;
	if (v->allowlisted && v->action != TRIAGE_ACTION_ACCEPT)
		v->action = TRIAGE_ACTION_ACCEPT;
}
