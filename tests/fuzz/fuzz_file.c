/* fuzz_file.c - libFuzzer target: input is one attachment of any type. */
#include "config.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every parser is reached through type detection: archives, OLE, RTF, ... */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_scan(data, size, TRIAGE_SCAN_RAW);
	return 0;
}
