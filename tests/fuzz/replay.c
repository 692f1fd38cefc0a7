/* replay.c - run a fuzz target over seed files and deterministic mutations.
 *
 * Without libFuzzer (gcc builds, make check) this is how the targets run:
 * every file given (or every file in a directory given) is fed as is, then
 * truncated and bit-flipped N times with a fixed seed, so a crash found here
 * reproduces exactly.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Feed one input and its mutations. */
static void
run_one(const char *path, int mutations)
{
	gchar *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		exit(1);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	guint8 *buf = g_malloc(len + 1);
	for (int m = 0; m < mutations && len > 0; m++) {
		memcpy(buf, data, len);
		size_t n = len;
		switch (next_rand() % 3) {
		case 0: /* truncate */
			n = (size_t)(next_rand() % len);
			break;
		case 1: /* flip a few bytes */
			for (int k = 0; k < 1 + (int)(next_rand() % 8); k++)
				buf[next_rand() % len] ^= (guint8)(1u << (next_rand() % 8));
			break;
		default: /* overwrite a run with 0xff / 0x00 (sizes, counts) */
		{
			size_t off = (size_t)(next_rand() % len);
			size_t run = 1 + (size_t)(next_rand() % 8);
			memset(buf + off, (next_rand() & 1) ? 0xff : 0x00,
			       MIN(run, len - off));
		}
		}
		LLVMFuzzerTestOneInput(buf, n);
	}
	g_free(buf);
	g_free(data);
}

int
main(int argc, char **argv)
{
	int mutations = 20;
	const char *m = getenv("TRIAGE_FUZZ_MUTATIONS");
	if (m)
		mutations = atoi(m);
	int files = 0;
	for (int i = 1; i < argc; i++) {
		if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
			GDir *d = g_dir_open(argv[i], 0, NULL);
			const char *ent;
			GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
			while (d && (ent = g_dir_read_name(d)) != NULL)
				g_ptr_array_add(names, g_build_filename(argv[i], ent, NULL));
			if (d)
				g_dir_close(d);
			for (guint k = 0; k < names->len; k++) {
				const char *p = g_ptr_array_index(names, k);
				if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
					run_one(p, mutations);
					files++;
				}
			}
			g_ptr_array_free(names, TRUE);
		} else {
			run_one(argv[i], mutations);
			files++;
		}
	}
	printf("replayed %d inputs with %d mutations each: no crash\n", files, mutations);
	return files > 0 ? 0 : 77;
}
