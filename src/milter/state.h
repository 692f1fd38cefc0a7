/* state.h - the current config + rule set, swapped atomically on reload. */
#ifndef TM_STATE_H
#define TM_STATE_H

#include <stdbool.h>
#include <glib.h>
#include "triage/triage.h"
#include "triage/qstore.h"
#include "triage/release.h"
#include "triage/rewrite.h"

/*
 * One loaded configuration with its compiled rules.  Messages take a
 * reference when they start and keep it to the end, so a reload never
 * changes the rules or policy under a message in flight.
 */
typedef struct tm_state {
	gint refs;
	unsigned generation;
	triage_config *cfg;
	triage_engine *engine;
	triage_banner *banner;      /* templates for banner and strip */
	triage_qstore *qs;          /* NULL until opened, or when no store is set */
	unsigned char release_key[TRIAGE_RELEASE_KEY_LEN];
	bool have_release_key;
} tm_state;

/* Command-line values that win over the config file, also on reload. */
typedef struct tm_overrides {
	const char *config_path;
	const char *socket;
	const char *rules_dir;
} tm_overrides;

/*
 * Read the config file and compile the rules into a new state.  On error
 * returns NULL with "file:line: message" in err.
 */
tm_state *tm_state_load(const tm_overrides *ov, char *err, size_t errlen);
/*
 * Open the quarantine store (made when missing) and load the release key
 * (made when missing) for s: done as the milter's user, after the
 * privilege drop, so that the files belong to it.  False with err set.
 */
bool tm_state_open_store(tm_state *s, char *err, size_t errlen);
tm_state *tm_state_ref(tm_state *s);
void tm_state_unref(tm_state **s);

/* Install s as the current state (takes over the caller's reference). */
void tm_state_install(tm_state *s);
/* A reference to the current state (never NULL after install). */
tm_state *tm_state_current(void);
/* Drop the current state (at exit). */
void tm_state_shutdown(void);

/* This thread's scanner for s's engine; recreated after a reload. */
triage_scanner *tm_state_scanner(tm_state *s);

/* Start the thread that performs reloads on request. */
bool tm_reload_start(const tm_overrides *ov);
/* Request a reload (from the signal thread); returns at once. */
void tm_reload_request(void);
/* Reload now: build, check, swap; the old state stays on failure. */
bool tm_reload(const tm_overrides *ov);

#endif
