/* callbacks.h - the libmilter callbacks and the filter description. */
#ifndef TM_CALLBACKS_H
#define TM_CALLBACKS_H

#include <libmilter/mfapi.h>

/* The filter description for smfi_register(). */
extern struct smfiDesc tm_filter;
/* Messages between MAIL FROM and end-of-message or abort right now. */
int tm_callbacks_in_flight(void);
/* From now on, new messages get a temporary failure (shutdown drain). */
void tm_callbacks_stop_new(void);

#endif
