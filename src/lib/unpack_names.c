/* unpack_names.c - member names as UTF-8, whatever the archive stored. */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "unpack_int.h"

/* The thread-local UTF-8 locale, created once per process. */
locale_t
triage_unpack_utf8_locale(void)
{
	static gsize once = 0;
	static locale_t loc = (locale_t)0;

	if (g_once_init_enter(&once)) {
		static const char *const names[] = {
			"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"
		};
		for (size_t i = 0; i < G_N_ELEMENTS(names) && loc == (locale_t)0; i++)
			loc = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
		g_once_init_leave(&once, 1);
	}
	return loc;
}

/* Cut a valid UTF-8 string at a character boundary to at most max bytes. */
static char *
clip_utf8(char *s, size_t max)
{
	if (strlen(s) <= max)
		return s;
	size_t cut = max;
	/* Back off continuation bytes so no character is split. */
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	s[cut] = '\0';
	return s;
}

/* Raw (unconverted) name bytes decoded by the usual guesses. */
static char *
decode_raw(const char *raw)
{
	if (g_utf8_validate(raw, -1, NULL))
		return g_strdup(raw);
	/* Japanese Windows archivers write CP932 without the UTF-8 flag. */
	char *s = g_convert(raw, -1, "UTF-8", "CP932", NULL, NULL, NULL);
	if (s != NULL && g_utf8_validate(s, -1, NULL))
		return s;
	g_free(s);
	/* ISO-8859-1 maps every byte: the last resort always succeeds. */
	s = g_convert(raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
	if (s != NULL)
		return s;
	return g_utf8_make_valid(raw, -1);
}

/* The member's name as UTF-8 (see unpack_int.h). */
char *
triage_unpack_member_name(struct archive_entry *e)
{
	char *name = NULL;
	const char *u = archive_entry_pathname_utf8(e);
	const char *raw = archive_entry_pathname(e);

	if (u != NULL && *u != '\0' && g_utf8_validate(u, -1, NULL)) {
		name = g_strdup(u);
	} else if (raw != NULL && *raw != '\0') {
		name = decode_raw(raw);
	} else {
		const wchar_t *w = archive_entry_pathname_w(e);
		/* wchar_t is UCS-4 with glibc. */
		if (w != NULL && *w != L'\0' && sizeof(wchar_t) == sizeof(gunichar))
			name = g_ucs4_to_utf8((const gunichar *)w, -1, NULL,
					      NULL, NULL);
	}
	if (name == NULL)
		return NULL;
	return clip_utf8(name, UNPACK_NAME_MAX);
}

/* Name of the one member of a compressed stream (see unpack_int.h). */
char *
triage_unpack_raw_name(const char *archive_name)
{
	static const struct {
		const char *suffix;
		const char *replace;
	} sfx[] = {
		{".tgz", ".tar"}, {".tbz2", ".tar"}, {".tbz", ".tar"},
		{".txz", ".tar"}, {".tzst", ".tar"},
		{".gz", ""}, {".gzip", ""}, {".bz2", ""}, {".bz", ""},
		{".xz", ""}, {".lzma", ""}, {".zst", ""}, {".zstd", ""},
		{".lz", ""}, {".lz4", ""}, {".z", ""},
	};
	char *result = NULL;

	if (archive_name == NULL || *archive_name == '\0')
		return g_strdup("data");
	const char *base = strrchr(archive_name, '/');
	base = base ? base + 1 : archive_name;
	size_t blen = strlen(base);
	for (size_t i = 0; i < G_N_ELEMENTS(sfx) && result == NULL; i++) {
		size_t slen = strlen(sfx[i].suffix);
		if (blen > slen &&
		    g_ascii_strcasecmp(base + blen - slen, sfx[i].suffix) == 0)
			result = g_strdup_printf("%.*s%s", (int)(blen - slen),
						 base, sfx[i].replace);
	}
	if (result == NULL)
		result = g_strdup("data");
	return result;
}
