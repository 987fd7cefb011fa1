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

/* asfcodecs: caps to ASF stream descriptions and back to codec names.
 * The caps accepted are those asfdemux (riff-media) gives for each FOURCC
 * and format tag, so a demuxed file can be re-muxed unchanged; the table
 * with its sources is docs/design.md, D20. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/base/gstbytewriter.h>

#include "asfcodecs.h"

/* WAVEFORMATEXTENSIBLE's SubFormat GUIDs share this tail (ksmedia.h) */
static const guint8 ksdataformat_tail[14] = { 0x00, 0x00, 0x00, 0x00, 0x10,
  0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71
};

#define WAVEFORMATEXTENSIBLE_EXTRA_SIZE 22

void
wmasf_stream_info_clear (WmAsfStreamInfo * info)
{
  g_clear_pointer (&info->codec_data, g_bytes_unref);
  memset (info, 0, sizeof (*info));
}

void
wmasf_stream_info_copy (WmAsfStreamInfo * dest, const WmAsfStreamInfo * src)
{
  GBytes *codec_data = src->codec_data ? g_bytes_ref (src->codec_data) : NULL;

  wmasf_stream_info_clear (dest);
  *dest = *src;
  dest->codec_data = codec_data;
}

/* Whether @a and @b would be described the same in a Stream Properties
 * Object: number and bitrate do not count. */
gboolean
wmasf_stream_info_same_format (const WmAsfStreamInfo * a,
    const WmAsfStreamInfo * b)
{
  if (a->is_video != b->is_video)
    return FALSE;
  if (a->is_video) {
    if (a->width != b->width || a->height != b->height
        || a->fourcc != b->fourcc)
      return FALSE;
  } else {
    if (a->format_tag != b->format_tag || a->channels != b->channels
        || a->rate != b->rate || a->block_align != b->block_align
        || a->bits_per_sample != b->bits_per_sample)
      return FALSE;
  }
  if (a->codec_data == NULL || b->codec_data == NULL)
    return a->codec_data == b->codec_data;
  return g_bytes_equal (a->codec_data, b->codec_data);
}

/* *INDENT-OFF* */
static gboolean refuse (gchar ** why, const gchar * format, ...)
    G_GNUC_PRINTF (2, 3);
/* *INDENT-ON* */

static gboolean
refuse (gchar ** why, const gchar * format, ...)
{
  va_list args;

  if (why) {
    va_start (args, format);
    *why = g_strdup_vprintf (format, args);
    va_end (args);
  }
  return FALSE;
}

static GBytes *
structure_get_buffer_bytes (const GstStructure * s, const gchar * field)
{
  const GValue *value = gst_structure_get_value (s, field);
  GstBuffer *buf;
  GstMapInfo map;
  GBytes *bytes;

  if (value == NULL)
    return NULL;
  /* asfdemux gives H.264 parameter sets as a streamheader array */
  if (GST_VALUE_HOLDS_ARRAY (value)) {
    GByteArray *all = g_byte_array_new ();
    guint i;

    for (i = 0; i < gst_value_array_get_size (value); i++) {
      const GValue *v = gst_value_array_get_value (value, i);

      if (!GST_VALUE_HOLDS_BUFFER (v))
        continue;
      buf = gst_value_get_buffer (v);
      if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
        g_byte_array_append (all, map.data, map.size);
        gst_buffer_unmap (buf, &map);
      }
    }
    if (all->len == 0) {
      g_byte_array_unref (all);
      return NULL;
    }
    return g_byte_array_free_to_bytes (all);
  }
  if (!GST_VALUE_HOLDS_BUFFER (value))
    return NULL;
  buf = gst_value_get_buffer (value);
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return NULL;
  bytes = map.size > 0 ? g_bytes_new (map.data, map.size) : NULL;
  gst_buffer_unmap (buf, &map);
  return bytes;
}

static guint32
structure_get_bitrate (const GstStructure * s)
{
  gint ival;
  guint uval;

  if (gst_structure_get_int (s, "bitrate", &ival) && ival > 0)
    return ival;
  if (gst_structure_get_uint (s, "bitrate", &uval))
    return uval;
  return 0;
}

/* Offset of the first 00 00 01 xx start code whose xx matches @code under
 * @mask, or -1. */
