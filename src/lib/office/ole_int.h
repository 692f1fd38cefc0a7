/* ole_int.h - shared pieces of the OLE2/CFB, VBA, XLM, Word and PowerPoint readers. */
#ifndef TRIAGE_OLE_INT_H
#define TRIAGE_OLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include <gsf/gsf.h>

#include "office_int.h"

/* Little-endian reads; callers check the bounds first. */
static inline uint16_t
ole_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
ole_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/*
 * One parse of a CFB file: the libgsf handles plus the counters that bound
 * the walk.  `o` is the object whose facts the readers set (the document).
 */
typedef struct ole_doc {
	triage_ctx *ctx;
	triage_object *o;
	GsfInput *mem;          /* the bytes, not copied */
	GsfInfile *root;
	uint64_t streams;       /* directory entries visited */
	bool corrupt;           /* some stream could not be read */
	bool limited;           /* a limit stopped part of the work */
	int embedded;           /* embedded objects counted */
	bool replaced;          /* a decrypted copy (child) stands for the whole file */
} ole_doc;

/*
 * ole_io.c: open a CFB image (header sanity checks first, then libgsf);
 * NULL with a reason in *why when it is not a usable CFB file.
 */
GsfInfile *triage_ole_open(GsfInput *mem, const char **why);
/*
 * Read a whole stream, at most `max` bytes (TRIAGE_LIMIT past it, nothing
 * returned); TRIAGE_CORRUPT when libgsf cannot deliver the declared size.
 * *out is g_malloc'ed (NUL-terminated for convenience, not counted in *len).
 */
triage_status triage_ole_read(GsfInput *in, uint64_t max, unsigned char **out,
			      size_t *len);
/* Child of a storage by name, ASCII case-insensitive as in CFB; a new ref or NULL. */
GsfInput *triage_ole_child(GsfInfile *dir, const char *name);
/* True when the entry is a storage (directory). */
bool triage_ole_is_storage(GsfInput *in);
/*
 * ProgID or user type from a "\001CompObj" stream, g_malloc'ed, or NULL.
 */
char *triage_ole_compobj_class(const unsigned char *p, size_t len);

/* ole.c: search a CFB tree for VBA projects and extract them into d->o. */
triage_status triage_ole_find_vba(ole_doc *d, GsfInfile *root);
/* ole.c: true when the tree holds a "VBA" storage with a "dir" stream. */
bool triage_ole_has_vba(GsfInfile *root);

/* vba_decompress.c: MS-OVBA 2.4.1 decompression of a CompressedContainer. */
triage_status triage_vba_decompress(const unsigned char *in, size_t len,
				    size_t max_out, GByteArray *out);

/* mraptor-style flags of VBA source. */
typedef struct vba_flags {
	bool autoexec;
	bool write;
	bool execute;
} vba_flags;

/* vba_classify.c: classify source text (comments ignored), OR into *f. */
void triage_vba_classify(const char *src, size_t len, vba_flags *f);

/*
 * vba.c: extract the VBA project whose "VBA" storage is `vba` (`project` is
 * the storage holding it, for form designers; may be NULL): module children
 * on d->o, facts on d->o (and on an OOXML parent).  Returns TRIAGE_OK or
 * an internal error; input trouble is recorded on d->o.
 */
triage_status triage_vba_project(ole_doc *d, GsfInfile *project, GsfInfile *vba);

/* xlm.c: BIFF5/8 Workbook stream: macro sheets, Auto_Open, FILEPASS. */
triage_status triage_xlm_workbook(ole_doc *d, const unsigned char *wb, size_t len);

/* word.c: FIB encryption flags and DDE fields of a WordDocument stream. */
triage_status triage_word_check(ole_doc *d, const unsigned char *wd, size_t len);

/* A root stream of a decrypted copy (drop: leave it out of the copy). */
typedef struct triage_cfb_stream {
	const char *name;
	const unsigned char *data;
	size_t len;
	bool drop;
} triage_cfb_stream;
/*
 * crypto_cfb.c: copy d->root into a new CFB image with the named root
 * streams replaced (or left out when marked drop).  TRIAGE_LIMIT (*limit the setting's key) or
 * TRIAGE_CORRUPT on trouble reading the original.
 */
/* crypto_cfb.c: a root stream's bytes (*buf NULL when absent); false when unreadable. */
bool triage_crypto_read_root(ole_doc *d, const char *name, unsigned char **buf,
			     size_t *len);
/* crypto_cfb.c: mark an encrypted document that stays closed (limit, corrupt, encrypted). */
void triage_crypto_not_decrypted(ole_doc *d, triage_status st, const char *why);
triage_status triage_crypto_cfb_rebuild(ole_doc *d, const triage_cfb_stream *repl,
					size_t n, triage_blob **out,
					const char **limit);
/* crypto_cfb.c: add `b` as d->o's "decrypted" child; sets TF_OFFICE_DECRYPTED, d->replaced. */
triage_status triage_crypto_add_decrypted(ole_doc *d, const char *segment,
					  triage_blob *b);
/* crypto_cfb.c: rebuild + add; trouble is recorded on d->o. */
triage_status triage_crypto_finish(ole_doc *d, const char *segment,
				   const triage_cfb_stream *s, size_t n);
/*
 * crypto_word.c: an encrypted WordDocument (FIB fEncrypted): try the
 * candidate passwords on its RC4 / RC4 CryptoAPI protection and add the
 * decrypted file as a "decrypted" child (segment "decrypted.doc").  XOR
 * obfuscation (fObfuscated) is reported encrypted, not decrypted.
 */
triage_status triage_crypto_word(ole_doc *d, const unsigned char *wd, size_t len);

/*
 * crypto_ppt.c: an encrypted PowerPoint Document stream (CryptSession10Container
 * named by the current UserEditAtom): try PowerPoint's default password,
 * VelvetSweatshop and the message's candidates, and add the decrypted file
 * as a "decrypted" child ("decrypted.ppt").  *handled is false for a file
 * that is not encrypted (the caller reads it as usual).
 */
triage_status triage_crypto_ppt(ole_doc *d, const unsigned char *doc, size_t len,
				bool *handled);

/* ppt.c: PowerPoint Document stream: encryption, VBA and embedded storages. */
triage_status triage_ppt_document(ole_doc *d, const unsigned char *doc,
				  size_t len);

/* ole_embed.c: embedded object storages (ObjectPool/_n, MBD*) and packages. */
triage_status triage_ole_embedded_storage(ole_doc *d, GsfInfile *stg,
					  const char *name);
/* ole_embed.c: a "\001Ole10Native" stream: the packaged file as a child. */
triage_status triage_ole_native(ole_doc *d, const unsigned char *p, size_t len,
				const char *clsname);
/* ole_embed.c: add a CFB image as an "embedded" child (counted). */
triage_status triage_ole_add_embedded(ole_doc *d, const char *segment,
				      const char *name, triage_blob *data,
				      const char *clsname);

#endif
