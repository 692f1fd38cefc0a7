/* mime_stream.c - GMime streams over triage blobs: read without a copy, decode into a writer. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "mime_int.h"

/*
 * GMimeStreamMem copies its input; a message can be tens of megabytes and
 * the parser keeps substreams of it for every part (persist mode), so read
 * the blob's bytes in place instead.  Substreams share the blob by
 * reference, so parts stay valid however GMime orders its unrefs.
 */
typedef struct {
	GMimeStream parent;
	triage_blob *blob;
} TriageStreamBlob;

typedef struct {
	GMimeStreamClass parent_class;
} TriageStreamBlobClass;

GType triage_stream_blob_get_type(void);
G_DEFINE_TYPE(TriageStreamBlob, triage_stream_blob, GMIME_TYPE_STREAM)

/* End of the readable window. */
static gint64
blob_bound_end(GMimeStream *stream)
{
	TriageStreamBlob *s = (TriageStreamBlob *)stream;
	gint64 size = (gint64)triage_blob_size(s->blob);
	if (stream->bound_end != -1 && stream->bound_end < size)
		return stream->bound_end;
	return size;
}

static ssize_t
blob_read(GMimeStream *stream, char *buf, size_t len)
{
	TriageStreamBlob *s = (TriageStreamBlob *)stream;
	gint64 end = blob_bound_end(stream);
	if (stream->position < stream->bound_start || stream->position > end) {
		errno = EINVAL;
		return -1;
	}
	gint64 n = end - stream->position;
	if ((gint64)len < n)
		n = (gint64)len;
	if (n > 0) {
		memcpy(buf, triage_blob_data(s->blob) + stream->position, (size_t)n);
		stream->position += n;
	}
	return (ssize_t)n;
}

static ssize_t
blob_write(GMimeStream *stream, const char *buf, size_t len)
{
	(void)stream; (void)buf; (void)len;
	errno = EBADF;
	return -1;
}

static int blob_flush(GMimeStream *stream) { (void)stream; return 0; }
static int blob_close(GMimeStream *stream) { (void)stream; return 0; }

static gboolean
blob_eos(GMimeStream *stream)
{
	return stream->position >= blob_bound_end(stream);
}

static int
blob_reset(GMimeStream *stream)
{
	stream->position = stream->bound_start;
	return 0;
}

/* Seeks stay inside the window: the data cannot grow. */
static gint64
blob_seek(GMimeStream *stream, gint64 offset, GMimeSeekWhence whence)
{
	gint64 end = blob_bound_end(stream);
	gint64 real;
	switch (whence) {
	case GMIME_STREAM_SEEK_SET: real = offset; break;
	case GMIME_STREAM_SEEK_CUR: real = stream->position + offset; break;
	case GMIME_STREAM_SEEK_END: real = end + offset; break;
	default: errno = EINVAL; return -1;
	}
	if (real < stream->bound_start || real > end) {
		errno = EINVAL;
		return -1;
	}
	stream->position = real;
	return real;
}

static gint64 blob_tell(GMimeStream *stream) { return stream->position; }

static gint64
blob_length(GMimeStream *stream)
{
	return blob_bound_end(stream) - stream->bound_start;
}

static GMimeStream *
blob_substream(GMimeStream *stream, gint64 start, gint64 end)
{
	TriageStreamBlob *s = (TriageStreamBlob *)stream;
	TriageStreamBlob *sub = g_object_new(triage_stream_blob_get_type(), NULL);
	sub->blob = triage_blob_ref(s->blob);
	g_mime_stream_construct(GMIME_STREAM(sub), start, end);
	return GMIME_STREAM(sub);
}

static void
triage_stream_blob_finalize(GObject *obj)
{
	TriageStreamBlob *s = (TriageStreamBlob *)obj;
	triage_blob_unref(&s->blob);
	G_OBJECT_CLASS(triage_stream_blob_parent_class)->finalize(obj);
}

