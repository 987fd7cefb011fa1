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

#include "wmnetlog.h"
#include "wmnetlogstats.h"

typedef struct
{
  guint depth;
  gint field;                   /* the depth-2 element's field, or -1 */
  gboolean summary;             /* in the depth-2 <Summary> */
  GString *text;
  GHashTable *fields;
  gchar *summary_text;
} ParseCtx;

static void
start_element (GMarkupParseContext * context, const gchar * name,
    const gchar ** attr_names, const gchar ** attr_values, gpointer user_data,
    GError ** error)
{
  ParseCtx *ctx = user_data;

  ctx->depth++;
  if (ctx->depth != 2)
    return;
  g_string_truncate (ctx->text, 0);
  ctx->summary = g_ascii_strcasecmp (name, "Summary") == 0;
  ctx->field = wmnet_log_field_from_name (name);
}

static void
end_element (GMarkupParseContext * context, const gchar * name,
    gpointer user_data, GError ** error)
{
  ParseCtx *ctx = user_data;

  if (ctx->depth == 2) {
    gchar *v = g_strstrip (g_strdup (ctx->text->str));

    if (ctx->summary) {
      g_free (ctx->summary_text);
      ctx->summary_text = v;
    } else if (ctx->field >= 0) {
      g_hash_table_replace (ctx->fields,
          g_strdup (wmnet_log_field_name (ctx->field)), v);
    } else {
      g_free (v);
    }
    ctx->field = -1;
    ctx->summary = FALSE;
  }
  ctx->depth--;
}

static void
text (GMarkupParseContext * context, const gchar * text, gsize len,
    gpointer user_data, GError ** error)
{
  ParseCtx *ctx = user_data;

  /* only the direct text of a depth-2 element: nested elements
   * (ContentDescription, custom data, [MS-WMLOG] 2.4) are not fields */
  if (ctx->depth == 2 && (ctx->field >= 0 || ctx->summary))
    g_string_append_len (ctx->text, text, len);
}

static const GMarkupParser parser = {
  start_element, end_element, text, NULL, NULL,
};

/* The Summary is log_data44 (or 47): fields the tags did not give are taken
 * from their place in it. A value may be wrapped over lines, hence the
 * split on any whitespace (ASCII, as g_strstrip() of a tag's value). */
static void
merge_summary (GHashTable * fields, const gchar * summary)
{
  gchar **tok = g_strsplit_set (summary, " \t\r\n\f\v", -1);
  guint i, n = 0;

  for (i = 0; tok[i] && n < WMNET_LOG_N_WMLOG_FIELDS; i++) {
    const gchar *name;

    if (*tok[i] == '\0')
      continue;
    name = wmnet_log_field_name (n++);
    if (!g_hash_table_contains (fields, name))
      g_hash_table_insert (fields, g_strdup (name), g_strdup (tok[i]));
  }
  g_strfreev (tok);
}

GHashTable *
wmnet_log_stats_parse (const gchar * body, gsize len, GError ** error)
{
  ParseCtx ctx = { 0, };
  GMarkupParseContext *mctx;
  GError *err = NULL;
  gboolean ok;

  if (len > WMNET_LOG_STATS_MAX_BODY) {
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
        "log report of %" G_GSIZE_FORMAT " bytes, more than %d", len,
        WMNET_LOG_STATS_MAX_BODY);
    return NULL;
  }
  ctx.field = -1;
  ctx.text = g_string_new (NULL);
  ctx.fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mctx = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT,
      &ctx, NULL);
  /* GMarkup (GLib 2.74) may set an error and still return TRUE (bad
   * UTF-8 in a CDATA section): the error decides */
  ok = g_markup_parse_context_parse (mctx, body, len, &err) && err == NULL
      && g_markup_parse_context_end_parse (mctx, &err) && err == NULL;
  if (err) {
    ok = FALSE;
    g_propagate_error (error, err);
  }
  g_markup_parse_context_free (mctx);
  g_string_free (ctx.text, TRUE);

  if (ok && ctx.summary_text)
    merge_summary (ctx.fields, ctx.summary_text);
  g_free (ctx.summary_text);
  if (ok && g_hash_table_size (ctx.fields) == 0) {
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
        "no [MS-WMLOG] log field in the report");
    ok = FALSE;
  }
  if (!ok) {
    g_hash_table_unref (ctx.fields);
    return NULL;
  }
  return ctx.fields;
}
