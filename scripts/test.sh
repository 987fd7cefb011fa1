#!/bin/sh
# Builds gst-wmnet and runs every test (unit and end to end with real
# clients), each bounded in time, then the unit and element tests again
# under valgrind (invalid accesses and definite leaks fail).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
meson test -C build --print-errorlogs "$@"
meson test -C build --print-errorlogs --setup valgrind --suite libs \
  --suite elements
# one closing line for both runs (meson stops the script above on a failure)
passed=$(cat build/meson-logs/testlog.json build/meson-logs/testlog-valgrind.json \
  | grep -c '"result": "OK"')
failed=$(cat build/meson-logs/testlog.json build/meson-logs/testlog-valgrind.json \
  | grep -v '"result": "OK"' | grep -c '"result"' || true)
echo "tests: $passed passed, $failed failed"
