/* test_scenarios.c - variations of the corpus attacks, whole messages through the real engine. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "testhelp.h"
#include "ft_fixtures.h"
#include "scen_build.h"

/*
 * The held-out corpus is built like ../shared/corpus from other samples and
 * other cover stories.  Each case here is one message built in the test
 * (harmless stand-ins: a PE header, echo-only scripts), scanned with the
 * shipped rules and the default policy, and checked like the corpus test
 * does: every expected category present, the inbound action between min
 * and max.  A group collects all its misses and fails once with the list.
 */

static triage_engine *engine;
static triage_scanner *scanner;
static triage_config *config;
static GString *misses;   /* of the running group */
static int ncases;

/* The corpus policy (README of the corpus): the action each category asks for. */
static const struct { const char *cat, *action; } policy[] = {
	{ "executable", "reject" }, { "script", "reject" }, { "shortcut", "reject" },
	{ "macro-vba-suspicious", "reject" }, { "filename-rtlo", "reject" },
	{ "type-mismatch", "reject" }, { "macro-xlm-hidden", "reject" },
	{ "disk-image", "quarantine" }, { "limit-exceeded", "quarantine" },
	{ "filename-double-extension", "quarantine" }, { "html-smuggling", "quarantine" },
	{ "archive-encrypted", "banner" }, { "corrupt", "tag" },
	{ "archive-decrypted", "tag" },
};

/* Strongest action of a category list ("accept" for none). */
static const char *
min_action_of(const char *cats)
{
	const char *best = "accept";
	char **want = g_strsplit(cats, ",", -1);
	for (char **c = want; *c; c++)
		for (size_t i = 0; i < G_N_ELEMENTS(policy); i++)
			if (!strcmp(*c, policy[i].cat) &&
			    triage_action_rank((triage_action)triage_action_parse(policy[i].action)) >
			    triage_action_rank((triage_action)triage_action_parse(best)))
				best = policy[i].action;
	g_strfreev(want);
	return best;
}

/* Scan msg; record a miss when a category is absent or the action is out of range. */
static void
check(const char *label, GString *msg, const char *cats)
{
	const char *min = min_action_of(cats);
	const char *max = *cats ? "reject" : "tag";
	triage_report *r = th_scan_message(scanner, msg->str, msg->len);
	triage_action act = triage_config_action(config, TRIAGE_INBOUND,
						 triage_report_severity(r));
	int mn = triage_action_parse(min), mx = triage_action_parse(max);
	GString *why = g_string_new("");
	if (triage_action_rank(act) < triage_action_rank((triage_action)mn))
		g_string_append_printf(why, " action %s < %s;", triage_action_name(act), min);
	if (triage_action_rank(act) > triage_action_rank((triage_action)mx))
		g_string_append_printf(why, " action %s > %s;", triage_action_name(act), max);
	char **want = g_strsplit(cats, ",", -1);
	for (char **c = want; *c; c++)
		if (**c && !th_has_category(r, *c))
			g_string_append_printf(why, " missing %s;", *c);
	g_strfreev(want);
	if (why->len) {
		g_string_append_printf(misses, "\n  %s:%s found:", label, why->str);
		for (size_t i = 0; i < triage_report_nfindings(r); i++) {
			const triage_finding *f = triage_report_finding(r, i);
			g_string_append_printf(misses, " %s(%s)@%s", f->category,
					       triage_severity_name(f->severity),
					       triage_object_path(f->object));
		}
		if (getenv("SCEN_DUMP"))
			th_dump(r);
	}
	ncases++;
	g_string_free(why, TRUE);
	triage_report_free(&r);
	g_string_free(msg, TRUE);
}

/* Fail the group with every miss it recorded. */
static void
group_end(const char *group)
{
	print_message("%s: %d cases\n", group, ncases);
	ncases = 0;
	if (misses->len) {
		char *m = g_string_free(misses, FALSE);
		misses = g_string_new("");
		print_message("%s misses:%s\n", group, m);
		g_free(m);
		fail_msg("%s: some cases missed (listed above)", group);
	}
}

/* ---- dangerous file kinds in every container ---------------------------- */

typedef struct kind_case {
	const char *ext;
	const char *cats;      /* expected categories */
} kind_case;

static const kind_case kinds[] = {
	{ "js", "script" }, { "jse", "script" }, { "vbs", "script" },
	{ "vbe", "script" }, { "wsf", "script" }, { "wsh", "script" },
	{ "hta", "script" }, { "ps1", "script" }, { "bat", "script" },
	{ "cmd", "script" }, { "scr", "executable" }, { "cpl", "executable" },
	{ "exe", "executable" }, { "msi", "executable" }, { "jar", "script" },
	{ "lnk", "shortcut" }, { "url", "shortcut" }, { "scf", "shortcut" },
	{ "iso", "disk-image,executable" }, { "img", "disk-image" },
	{ "vhd", "disk-image" }, { "vhdx", "disk-image" },
};

