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

/* asfobjects: writers of the ASF header objects of a live
 * broadcast or a file (ASF spec rev 01.20.03 sections 3.1-3.4, 3.8, 3.12, 3.16, 4.1,
 * 4.7, 5.1).
 * Every object's size is computed first and the writer is grown once per
 * object, so the fields themselves are written unchecked. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/base/gstbytewriter.h>

#include "asfobjects.h"
#include "asfwrite.h"

#define OBJECT_HEADER_SIZE WMASF_OBJECT_HEADER_SIZE
#define STREAM_PROPERTIES_FIXED_SIZE 78
#define WAVEFORMATEX_SIZE 18
#define BITMAPINFOHEADER_SIZE 40
/* encoded width, encoded height, reserved flags, format data size */
#define VIDEO_TYPE_SPECIFIC_FIXED_SIZE 11

#define CODEC_LIST_TYPE_VIDEO 0x0001
#define CODEC_LIST_TYPE_AUDIO 0x0002

static gsize
codec_data_size (const WmAsfStreamInfo * s)
{
  return s->codec_data ? g_bytes_get_size (s->codec_data) : 0;
}

static void
put_codec_data (GstByteWriter * bw, const WmAsfStreamInfo * s)
{
  gsize size;
  const guint8 *data;

  if (s->codec_data == NULL)
    return;
  data = g_bytes_get_data (s->codec_data, &size);
  gst_byte_writer_put_data_unchecked (bw, data, size);
}

static gsize
type_specific_size (const WmAsfStreamInfo * s)
{
  if (s->is_command)
    return 0;
  if (s->is_video)
    return VIDEO_TYPE_SPECIFIC_FIXED_SIZE + BITMAPINFOHEADER_SIZE +
        codec_data_size (s);
  return WAVEFORMATEX_SIZE + codec_data_size (s);
}

/* Stream Properties Object (3.3), with No Error Correction: WAVEFORMATEX or
 * the video header plus BITMAPINFOHEADER as type-specific data. */
static gboolean
write_stream_properties (GstByteWriter * bw, const WmAsfStreamInfo * s)
{
  gsize ts_size = type_specific_size (s);
  gsize size = STREAM_PROPERTIES_FIXED_SIZE + ts_size;

  if (!gst_byte_writer_ensure_free_space (bw, size))
    return FALSE;

  wmasf_put_object_header (bw, &wmasf_guid_stream_properties, size);
  if (s->is_command)
    wmasf_put_guid (bw, &wmasf_guid_command_media);
  else
    wmasf_put_guid (bw, s->is_video ? &wmasf_guid_video_media :
        &wmasf_guid_audio_media);
  wmasf_put_guid (bw, &wmasf_guid_no_error_correction);
  gst_byte_writer_put_uint64_le_unchecked (bw, 0);      /* time offset */
  gst_byte_writer_put_uint32_le_unchecked (bw, ts_size);
  gst_byte_writer_put_uint32_le_unchecked (bw, 0);      /* ECC data length */
  gst_byte_writer_put_uint16_le_unchecked (bw, s->number & 0x7f);
  gst_byte_writer_put_uint32_le_unchecked (bw, 0);      /* reserved */

  if (s->is_command)
    return TRUE;
  if (s->is_video) {
    gst_byte_writer_put_uint32_le_unchecked (bw, s->width);
    gst_byte_writer_put_uint32_le_unchecked (bw, s->height);
    gst_byte_writer_put_uint8_unchecked (bw, 0x02);     /* reserved flags */
    gst_byte_writer_put_uint16_le_unchecked (bw,
        BITMAPINFOHEADER_SIZE + codec_data_size (s));
    /* BITMAPINFOHEADER; biSize counts the codec data after it */
    gst_byte_writer_put_uint32_le_unchecked (bw,
        BITMAPINFOHEADER_SIZE + codec_data_size (s));
    gst_byte_writer_put_uint32_le_unchecked (bw, s->width);
    gst_byte_writer_put_uint32_le_unchecked (bw, s->height);
    gst_byte_writer_put_uint16_le_unchecked (bw, 1);    /* planes */
    gst_byte_writer_put_uint16_le_unchecked (bw, 24);   /* bit count */
    gst_byte_writer_put_uint32_le_unchecked (bw, s->fourcc);
    gst_byte_writer_put_uint32_le_unchecked (bw, s->width * s->height * 3);
    gst_byte_writer_put_uint32_le_unchecked (bw, 0);    /* x pels per meter */
    gst_byte_writer_put_uint32_le_unchecked (bw, 0);    /* y pels per meter */
    gst_byte_writer_put_uint32_le_unchecked (bw, 0);    /* colours used */
    gst_byte_writer_put_uint32_le_unchecked (bw, 0);    /* colours important */
  } else {
    gst_byte_writer_put_uint16_le_unchecked (bw, s->format_tag);
    gst_byte_writer_put_uint16_le_unchecked (bw, s->channels);
    gst_byte_writer_put_uint32_le_unchecked (bw, s->rate);
    gst_byte_writer_put_uint32_le_unchecked (bw, s->bitrate / 8);
    gst_byte_writer_put_uint16_le_unchecked (bw, s->block_align);
    gst_byte_writer_put_uint16_le_unchecked (bw, s->bits_per_sample);
    gst_byte_writer_put_uint16_le_unchecked (bw, codec_data_size (s));
  }
  put_codec_data (bw, s);
  return TRUE;
}