static gssize
find_start_code (const guint8 * data, gsize size, guint8 code, guint8 mask)
{
  gsize i;

  for (i = 0; i + 3 < size; i++)
    if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1
        && (data[i + 3] & mask) == code)
      return i;
  return -1;
}

static gboolean
bytes_have_start_code (GBytes * bytes, guint8 code, guint8 mask)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return find_start_code (data, size, code, mask) >= 0;
}

static gboolean
parse_video (const GstStructure * s, WmAsfStreamInfo * info, gchar ** why)
{
  const gchar *media = gst_structure_get_name (s);
  const gchar *format = gst_structure_get_string (s, "format");
  gint width = 0, height = 0, version = 0;
  gsize cd_size;

  if (!gst_structure_get_int (s, "width", &width) || width <= 0)
    return refuse (why, "field 'width' is missing or not positive");
  if (!gst_structure_get_int (s, "height", &height) || height <= 0)
    return refuse (why, "field 'height' is missing or not positive");
  info->width = width;
  info->height = height;
  gst_structure_get_fraction (s, "framerate", &info->fps_n, &info->fps_d);
  if (info->fps_n <= 0 || info->fps_d <= 0)
    info->fps_n = info->fps_d = 0;
  gst_structure_get_fraction (s, "pixel-aspect-ratio", &info->par_n,
      &info->par_d);
  if (info->par_n <= 0 || info->par_d <= 0)
    info->par_n = info->par_d = 0;
  info->codec_data = structure_get_buffer_bytes (s, "codec_data");
  cd_size = info->codec_data ? g_bytes_get_size (info->codec_data) : 0;

  if (g_str_equal (media, "video/x-wmv")) {
    if (!gst_structure_get_int (s, "wmvversion", &version)
        || version < 1 || version > 3)
      return refuse (why, "field 'wmvversion' must be 1, 2 or 3");
    /* VC-1 Advanced Profile (WVC1, WMVA) only shows in the format field */
    if (format && (g_str_equal (format, "WVC1")
            || g_str_equal (format, "WMVA")))
      info->fourcc = GST_STR_FOURCC (format);
    else
      info->fourcc = GST_MAKE_FOURCC ('W', 'M', 'V', '0' + version);

    /* the decoders need the codec's header: WMV2's 4-byte extradata, the
     * WMV3 sequence header (struct C), the VC-1 AP sequence header and
     * entry point with their start codes */
    if (info->fourcc == GST_MAKE_FOURCC ('W', 'M', 'V', '2') && cd_size < 4)
      return refuse (why, "field 'codec_data' must hold WMV2's 4 header "
          "bytes, has %" G_GSIZE_FORMAT, cd_size);
    if (info->fourcc == GST_MAKE_FOURCC ('W', 'M', 'V', '3') && cd_size < 4)
      return refuse (why, "field 'codec_data' must hold the WMV3 sequence "
          "header (at least 4 bytes), has %" G_GSIZE_FORMAT, cd_size);
    if ((info->fourcc == GST_MAKE_FOURCC ('W', 'V', 'C', '1')
            || info->fourcc == GST_MAKE_FOURCC ('W', 'M', 'V', 'A'))
        && (cd_size == 0
            || !bytes_have_start_code (info->codec_data, 0x0F, 0xFF)))
      return refuse (why, "field 'codec_data' must hold the VC-1 sequence "
          "header (start code 00 00 01 0F) and entry point");
  } else if (g_str_equal (media, "video/x-msmpeg")) {
    if (!gst_structure_get_int (s, "msmpegversion", &version)
        || version < 41 || version > 43)
      return refuse (why, "field 'msmpegversion' must be 41, 42 or 43");
    info->fourcc = GST_MAKE_FOURCC ('M', 'P', '4', '0' + version - 40);
  } else if (g_str_equal (media, "video/mpeg")) {
    if (!gst_structure_get_int (s, "mpegversion", &version) || version != 4)
      return refuse (why, "field 'mpegversion' must be 4");
    if (cd_size == 0 || !bytes_have_start_code (info->codec_data, 0x20, 0xF0))
      return refuse (why, "field 'codec_data' must hold the MPEG-4 Video "
          "Object Layer header (start code 00 00 01 2x); mpeg4videoparse "
          "puts it there");
    info->fourcc = GST_MAKE_FOURCC ('M', '4', 'S', '2');
  } else if (g_str_equal (media, "video/x-h264")) {
    const gchar *sf = gst_structure_get_string (s, "stream-format");
    const gchar *align = gst_structure_get_string (s, "alignment");

    if (sf && !g_str_equal (sf, "byte-stream"))
      return refuse (why, "field 'stream-format' must be byte-stream (put "
          "h264parse before the muxer), is %s", sf);
    if (align && !g_str_equal (align, "au"))
      return refuse (why, "field 'alignment' must be au, is %s", align);
    /* asfdemux gives the parameter sets as streamheader */
    if (info->codec_data == NULL)
      info->codec_data = structure_get_buffer_bytes (s, "streamheader");
    if (info->codec_data
        && !bytes_have_start_code (info->codec_data, 0x07, 0x1F))
      return refuse (why, "field 'codec_data' must be Annex B parameter "
          "sets (with a 00 00 01 start code and an SPS)");
    info->fourcc = WMASF_FOURCC_H264;
  } else {
    return refuse (why, "media type %s is not a video codec ASF can carry",
        media);
  }
  return TRUE;
}

