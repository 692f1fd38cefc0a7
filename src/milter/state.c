/* state.c - engine holder: current state, per-thread scanners, SIGUSR1 reload. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "state.h"
#include "log.h"

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static tm_state *current;
static unsigned generation;
static pthread_key_t scanner_key;
static pthread_once_t scanner_once = PTHREAD_ONCE_INIT;

/* Strip keeps the original in the store: without one it would lose it. */
static bool
policy_check(const triage_config *cfg, const char *path, char *err, size_t errlen)
{
	if (cfg->quarantine_dir && *cfg->quarantine_dir)
		return true;
	for (int d = 0; d < 2; d++)
		for (int sev = TRIAGE_SEV_INFO; sev <= TRIAGE_SEV_CRITICAL; sev++)
			if (cfg->policy[d].by_severity[sev] == TRIAGE_ACTION_STRIP) {
				snprintf(err, errlen, "%s: [policy%s] %s = strip needs a [quarantine] dir (the original is kept there)",
					 path ? path : "(defaults)", d ? ".outbound" : "",
					 triage_severity_name((triage_severity)sev));
				return false;
			}
	return true;
}

/* Build a new state from the config file and rules; nothing global changes. */
tm_state *
tm_state_load(const tm_overrides *ov, char *err, size_t errlen)
{
	triage_config *cfg = triage_config_new();
	triage_engine *eng = NULL;
	triage_banner *banner = NULL;
	tm_state *s = NULL;

	if (ov->config_path &&
	    triage_config_load(cfg, ov->config_path, err, errlen) != TRIAGE_OK)
		goto out;
	if (ov->socket) {
		g_free(cfg->socket);
		cfg->socket = g_strdup(ov->socket);
	}
	if (ov->rules_dir) {
		g_free(cfg->rules_dir);
		cfg->rules_dir = g_strdup(ov->rules_dir);
	}
	if (!policy_check(cfg, ov->config_path, err, errlen))
		goto out;
	/* Templates missing or broken: a config error, also for -n. */
	if (triage_banner_load(cfg, *cfg->banner_dir ? cfg->banner_dir : NULL, &banner,
			       err, errlen) != TRIAGE_OK) {
		char *e = g_strdup(err);
		snprintf(err, errlen, "%s: [banner] templates: %s",
			 ov->config_path ? ov->config_path : "(defaults)", e);
		g_free(e);
		goto out;
	}
	eng = triage_engine_new();
	if (triage_engine_load(eng, cfg, cfg->rules_dir) != TRIAGE_OK) {
		snprintf(err, errlen, "%s", triage_engine_error(eng));
		goto out;
	}
	s = g_new0(tm_state, 1);
	s->refs = 1;
	s->cfg = cfg;
	s->engine = eng;
	s->banner = banner;
	cfg = NULL;
	eng = NULL;
	banner = NULL;
out:
	triage_banner_free(&banner);
	triage_engine_unref(&eng);
	triage_config_free(&cfg);
	return s;
}

bool
tm_state_open_store(tm_state *s, char *err, size_t errlen)
{
	const char *dir = s->cfg->quarantine_dir;
	if (dir == NULL || *dir == '\0')
		return true;   /* no store: hold only, and no release token is valid */
	if (triage_qstore_open(dir, true, &s->qs, err, errlen) != TRIAGE_OK)
		return false;
	char *kp = g_build_filename(dir, TRIAGE_RELEASE_KEY_FILE, NULL);
	bool ok = triage_release_key_load(kp, 1, s->release_key, err, errlen) == TRIAGE_OK;
	g_free(kp);
	s->have_release_key = ok;
	return ok;
}

tm_state *
tm_state_ref(tm_state *s)
{
	g_atomic_int_inc(&s->refs);
	return s;
}

/* Drop a reference; the last one frees config and engine. */
void
tm_state_unref(tm_state **sp)
{
	tm_state *s = sp ? *sp : NULL;
	if (s == NULL)
		return;
	*sp = NULL;
	if (!g_atomic_int_dec_and_test(&s->refs))
		return;
	triage_engine_unref(&s->engine);
	triage_config_free(&s->cfg);
	triage_banner_free(&s->banner);
	triage_qstore_close(&s->qs);
	memset(s->release_key, 0, sizeof s->release_key);
	g_free(s);
}

void
tm_state_install(tm_state *s)
{
	pthread_mutex_lock(&state_lock);
	tm_state *old = current;
	s->generation = ++generation;
	current = s;
	pthread_mutex_unlock(&state_lock);
	/* Messages in flight hold their own references to the old state. */
	tm_state_unref(&old);
}

