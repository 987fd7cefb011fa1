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

# run-fuzz.sh TARGET SEED_DIR SECONDS [libFuzzer options...]
# Runs a libFuzzer target for SECONDS on a copy of its seed corpus (the
# inputs it finds go to the copy, not the tree). libFuzzer exits non-zero
# on a crash, a leak, an invalid access, a UBSan report (the targets are
# built with -fno-sanitize-recover=undefined) or a failed invariant; the
# reproducer is kept in the temporary directory, which is then left.
set -eu
target=$1
seeds=$2
seconds=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/wmnet-fuzz.XXXXXX")
mkdir "$work/corpus"
cp "$seeds"/* "$work/corpus/"
rc=0
"$target" -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
  -artifact_prefix="$work/" "$@" "$work/corpus" || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "run-fuzz.sh: $target failed ($rc); inputs in $work" >&2
  exit 1
fi
rm -rf "$work"
