/* test_onenote.c - OneNote FileDataStoreObjects: extraction, truncation, limits. */
#include "config.h"

#include "docs_fixture.h"
#include "office/office_int.h"

static const unsigned char one_header[16] = {
	0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D,
	0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3,
};
static const unsigned char fdso_header[16] = {
	0xE7, 0x16, 0xE3, 0xBD, 0x65, 0x26, 0x11, 0x45,
	0xA4, 0xC4, 0x8D, 0x4D, 0x0B, 0x7A, 0x9E, 0xAC,
};
static const unsigned char fdso_footer[16] = {
	0x22, 0xA7, 0xFB, 0x71, 0x79, 0x0F, 0x0B, 0x4A,
	0xBB, 0x13, 0x89, 0x92, 0x56, 0x42, 0x6B, 0x24,
};
static const unsigned char fake_pe[] = "MZ\x90\x00\x03\x00\x00\x00PE\x00\x00L\x01 payload";

/* One FileDataStoreObject; cb may lie about the length. */
static void
add_fdso(GByteArray *a, const void *data, size_t n, uint64_t cb, bool footer)
{
	static const unsigned char pad[8] = {0};
	dfx_bytes(a, fdso_header, 16);
	dfx_le64(a, cb);
	dfx_le32(a, 0);
	dfx_le64(a, 0);
	dfx_bytes(a, data, n);
	if (footer) {
		dfx_bytes(a, pad, (8 - n % 8) % 8);
		dfx_bytes(a, fdso_footer, 16);
	}
}

/* A section with a PE, a text file and, optionally, a cut-off third file. */
static GByteArray *
sample_one(bool truncated_tail)
{
	GByteArray *a = g_byte_array_new();
	unsigned char filler[64];
	memset(filler, 0x11, sizeof filler);
	dfx_bytes(a, one_header, 16);
	dfx_bytes(a, filler, sizeof filler);
	add_fdso(a, fake_pe, sizeof fake_pe - 1, sizeof fake_pe - 1, true);
	dfx_bytes(a, filler, 13);
	add_fdso(a, "hello", 5, 5, true);
	if (truncated_tail)
		add_fdso(a, "cut", 3, 1000000, false);
	return a;
}

/* Embedded files become children; a lying length gives corrupt, data kept. */
static void
test_onenote_embedded(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *a = sample_one(false);
	triage_object *o = dfx_object(a->data, a->len, "onenote");
	assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_ONENOTE_EMBEDDED), 2);
	assert_int_equal(triage_object_nchildren(o), 2);
	triage_object *pe = triage_object_child(o, 0);
	assert_string_equal(triage_object_path(pe), "sample/onenote0.bin");
	assert_string_equal(triage_object_kind(pe), "embedded");
	assert_true(triage_object_fact_bool(pe, TF_IS_EMBEDDED));
	assert_int_equal(triage_object_size(pe), sizeof fake_pe - 1);
	assert_memory_equal(triage_object_data(pe), fake_pe, sizeof fake_pe - 1);
	assert_memory_equal(triage_object_data(triage_object_child(o, 1)), "hello", 5);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	triage_object_free(&o);
	g_byte_array_unref(a);

	a = sample_one(true);
	o = dfx_object(a->data, a->len, "onenote");
	assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_ONENOTE_EMBEDDED), 3);
	triage_object *cut = triage_object_child(o, 2);
	assert_int_equal(triage_object_size(cut), 3);
	assert_int_equal(triage_object_unscanned(cut), TRIAGE_UNSCANNED_CORRUPT);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* A section without embedded files: zero, no children. */
static void
test_onenote_none(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	unsigned char buf[200];
	memset(buf, 0, sizeof buf);
	memcpy(buf, one_header, 16);
	/* The header GUID too close to the end to hold a length. */
	memcpy(buf + sizeof buf - 20, fdso_header, 16);
	triage_object *o = dfx_object(buf, sizeof buf, "onenote");
	assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_ONENOTE_EMBEDDED), 0);
	assert_int_equal(triage_object_nchildren(o), 0);
	triage_object_free(&o);
	dfx_free(&f);
}