static gboolean
write_file_properties (GstByteWriter * bw, const WmAsfHeaderDesc * info)
{
  if (!gst_byte_writer_ensure_free_space (bw, WMASF_FILE_PROPERTIES_SIZE))
    return FALSE;

  wmasf_put_object_header (bw, &wmasf_guid_file_properties,
      WMASF_FILE_PROPERTIES_SIZE);
  wmasf_put_guid (bw, &info->file_id);
  /* File Size, Creation Date, Data Packets Count, Play Duration and Send
   * Duration are invalid (0 here) when the Broadcast flag is set. */
  gst_byte_writer_put_uint64_le_unchecked (bw, info->file_size);
  gst_byte_writer_put_uint64_le_unchecked (bw, info->creation_date);
  gst_byte_writer_put_uint64_le_unchecked (bw, info->data_packets);
  gst_byte_writer_put_uint64_le_unchecked (bw, info->play_duration);
  gst_byte_writer_put_uint64_le_unchecked (bw, info->send_duration);
  gst_byte_writer_put_uint64_le_unchecked (bw, info->preroll_ms);
  /* Broadcast (0x1) or Seekable (0x2) */
  gst_byte_writer_put_uint32_le_unchecked (bw, info->seekable ? 0x2 : 0x1);
  gst_byte_writer_put_uint32_le_unchecked (bw, info->packet_size);
  gst_byte_writer_put_uint32_le_unchecked (bw, info->packet_size);
  gst_byte_writer_put_uint32_le_unchecked (bw, info->max_bitrate ?
      info->max_bitrate : wmasf_header_max_bitrate (info));
  return TRUE;
}

#define EXT_STREAM_PROPERTIES_SIZE 88
#define METADATA_FIXED_SIZE (OBJECT_HEADER_SIZE + 2)
/* reserved, stream number, name length, data type, data length */
#define METADATA_RECORD_FIXED_SIZE 12
#define METADATA_TYPE_DWORD 3

/* "AspectRatioX" / "AspectRatioY" with their NUL, in UTF-16LE bytes */
#define ASPECT_NAME_SIZE (13 * 2)

static gboolean
has_aspect_ratio (const WmAsfStreamInfo * s)
{
  return s->is_video && s->par_n > 0 && s->par_d > 0;
}

static gsize
metadata_size (const WmAsfHeaderDesc * info)
{
  gsize size = 0;
  guint i;

  for (i = 0; i < info->n_streams; i++)
    if (has_aspect_ratio (&info->streams[i]))
      size += 2 * (METADATA_RECORD_FIXED_SIZE + ASPECT_NAME_SIZE + 4);
  return size ? METADATA_FIXED_SIZE + size : 0;
}

static void
put_metadata_dword (GstByteWriter * bw, guint number, const gchar * name,
    guint32 value)
{
  guint i;

  gst_byte_writer_put_uint16_le_unchecked (bw, 0);      /* reserved */
  gst_byte_writer_put_uint16_le_unchecked (bw, number);
  gst_byte_writer_put_uint16_le_unchecked (bw, ASPECT_NAME_SIZE);
  gst_byte_writer_put_uint16_le_unchecked (bw, METADATA_TYPE_DWORD);
  gst_byte_writer_put_uint32_le_unchecked (bw, 4);
  for (i = 0; i < ASPECT_NAME_SIZE / 2; i++)
    gst_byte_writer_put_uint16_le_unchecked (bw, (guchar) name[i]);
  gst_byte_writer_put_uint32_le_unchecked (bw, value);
}