static guint16
pcm_format (const gchar * format, guint16 * bits, gboolean * is_float)
{
  *is_float = FALSE;
  if (g_str_equal (format, "S16LE"))
    *bits = 16;
  else if (g_str_equal (format, "S24LE"))
    *bits = 24;
  else if (g_str_equal (format, "S32LE"))
    *bits = 32;
  else if (g_str_equal (format, "F32LE")) {
    *bits = 32;
    *is_float = TRUE;
  } else
    return 0;
  return 1;
}

/* WAVEFORMATEXTENSIBLE's 22 bytes after WAVEFORMATEX (mmreg.h) */
static GBytes *
extensible_extra (guint16 bits, guint32 channel_mask, gboolean is_float)
{
  GstByteWriter bw;

  gst_byte_writer_init_with_size (&bw, WAVEFORMATEXTENSIBLE_EXTRA_SIZE, TRUE);
  gst_byte_writer_put_uint16_le_unchecked (&bw, bits);
  gst_byte_writer_put_uint32_le_unchecked (&bw, channel_mask);
  gst_byte_writer_put_uint16_le_unchecked (&bw, is_float ?
      WMASF_WAVE_FORMAT_IEEE_FLOAT : WMASF_WAVE_FORMAT_PCM);
  gst_byte_writer_put_data_unchecked (&bw, ksdataformat_tail,
      sizeof (ksdataformat_tail));
  return g_bytes_new_take (gst_byte_writer_reset_and_get_data (&bw),
      WAVEFORMATEXTENSIBLE_EXTRA_SIZE);
}

/* The WAVEFORMATEXTENSIBLE speaker bits of GStreamer's channel positions
 * are in the same order as the first 18 GstAudioChannelPosition values
 * for the common layouts; without a mask, the default layouts of
 * ksmedia.h. */
static guint32
default_channel_mask (guint channels)
{
  switch (channels) {
    case 1:
      return 0x4;
    case 2:
      return 0x3;
    case 3:
      return 0x7;
    case 4:
      return 0x33;
    case 5:
      return 0x37;
    case 6:
      return 0x3F;
    case 7:
      return 0x13F;
    case 8:
      return 0x63F;
    default:
      return 0;
  }
}

