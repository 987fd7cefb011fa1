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

# Installs, from Debian 12's packages, what gst-wmnet needs to build, run its
# demo and pass its tests: the real peers the tests play with (FFmpeg, VLC,
# GStreamer's asfdemux and souphttpsrc, gst-plugins-bad's asfmux, nginx as a
# relay and as the TLS end of pipelines/wmnetsrc-https, MPlayer and gst-discoverer-1.0 for the codec matrix), the libav
# encoders, x264enc (plugins-ugly), valgrind, GNU indent for the style
# test, python3-gst for the Python example, gjs for the JavaScript one,
# exiftool (libimage-exiftool-perl) to read file-mode durations in
# pipelines/wmasfmux-meta and wmnetsink-archive, libsoup 2 (libsoup2.4-1)
# only for elements/wmnetsink-soup2, which checks
# that wmnetsink refuses to share a process with it, libcrypt-dev (crypt(3)
# for auth-file), curl (--anyauth in wmnetsink-auth), openssl (the
# scale-out test's self-signed certificate, pipelines/wmnetsrc-https's CA
# and certificates), glib-networking (wmnetsrc's TLS), systemd
# (systemd-analyze verify of wmnet-server.service in the install test) and
# man-db (the install test renders wmnet-server.1), and clang with
# libclang-rt-14-dev (libFuzzer and the sanitizer runtimes of clang 14; only
# recommended by clang) for the fuzz targets of tests/fuzz,
# python3-prometheus-client (its text parser reads metrics-path in
# pipelines/wmnetsink-metrics). Run it as root or as a user who may sudo:
# it asks sudo for root itself (the README's one-liners work either way).
set -eu
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "$0: needs root: run it as root (there is no sudo here)" >&2
    exit 1
  fi
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  ca-certificates gcc libc6-dev meson ninja-build pkg-config \
  libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev \
  libsoup-3.0-dev glib-networking \
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
  gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-libav \
  indent valgrind vlc-bin vlc-plugin-base ffmpeg python3 python3-gi python3-gst-1.0 gir1.2-gstreamer-1.0 \
  nginx libsoup2.4-1 gjs mplayer gstreamer1.0-plugins-base-apps \
  libcrypt-dev curl openssl clang libclang-rt-14-dev \
  libimage-exiftool-perl python3-prometheus-client systemd man-db