/* Extended Stream Properties Object (4.1): bitrate and buffer window, the
 * VBR peak as alternate bitrate, the average time per frame; no payload
 * extension systems, which would lengthen every payload's replicated
 * data. */
static void
put_extended_stream_properties (GstByteWriter * bw,
    const WmAsfHeaderDesc * info, const WmAsfStreamInfo * s)
{
  guint64 time_per_frame = 0;

  if (s->is_video && s->fps_n > 0 && s->fps_d > 0)
    time_per_frame = gst_util_uint64_scale (10000000, s->fps_d, s->fps_n);

  wmasf_put_object_header (bw, &wmasf_guid_extended_stream_properties,
      EXT_STREAM_PROPERTIES_SIZE);
  /* start and end time: unknown while broadcasting */
  gst_byte_writer_put_uint64_le_unchecked (bw, 0);
  gst_byte_writer_put_uint64_le_unchecked (bw, 0);
  gst_byte_writer_put_uint32_le_unchecked (bw, s->bitrate);
  gst_byte_writer_put_uint32_le_unchecked (bw, MIN (info->preroll_ms,
          G_MAXUINT32));
  gst_byte_writer_put_uint32_le_unchecked (bw, 0);      /* initial fullness */
  gst_byte_writer_put_uint32_le_unchecked (bw, s->max_bitrate ?
      s->max_bitrate : s->bitrate);
  gst_byte_writer_put_uint32_le_unchecked (bw, MIN (info->preroll_ms,
          G_MAXUINT32));
  gst_byte_writer_put_uint32_le_unchecked (bw, 0);
  gst_byte_writer_put_uint32_le_unchecked (bw, 0);      /* max object size */
  gst_byte_writer_put_uint32_le_unchecked (bw, 0);      /* flags */
  gst_byte_writer_put_uint16_le_unchecked (bw, s->number & 0x7f);
  gst_byte_writer_put_uint16_le_unchecked (bw, 0);      /* language index */
  gst_byte_writer_put_uint64_le_unchecked (bw, time_per_frame);
  gst_byte_writer_put_uint16_le_unchecked (bw, 0);      /* stream names */
  gst_byte_writer_put_uint16_le_unchecked (bw, 0);      /* extension systems */
}

/* Header Extension Object (3.4): an Extended Stream Properties Object per
 * stream, and a Metadata Object (4.7) with the pixel aspect ratio of the
 * video streams that have one, under the SDK's names AspectRatioX/Y. */
static gboolean
write_header_extension (GstByteWriter * bw, const WmAsfHeaderDesc * info)
{
  gsize meta = metadata_size (info);
  gsize data_size = info->n_streams * EXT_STREAM_PROPERTIES_SIZE + meta;
  gsize size = WMASF_HEADER_EXTENSION_SIZE + data_size;
  guint i, n_records = 0;

  if (!gst_byte_writer_ensure_free_space (bw, size))
    return FALSE;

  wmasf_put_object_header (bw, &wmasf_guid_header_extension, size);
  wmasf_put_guid (bw, &wmasf_guid_reserved_1);
  gst_byte_writer_put_uint16_le_unchecked (bw, 6);
  gst_byte_writer_put_uint32_le_unchecked (bw, data_size);
  for (i = 0; i < info->n_streams; i++)
    put_extended_stream_properties (bw, info, &info->streams[i]);
  if (meta == 0)
    return TRUE;

  for (i = 0; i < info->n_streams; i++)
    n_records += has_aspect_ratio (&info->streams[i]) ? 2 : 0;
  wmasf_put_object_header (bw, &wmasf_guid_metadata, meta);
  gst_byte_writer_put_uint16_le_unchecked (bw, n_records);
  for (i = 0; i < info->n_streams; i++) {
    const WmAsfStreamInfo *s = &info->streams[i];

    if (!has_aspect_ratio (s))
      continue;
    put_metadata_dword (bw, s->number & 0x7f, "AspectRatioX", s->par_n);
    put_metadata_dword (bw, s->number & 0x7f, "AspectRatioY", s->par_d);
  }
  return TRUE;
}