static gboolean
parse_audio (const GstStructure * s, WmAsfStreamInfo * info, gchar ** why)
{
  const gchar *media = gst_structure_get_name (s);
  gint rate = 0, channels = 0, version = 0, layer = 0, block_align = 0;
  gint depth = 16;
  gsize cd_size;

  if (!gst_structure_get_int (s, "rate", &rate) || rate <= 0)
    return refuse (why, "field 'rate' is missing or not positive");
  if (!gst_structure_get_int (s, "channels", &channels) || channels <= 0
      || channels > 8)
    return refuse (why, "field 'channels' must be 1 to 8");
  info->rate = rate;
  info->channels = channels;
  info->codec_data = structure_get_buffer_bytes (s, "codec_data");
  cd_size = info->codec_data ? g_bytes_get_size (info->codec_data) : 0;

  if (g_str_equal (media, "audio/x-wma")) {
    /* the size of the WMA codec-specific data the decoders read */
    static const gsize min_cd[] = { 0, 0, 6, 18, 18 };

    if (!gst_structure_get_int (s, "wmaversion", &version)
        || version < 1 || version > 4)
      return refuse (why, "field 'wmaversion' must be 1 to 4");
    if (!gst_structure_get_int (s, "block_align", &block_align)
        || block_align <= 0 || block_align > G_MAXUINT16)
      return refuse (why, "field 'block_align' must be 1 to 65535");
    if (cd_size < min_cd[version])
      return refuse (why, "field 'codec_data' must hold at least %"
          G_GSIZE_FORMAT " bytes for WMA version %d, has %" G_GSIZE_FORMAT,
          min_cd[version], version, cd_size);
    info->format_tag = WMASF_WAVE_FORMAT_WMAUDIO1 + version - 1;
    info->block_align = block_align;
    gst_structure_get_int (s, "depth", &depth);
    info->bits_per_sample = depth;
  } else if (g_str_equal (media, "audio/x-wms")) {
    /* FFmpeg's WMA Voice decoder reads 46 bytes of it */
    if (!gst_structure_get_int (s, "block_align", &block_align)
        || block_align <= 0 || block_align > G_MAXUINT16)
      return refuse (why, "field 'block_align' must be 1 to 65535");
    if (cd_size < 46)
      return refuse (why, "field 'codec_data' must hold the 46 bytes of "
          "WMA Voice's format data, has %" G_GSIZE_FORMAT, cd_size);
    info->format_tag = WMASF_WAVE_FORMAT_WMAVOICE;
    info->block_align = block_align;
    info->bits_per_sample = 16;
  } else if (g_str_equal (media, "audio/mpeg")) {
    if (!gst_structure_get_int (s, "mpegversion", &version))
      return refuse (why, "field 'mpegversion' is missing");
    if (version == 1) {
      if (!gst_structure_get_int (s, "layer", &layer) || layer < 2 || layer > 3)
        return refuse (why, "field 'layer' must be 2 or 3");
      if (channels > 2)
        return refuse (why, "field 'channels' must be 1 or 2 for MPEG-1 "
            "audio");
      /* one media object is one frame; the format bytes come with the
       * header, once the bitrate is known */
      info->format_tag = layer == 3 ? WMASF_WAVE_FORMAT_MPEGLAYER3 :
          WMASF_WAVE_FORMAT_MPEG;
      info->block_align = 1;
      info->bits_per_sample = 0;
      g_clear_pointer (&info->codec_data, g_bytes_unref);
    } else if (version == 4 || version == 2) {
      const gchar *sf = gst_structure_get_string (s, "stream-format");

      if (sf && !g_str_equal (sf, "raw"))
        return refuse (why, "field 'stream-format' must be raw (put "
            "aacparse before the muxer), is %s", sf);
      if (cd_size < 2)
        return refuse (why, "field 'codec_data' must hold the "
            "AudioSpecificConfig (at least 2 bytes), has %" G_GSIZE_FORMAT,
            cd_size);
      info->format_tag = WMASF_WAVE_FORMAT_RAW_AAC1;
      info->block_align = 1;
      info->bits_per_sample = 16;
    } else {
      return refuse (why, "field 'mpegversion' must be 1 or 4");
    }
  } else if (g_str_equal (media, "audio/x-ac3")) {
    info->format_tag = WMASF_WAVE_FORMAT_DOLBY_AC3;
    info->block_align = 1;
    info->bits_per_sample = 0;
    g_clear_pointer (&info->codec_data, g_bytes_unref);
  } else if (g_str_equal (media, "audio/x-raw")) {
    const gchar *format = gst_structure_get_string (s, "format");
    const gchar *layout = gst_structure_get_string (s, "layout");
    guint64 mask = 0;
    guint16 bits = 0;
    gboolean is_float;

    if (format == NULL || !pcm_format (format, &bits, &is_float))
      return refuse (why, "field 'format' must be S16LE, S24LE, S32LE or "
          "F32LE");
    if (layout && !g_str_equal (layout, "interleaved"))
      return refuse (why, "field 'layout' must be interleaved");
    g_clear_pointer (&info->codec_data, g_bytes_unref);
    info->bits_per_sample = bits;
    info->block_align = channels * bits / 8;
    info->bitrate = (guint32) rate *channels * bits;
    if (channels > 2) {
      if (!gst_structure_get (s, "channel-mask", GST_TYPE_BITMASK, &mask, NULL))
        mask = default_channel_mask (channels);
      info->format_tag = WMASF_WAVE_FORMAT_EXTENSIBLE;
      info->codec_data = extensible_extra (bits, (guint32) mask, is_float);
    } else {
      info->format_tag = is_float ? WMASF_WAVE_FORMAT_IEEE_FLOAT :
          WMASF_WAVE_FORMAT_PCM;
    }
    return TRUE;
  } else {
    return refuse (why, "media type %s is not an audio codec ASF can carry",
        media);
  }
  return TRUE;
}