/* Stand-in content for a file kind. */
static GBytes *
kind_bytes(const char *ext)
{
	char *low = g_ascii_strdown(ext, -1);
	GBytes *b;
	if (!strcmp(low, "scr") || !strcmp(low, "cpl") || !strcmp(low, "exe"))
		b = sb_pe();
	else if (!strcmp(low, "msi"))
		b = sb_msi();
	else if (!strcmp(low, "lnk"))
		b = sb_lnk();
	else if (!strcmp(low, "jar")) {
		sb_member m[] = {
			{ "META-INF/MANIFEST.MF", sb_text("Manifest-Version: 1.0\r\nMain-Class: A\r\n") },
			{ "A.class", ft_java_class() },
		};
		b = sb_archive(SB_ZIP, m, 2, NULL, NULL);
		g_bytes_unref(m[0].data);
		g_bytes_unref(m[1].data);
	} else if (!strcmp(low, "iso")) {
		GBytes *pe = sb_pe();
		b = sb_archive1(SB_ISO, "SETUP.EXE", pe);
		g_bytes_unref(pe);
	} else if (!strcmp(low, "img"))
		b = ft_fat();
	else if (!strcmp(low, "vhd"))
		b = ft_vhd();
	else if (!strcmp(low, "vhdx"))
		b = ft_vhdx();
	else
		b = sb_script(low);
	g_free(low);
	return b;
}

/* name wrapped in the container; returns the attachment bytes and its name. */
static GBytes *
wrap(const char *container, const char *name, GBytes *data, char **outer)
{
	if (!strcmp(container, "direct")) {
		*outer = g_strdup(name);
		return g_bytes_ref(data);
	}
	if (!strcmp(container, "zip")) {
		*outer = g_strdup("documents.zip");
		return sb_archive1(SB_ZIP, name, data);
	}
	if (!strcmp(container, "7z")) {
		*outer = g_strdup("documents.7z");
		return sb_archive1(SB_7Z, name, data);
	}
	if (!strcmp(container, "tgz")) {
		*outer = g_strdup("documents.tar.gz");
		return sb_archive1(SB_TGZ, name, data);
	}
	/* zip in zip */
	GBytes *inner = sb_archive1(SB_ZIP, name, data);
	GBytes *b = sb_archive1(SB_ZIP, "inner.zip", inner);
	g_bytes_unref(inner);
	*outer = g_strdup("outer.zip");
	return b;
}

static void
test_kinds_in_containers(void **state)
{
	(void)state;
	static const char *const containers[] = { "direct", "zip", "7z", "tgz", "zipzip" };
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		GBytes *data = kind_bytes(kinds[k].ext);
		for (size_t c = 0; c < G_N_ELEMENTS(containers); c++) {
			char *name = g_strdup_printf("Invoice_0612.%s", kinds[k].ext);
			char *outer = NULL;
			GBytes *att = wrap(containers[c], name, data, &outer);
			char *label = g_strdup_printf("%s in %s", name, containers[c]);
			check(label, sb_mail1(NULL, outer, "application/octet-stream", att),
			      kinds[k].cats);
			g_free(label);
			g_free(outer);
			g_bytes_unref(att);
			g_free(name);
		}
		/* Upper case extension and a name with spaces, directly and zipped. */
		char *up = g_ascii_strup(kinds[k].ext, -1);
		char *names[2] = { g_strdup_printf("SCAN_0612.%s", up),
				   g_strdup_printf("Payment Advice 12 June.%s", kinds[k].ext) };
		for (int i = 0; i < 2; i++) {
			for (int z = 0; z < 2; z++) {
				char *outer = NULL;
				GBytes *att = wrap(z ? "zip" : "direct", names[i], data, &outer);
				char *label = g_strdup_printf("%s%s", names[i], z ? " in zip" : "");
				check(label, sb_mail1(NULL, outer, "application/octet-stream", att),
				      kinds[k].cats);
				g_free(label);
				g_free(outer);
				g_bytes_unref(att);
			}
			g_free(names[i]);
		}
		g_free(up);
		g_bytes_unref(data);
	}
	group_end("kinds");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_in_containers),
	};
	config = triage_config_new();
	engine = th_engine(NULL, config);
	scanner = triage_scanner_new(engine);
	misses = g_string_new("");
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	g_string_free(misses, TRUE);
	triage_scanner_free(&scanner);
	triage_engine_unref(&engine);
	triage_config_free(&config);
	triage_library_cleanup();
	return rc;
}