/* Stream Bitrate Properties Object (3.12): players choose streams by it. */
static gboolean
write_stream_bitrates (GstByteWriter * bw, const WmAsfHeaderDesc * info)
{
  gsize size = OBJECT_HEADER_SIZE + 2 + 6 * info->n_streams;
  guint i;

  if (!gst_byte_writer_ensure_free_space (bw, size))
    return FALSE;

  wmasf_put_object_header (bw, &wmasf_guid_stream_bitrate_properties, size);
  gst_byte_writer_put_uint16_le_unchecked (bw, info->n_streams);
  for (i = 0; i < info->n_streams; i++) {
    gst_byte_writer_put_uint16_le_unchecked (bw,
        info->streams[i].number & 0x7f);
    gst_byte_writer_put_uint32_le_unchecked (bw, info->streams[i].bitrate);
  }
  return TRUE;
}

/* Highest bitrate first, then the lower stream number: VLC's ASF demuxer
 * keeps the first stream of the object and leaves the others unselected
 * (docs/design.md, D35). */
static gint
compare_bitrate_desc (gconstpointer a, gconstpointer b)
{
  const WmAsfStreamInfo *sa = *(const WmAsfStreamInfo * const *) a;
  const WmAsfStreamInfo *sb = *(const WmAsfStreamInfo * const *) b;

  if (sa->bitrate != sb->bitrate)
    return sa->bitrate > sb->bitrate ? -1 : 1;
  return (gint) sa->number - (gint) sb->number;
}

/* Whether @i is the first stream of its group: each group is written
 * once, in the order its first stream comes. */
static gboolean
opens_group (const WmAsfHeaderDesc * info, guint i)
{
  guint j;

  if (info->streams[i].mutex_group == 0)
    return FALSE;
  for (j = 0; j < i; j++)
    if (info->streams[j].mutex_group == info->streams[i].mutex_group)
      return FALSE;
  return TRUE;
}

/* Bitrate Mutual Exclusion Objects (3.8): per group, Exclusion Type
 * ASF_Mutex_Bitrate, the stream count, the stream numbers. Returns how
 * many were written, -1 when out of memory. */
static gint
write_bitrate_mutual_exclusions (GstByteWriter * bw,
    const WmAsfHeaderDesc * info)
{
  GPtrArray *group = g_ptr_array_new ();
  gint n_objects = 0;
  guint i, j;

  for (i = 0; i < info->n_streams && n_objects >= 0; i++) {
    gsize size;

    if (!opens_group (info, i))
      continue;
    g_ptr_array_set_size (group, 0);
    for (j = i; j < info->n_streams; j++)
      if (info->streams[j].mutex_group == info->streams[i].mutex_group)
        g_ptr_array_add (group, (gpointer) & info->streams[j]);
    g_ptr_array_sort (group, compare_bitrate_desc);

    size = OBJECT_HEADER_SIZE + WMASF_GUID_SIZE + 2 + 2 * group->len;
    if (!gst_byte_writer_ensure_free_space (bw, size)) {
      n_objects = -1;
      break;
    }
    wmasf_put_object_header (bw, &wmasf_guid_bitrate_mutual_exclusion, size);
    wmasf_put_guid (bw, &wmasf_guid_mutex_bitrate);
    gst_byte_writer_put_uint16_le_unchecked (bw, group->len);
    for (j = 0; j < group->len; j++) {
      const WmAsfStreamInfo *s = g_ptr_array_index (group, j);

      gst_byte_writer_put_uint16_le_unchecked (bw, s->number & 0x7f);
    }
    n_objects++;
  }
  g_ptr_array_free (group, TRUE);
  return n_objects;
}

static gchar *
codec_description (const WmAsfStreamInfo * s)
{
  if (s->is_video)
    return g_strdup_printf ("%u kbps, %ux%u", s->bitrate / 1000, s->width,
        s->height);
  if (s->max_bitrate)
    return g_strdup_printf ("%u kbps VBR (peak %u kbps), %u Hz, %u channels",
        s->bitrate / 1000, s->max_bitrate / 1000, s->rate, s->channels);
  return g_strdup_printf ("%u kbps, %u Hz, %u channels", s->bitrate / 1000,
      s->rate, s->channels);
}

