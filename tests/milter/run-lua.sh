#!/bin/sh
# Runs one miltertest script (the suite's own driver fills this in).
exec "$MILTERTEST" -s "$1"
