/* filetype_sigs.c - binary signatures at fixed offsets, every read bounded. */
#include "config.h"

#include <string.h>

#include "filetype_int.h"

/* Little/big-endian reads; callers check the bounds first. */
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

/* True when `len` bytes at `off` equal `sig` (false past the end). */
static bool
at(const unsigned char *d, size_t n, size_t off, const void *sig, size_t len)
{
	return off <= n && len <= n - off && memcmp(d + off, sig, len) == 0;
}

/* CLSIDs and GUIDs in their on-disk (little-endian GUID) byte layout. */
static const unsigned char clsid_msi[16] = {   /* {000C1084-0000-0000-C000-000000000046} */
	0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };
static const unsigned char clsid_msp[16] = {   /* {000C1086-...}: MSI patch (.msp) */
	0x86, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };
static const unsigned char clsid_lnk[16] = {   /* {00021401-0000-0000-C000-000000000046} */
	0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };
static const unsigned char guid_onenote[16] = { /* {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3} */
	0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D,
	0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3 };
static const unsigned char ole_magic[8] = {
	0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

/* MZ header whose e_lfanew points at "PE\0\0" inside the data. */
bool
triage_ft_is_pe(const unsigned char *d, size_t n)
{
	if (n < 0x40 || d[0] != 'M' || d[1] != 'Z')
		return false;
	/* Tiny hand-made PEs overlap headers, so e_lfanew may be as low as 4. */
	uint32_t lfanew = le32(d + 0x3C);
	return lfanew >= 4 && at(d, n, lfanew, "PE\0\0", 4);
}

/* ELF identification: magic, a known class and byte order. */
static bool
is_elf(const unsigned char *d, size_t n)
{
	return n >= 20 && at(d, n, 0, "\x7F" "ELF", 4) &&
	       (d[4] == 1 || d[4] == 2) && (d[5] == 1 || d[5] == 2);
}

/*
 * Mach-O, thin (32/64 bit, either byte order) or fat/universal.  Java class
 * files share CAFEBABE; their major version (>= 45) sits where a fat header
 * keeps its small architecture count.
 */
static bool
is_macho(const unsigned char *d, size_t n)
{
	if (n < 28)
		return false;
	uint32_t m = be32(d);
	if (m == 0xFEEDFACEu || m == 0xFEEDFACFu || m == 0xCEFAEDFEu ||
	    m == 0xCFFAEDFEu)
		return true;
	if (m != 0xCAFEBABEu && m != 0xCAFEBABFu)
		return false;
	uint32_t narch = be32(d + 4);
	if (narch == 0 || narch > 30)
		return false;
	uint32_t cpu = be32(d + 8) & 0x00FFFFFFu;
	/* x86, arm, ppc, arm64_32-style variants keep these low bits */
	return cpu == 7 || cpu == 12 || cpu == 18 || cpu == 14;
}

/* OLE2 root directory entry's CLSID is the MSI (or MSP) installer class. */
bool
triage_ft_ole_is_msi(const unsigned char *d, size_t n)
{
	if (!at(d, n, 0, ole_magic, sizeof ole_magic) || n < 512)
		return false;
	uint16_t shift = le16(d + 0x1E);
	if (shift != 9 && shift != 12)
		return false;
	uint32_t sect = le32(d + 0x30);
	if (sect >= 0xFFFFFFFAu)
		return false;
	/* Sector s starts at (s + 1) << shift; 64-bit math cannot overflow. */
	uint64_t off = ((uint64_t)sect + 1) << shift;
	if (off > n || n - off < 128)
		return false;
	const unsigned char *root = d + off;
	if (root[0x42] != 5)    /* object type: root storage */
		return false;
	return memcmp(root + 0x50, clsid_msi, 16) == 0 ||
	       memcmp(root + 0x50, clsid_msp, 16) == 0;
}

/* Shell Link header: size 0x4C and the ShellLink CLSID. */
static bool
is_lnk(const unsigned char *d, size_t n)
{
	return n >= 0x4C && le32(d) == 0x4C && at(d, n, 4, clsid_lnk, 16);
}

/* ISO 9660 / UDF volume recognition descriptors from 0x8000 on. */
static const char *
iso_or_udf(const unsigned char *d, size_t n)
{
	bool udf = false;
	if (n < 0x8006)
		return NULL;
	for (size_t off = 0x8001; off < 0x8001 + 16 * 0x800; off += 0x800) {
		if (off + 5 > n)
			break;
		if (memcmp(d + off, "CD001", 5) == 0 && off <= 0x9001)
			return "iso"; /* libarchive's iso9660 reader opens it */
		if (memcmp(d + off, "BEA01", 5) == 0 ||
		    memcmp(d + off, "NSR02", 5) == 0 ||
		    memcmp(d + off, "NSR03", 5) == 0)
			udf = true;
	}
	return udf ? "udf" : NULL;
}

/* Boot sector of a FAT12/16/32, NTFS or exFAT volume image. */
static bool
is_fs_image(const unsigned char *d, size_t n)
{
	if (n < 512 || d[510] != 0x55 || d[511] != 0xAA)
		return false;
	if (at(d, n, 3, "NTFS    ", 8) || at(d, n, 3, "EXFAT   ", 8))
		return true;
	if (d[0] != 0xEB && d[0] != 0xE9)
		return false;
	return at(d, n, 0x36, "FAT12", 5) || at(d, n, 0x36, "FAT16", 5) ||
	       at(d, n, 0x52, "FAT32", 5);
}

/* LHA header: "-lh?-" / "-lz?-" method id at offset 2. */
static bool
is_lha(const unsigned char *d, size_t n)
{
	return n >= 21 && d[2] == '-' && d[3] == 'l' &&
	       (d[4] == 'h' || d[4] == 'z') && d[6] == '-';
}

/* cpio: new ASCII, CRC, old ASCII, or old binary in either byte order. */
static bool
is_cpio(const unsigned char *d, size_t n)
{
	return at(d, n, 0, "070701", 6) || at(d, n, 0, "070702", 6) ||
	       at(d, n, 0, "070707", 6) ||
	       (n >= 26 && (le16(d) == 0x71C7 || le16(d) == 0xC771));
}

/*
 * ARJ: header id 0x60 0xEA, a basic header of sane size whose first
 * header is the archive's main header (file type 2).  formats_arj.c checks
 * the header CRC.
 */
static bool
is_arj(const unsigned char *d, size_t n)
{
	if (n < 4 + 30 + 4 || d[0] != 0x60 || d[1] != 0xEA)
		return false;
	uint16_t size = le16(d + 2);
	return size >= 30 && size <= 2600 && d[4] >= 30 && d[4] <= size &&
	       d[4 + 6] == 2;
}

/* Mark fi as an archive of type t. */
static bool
archive(ft_info *fi, const char *t)
{
	fi->type = t;
	fi->archive = true;
	return true;
}

/* Mark fi as an executable of format f (the type is the format). */
static bool
executable(ft_info *fi, const char *f)
{
	fi->type = f;
	fi->exec_format = f;
	fi->executable = true;
	return true;
}

/* Mark fi as a disk image of type t. */
static bool
disk(ft_info *fi, const char *t)
{
	fi->type = t;
	fi->disk_image = true;
	return true;
}

/*
 * Zip: OOXML when it holds [Content_Types].xml, ODF when its first member
 * is an OpenDocument "mimetype"; APPX/MSIX installers are executables.
 */
static bool
zip_kind(const unsigned char *d, size_t n, ft_info *fi)
{
	unsigned z = triage_ft_zip_scan(d, n);
	if (z & FT_ZIP_APPX) {
		/* An app package installs and runs code: unpack it, flag it. */
		archive(fi, "zip");
		fi->executable = true;
		fi->exec_format = "msix";
		return true;
	}
	if (z & FT_ZIP_CONTENT_TYPES) {
		fi->type = "ooxml";
		fi->office = true;
		return true;
	}
	if (z & FT_ZIP_ODF) {
		fi->type = "odf";
		fi->office = true;
		return true;
	}
	return archive(fi, "zip");
}

/* Signatures at the start of the data (and a few fixed offsets). */
static bool
head_detect(const unsigned char *d, size_t n, ft_info *fi)
{
	if (triage_ft_is_pe(d, n))
		return executable(fi, "pe");
	if (is_elf(d, n))
		return executable(fi, "elf");
	if (is_macho(d, n))
		return executable(fi, "macho");
	/* Before the other head checks: the ISO system area is free-form. */
	const char *iso = iso_or_udf(d, n);
	if (iso)
		return disk(fi, iso);
	if (at(d, n, 0, ole_magic, sizeof ole_magic)) {
		if (triage_ft_ole_is_msi(d, n)) {
			executable(fi, "msi");
			fi->type = "msi";
			return true;
		}
		fi->type = "ole";
		fi->office = true;
		return true;
	}
	if (at(d, n, 0, "PK\3\4", 4) || at(d, n, 0, "PK\5\6", 4) ||
	    at(d, n, 0, "PK\7\10", 4) || at(d, n, 0, "PK00PK\3\4", 8))
		return zip_kind(d, n, fi);
	if (at(d, n, 0, "7z\xBC\xAF\x27\x1C", 6))
		return archive(fi, "7z");
	if (at(d, n, 0, "Rar!\x1A\x07\x00", 7) || at(d, n, 0, "Rar!\x1A\x07\x01\x00", 8))
		return archive(fi, "rar");
	if (at(d, n, 0, "\x1F\x8B\x08", 3))
		return archive(fi, "gzip");
	if (at(d, n, 0, "BZh", 3) && n > 3 && d[3] >= '1' && d[3] <= '9')
		return archive(fi, "bzip2");
	if (at(d, n, 0, "\xFD" "7zXZ\0", 6))
		return archive(fi, "xz");
	if (at(d, n, 0, "\x28\xB5\x2F\xFD", 4))
		return archive(fi, "zstd");
	if (at(d, n, 0, "MSCF\0\0\0\0", 8))
		return archive(fi, "cab");
	if (at(d, n, 0, "!<arch>\n", 8))
		return archive(fi, "ar");
	if (at(d, n, 257, "ustar", 5))
		return archive(fi, "tar");
	if (is_cpio(d, n))
		return archive(fi, "cpio");
	if (is_lha(d, n))
		return archive(fi, "lha");
	if (is_arj(d, n))
		return archive(fi, "arj");
	/* MS compress.exe (expand.exe reads them: "setup.ex_") */
	if (at(d, n, 0, "SZDD\x88\xF0\x27\x33", 8))
		return archive(fi, "szdd");
	if (at(d, n, 0, "KWAJ\x88\xF0\x27\xD1", 8))
		return archive(fi, "kwaj");
	if (is_lnk(d, n)) {
		fi->type = "lnk";
		fi->shortcut = true;
		return true;
	}
	if (at(d, n, 0, guid_onenote, 16)) {
		fi->type = "onenote";
		fi->onenote = true;
		return true;
	}
	if (at(d, n, 0, "vhdxfile", 8))
		return disk(fi, "vhdx");
	if (at(d, n, 0, "conectix", 8))
		return disk(fi, "vhd");
	if (is_fs_image(d, n))
		return disk(fi, "img");
	if (at(d, n, 0, "\x78\x9F\x3E\x22", 4)) {
		fi->type = "tnef";
		return true;
	}
	if (at(d, n, 0, "ID;", 3)) {
		fi->type = "slk";
		fi->office = true;
		return true;
	}
	return false;
}

/* Signatures at the end (VHD footer, DMG koly trailer). */
static bool
tail_detect(const unsigned char *d, size_t n, ft_info *fi)
{
	if (n < 512)
		return false;
	if (at(d, n, n - 512, "conectix", 8) || at(d, n, n - 511, "conectix", 8))
		return disk(fi, "vhd");
	if (at(d, n, n - 512, "koly", 4))
		return disk(fi, "dmg");
	return false;
}

/* RTF after optional leading white space; PDF header in the first KB. */
static bool
doc_detect(const unsigned char *d, size_t n, ft_info *fi)
{
	size_t i = 0;
	while (i < n && i < 64 && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' ||
				   d[i] == '\n'))
		i++;
	if (at(d, n, i, "{\\rt", 4)) {
		fi->type = "rtf";
		fi->office = true;
		return true;
	}
	/* Readers accept the header anywhere in the first 1024 bytes. */
	size_t lim = n < 1024 ? n : 1024;
	for (const unsigned char *p = d; p && (size_t)(p - d) + 5 <= lim;) {
		p = memchr(p, '%', lim - (size_t)(p - d));
		if (p == NULL || (size_t)(p - d) + 5 > lim)
			break;
		if (memcmp(p, "%PDF-", 5) == 0) {
			fi->type = "pdf";
			return true;
		}
		p++;
	}
	return false;
}

/* All binary signature checks, cheapest and most specific first. */
bool
triage_ft_sig_detect(const unsigned char *d, size_t n, ft_info *fi)
{
	return head_detect(d, n, fi) || tail_detect(d, n, fi) ||
	       doc_detect(d, n, fi);
}
