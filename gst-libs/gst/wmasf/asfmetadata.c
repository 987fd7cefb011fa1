/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
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
 */

/* asfmetadata: the header objects that describe the content rather than
 * the streams: Content Description (ASF spec 3.10), Extended Content
 * Description (3.11) from a GstTagList under the SDK's attribute names,
 * the Script Command Object (3.15), and the payload of one command on a
 * Command Media stream (docs/design.md, D31, D32). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "asfmetadata.h"
#include "asfwrite.h"

#define OBJECT_HEADER_SIZE WMASF_OBJECT_HEADER_SIZE

/* Extended Content Description value types (3.11) */
#define ECD_TYPE_UNICODE 0
#define ECD_TYPE_DWORD 3

/* WORD byte lengths bound every string */
#define MAX_STRING_CHARS 32767

void
wmasf_script_clear (WmAsfScript * script)
{
  g_clear_pointer (&script->type, g_free);
  g_clear_pointer (&script->command, g_free);
}

/* UTF-16 code units including the NUL, or 0 for NULL / invalid text */
static gunichar2 *
utf16 (const gchar * str, guint * n_units)
{
  glong len = 0;
  gunichar2 *u;

  *n_units = 0;
  if (str == NULL)
    return NULL;
  u = g_utf8_to_utf16 (str, -1, NULL, &len, NULL);
  if (u == NULL)
    return NULL;
  len = MIN (len, MAX_STRING_CHARS - 1);
  u[len] = 0;
  *n_units = len + 1;
  return u;
}

static void
put_units (GstByteWriter * bw, const gunichar2 * u, guint n_units)
{
  guint i;

  for (i = 0; i < n_units; i++)
    gst_byte_writer_put_uint16_le_unchecked (bw, u[i]);
}

static gchar *
tag_string (const GstTagList * tags, const gchar * tag)
{
  gchar *str = NULL;

  if (tags && gst_tag_list_get_string (tags, tag, &str) && str && !*str)
    g_clear_pointer (&str, g_free);
  return str;
}

/* Content Description Object: Title, Author, Copyright, Description,
 * Rating, what Windows Media Player shows. FALSE when no tag fills it. */
gboolean
wmasf_write_content_description (GstByteWriter * bw, const GstTagList * tags)
{
  const gchar *names[5] = { GST_TAG_TITLE, GST_TAG_ARTIST, GST_TAG_COPYRIGHT,
    GST_TAG_DESCRIPTION, NULL
  };
  gunichar2 *u[5] = { NULL, };
  guint n[5] = { 0, };
  gsize size = OBJECT_HEADER_SIZE + 5 * 2;
  gboolean any = FALSE;
  guint i;

  for (i = 0; i < 5; i++) {
    gchar *str = names[i] ? tag_string (tags, names[i]) : NULL;

    /* a comment stands in for a missing description */
    if (str == NULL && i == 3)
      str = tag_string (tags, GST_TAG_COMMENT);
    u[i] = utf16 (str, &n[i]);
    g_free (str);
    size += 2 * n[i];
    any |= n[i] > 0;
  }
  if (any && gst_byte_writer_ensure_free_space (bw, size)) {
    wmasf_put_object_header (bw, &wmasf_guid_content_description, size);
    for (i = 0; i < 5; i++)
      gst_byte_writer_put_uint16_le_unchecked (bw, 2 * n[i]);
    for (i = 0; i < 5; i++)
      put_units (bw, u[i], n[i]);
  } else {
    any = FALSE;
  }
  for (i = 0; i < 5; i++)
    g_free (u[i]);
  return any;
}

