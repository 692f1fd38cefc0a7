/* msg.h - per-connection and per-message state of the milter. */
#ifndef TM_MSG_H
#define TM_MSG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <glib.h>

#include "spool.h"
#include "state.h"

/* A header as received: name and value exactly as libmilter gave them. */
typedef struct tm_header {
	char *name;
	char *value;
} tm_header;

/* One message, from MAIL FROM to end-of-message or abort. */
typedef struct tm_msg {
	tm_state *state;        /* config + rules this message uses to the end */
	char *qid;              /* macro i, NULL before it exists */
	char *from;             /* envelope sender without <> */
	GPtrArray *rcpts;       /* char *, envelope recipients without <> */
	char *auth_authen;      /* {auth_authen} or NULL */
	GPtrArray *headers;     /* tm_header * */
	tm_spool *spool;        /* headers + CRLF + body */
	bool in_body;           /* the blank line after the headers is spooled */
	char *error;            /* first internal error, NULL when none */
	gint64 t0;              /* monotonic start, microseconds */
} tm_msg;

/* One SMTP connection from the MTA's client. */
typedef struct tm_conn {
	char *hostname;
	char addr[64];          /* printable client address, "" when unknown */
	struct sockaddr_storage sa;
	bool have_sa;
	char *daemon_name;      /* {daemon_name} */
	char *helo;
	bool noreply;           /* MTA agreed: no replies to header/EOH/body */
	tm_msg *msg;
} tm_conn;

/* Queue id for log lines: the id, or NOQUEUE before it exists. */
static inline const char *
tm_msg_qid(const tm_msg *m)
{
	return m && m->qid ? m->qid : "NOQUEUE";
}

/* Value of the first header called name (any case) as received, or NULL. */
static inline const char *
tm_msg_header(const tm_msg *m, const char *name)
{
	for (guint i = 0; i < m->headers->len; i++) {
		const tm_header *h = g_ptr_array_index(m->headers, i);
		if (g_ascii_strcasecmp(h->name, name) == 0)
			return h->value;
	}
	return NULL;
}

#endif