static void
triage_stream_blob_class_init(TriageStreamBlobClass *klass)
{
	GMimeStreamClass *sc = GMIME_STREAM_CLASS(klass);
	G_OBJECT_CLASS(klass)->finalize = triage_stream_blob_finalize;
	sc->read = blob_read;
	sc->write = blob_write;
	sc->flush = blob_flush;
	sc->close = blob_close;
	sc->eos = blob_eos;
	sc->reset = blob_reset;
	sc->seek = blob_seek;
	sc->tell = blob_tell;
	sc->length = blob_length;
	sc->substream = blob_substream;
}

static void triage_stream_blob_init(TriageStreamBlob *s) { s->blob = NULL; }

/* A read-only stream over the whole blob. */
GMimeStream *
triage_mime_stream_new_blob(triage_blob *blob)
{
	TriageStreamBlob *s = g_object_new(triage_stream_blob_get_type(), NULL);
	s->blob = triage_blob_ref(blob);
	g_mime_stream_construct(GMIME_STREAM(s), 0, -1);
	return GMIME_STREAM(s);
}

/*
 * Decoding straight into a blob writer avoids a second in-memory copy and
 * lets the writer spill big attachments to a temp file.
 */
typedef struct {
	GMimeStream parent;
	triage_blob_writer *w;   /* not owned */
	bool failed;
} TriageStreamWriter;

typedef struct {
	GMimeStreamClass parent_class;
} TriageStreamWriterClass;

GType triage_stream_writer_get_type(void);
G_DEFINE_TYPE(TriageStreamWriter, triage_stream_writer, GMIME_TYPE_STREAM)

static ssize_t
writer_read(GMimeStream *stream, char *buf, size_t len)
{
	(void)stream; (void)buf; (void)len;
	errno = EBADF;
	return -1;
}

/* Over the size limit the writer keeps what fits; GMime need not know. */
static ssize_t
writer_write(GMimeStream *stream, const char *buf, size_t len)
{
	TriageStreamWriter *s = (TriageStreamWriter *)stream;
	triage_status st = triage_blob_writer_write(s->w, buf, len);
	if (TRIAGE_IS_ERROR(st)) {
		s->failed = true;
		errno = EIO;
		return -1;
	}
	stream->position += (gint64)len;
	return (ssize_t)len;
}

static int writer_flush(GMimeStream *stream) { (void)stream; return 0; }
static int writer_close(GMimeStream *stream) { (void)stream; return 0; }
static gboolean writer_eos(GMimeStream *stream) { (void)stream; return TRUE; }
static int writer_reset(GMimeStream *stream) { (void)stream; return -1; }

static gint64
writer_seek(GMimeStream *stream, gint64 offset, GMimeSeekWhence whence)
{
	(void)stream; (void)offset; (void)whence;
	errno = ESPIPE;
	return -1;
}

static gint64 writer_tell(GMimeStream *stream) { return stream->position; }
static gint64 writer_length(GMimeStream *stream) { (void)stream; return -1; }

static GMimeStream *
writer_substream(GMimeStream *stream, gint64 start, gint64 end)
{
	(void)stream; (void)start; (void)end;
	return NULL;
}

static void
triage_stream_writer_class_init(TriageStreamWriterClass *klass)
{
	GMimeStreamClass *sc = GMIME_STREAM_CLASS(klass);
	sc->read = writer_read;
	sc->write = writer_write;
	sc->flush = writer_flush;
	sc->close = writer_close;
	sc->eos = writer_eos;
	sc->reset = writer_reset;
	sc->seek = writer_seek;
	sc->tell = writer_tell;
	sc->length = writer_length;
	sc->substream = writer_substream;
}

static void triage_stream_writer_init(TriageStreamWriter *s) { s->w = NULL; }

/* A write-only stream into `w` (the caller keeps and finishes the writer). */
GMimeStream *
triage_mime_stream_new_writer(triage_blob_writer *w)
{
	TriageStreamWriter *s = g_object_new(triage_stream_writer_get_type(), NULL);
	s->w = w;
	g_mime_stream_construct(GMIME_STREAM(s), 0, -1);
	return GMIME_STREAM(s);
}
