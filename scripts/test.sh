#!/bin/sh
# Builds gst-wmnet and runs every test (unit and end to end with real
# clients), each bounded in time.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
meson test -C build --print-errorlogs "$@"
