/* rules.h - compiling the rules directory and scanning one object. */
#ifndef TRIAGE_RULES_H
#define TRIAGE_RULES_H

#include <stddef.h>
#include <yara.h>
#include "triage/status.h"
#include "object_int.h"

/*
 * Compile every *.yar / *.yara file in dir (sorted by name), with every fact
 * declared as an external variable.  On error returns TRIAGE_ERR_CONFIG with
 * all messages as "file:line: text" lines in err.
 */
triage_status triage_rules_compile(const char *dir, YR_RULES **out,
				   size_t *nrules, char *err, size_t errlen);

/*
 * Set the object's facts as externals and scan its data; each matching rule
 * becomes a finding on the object.  timeout_s bounds the YARA scan.
 */
triage_status triage_rules_scan_object(YR_SCANNER *sc, triage_object *o,
				       int timeout_s, char *err, size_t errlen);

#endif
