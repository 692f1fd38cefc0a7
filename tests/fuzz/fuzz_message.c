/* fuzz_message.c - libFuzzer target: input is an RFC 5322 message. */
#include "config.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_scan(data, size, 0);
	return 0;
}
