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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmspframing.h"

static inline void
put_le16 (guint8 * p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static inline void
put_le32 (guint8 * p, guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

gboolean
wmsp_write_data_frame (guint8 out[WMSP_DATA_FRAME_SIZE], WmspChunkType type,
    guint32 location_id, guint8 afflags, gsize payload_len)
{
  guint16 len;

  g_return_val_if_fail (type == WMSP_CHUNK_HEADER || type == WMSP_CHUNK_DATA,
      FALSE);
  if (payload_len > WMSP_MAX_PAYLOAD)
    return FALSE;

  /* PacketLength and PacketSize both count the 8 extension bytes: VLC reads
   * one, FFmpeg the other. */
  len = payload_len + 8;
  out[0] = '$';
  out[1] = type;
  put_le16 (out + 2, len);
  put_le32 (out + 4, location_id);
  out[8] = 0;                   /* Incarnation */
  out[9] = afflags;
  put_le16 (out + 10, len);
  return TRUE;
}

void
wmsp_write_reason_frame (guint8 out[WMSP_REASON_FRAME_SIZE],
    WmspChunkType type, guint32 reason)
{
  g_return_if_fail (type == WMSP_CHUNK_END || type == WMSP_CHUNK_CHANGE);

  out[0] = '$';
  out[1] = type;
  put_le16 (out + 2, 4);
  put_le32 (out + 4, reason);
}

gssize
wmsp_parse_chunk (const guint8 * data, gsize len, WmspChunk * chunk)
{
  memset (chunk, 0, sizeof (*chunk));
  if (len < WMSP_FRAME_SIZE)
    return 0;
  if (data[0] != '$')
    return -1;
  chunk->type = data[1];
  chunk->length = data[2] | (data[3] << 8);

  switch (chunk->type) {
    case WMSP_CHUNK_HEADER:
    case WMSP_CHUNK_DATA:
      if (chunk->length < 8)
        return -1;
      if (len < WMSP_DATA_FRAME_SIZE)
        return 0;
      chunk->location_id = data[4] | (data[5] << 8) | (data[6] << 16) |
          ((guint32) data[7] << 24);
      chunk->incarnation = data[8];
      chunk->afflags = data[9];
      chunk->payload_len = chunk->length - 8;
      return WMSP_DATA_FRAME_SIZE;
    case WMSP_CHUNK_END:
    case WMSP_CHUNK_CHANGE:
      if (chunk->length < 4)
        return -1;
      if (len < WMSP_REASON_FRAME_SIZE)
        return 0;
      chunk->reason = data[4] | (data[5] << 8) | (data[6] << 16) |
          ((guint32) data[7] << 24);
      chunk->payload_len = chunk->length - 4;
      return WMSP_REASON_FRAME_SIZE;
    default:
      return -1;
  }
}

gboolean
wmsp_pragma_get (const gchar * pragma, const gchar * name, gchar ** value)
{
  gchar **tokens;
  gsize name_len = strlen (name);
  gboolean found = FALSE;
  guint i;

  if (pragma == NULL)
    return FALSE;

  tokens = g_strsplit (pragma, ",", -1);
  for (i = 0; tokens[i] && !found; i++) {
    gchar *t = g_strstrip (tokens[i]);

    if (g_ascii_strncasecmp (t, name, name_len) != 0)
      continue;
    if (t[name_len] == '\0') {
      found = TRUE;
      if (value)
        *value = g_strdup ("");
    } else if (t[name_len] == '=') {
      found = TRUE;
      if (value)
        *value = g_strdup (t + name_len + 1);
    }
  }
  g_strfreev (tokens);
  return found;
}

static gboolean
is_wmsp_agent (const gchar * ua)
{
  static const gchar *const agents[] = { "NSPlayer/", "NSServer/",
    "WMCacheProxy/", "Windows-Media-Player/"
  };
  guint i;

  if (ua == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (agents); i++)
    if (g_ascii_strncasecmp (ua, agents[i], strlen (agents[i])) == 0)
      return TRUE;
  return FALSE;
}

WmspRequestKind
wmsp_classify_request (const gchar * user_agent, const gchar * pragma)
{
  gchar *play = NULL;
  gboolean wmsp, is_play = FALSE;

  /* [MS-WMSP] 2.2.2.8: a GET with stream-switch-entry and no xPlayStrm is
   * a SelectStream (a describe never carries one, 2.2.2.1) */
  if (!wmsp_pragma_get (pragma, "xPlayStrm", NULL)
      && wmsp_pragma_get (pragma, "stream-switch-entry", NULL))
    return WMSP_REQUEST_SELECT_STREAM;

  /* The value of xPlayStrm MUST be 1 ([MS-WMSP] 2.2.1.4.36); glued garbage
   * such as FFmpeg's "stream-time=0Connection: Close" lands in other
   * tokens and is ignored. */
  if (wmsp_pragma_get (pragma, "xPlayStrm", &play)) {
    is_play = g_str_equal (g_strstrip (play), "1");
    g_free (play);
    wmsp = TRUE;
  } else {
    wmsp = is_wmsp_agent (user_agent) ||
        wmsp_pragma_get (pragma, "xClientGUID", NULL);
  }

  if (!wmsp)
    return WMSP_REQUEST_PLAIN;
  return is_play ? WMSP_REQUEST_PLAY : WMSP_REQUEST_DESCRIBE;
}

static void
selection_all (WmnetSelection * sel)
{
  memset (sel, 0, sizeof (*sel));
  sel->all = TRUE;
}

/* One number of an entry: 1..4 hexadecimal digits. */
static gboolean
parse_hex16 (const gchar * s, guint * v)
{
  gsize len = strlen (s);

  if (len == 0 || len > 4 || strspn (s, "0123456789abcdefABCDEF") != len)
    return FALSE;
  *v = g_ascii_strtoull (s, NULL, 16);
  return TRUE;
}

static gboolean
in_mask (const guint32 * mask, guint n)
{
  return n <= WMNET_ASF_MAX_STREAM && (mask[n / 32] & (1u << (n % 32)));
}

#define NO_STREAM 0xffff

gboolean
wmsp_parse_stream_switch (const gchar * pragma, const guint32 * stream_mask,
    WmnetSelection * sel)
{
  gchar *count = NULL, *entry = NULL;
  gchar **tokens = NULL;
  /* the levels as the spec reads the numbers, and as FFmpeg means them */
  guint8 hex[WMNET_ASF_MAX_STREAM + 1], dec[WMNET_ASF_MAX_STREAM + 1];
  guint entries = 0, i;
  gboolean ok = FALSE, hex_known = TRUE, dec_known = TRUE;

  selection_all (sel);
  if (wmsp_pragma_get (pragma, "stream-switch-count", &count)) {
    gsize len = strlen (g_strstrip (count));

    if (len == 0 || len > 5 || strspn (count, "0123456789") != len)
      goto out;
    /* [MS-WMSP] 3.2.5.6: the entries are processed when the count is
     * greater than zero */
    if (g_ascii_strtoull (count, NULL, 10) == 0) {
      ok = TRUE;
      goto out;
    }
  }
  if (!wmsp_pragma_get (pragma, "stream-switch-entry", &entry)) {
    ok = TRUE;
    goto out;
  }

  /* streams not named are removed; a stream named twice takes the last
   * entry */
  memset (hex, WMNET_THINNING_ALL, sizeof (hex));
  memset (dec, WMNET_THINNING_ALL, sizeof (dec));
  tokens = g_strsplit_set (entry, " \t", -1);
  for (i = 0; tokens[i]; i++) {
    gchar **f;
    guint src = 0, dst = 0, thin = 0, d;
    gboolean good;

    if (tokens[i][0] == '\0')
      continue;                 /* the trailing space FFmpeg and VLC write */
    entries++;
    f = g_strsplit (tokens[i], ":", -1);
    good = g_strv_length (f) == 3 && parse_hex16 (f[0], &src)
        && parse_hex16 (f[1], &dst) && parse_hex16 (f[2], &thin)
        && thin <= WMNET_THINNING_ALL
        && (src == NO_STREAM || (src >= 1 && src <= WMNET_ASF_MAX_STREAM))
        && (dst == NO_STREAM || (dst >= 1 && dst <= WMNET_ASF_MAX_STREAM))
        && (src != NO_STREAM || dst != NO_STREAM);
    /* SRC is the stream DST replaces, or ffff: a stream not named as a DST
     * is removed anyway */
    if (good && dst != NO_STREAM) {
      hex[dst] = thin;
      d = strspn (f[1], "0123456789") == strlen (f[1]) ?
          (guint) g_ascii_strtoull (f[1], NULL, 10) : 0;
      if (d >= 1 && d <= WMNET_ASF_MAX_STREAM)
        dec[d] = thin;
      if (stream_mask) {
        hex_known = hex_known && in_mask (stream_mask, dst);
        dec_known = dec_known && d >= 1 && in_mask (stream_mask, d);
      }
    }
    g_strfreev (f);
    if (!good)
      goto out;
  }
  if (entries == 0)
    goto out;

  /* FFmpeg prints decimal numbers (libavformat/mmsh.c): the same digits
   * for 1..9, another stream for 10 and over */
  sel->all = FALSE;
  if (stream_mask && !hex_known && dec_known)
    memcpy (sel->thinning, dec, sizeof (dec));
  else
    memcpy (sel->thinning, hex, sizeof (hex));
  ok = TRUE;

out:
  if (!ok)
    selection_all (sel);
  g_strfreev (tokens);
  g_free (entry);
  g_free (count);
  return ok;
}