/* GStreamer tags and the SDK's attribute names (WMF "Attribute List") */
static const struct
{
  const gchar *tag;
  const gchar *name;
  guint16 type;
} ecd_map[] = {
  {GST_TAG_ALBUM, "WM/AlbumTitle", ECD_TYPE_UNICODE},
  {GST_TAG_ALBUM_ARTIST, "WM/AlbumArtist", ECD_TYPE_UNICODE},
  {GST_TAG_GENRE, "WM/Genre", ECD_TYPE_UNICODE},
  {GST_TAG_DATE_TIME, "WM/Year", ECD_TYPE_UNICODE},
  {GST_TAG_TRACK_NUMBER, "WM/TrackNumber", ECD_TYPE_DWORD},
  {GST_TAG_ALBUM_VOLUME_NUMBER, "WM/PartOfSet", ECD_TYPE_UNICODE},
  {GST_TAG_COMPOSER, "WM/Composer", ECD_TYPE_UNICODE},
  {GST_TAG_CONDUCTOR, "WM/Conductor", ECD_TYPE_UNICODE},
  {GST_TAG_ORGANIZATION, "WM/Publisher", ECD_TYPE_UNICODE},
  {GST_TAG_ENCODED_BY, "WM/EncodedBy", ECD_TYPE_UNICODE},
  {GST_TAG_LYRICS, "WM/Lyrics", ECD_TYPE_UNICODE},
  {GST_TAG_ISRC, "WM/ISRC", ECD_TYPE_UNICODE},
  {GST_TAG_LANGUAGE_CODE, "WM/Language", ECD_TYPE_UNICODE},
  {GST_TAG_HOMEPAGE, "WM/AuthorURL", ECD_TYPE_UNICODE},
  {GST_TAG_APPLICATION_NAME, "WM/ToolName", ECD_TYPE_UNICODE},
};

typedef struct
{
  gunichar2 *name;
  guint name_units;
  guint16 type;
  gunichar2 *text;
  guint text_units;
  guint32 dword;
} EcdRecord;

static gboolean
ecd_value (const GstTagList * tags, guint i, EcdRecord * r)
{
  const gchar *tag = ecd_map[i].tag;
  gchar *str = NULL;
  GstDateTime *dt = NULL;
  GDate *date = NULL;
  guint u;

  r->type = ecd_map[i].type;
  if (r->type == ECD_TYPE_DWORD) {
    if (!gst_tag_list_get_uint (tags, tag, &u))
      return FALSE;
    r->dword = u;
  } else if (g_str_equal (tag, GST_TAG_DATE_TIME)) {
    /* WM/Year is text: the year only */
    if (gst_tag_list_get_date_time (tags, tag, &dt)) {
      if (gst_date_time_has_year (dt))
        str = g_strdup_printf ("%d", gst_date_time_get_year (dt));
      gst_date_time_unref (dt);
    } else if (gst_tag_list_get_date (tags, GST_TAG_DATE, &date)) {
      if (g_date_valid (date))
        str = g_strdup_printf ("%d", g_date_get_year (date));
      g_date_free (date);
    }
  } else if (g_str_equal (tag, GST_TAG_ALBUM_VOLUME_NUMBER)) {
    if (gst_tag_list_get_uint (tags, tag, &u))
      str = g_strdup_printf ("%u", u);
  } else {
    str = tag_string (tags, tag);
  }
  if (r->type == ECD_TYPE_UNICODE) {
    r->text = utf16 (str, &r->text_units);
    g_free (str);
    if (r->text_units == 0)
      return FALSE;
  }
  r->name = utf16 (ecd_map[i].name, &r->name_units);
  return TRUE;
}

/* Extended Content Description Object: WM/ attributes. FALSE when no tag
 * maps to one. */
gboolean
wmasf_write_extended_content_description (GstByteWriter * bw,
    const GstTagList * tags)
{
  EcdRecord records[G_N_ELEMENTS (ecd_map)];
  gsize size = OBJECT_HEADER_SIZE + 2;
  guint i, n = 0;
  gboolean ret = FALSE;

  if (tags == NULL)
    return FALSE;
  memset (records, 0, sizeof (records));
  for (i = 0; i < G_N_ELEMENTS (ecd_map); i++) {
    EcdRecord *r = &records[n];

    if (!ecd_value (tags, i, r))
      continue;
    size += 2 + 2 * r->name_units + 2 + 2 +
        (r->type == ECD_TYPE_DWORD ? 4 : 2 * r->text_units);
    n++;
  }
  if (n > 0 && gst_byte_writer_ensure_free_space (bw, size)) {
    wmasf_put_object_header (bw, &wmasf_guid_extended_content_description,
        size);
    gst_byte_writer_put_uint16_le_unchecked (bw, n);
    for (i = 0; i < n; i++) {
      EcdRecord *r = &records[i];

      gst_byte_writer_put_uint16_le_unchecked (bw, 2 * r->name_units);
      put_units (bw, r->name, r->name_units);
      gst_byte_writer_put_uint16_le_unchecked (bw, r->type);
      if (r->type == ECD_TYPE_DWORD) {
        gst_byte_writer_put_uint16_le_unchecked (bw, 4);
        gst_byte_writer_put_uint32_le_unchecked (bw, r->dword);
      } else {
        gst_byte_writer_put_uint16_le_unchecked (bw, 2 * r->text_units);
        put_units (bw, r->text, r->text_units);
      }
    }
    ret = TRUE;
  }
  for (i = 0; i < n; i++) {
    g_free (records[i].name);
    g_free (records[i].text);
  }
  return ret;
}