tm_state *
tm_state_current(void)
{
	pthread_mutex_lock(&state_lock);
	tm_state *s = current ? tm_state_ref(current) : NULL;
	pthread_mutex_unlock(&state_lock);
	return s;
}

void
tm_state_shutdown(void)
{
	pthread_mutex_lock(&state_lock);
	tm_state *old = current;
	current = NULL;
	pthread_mutex_unlock(&state_lock);
	tm_state_unref(&old);
}

static void
scanner_destroy(void *p)
{
	triage_scanner *sc = p;
	triage_scanner_free(&sc);
}

static void
scanner_key_init(void)
{
	pthread_key_create(&scanner_key, scanner_destroy);
}

/* One YARA scanner and libmagic handle per thread, for the message's engine. */
triage_scanner *
tm_state_scanner(tm_state *s)
{
	pthread_once(&scanner_once, scanner_key_init);
	triage_scanner *sc = pthread_getspecific(scanner_key);
	if (sc != NULL && triage_scanner_engine(sc) == s->engine)
		return sc;
	/* Made for an older rule set: the old engine goes once unused. */
	triage_scanner_free(&sc);
	sc = triage_scanner_new(s->engine);
	pthread_setspecific(scanner_key, sc);
	return sc;
}

/* Keys that only take effect at start. */
static void
warn_restart_keys(const triage_config *old, const triage_config *neu)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{"socket", offsetof(triage_config, socket)},
		{"user", offsetof(triage_config, user)},
		{"group", offsetof(triage_config, group)},
		{"pid_file", offsetof(triage_config, pid_file)},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const char *a = *(char *const *)((const char *)old + keys[i].off);
		const char *b = *(char *const *)((const char *)neu + keys[i].off);
		if (g_strcmp0(a, b) != 0)
			tm_log(LOG_WARNING, NULL,
			       "reload: [milter] %s changed; it takes effect only after a restart",
			       keys[i].key);
	}
	if (old->socket_mode != neu->socket_mode)
		tm_log(LOG_WARNING, NULL,
		       "reload: [milter] socket_mode changed; it takes effect only after a restart");
}

/* Reload now: build and check completely, then swap. */
bool
tm_reload(const tm_overrides *ov)
{
	char err[4096];
	tm_state *neu = tm_state_load(ov, err, sizeof err);
	if (neu == NULL) {
		tm_log(LOG_ERR, NULL, "reload failed, keeping the running configuration: %s", err);
		return false;
	}
	if (!tm_state_open_store(neu, err, sizeof err)) {
		tm_log(LOG_ERR, NULL, "reload failed, keeping the running configuration: %s", err);
		tm_state_unref(&neu);
		return false;
	}
	tm_state *old = tm_state_current();
	if (old) {
		warn_restart_keys(old->cfg, neu->cfg);
		/* Daemon-level values stay as started: the socket is bound already. */
		g_free(neu->cfg->socket);
		neu->cfg->socket = g_strdup(old->cfg->socket);
		neu->cfg->socket_mode = old->cfg->socket_mode;
		if (g_strcmp0(old->cfg->syslog_facility, neu->cfg->syslog_facility) != 0)
			tm_log_set_facility(neu->cfg->syslog_facility);
	}
	tm_state_unref(&old);
	size_t nrules = triage_engine_rule_count(neu->engine);
	tm_state_install(neu);
	tm_log(LOG_INFO, NULL, "reloaded configuration and %zu rules", nrules);
	return true;
}

static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reload_cond = PTHREAD_COND_INITIALIZER;
static bool reload_wanted;

/* Reloads run here, so the signal thread goes straight back to sigwait(). */
static void *
reload_thread(void *arg)
{
	const tm_overrides *ov = arg;
	for (;;) {
		pthread_mutex_lock(&reload_lock);
		while (!reload_wanted)
			pthread_cond_wait(&reload_cond, &reload_lock);
		reload_wanted = false;
		pthread_mutex_unlock(&reload_lock);
		tm_reload(ov);
	}
	return NULL;
}

/* Start the reload worker (with every signal blocked, as all our threads). */
bool
tm_reload_start(const tm_overrides *ov)
{
	pthread_t tid;
	if (pthread_create(&tid, NULL, reload_thread, (void *)ov) != 0)
		return false;
	pthread_detach(tid);
	return true;
}

/* Ask the reload worker for a reload (several requests collapse into one). */
void
tm_reload_request(void)
{
	pthread_mutex_lock(&reload_lock);
	reload_wanted = true;
	pthread_cond_signal(&reload_cond);
	pthread_mutex_unlock(&reload_lock);
}
