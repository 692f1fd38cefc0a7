/* fuzz_common.h - one engine per fuzzing process, built on first use. */
#ifndef TRIAGE_FUZZ_COMMON_H
#define TRIAGE_FUZZ_COMMON_H

#include <stdint.h>
#include <stddef.h>
#include "triage/triage.h"

/* Scan data with the shipped rules; flags as for triage_scanner_scan_mem. */
void fuzz_scan(const uint8_t *data, size_t size, int flags);

#endif