/* Script Command Object: the command types, then the commands in time
 * order with their type's index. FALSE when there is none. */
gboolean
wmasf_write_script_commands (GstByteWriter * bw, const WmAsfScript * scripts,
    guint n_scripts)
{
  GPtrArray *types;
  gsize size = OBJECT_HEADER_SIZE + WMASF_GUID_SIZE + 4;
  guint i, j, n_units;
  gunichar2 *u;
  gboolean ret = FALSE;

  n_scripts = MIN (n_scripts, G_MAXUINT16);
  if (n_scripts == 0)
    return FALSE;
  types = g_ptr_array_new ();
  for (i = 0; i < n_scripts; i++) {
    for (j = 0; j < types->len; j++)
      if (g_str_equal (g_ptr_array_index (types, j), scripts[i].type))
        break;
    if (j == types->len) {
      g_ptr_array_add (types, scripts[i].type);
      g_free (utf16 (scripts[i].type, &n_units));
      size += 2 + 2 * n_units;
    }
    g_free (utf16 (scripts[i].command, &n_units));
    size += 4 + 2 + 2 + 2 * n_units;
  }
  if (gst_byte_writer_ensure_free_space (bw, size)) {
    wmasf_put_object_header (bw, &wmasf_guid_script_command, size);
    wmasf_put_guid (bw, &wmasf_guid_reserved_3);
    gst_byte_writer_put_uint16_le_unchecked (bw, n_scripts);
    gst_byte_writer_put_uint16_le_unchecked (bw, types->len);
    /* lengths of names here count WCHARs, the NUL included */
    for (j = 0; j < types->len; j++) {
      u = utf16 (g_ptr_array_index (types, j), &n_units);
      gst_byte_writer_put_uint16_le_unchecked (bw, n_units);
      put_units (bw, u, n_units);
      g_free (u);
    }
    for (i = 0; i < n_scripts; i++) {
      for (j = 0; j < types->len; j++)
        if (g_str_equal (g_ptr_array_index (types, j), scripts[i].type))
          break;
      gst_byte_writer_put_uint32_le_unchecked (bw, scripts[i].time_ms);
      gst_byte_writer_put_uint16_le_unchecked (bw, j);
      u = utf16 (scripts[i].command, &n_units);
      gst_byte_writer_put_uint16_le_unchecked (bw, n_units);
      put_units (bw, u, n_units);
      g_free (u);
    }
    ret = TRUE;
  }
  g_ptr_array_unref (types);
  return ret;
}

/* A command on a Command Media stream, as the SDK's script stream carries
 * it: the type then the command, each UTF-16LE with its NUL. */
GstBuffer *
wmasf_script_payload (const gchar * type, const gchar * command)
{
  GstByteWriter bw;
  guint nt, nc;
  gunichar2 *ut = utf16 (type, &nt), *uc = utf16 (command, &nc);

  gst_byte_writer_init_with_size (&bw, 2 * (nt + nc), FALSE);
  if (gst_byte_writer_ensure_free_space (&bw, 2 * (nt + nc))) {
    put_units (&bw, ut, nt);
    put_units (&bw, uc, nc);
  }
  g_free (ut);
  g_free (uc);
  return gst_byte_writer_reset_and_get_buffer (&bw);
}
