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

# Builds gst-wmnet and broadcasts a live test pattern with a tone (WMV2 +
# WMA2) on port ${PORT:-8080}, until Ctrl+C.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
PORT=${PORT:-8080}
export GST_PLUGIN_PATH="$PWD/build/gst/wmasf:$PWD/build/ext/wmnet${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
cat <<MSG
Broadcasting a live test source on port $PORT (Ctrl+C stops it).
  URL:         http://$(hostname):$PORT/   (also mmsh://127.0.0.1:$PORT/)
  Play it:     ffplay mmsh://127.0.0.1:$PORT/
               vlc mmsh://127.0.0.1:$PORT/
               gst-launch-1.0 playbin uri=http://127.0.0.1:$PORT/
MSG
gst-launch-1.0 -m \
  videotestsrc is-live=true pattern=smpte ! \
    video/x-raw,width=640,height=360,framerate=25/1 ! \
    avenc_wmv2 bitrate=1000000 gop-size=50 ! queue ! \
    wmnetsink name=s port="$PORT" max-clients=0 \
  audiotestsrc is-live=true wave=sine freq=440 ! \
    audio/x-raw,rate=44100,channels=1 ! audioconvert ! \
    avenc_wmav2 bitrate=128000 ! queue ! s. \
  | grep --line-buffered -E 'wmnetsink-|ERROR|WARNING'