/* WCHAR count including the terminating NUL, then UTF-16LE text */
static gunichar2 *
to_utf16 (const gchar * str, guint16 * n_chars)
{
  glong len = 0;
  gunichar2 *utf16 = g_utf8_to_utf16 (str, -1, NULL, &len, NULL);

  *n_chars = utf16 ? len + 1 : 0;
  return utf16;
}

static void
put_utf16 (GstByteWriter * bw, const gunichar2 * str, guint16 n_chars)
{
  guint16 i;

  gst_byte_writer_put_uint16_le_unchecked (bw, n_chars);
  for (i = 0; i < n_chars; i++)
    gst_byte_writer_put_uint16_le_unchecked (bw, str[i]);
}

/* Codec List Object (3.16): what Windows Media Player shows as the codecs. */
static gboolean
write_codec_list (GstByteWriter * bw, const WmAsfHeaderDesc * info)
{
  gunichar2 **names = g_new0 (gunichar2 *, info->n_streams);
  gunichar2 **descs = g_new0 (gunichar2 *, info->n_streams);
  guint16 *name_lens = g_new0 (guint16, info->n_streams);
  guint16 *desc_lens = g_new0 (guint16, info->n_streams);
  gsize size = OBJECT_HEADER_SIZE + WMASF_GUID_SIZE + 4;
  gboolean ret = FALSE;
  guint i, n_codecs = 0;

  for (i = 0; i < info->n_streams; i++) {
    const WmAsfStreamInfo *s = &info->streams[i];
    gchar *desc;

    if (s->is_command)
      continue;
    n_codecs++;
    desc = codec_description (s);

    names[i] = to_utf16 (wmasf_codec_name (s), &name_lens[i]);
    descs[i] = to_utf16 (desc, &desc_lens[i]);
    g_free (desc);
    /* type, name, description, then the format tag or the FOURCC */
    size += 2 + 2 + 2 * name_lens[i] + 2 + 2 * desc_lens[i] + 2 +
        (s->is_video ? 4 : 2);
  }

  if (!gst_byte_writer_ensure_free_space (bw, size))
    goto done;

  wmasf_put_object_header (bw, &wmasf_guid_codec_list, size);
  wmasf_put_guid (bw, &wmasf_guid_reserved_2);
  gst_byte_writer_put_uint32_le_unchecked (bw, n_codecs);
  for (i = 0; i < info->n_streams; i++) {
    const WmAsfStreamInfo *s = &info->streams[i];

    if (s->is_command)
      continue;
    gst_byte_writer_put_uint16_le_unchecked (bw, s->is_video ?
        CODEC_LIST_TYPE_VIDEO : CODEC_LIST_TYPE_AUDIO);
    put_utf16 (bw, names[i], name_lens[i]);
    put_utf16 (bw, descs[i], desc_lens[i]);
    if (s->is_video) {
      gst_byte_writer_put_uint16_le_unchecked (bw, 4);
      gst_byte_writer_put_uint32_le_unchecked (bw, s->fourcc);
    } else {
      gst_byte_writer_put_uint16_le_unchecked (bw, 2);
      gst_byte_writer_put_uint16_le_unchecked (bw, s->format_tag);
    }
  }
  ret = TRUE;

done:
  for (i = 0; i < info->n_streams; i++) {
    g_free (names[i]);
    g_free (descs[i]);
  }
  g_free (names);
  g_free (descs);
  g_free (name_lens);
  g_free (desc_lens);
  return ret;
}

static gboolean
write_data_object_header (GstByteWriter * bw, const WmAsfHeaderDesc * info)
{
  if (!gst_byte_writer_ensure_free_space (bw, WMASF_DATA_OBJECT_HEADER_SIZE))
    return FALSE;

  /* The spec allows size 0 while broadcasting, but Windows Media Player
   * rejects it over MS-WMSP: write the bare header's size. */
  wmasf_put_object_header (bw, &wmasf_guid_data_object,
      WMASF_DATA_OBJECT_HEADER_SIZE +
      info->data_packets * (guint64) info->packet_size);
  wmasf_put_guid (bw, &info->file_id);
  /* Total Data Packets: 0 (invalid) while broadcasting */
  gst_byte_writer_put_uint64_le_unchecked (bw, info->data_packets);
  gst_byte_writer_put_uint8_unchecked (bw, 0x01);       /* reserved */
  gst_byte_writer_put_uint8_unchecked (bw, 0x01);
  return TRUE;
}