/**
 * wmasf_codec_from_caps:
 * @caps: fixed caps of a video or audio pad
 * @is_video: which kind of pad
 * @info: (out caller-allocates): filled, codec_data included; the caller
 *   sets the stream number and clears it
 * @why: (out) (optional): on failure, the field at fault and what it needs
 *
 * Returns: whether ASF can describe a stream of these caps
 */
gboolean
wmasf_codec_from_caps (const GstCaps * caps, gboolean is_video,
    WmAsfStreamInfo * info, gchar ** why)
{
  const GstStructure *s;
  const gchar *media;

  memset (info, 0, sizeof (*info));
  info->is_video = is_video;
  if (caps == NULL || gst_caps_get_size (caps) != 1)
    return refuse (why, "the caps must hold exactly one structure");
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_name (s);
  if (g_str_has_prefix (media, "video/") != is_video)
    return refuse (why, "media type %s does not belong on a%s pad", media,
        is_video ? " video" : "n audio");
  info->bitrate = structure_get_bitrate (s);
  return is_video ? parse_video (s, info, why) : parse_audio (s, info, why);
}

/* Whether the header's bitrate is best read from the stream when the caps
 * have none: from the frame headers (MPEG audio, AC-3, see
 * wmasf_codec_frame_bitrate()) or from bytes and durations (AAC). */
gboolean
wmasf_codec_bitrate_in_stream (const WmAsfStreamInfo * info)
{
  return !info->is_video && (info->format_tag == WMASF_WAVE_FORMAT_MPEGLAYER3
      || info->format_tag == WMASF_WAVE_FORMAT_MPEG
      || info->format_tag == WMASF_WAVE_FORMAT_DOLBY_AC3
      || info->format_tag == WMASF_WAVE_FORMAT_RAW_AAC1);
}

/* MPEG audio bitrates in kbit/s by bitrate index 1-14 (ISO/IEC 11172-3
 * and 13818-3 frame headers) */
static const guint16 mpeg1_l2_kbps[14] = { 32, 48, 56, 64, 80, 96, 112,
  128, 160, 192, 224, 256, 320, 384
};

static const guint16 mpeg1_l3_kbps[14] = { 32, 40, 48, 56, 64, 80, 96,
  112, 128, 160, 192, 224, 256, 320
};

static const guint16 mpeg2_l23_kbps[14] = { 8, 16, 24, 32, 40, 48, 56, 64,
  80, 96, 112, 128, 144, 160
};

/* AC-3 bitrates in kbit/s by frmsizecod / 2 (ATSC A/52 table 5.18) */
static const guint16 ac3_kbps[19] = { 32, 40, 48, 56, 64, 80, 96, 112,
  128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640
};

static guint32
mpeg_audio_frame_bitrate (const guint8 * d, gsize size)
{
  guint version, layer, index;

  if (size < 4 || d[0] != 0xFF || (d[1] & 0xE0) != 0xE0)
    return 0;
  version = (d[1] >> 3) & 0x3;  /* 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5 */
  layer = (d[1] >> 1) & 0x3;    /* 1: layer 3, 2: layer 2 */
  index = d[2] >> 4;
  if (version == 1 || index == 0 || index == 15 || (layer != 1 && layer != 2))
    return 0;
  if (version != 3)
    return mpeg2_l23_kbps[index - 1] * 1000;
  return (layer == 1 ? mpeg1_l3_kbps : mpeg1_l2_kbps)[index - 1] * 1000;
}

