/* config_file.c - placeholder until the config reader lands. */
#include "config.h"
#include <stdio.h>
#include "triage/config.h"
triage_status triage_config_load(triage_config *cfg, const char *path, char *err, size_t errlen) { (void)cfg; snprintf(err, errlen, "%s:1: config files are not supported yet", path); return TRIAGE_ERR_CONFIG; }