/* File Properties' Maximum Bitrate: the sum of the streams' bitrates,
 * counting only the highest of each mutual exclusion group, since a
 * player receives one of them (docs/design.md, D36); never 0 (players
 * refuse 0, D8). */
guint32
wmasf_header_max_bitrate (const WmAsfHeaderDesc * info)
{
  guint64 sum = 0;
  guint i, j;

  for (i = 0; i < info->n_streams; i++) {
    const WmAsfStreamInfo *s = &info->streams[i];
    guint32 highest = s->bitrate;

    if (s->mutex_group != 0) {
      if (!opens_group (info, i))
        continue;
      for (j = i + 1; j < info->n_streams; j++)
        if (info->streams[j].mutex_group == s->mutex_group)
          highest = MAX (highest, info->streams[j].bitrate);
    }
    sum += highest;
  }
  return CLAMP (sum, 1, G_MAXUINT32);
}

/**
 * wmasf_header_build:
 * @info: the file's description; at least one stream
 *
 * Returns: (transfer full) (nullable): the ASF Header Object followed by the
 * Data Object header, or %NULL when that would exceed
 * %WMASF_MAX_HEADER_SIZE bytes.
 */
GstBuffer *
wmasf_header_build (const WmAsfHeaderDesc * info)
{
  GstByteWriter bw;
  guint children = 0;
  guint i;
  gsize header_size;
  gboolean ok;

  g_return_val_if_fail (info->n_streams > 0, NULL);

  gst_byte_writer_init_with_size (&bw, 1024, FALSE);

  /* the Header Object's fields go in once its children's size is known */
  ok = gst_byte_writer_ensure_free_space (&bw, WMASF_HEADER_OBJECT_FIXED_SIZE);
  if (ok)
    gst_byte_writer_fill_unchecked (&bw, 0, WMASF_HEADER_OBJECT_FIXED_SIZE);

  ok = ok && write_file_properties (&bw, info);
  children++;
  for (i = 0; i < info->n_streams && ok; i++) {
    ok = write_stream_properties (&bw, &info->streams[i]);
    children++;
  }
  ok = ok && write_header_extension (&bw, info);
  children++;
  ok = ok && write_codec_list (&bw, info);
  children++;
  ok = ok && write_stream_bitrates (&bw, info);
  children++;
  if (ok) {
    gint n_mutexes = write_bitrate_mutual_exclusions (&bw, info);

    ok = n_mutexes >= 0;
    children += MAX (n_mutexes, 0);
  }
  if (ok && wmasf_write_content_description (&bw, info->tags))
    children++;
  if (ok && wmasf_write_extended_content_description (&bw, info->tags))
    children++;
  if (ok && wmasf_write_script_commands (&bw, info->scripts, info->n_scripts))
    children++;

  if (ok && info->pad_to > 0) {
    gsize used = gst_byte_writer_get_pos (&bw) + WMASF_DATA_OBJECT_HEADER_SIZE;

    ok = info->pad_to >= used + OBJECT_HEADER_SIZE;
    if (ok)
      ok = gst_byte_writer_ensure_free_space (&bw, info->pad_to - used);
    if (ok) {
      wmasf_put_object_header (&bw, &wmasf_guid_padding, info->pad_to - used);
      gst_byte_writer_fill_unchecked (&bw, 0,
          info->pad_to - used - OBJECT_HEADER_SIZE);
      children++;
    }
  }

  header_size = gst_byte_writer_get_pos (&bw);
  ok = ok && header_size + WMASF_DATA_OBJECT_HEADER_SIZE <=
      WMASF_MAX_HEADER_SIZE;
  ok = ok && write_data_object_header (&bw, info);
  if (!ok) {
    gst_byte_writer_reset (&bw);
    return NULL;
  }

  gst_byte_writer_set_pos (&bw, 0);
  wmasf_put_object_header (&bw, &wmasf_guid_header_object, header_size);
  gst_byte_writer_put_uint32_le_unchecked (&bw, children);
  gst_byte_writer_put_uint8_unchecked (&bw, 0x01);      /* reserved 1 */
  gst_byte_writer_put_uint8_unchecked (&bw, 0x02);      /* reserved 2 */

  return gst_byte_writer_reset_and_get_buffer (&bw);
}
