/* crypto_ppt_pict.c - the encrypted Pictures stream of a PowerPoint 97-2003 file: RC4 CryptoAPI block 0 per field. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>

#include "crypto_int.h"
#include "docs_int.h"

/* OfficeArtFBSE and the OfficeArtBlip record types ([MS-ODRAW] 2.2.32, 2.2.23). */
#define RT_FBSE       0xF007u
#define RT_BLIP_FIRST 0xF018u
#define RT_BLIP_LAST  0xF117u
/* EMF, WMF and PICT carry a 34-byte metafile header; bitmaps a 1-byte tag. */
#define RT_BLIP_EMF   0xF01Au
#define RT_BLIP_PICT  0xF01Cu
#define METAFILE_HDR  34u
/* OfficeArtFBSE fields before nameData ([MS-ODRAW] 2.2.32). */
#define FBSE_FIXED    36u

/* The block-0 key every field of the stream is encrypted with. */
typedef struct pict_key {
	unsigned char key[16];
	size_t keylen;
} pict_key;

/*
 * [MS-PPT] 4: "block number 0 is reused for every field": each field is
 * encrypted from the start of block 0's keystream.
 */
static void
field(const pict_key *pk, unsigned char *p, size_t n)
{
	triage_rc4 rc;
	triage_rc4_init(&rc, pk->key, pk->keylen);
	triage_rc4_crypt(&rc, p, n);
	OPENSSL_cleanse(&rc, sizeof rc);
}

/* Instances of BLIPs with a second UID (rgbUid2 present, [MS-ODRAW] 2.2.24-2.2.30). */
static bool
two_uids(unsigned inst)
{
	switch (inst) {
	case 0x217: case 0x3D5: case 0x46B: case 0x543:
	case 0x6E1: case 0x6E3: case 0x6E5: case 0x7A9:
		return true;
	default:
		return false;
	}
}

/*
 * The body of a BLIP whose clear header `rh` says instance and type:
 * UID(s), metafile header or tag, then the picture data, each its own
 * field.  False when the fields do not fit in `n` bytes.
 */
static bool
blip_body(const pict_key *pk, const unsigned char *rh, unsigned char *p, size_t n)
{
	unsigned inst = docs_le16(rh) >> 4, type = docs_le16(rh + 2);
	size_t pos = 0, uids = two_uids(inst) ? 2 : 1;
	size_t tag = type >= RT_BLIP_EMF && type <= RT_BLIP_PICT ? METAFILE_HDR : 1;
	for (size_t i = 0; i < uids; i++) {
		if (n - pos < 16)
			return false;
		field(pk, p + pos, 16);
		pos += 16;
	}
	if (n - pos < tag)
		return false;
	field(pk, p + pos, tag);
	pos += tag;
	field(pk, p + pos, n - pos);
	return true;
}

/* A record header (decrypted in place); false when its body does not fit. */
static bool
header(const pict_key *pk, unsigned char *p, size_t avail, size_t *body)
{
	if (avail < 8)
		return false;
	field(pk, p, 8);
	*body = docs_le32(p + 4);
	return *body <= avail - 8;
}

/* An OfficeArtFBSE: its fixed fields, the name, then an optional embedded BLIP. */
static bool
fbse_body(const pict_key *pk, unsigned char *p, size_t n)
{
	static const unsigned char sizes[] = {1, 1, 16, 2, 4, 4, 4, 1, 1, 1, 1};
	size_t pos = 0, blen = 0;
	if (n < FBSE_FIXED)
		return false;
	for (size_t i = 0; i < sizeof sizes; i++) {
		field(pk, p + pos, sizes[i]);
		pos += sizes[i];
	}
	size_t name = p[33]; /* cbName */
	if (n - pos < name)
		return false;
	field(pk, p + pos, name);
	pos += name;
	if (pos == n)
		return true;
	if (!header(pk, p + pos, n - pos, &blen) || blen != n - pos - 8)
		return false;
	unsigned type = docs_le16(p + pos + 2);
	if (type < RT_BLIP_FIRST || type > RT_BLIP_LAST)
		return false;
	return blip_body(pk, p + pos, p + pos + 8, blen);
}

/* Decrypt a Pictures stream (a sequence of FBSE/BLIP records) into *out. */
bool
triage_crypto_ppt_pictures(const triage_rc4_key *k, const unsigned char *in,
			   size_t len, unsigned char **out)
{
	pict_key pk;
	unsigned char *p = g_malloc(len ? len : 1);
	size_t pos = 0;
	bool ok = triage_rc4_key_block(k, 0, pk.key, &pk.keylen);

	memcpy(p, in, len);
	while (ok && pos < len) {
		size_t n = 0;
		if (!header(&pk, p + pos, len - pos, &n)) {
			ok = false;
			break;
		}
		unsigned type = docs_le16(p + pos + 2);
		if (type == RT_FBSE)
			ok = fbse_body(&pk, p + pos + 8, n);
		else if (type >= RT_BLIP_FIRST && type <= RT_BLIP_LAST)
			ok = blip_body(&pk, p + pos, p + pos + 8, n);
		else
			ok = false;
		pos += 8 + n;
	}
	OPENSSL_cleanse(&pk, sizeof pk);
	if (!ok) {
		g_free(p);
		p = NULL;
	}
	*out = p;
	return ok;
}