static guint32
ac3_frame_bitrate (const guint8 * d, gsize size)
{
  guint code;

  if (size < 5 || d[0] != 0x0B || d[1] != 0x77)
    return 0;
  code = (d[4] & 0x3F) >> 1;
  return code < G_N_ELEMENTS (ac3_kbps) ? ac3_kbps[code] * 1000 : 0;
}

/* The bitrate the frame header at the start of @data declares, 0 when
 * there is none (not a frame start, free format). */
guint32
wmasf_codec_frame_bitrate (const WmAsfStreamInfo * info, const guint8 * data,
    gsize size)
{
  switch (info->format_tag) {
    case WMASF_WAVE_FORMAT_MPEGLAYER3:
    case WMASF_WAVE_FORMAT_MPEG:
      return mpeg_audio_frame_bitrate (data, size);
    case WMASF_WAVE_FORMAT_DOLBY_AC3:
      return ac3_frame_bitrate (data, size);
    default:
      return 0;
  }
}

/* MPEGLAYER3WAVEFORMAT's 12 bytes (mmreg.h): players that look up the ACM
 * MP3 decoder expect them. */
static GBytes *
mpeglayer3_extra (const WmAsfStreamInfo * info)
{
  GstByteWriter bw;
  /* bytes of one frame without padding; MPEG-2 LSF frames hold half */
  guint32 block = info->rate ? (info->rate >= 32000 ? 144 : 72) *
      (guint64) info->bitrate / info->rate : 0;

  gst_byte_writer_init_with_size (&bw, 12, TRUE);
  gst_byte_writer_put_uint16_le_unchecked (&bw, 1);     /* MPEGLAYER3_ID_MPEG */
  gst_byte_writer_put_uint32_le_unchecked (&bw, 2);     /* padding off */
  /* a VBR stream has no fixed block: 1, as the Windows MP3 encoder does */
  gst_byte_writer_put_uint16_le_unchecked (&bw, info->max_bitrate ? 1 :
      MIN (block, G_MAXUINT16));
  gst_byte_writer_put_uint16_le_unchecked (&bw, 1);     /* frames per block */
  gst_byte_writer_put_uint16_le_unchecked (&bw, 1393);  /* codec delay */
  return g_bytes_new_take (gst_byte_writer_reset_and_get_data (&bw), 12);
}

/* MPEG1WAVEFORMAT's 22 bytes (mmreg.h) for layer 2 */
static GBytes *
mpeg1_extra (const WmAsfStreamInfo * info)
{
  GstByteWriter bw;

  gst_byte_writer_init_with_size (&bw, 22, TRUE);
  gst_byte_writer_put_uint16_le_unchecked (&bw, 0x0002);        /* ACM_MPEG_LAYER2 */
  gst_byte_writer_put_uint32_le_unchecked (&bw, info->bitrate);
  gst_byte_writer_put_uint16_le_unchecked (&bw, info->channels == 1 ? 0x0008 : 0x0001); /* ACM_MPEG_SINGLECHANNEL / STEREO */
  gst_byte_writer_put_uint16_le_unchecked (&bw, 0);     /* mode extension */
  gst_byte_writer_put_uint16_le_unchecked (&bw, 1);     /* no emphasis */
  gst_byte_writer_put_uint16_le_unchecked (&bw, 0x0010);        /* ACM_MPEG_ID_MPEG1 */
  gst_byte_writer_put_uint32_le_unchecked (&bw, 0);     /* PTS low */
  gst_byte_writer_put_uint32_le_unchecked (&bw, 0);     /* PTS high */
  return g_bytes_new_take (gst_byte_writer_reset_and_get_data (&bw), 22);
}

/* Once the bitrate is final: the format bytes that depend on it. */
void
wmasf_codec_finish (WmAsfStreamInfo * info)
{
  if (info->is_video)
    return;
  if (info->format_tag == WMASF_WAVE_FORMAT_MPEGLAYER3) {
    g_clear_pointer (&info->codec_data, g_bytes_unref);
    info->codec_data = mpeglayer3_extra (info);
  } else if (info->format_tag == WMASF_WAVE_FORMAT_MPEG) {
    g_clear_pointer (&info->codec_data, g_bytes_unref);
    info->codec_data = mpeg1_extra (info);
  }
}

