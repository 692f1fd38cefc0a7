/* facts.h - the fixed set of facts analyzers compute and rules read. */
#ifndef TRIAGE_FACTS_H
#define TRIAGE_FACTS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Every fact is a YARA external variable of the same name, declared when the
 * rules are compiled and set per object before it is scanned.  The table in
 * src/lib/facts.c gives each one its type and description; rules/README.md
 * documents them for admins.  Append new facts at the end of their group.
 */
typedef enum triage_fact {
	/* identity of the object */
	TF_NAME = 0,            /* str: declared file name (UTF-8) */
	TF_EXT,                 /* str: last extension of the name, lower case, no dot */
	TF_DECLARED_TYPE,       /* str: declared MIME type (Content-Type) */
	TF_MAGIC_MIME,          /* str: libmagic MIME type */
	TF_MAGIC_DESC,          /* str: libmagic description */
	TF_TYPE,                /* str: triage's own type class (pe, zip, ole, ...) */
	TF_KIND,                /* str: how the object was found (message, mime, member, ...) */
	TF_DEPTH,               /* int: 0 for the message, +1 per layer */
	TF_SIZE,                /* int: decoded size in bytes */
	TF_IS_ATTACHMENT,       /* bool: a MIME part that is not a body text */
	TF_IS_BODY,             /* bool: text/plain or text/html body part */
	TF_IN_ARCHIVE,          /* bool: inside an archive (at any depth) */
	/* what it is */
	TF_IS_EXECUTABLE,       /* bool: PE, ELF, Mach-O, MSI, ... */
	TF_EXEC_FORMAT,         /* str: pe, elf, macho, msi, dotnet, ... */
	TF_IS_SCRIPT,           /* bool: script by name or content */
	TF_SCRIPT_KIND,         /* str: js, jse, vbs, vbe, wsf, wsh, hta, ps1, bat, cmd, sct, ... */
	TF_IS_SHORTCUT,         /* bool: .lnk / .url / .scf */
	TF_IS_DISK_IMAGE,       /* bool: iso, udf, vhd, vhdx, dmg, img */
	TF_IS_ONENOTE,          /* bool: OneNote section file */
	TF_IS_HTML,             /* bool: HTML document or body */
	TF_IS_ARCHIVE,          /* bool: an archive or compressed stream */
	TF_IS_OFFICE,           /* bool: OLE2, OOXML, RTF or SLK document */
	/* file name */
	TF_NAME_BIDI,           /* bool: name has bidi controls (RTLO, ...) */
	TF_NAME_DOUBLE_EXT,     /* bool: name like x.pdf.exe */
	TF_TYPE_MISMATCH,       /* bool: declared extension contradicts content */
	/* archives and state */
	TF_ENCRYPTED,           /* bool: encrypted and not opened */
	TF_DECRYPTED,           /* bool: opened with a password from the message */
	TF_CORRUPT,             /* bool: could not be parsed completely */
	TF_LIMIT_EXCEEDED,      /* bool: a limit stopped the analysis */
	TF_LIMIT_NAME,          /* str: which limit (max_depth, max_members, ...) */
	TF_UNSCANNED,           /* str: "", "encrypted", "limit", "corrupt" */
	TF_MEMBERS,             /* int: number of archive members */
	TF_PASSWORD_CANDIDATES, /* int: passwords found in the message text */
	/* Office: VBA */
	TF_HAS_VBA,
	TF_VBA_AUTOEXEC,
	TF_VBA_WRITE,
	TF_VBA_EXECUTE,
	TF_VBA_STOMPED,
	TF_IS_VBA_MODULE,       /* bool: this object is VBA source */
	/* Office: XLM */
	TF_HAS_XLM,
	TF_XLM_HIDDEN,
	TF_XLM_AUTOEXEC,
	/* Office: encryption, links, objects */
	TF_OFFICE_ENCRYPTED,
	TF_OFFICE_DECRYPTED,
	TF_TEMPLATE_INJECTION,
	TF_EXTERNAL_LINK,
	TF_DDE,
	TF_EMBEDDED_OBJECTS,    /* int: embedded OLE objects / packages in a document */
	TF_IS_EMBEDDED,         /* bool: this object was embedded in a document */
	TF_OLE_CLASS,           /* str: OLE class / ProgID (Package, Equation.3, ...) */
	TF_RTF_OBJECTS,         /* int: \object groups in an RTF file */
	TF_ONENOTE_EMBEDDED,    /* int: embedded files in a OneNote section */
	TF_LNK_TARGET,          /* str: shortcut target path */
	TF_LNK_ARGS,            /* str: shortcut command-line arguments */
	TF_LNK_WORKDIR,         /* str: shortcut working directory */
	TF_COUNT
} triage_fact;

typedef enum triage_fact_type {
	TRIAGE_FACT_BOOL,
	TRIAGE_FACT_INT,
	TRIAGE_FACT_STR
} triage_fact_type;

/* Static description of one fact. */
typedef struct triage_fact_def {
	const char *name;        /* YARA external name, "triage_..." */
	triage_fact_type type;
	const char *description; /* one line for admins */
} triage_fact_def;

/* The definition of fact `f`, or NULL when out of range. */
const triage_fact_def *triage_fact_get(triage_fact f);

#endif
