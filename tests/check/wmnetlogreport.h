/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, see <https://www.gnu.org/licenses/>.
 */

/* A player's log report for the tests: the Streaming Log of [MS-WMLOG]
 * 3.3 (its <Summary> W3C line and one tag per field, [MS-WMLOG] 2.4), with
 * the values a Windows Media Player 10 sends after playing a broadcast.
 * Shared by the unit test of the parser and the LogStats POST tests. */

#ifndef __WMNET_LOG_REPORT_H__
#define __WMNET_LOG_REPORT_H__

#define WMNET_TEST_PLAYER_GUID "{3300AD50-2C39-46c0-AE0A-3E0B6EFB86DC}"

/* c-buffercount 2, c-totalbuffertime 3, c-quality 100,
 * c-pkts-lost-client 1, c-os Windows_XP, c-cpu Pentium */
#define WMNET_TEST_LOG_REPORT \
  "<XML>\r\n" \
  "<Summary>0.0.0.0 2006-05-01 21:34:01 - http://server.example.com/live " \
  "0 12 1 200 " WMNET_TEST_PLAYER_GUID " 10.0.0.3802 en-US " \
  "Mozilla/4.0_(compatible;_MSIE_6.0;_Windows_NT_5.1)_(WMFSDK/10.0.0.3802)" \
  "_WMPlayer/10.0.0.4019 - wmplayer.exe 10.0.0.4019 Windows_XP " \
  "5.1.0.2600 Pentium - - 296000 http TCP Windows_Media_Audio_9.2 " \
  "Windows_Media_Video_9 - - 180000 - 120 1 0 0 0 0 0 2 3 100 - - - -" \
  "</Summary>\r\n" \
  "<c-ip>0.0.0.0</c-ip>\r\n" \
  "<date>2006-05-01</date>\r\n" \
  "<time>21:34:01</time>\r\n" \
  "<c-dns>-</c-dns>\r\n" \
  "<cs-uri-stem>http://server.example.com/live</cs-uri-stem>\r\n" \
  "<c-starttime>0</c-starttime>\r\n" \
  "<x-duration>12</x-duration>\r\n" \
  "<c-rate>1</c-rate>\r\n" \
  "<c-status>200</c-status>\r\n" \
  "<c-playerid>" WMNET_TEST_PLAYER_GUID "</c-playerid>\r\n" \
  "<c-playerversion>10.0.0.3802</c-playerversion>\r\n" \
  "<c-playerlanguage>en-US</c-playerlanguage>\r\n" \
  "<cs-User-Agent>Mozilla/4.0_(compatible;_MSIE_6.0;_Windows_NT_5.1)" \
  "_(WMFSDK/10.0.0.3802)_WMPlayer/10.0.0.4019</cs-User-Agent>\r\n" \
  "<cs-Referer>-</cs-Referer>\r\n" \
  "<c-hostexe>wmplayer.exe</c-hostexe>\r\n" \
  "<c-hostexever>10.0.0.4019</c-hostexever>\r\n" \
  "<c-os>Windows_XP</c-os>\r\n" \
  "<c-osversion>5.1.0.2600</c-osversion>\r\n" \
  "<c-cpu>Pentium</c-cpu>\r\n" \
  "<filelength>-</filelength>\r\n" \
  "<filesize>-</filesize>\r\n" \
  "<avgbandwidth>296000</avgbandwidth>\r\n" \
  "<protocol>http</protocol>\r\n" \
  "<transport>TCP</transport>\r\n" \
  "<audiocodec>Windows_Media_Audio_9.2</audiocodec>\r\n" \
  "<videocodec>Windows_Media_Video_9</videocodec>\r\n" \
  "<c-channelURL>-</c-channelURL>\r\n" \
  "<sc-bytes>-</sc-bytes>\r\n" \
  "<c-bytes>180000</c-bytes>\r\n" \
  "<s-pkts-sent>-</s-pkts-sent>\r\n" \
  "<c-pkts-received>120</c-pkts-received>\r\n" \
  "<c-pkts-lost-client>1</c-pkts-lost-client>\r\n" \
  "<c-pkts-lost-net>0</c-pkts-lost-net>\r\n" \
  "<c-pkts-lost-cont-net>0</c-pkts-lost-cont-net>\r\n" \
  "<c-resendreqs>0</c-resendreqs>\r\n" \
  "<c-pkts-recovered-ECC>0</c-pkts-recovered-ECC>\r\n" \
  "<c-pkts-recovered-resent>0</c-pkts-recovered-resent>\r\n" \
  "<c-buffercount>2</c-buffercount>\r\n" \
  "<c-totalbuffertime>3</c-totalbuffertime>\r\n" \
  "<c-quality>100</c-quality>\r\n" \
  "<s-ip>-</s-ip>\r\n" \
  "<s-dns>-</s-dns>\r\n" \
  "<s-totalclients>-</s-totalclients>\r\n" \
  "<s-cpu-util>-</s-cpu-util>\r\n" \
  "</XML>\r\n"

#endif /* __WMNET_LOG_REPORT_H__ */