/* the names the Windows Media Format SDK writes in the Codec List */
const gchar *
wmasf_codec_name (const WmAsfStreamInfo * s)
{
  if (s->is_video) {
    switch (s->fourcc) {
      case GST_MAKE_FOURCC ('W', 'M', 'V', '1'):
        return "Windows Media Video 7";
      case GST_MAKE_FOURCC ('W', 'M', 'V', '2'):
        return "Windows Media Video 8";
      case GST_MAKE_FOURCC ('W', 'M', 'V', '3'):
        return "Windows Media Video 9";
      case GST_MAKE_FOURCC ('W', 'V', 'C', '1'):
      case GST_MAKE_FOURCC ('W', 'M', 'V', 'A'):
        return "Windows Media Video 9 Advanced Profile";
      case GST_MAKE_FOURCC ('M', 'P', '4', '1'):
        return "Microsoft MPEG-4 Video Codec V1";
      case GST_MAKE_FOURCC ('M', 'P', '4', '2'):
        return "Microsoft MPEG-4 Video Codec V2";
      case GST_MAKE_FOURCC ('M', 'P', '4', '3'):
        return "Microsoft MPEG-4 Video Codec V3";
      case GST_MAKE_FOURCC ('M', '4', 'S', '2'):
        return "ISO MPEG-4 Video";
      case WMASF_FOURCC_H264:
        return "H.264 Video";
      default:
        return "Video";
    }
  }
  switch (s->format_tag) {
    case WMASF_WAVE_FORMAT_WMAUDIO1:
      return "Windows Media Audio V1";
    case WMASF_WAVE_FORMAT_WMAUDIO2:
      return "Windows Media Audio V2";
    case WMASF_WAVE_FORMAT_WMAUDIO3:
      return "Windows Media Audio 9 Professional";
    case WMASF_WAVE_FORMAT_WMAUDIO_LOSSLESS:
      return "Windows Media Audio 9 Lossless";
    case WMASF_WAVE_FORMAT_WMAVOICE:
      return "Windows Media Audio 9 Voice";
    case WMASF_WAVE_FORMAT_MPEGLAYER3:
      return "MPEG Layer-3";
    case WMASF_WAVE_FORMAT_MPEG:
      return "MPEG Layer-2";
    case WMASF_WAVE_FORMAT_RAW_AAC1:
      return "AAC";
    case WMASF_WAVE_FORMAT_DOLBY_AC3:
      return "Dolby AC-3";
    case WMASF_WAVE_FORMAT_PCM:
    case WMASF_WAVE_FORMAT_IEEE_FLOAT:
    case WMASF_WAVE_FORMAT_EXTENSIBLE:
      return "PCM";
    default:
      return "Audio";
  }
}

/* Whether an Annex B access unit holds a sequence parameter set. */
gboolean
wmasf_codec_h264_has_sps (const guint8 * data, gsize size)
{
  return find_start_code (data, size, 0x07, 0x1F) >= 0;
}

/* The SPS and PPS NAL units of an Annex B access unit, each behind a
 * 4-byte start code; NULL without an SPS. */
GBytes *
wmasf_codec_h264_parameter_sets (const guint8 * data, gsize size)
{
  GByteArray *sets = g_byte_array_new ();
  static const guint8 start[4] = { 0, 0, 0, 1 };
  gboolean has_sps = FALSE;
  gssize pos = find_start_code (data, size, 0, 0);

  while (pos >= 0) {
    gsize nal = pos + 3, end;
    gssize next = find_start_code (data + nal, size - nal, 0, 0);
    guint type = nal < size ? data[nal] & 0x1F : 0;

    end = next >= 0 ? nal + next : size;
    /* a 4-byte start code's leading zero belongs to it, not to the NAL */
    while (end > nal && next >= 0 && data[end - 1] == 0)
      end--;
    if (type == 7 || type == 8) {
      has_sps |= type == 7;
      g_byte_array_append (sets, start, sizeof (start));
      g_byte_array_append (sets, data + nal, end - nal);
    }
    pos = next >= 0 ? (gssize) nal + next : -1;
  }
  if (!has_sps) {
    g_byte_array_unref (sets);
    return NULL;
  }
  return g_byte_array_free_to_bytes (sets);
}
