#!/bin/sh
# gst-wmnet
# Copyright (C) 2026 the gst-wmnet developers
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, see <https://www.gnu.org/licenses/>.

# Builds gst-wmnet and runs every test (unit and end to end with real
# clients), each bounded in time, then the unit and element tests again
# under valgrind (invalid accesses and definite leaks fail), then the
# parsers' libFuzzer targets, 10 s each under ASan and UBSan, from a clang
# build of their own in ./build-fuzz (tests/fuzz; clang and
# libclang-rt-14-dev from scripts/install-deps.sh).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
meson test -C build --print-errorlogs "$@"
meson test -C build --print-errorlogs --setup valgrind --suite libs \
  --suite elements
[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz \
  -Dfuzzing=enabled -Dtests=disabled -Dexamples=disabled -Ddoc=disabled
meson test -C build-fuzz --print-errorlogs --suite fuzz
# one closing line for the three runs (meson stops the script above on a
# failure)
logs="build/meson-logs/testlog.json build/meson-logs/testlog-valgrind.json
  build-fuzz/meson-logs/testlog.json"
# shellcheck disable=SC2086
passed=$(cat $logs | grep -c '"result": "OK"')
# shellcheck disable=SC2086
failed=$(cat $logs | grep -v '"result": "OK"' | grep -c '"result"' || true)
echo "tests: $passed passed, $failed failed"
