/* quarantine.h - triage-quarantine's printing helpers. */
#ifndef TRIAGE_TOOLS_QUARANTINE_H
#define TRIAGE_TOOLS_QUARANTINE_H

#include <stdbool.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>

const char *qt_str(json_t *meta, const char *key);
char *qt_join(json_t *arr, const char *sep);
char *qt_categories(json_t *meta);
void qt_print_line(json_t *meta);
json_t *qt_structure(const char *eml_path, json_t *meta, bool as_json);

#endif