/* max_embedded and max_objects stop extraction with the limit's name. */
static void
test_onenote_limits(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	f.cfg->limits.max_embedded = 1;
	GByteArray *a = sample_one(false);
	triage_object *o = dfx_object(a->data, a->len, "onenote");
	assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(o), 1);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_embedded");
	triage_object_free(&o);

	f.cfg->limits.max_embedded = 256;
	f.cfg->limits.max_objects = 1;
	f.ctx.nobjects = 0;
	o = dfx_object(a->data, a->len, "onenote");
	assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(o), 2);
	assert_string_equal(triage_object_fact_str(triage_object_child(o, 1),
						   TF_LIMIT_NAME), "max_objects");
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

static const unsigned char alt_packaging[16] = {
	0x2F, 0xE9, 0x8D, 0x63, 0xD4, 0xA6, 0xC1, 0x4B,
	0x9A, 0x36, 0xB3, 0xFC, 0x25, 0x11, 0xA5, 0xB7,
};

/* MS-FSSHTTPB compact uint64 in 2 or 3 bytes (enough for these tests). */
static void
compact(GByteArray *a, uint32_t v)
{
	if (v < (1u << 14)) {
		dfx_le16(a, (uint16_t)(v << 2 | 2));
	} else {
		uint32_t x = v << 3 | 4;
		unsigned char b[3] = {(unsigned char)x, (unsigned char)(x >> 8),
				      (unsigned char)(x >> 16)};
		dfx_bytes(a, b, 3);
	}
}

/* An Object Data BLOB stream object (32-bit header, type 0x02). */
static void
blob_object(GByteArray *a, const void *data, uint32_t n, bool large)
{
	uint32_t used = n < (1u << 14) ? 2 : 3;
	if (large) {
		dfx_le32(a, 0x12u | (32767u << 17));
		compact(a, n + used);
	} else {
		dfx_le32(a, 0x12u | ((n + used) << 17));
	}
	compact(a, n);
	dfx_bytes(a, data, n);
}

static unsigned char big[40000];

/* A web export: a PE blob, a large-length blob, a look-alike, a desktop store. */
static GByteArray *
sample_web(void)
{
	GByteArray *a = g_byte_array_new();
	unsigned char zero[32] = {0};
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7);
	dfx_bytes(a, one_header, 16);
	dfx_bytes(a, zero, 32);
	dfx_bytes(a, alt_packaging, 16);
	dfx_bytes(a, zero, 7);
	/* A header look-alike whose lengths disagree: not a blob. */
	dfx_le32(a, 0x12u | (100u << 17));
	compact(a, 50);
	blob_object(a, fake_pe, sizeof fake_pe - 1, false);
	dfx_bytes(a, zero, 5);
	blob_object(a, big, sizeof big, true);
	/* A desktop-format store in it is found as well. */
	add_fdso(a, "x", 1, 1, true);
	return a;
}

/* Web-exported sections: Object Data BLOBs, small and large-length. */
static void
test_onenote_web_export(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *a = sample_web();
	triage_object *o = dfx_object(a->data, a->len, "onenote");
	assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_ONENOTE_EMBEDDED), 3);
	assert_memory_equal(triage_object_data(triage_object_child(o, 0)), "x", 1);
	assert_memory_equal(triage_object_data(triage_object_child(o, 1)), fake_pe,
			    sizeof fake_pe - 1);
	assert_int_equal(triage_object_size(triage_object_child(o, 2)), sizeof big);
	assert_memory_equal(triage_object_data(triage_object_child(o, 2)), big, sizeof big);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* Truncations and byte flips never crash. */
static void
test_onenote_mutations(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *srcs[2] = {sample_one(true), sample_web()};
	uint32_t seed = 0xC0FFEE;
	for (int k = 0; k < 2; k++) {
		GByteArray *a = srcs[k];
		for (int v = 0; v < 400; v++) {
			size_t len = a->len;
			unsigned char *m = dfx_mutate(a->data, &len, &seed, v, 400);
			triage_object *o = dfx_object(m, len, "onenote");
			assert_int_equal(triage_onenote_run(&f.ctx, o), TRIAGE_OK);
			for (size_t i = 0; i < triage_object_nchildren(o); i++)
				assert_true(triage_object_size(triage_object_child(o, i)) <= len);
			triage_object_free(&o);
			g_free(m);
		}
		g_byte_array_unref(a);
	}
	dfx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_onenote_embedded),
		cmocka_unit_test(test_onenote_none),
		cmocka_unit_test(test_onenote_limits),
		cmocka_unit_test(test_onenote_web_export),
		cmocka_unit_test(test_onenote_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
