/* ft_fixtures.h - synthetic files for the type detection and base rule tests. */
#ifndef TRIAGE_FT_FIXTURES_H
#define TRIAGE_FT_FIXTURES_H

#include <glib.h>

/* Each builder returns a new GBytes (free with g_bytes_unref). */
GBytes *ft_pe(void);            /* minimal MZ + PE header */
GBytes *ft_elf(void);
GBytes *ft_macho(void);         /* 64-bit little-endian thin Mach-O */
GBytes *ft_macho_fat(void);     /* universal binary header, 2 archs */
GBytes *ft_java_class(void);    /* CAFEBABE class file: not Mach-O */
GBytes *ft_ole_raw(void);       /* hand-made CFB header + root entry */
GBytes *ft_ole_gsf(const unsigned char clsid[16]); /* libgsf, root CLSID */
/* A zip (libarchive writer) holding the named members, NULL-terminated. */
GBytes *ft_zip(const char *first, ...) G_GNUC_NULL_TERMINATED;
GBytes *ft_7z(void);
GBytes *ft_tar(void);
GBytes *ft_tar_gz(void);
GBytes *ft_iso(void);           /* CD001 at 0x8001 in 40 KB */
GBytes *ft_udf(void);           /* BEA01 / NSR02 only */
GBytes *ft_iso_udf(void);       /* both */
GBytes *ft_vhd(void);
GBytes *ft_vhdx(void);
GBytes *ft_dmg(void);
GBytes *ft_fat(void);
GBytes *ft_lnk(void);
GBytes *ft_onenote(gboolean with_file_data);
GBytes *ft_png(void);
/* Bytes from a C string (without the NUL). */
GBytes *ft_str(const char *s);
/* Prefix bytes of a given length, then the string. */
GBytes *ft_at(size_t total, size_t off, const void *sig, size_t len);

/* Texts used by several tests. */
extern const char ft_smuggling_html[];
extern const char ft_plain_pdf[];

#endif
