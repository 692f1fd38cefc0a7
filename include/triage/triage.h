/* triage.h - everything a front end of libtriage needs. */
#ifndef TRIAGE_TRIAGE_H
#define TRIAGE_TRIAGE_H

#include "triage/status.h"
#include "triage/facts.h"
#include "triage/object.h"
#include "triage/config.h"
#include "triage/report.h"
#include "triage/engine.h"

#endif
