/* crypto_xor.c - MS-OFFCRYPTO 2.3.7 XOR obfuscation: verifier, key and obfuscation array. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "crypto_int.h"

/* Method 1 passwords are at most 15 single bytes. */
#define XOR_MAX_PW 15

static const uint8_t pad_array[15] = {
	0xBB, 0xFF, 0xFF, 0xBA, 0xFF, 0xFF, 0xB9, 0x80,
	0x00, 0xBE, 0x0F, 0x00, 0xBF, 0x0F, 0x00,
};

static const uint16_t initial_code[15] = {
	0xE1F0, 0x1D0F, 0xCC9C, 0x84C0, 0x110C, 0x0E10, 0xF1CE, 0x313E,
	0x1872, 0xE139, 0xD40F, 0x84F9, 0x280C, 0xA96A, 0x4EC3,
};

static const uint16_t xor_matrix[105] = {
	0xAEFC, 0x4DD9, 0x9BB2, 0x2745, 0x4E8A, 0x9D14, 0x2A09,
	0x7B61, 0xF6C2, 0xFDA5, 0xEB6B, 0xC6F7, 0x9DCF, 0x2BBF,
	0x4563, 0x8AC6, 0x05AD, 0x0B5A, 0x16B4, 0x2D68, 0x5AD0,
	0x0375, 0x06EA, 0x0DD4, 0x1BA8, 0x3750, 0x6EA0, 0xDD40,
	0xD849, 0xA0B3, 0x5147, 0xA28E, 0x553D, 0xAA7A, 0x44D5,
	0x6F45, 0xDE8A, 0xAD35, 0x4A4B, 0x9496, 0x390D, 0x721A,
	0xEB23, 0xC667, 0x9CEF, 0x29FF, 0x53FE, 0xA7FC, 0x5FD9,
	0x47D3, 0x8FA6, 0x0F6D, 0x1EDA, 0x3DB4, 0x7B68, 0xF6D0,
	0xB861, 0x60E3, 0xC1C6, 0x93AD, 0x377B, 0x6EF6, 0xDDEC,
	0x45A0, 0x8B40, 0x06A1, 0x0D42, 0x1A84, 0x3508, 0x6A10,
	0xAA51, 0x4483, 0x8906, 0x022D, 0x045A, 0x08B4, 0x1168,
	0x76B4, 0xED68, 0xCAF1, 0x85C3, 0x1BA7, 0x374E, 0x6E9C,
	0x3730, 0x6E60, 0xDCC0, 0xA9A1, 0x4363, 0x86C6, 0x1DAD,
	0x3331, 0x6662, 0xCCC4, 0x89A9, 0x0373, 0x06E6, 0x0DCC,
	0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48C4,
};

/* 2.3.7.4: each UTF-16 unit becomes its low byte, or its high byte when that is 0. */
bool
triage_xor_password(const char *password, unsigned char *out, size_t *n)
{
	glong units = 0;
	gunichar2 *u = g_utf8_to_utf16(password, -1, NULL, &units, NULL);
	*n = 0;
	if (u == NULL)
		return false;
	for (glong i = 0; i < units && *n < XOR_MAX_PW; i++) {
		unsigned lo = u[i] & 0xff, hi = u[i] >> 8;
		out[(*n)++] = (unsigned char)(lo ? lo : hi);
	}
	g_free(u);
	return *n > 0;
}

/* 2.3.7.1 CreatePasswordVerifier_Method1. */
uint16_t
triage_xor_verifier(const unsigned char *pw, size_t n)
{
	uint16_t v = 0;
	/* The bytes in reverse, then the length (it comes first in the array). */
	for (size_t i = n + 1; i-- > 0;) {
		unsigned b = i == 0 ? (unsigned)n : pw[i - 1];
		unsigned i1 = (v & 0x4000) ? 1 : 0;
		unsigned i2 = ((unsigned)v * 2) & 0x7FFF;
		v = (uint16_t)((i1 | i2) ^ b);
	}
	return (uint16_t)(v ^ 0xCE4B);
}

/* 2.3.7.2 CreateXorKey_Method1. */
uint16_t
triage_xor_key(const unsigned char *pw, size_t n)
{
	if (n == 0 || n > XOR_MAX_PW)
		return 0;
	uint16_t key = initial_code[n - 1];
	int elem = 0x68;
	for (size_t i = n; i-- > 0;) {
		unsigned c = pw[i];
		for (int bit = 0; bit < 7; bit++) {
			if ((c & 0x40) && elem >= 0)
				key ^= xor_matrix[elem];
			c = (c << 1) & 0xff;
			elem--;
		}
	}
	return key;
}

/* Rotate a byte right by one after XOR (the array's mixing step). */
static unsigned char
xor_ror(unsigned a, unsigned b)
{
	unsigned x = (a ^ b) & 0xff;
	return (unsigned char)((x >> 1) | (x << 7));
}

/* 2.3.7.2 CreateXorArray_Method1. */
void
triage_xor_array(const unsigned char *pw, size_t n, unsigned char out[16])
{
	uint16_t key = triage_xor_key(pw, n);
	unsigned hi = key >> 8, lo = key & 0xff;
	size_t idx = n;

	memset(out, 0, 16);
	if (n == 0 || n > XOR_MAX_PW)
		return;
	if (idx % 2 == 1) {
		out[idx] = xor_ror(pad_array[0], hi);
		idx--;
		out[idx] = xor_ror(pw[n - 1], lo);
	}
	while (idx > 0) {
		idx--;
		out[idx] = xor_ror(pw[idx], hi);
		idx--;
		out[idx] = xor_ror(pw[idx], lo);
	}
	/* The rest of the array from the pad bytes, two at a time, from the end. */
	int at = 15, pad = 15 - (int)n;
	while (pad > 0) {
		out[at--] = xor_ror(pad_array[pad--], hi);
		out[at--] = xor_ror(pad_array[pad--], lo);
	}
}
