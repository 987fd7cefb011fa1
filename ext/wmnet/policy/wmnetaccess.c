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

/* wmnetaccess: owns the access entries of wmnetsink (parsing, canonical
 * form, matching), the include/exclude lists with their lock, and the
 * admission rule of docs/design.md, D1. Matching is GLib's
 * GInetAddressMask; this file only turns the SDK's entry forms into masks.
 * No GStreamer, no HTTP. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetaccess.h"

struct _WmnetAccessEntry
{
  GInetAddressMask *mask;       /* network address (host bits clear) + prefix */
};

struct _WmnetAccessList
{
  /* Guards both arrays and the pointers to them. set swaps in an array it
   * filled beforehand, so a check sees the old list or the new one, never a
   * mix; entries are immutable once in an array. */
  GMutex lock;
  GPtrArray *include;
  GPtrArray *exclude;
  /* a set of that type was refused and none succeeded since (D50) */
  gboolean include_closed;
  gboolean exclude_closed;
};

/* GNU indent would take the quark name apart */
/* *INDENT-OFF* */
G_DEFINE_QUARK (wmnet-access-error-quark, wmnet_access_error)
/* *INDENT-ON* */

GType
wmnet_access_type_get_type (void)
{
  static gsize type_id = 0;
  /* Names are the SDK's, so gst_value_deserialize() and
   * g_enum_get_value_by_name() accept the constants a ported app knows;
   * nicks are what properties and gst-launch use. */
  static const GEnumValue values[] = {
    {WMNET_ACCESS_TYPE_INCLUDE, "WM_AETYPE_INCLUDE", "include"},
    {WMNET_ACCESS_TYPE_EXCLUDE, "WM_AETYPE_EXCLUDE", "exclude"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type_id)) {
    GType id = g_enum_register_static ("GstWmnetAccessType", values);

    g_once_init_leave (&type_id, id);
  }

  return (GType) type_id;
}

/* ---- entries ------------------------------------------------------------ */

/* Sets an INVALID_ENTRY error naming @text. @text (and the parts of it the
 * format quotes) may be any bytes the application passed, so the message is
 * made valid UTF-8 as a whole. */
/* *INDENT-OFF* */
static void set_entry_error (GError ** error, const gchar * text,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);
/* *INDENT-ON* */

static void
set_entry_error (GError ** error, const gchar * text, const gchar * format, ...)
{
  gchar *what, *raw, *message;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  raw = g_strdup_printf ("Invalid access entry '%s': %s",
      text ? text : "(null)", what);
  message = g_utf8_make_valid (raw, -1);
  g_set_error_literal (error, WMNET_ACCESS_ERROR,
      WMNET_ACCESS_ERROR_INVALID_ENTRY, message);
  g_free (message);
  g_free (raw);
  g_free (what);
}

static const gchar *
family_name (GInetAddress * addr)
{
  return g_inet_address_get_family (addr) == G_SOCKET_FAMILY_IPV4 ?
      "IPv4" : "IPv6";
}

/* Prefix length of a contiguous mask (ones, then zeros), or -1. */
static gint
mask_to_prefix (GInetAddress * mask)
{
  const guint8 *bytes = g_inet_address_to_bytes (mask);
  gsize size = g_inet_address_get_native_size (mask);
  gint prefix = 0;
  gsize i;

  for (i = 0; i < size && bytes[i] == 0xff; i++)
    prefix += 8;

  if (i < size) {
    guint8 b = bytes[i];

    while (b & 0x80) {
      prefix++;
      b <<= 1;
    }
    /* Whatever is left of this byte and every later byte must be zero. */
    if (b != 0)
      return -1;
    for (i++; i < size; i++)
      if (bytes[i] != 0)
        return -1;
  }

  return prefix;
}

static const guint8 mapped_prefix[12] =
    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* ::ffff:a.b.c.d (RFC 4291 2.5.5.2, ::ffff:0:0/96); GLib 2.74 has no
 * getter for it. */
static gboolean
is_ipv4_mapped (GInetAddress * addr)
{
  return g_inet_address_get_family (addr) == G_SOCKET_FAMILY_IPV6
      && memcmp (g_inet_address_to_bytes (addr), mapped_prefix,
      sizeof (mapped_prefix)) == 0;
}

/* Parses what follows the '/' of @text: a decimal prefix length, or a mask
 * in address form of @addr's family (AddAccessEntryEx). Our own digit
 * parser because g_inet_address_mask_new_from_string() uses strtoul(),
 * which takes " 8", "+8" and "-0" and wraps huge values. */
static gboolean
parse_suffix (const gchar * text, GInetAddress * addr, const gchar * suffix,
    guint * prefix, GError ** error)
{
  guint max_bits = (guint) g_inet_address_get_native_size (addr) * 8;
  guint value = 0;
  const gchar *p;

  if (*suffix == '\0') {
    set_entry_error (error, text,
        "nothing after '/', expected a prefix length or a mask");
    return FALSE;
  }

  if (strchr (suffix, '.') != NULL || strchr (suffix, ':') != NULL) {
    GInetAddress *mask = g_inet_address_new_from_string (suffix);
    gboolean v4_part;
    gint bits;

    if (mask == NULL) {
      set_entry_error (error, text,
          "'%s' is neither a prefix length nor an address mask", suffix);
      return FALSE;
    }
    /* "::ffff:10.1.2.3/255.255.255.0": a dotted mask on an IPv4-mapped
     * address covers its IPv4 part, the last 32 bits */
    v4_part = g_inet_address_get_family (mask) == G_SOCKET_FAMILY_IPV4
        && is_ipv4_mapped (addr);
    if (!v4_part
        && g_inet_address_get_family (mask) !=
        g_inet_address_get_family (addr)) {
      set_entry_error (error, text,
          "mask '%s' is %s but the address is %s", suffix,
          family_name (mask), family_name (addr));
      g_object_unref (mask);
      return FALSE;
    }
    bits = mask_to_prefix (mask);
    g_object_unref (mask);
    if (bits < 0) {
      set_entry_error (error, text,
          "mask '%s' is not contiguous (its one bits must come first)", suffix);
      return FALSE;
    }
    *prefix = (guint) bits + (v4_part ? 96 : 0);
    return TRUE;
  }

  if (suffix[0] == '-' && g_ascii_isdigit (suffix[1])) {
    set_entry_error (error, text, "prefix length %s is negative", suffix);
    return FALSE;
  }
  if (!g_ascii_isdigit (suffix[0])) {
    set_entry_error (error, text, "prefix length '%s' is not a number", suffix);
    return FALSE;
  }

  for (p = suffix; g_ascii_isdigit (*p); p++) {
    /* Saturate: anything past max_bits is out of range anyway. */
    if (value <= max_bits)
      value = value * 10 + (guint) (*p - '0');
  }
  if (*p != '\0') {
    set_entry_error (error, text, "unexpected '%s' after the prefix length", p);
    return FALSE;
  }
  if (value > max_bits) {
    set_entry_error (error, text,
        "prefix length %s is out of range (0 to %u for an %s address)",
        suffix, max_bits, family_name (addr));
    return FALSE;
  }

  *prefix = value;
  return TRUE;
}

/* @addr with every bit beyond @prefix cleared: GInetAddressMask refuses
 * host bits, while the SDK's entries (206.73.118.1 + 255.255.255.0) have
 * them and mean the network. */
static GInetAddress *
network_address (GInetAddress * addr, guint prefix)
{
  guint8 bytes[16];
  guint size = (guint) g_inet_address_get_native_size (addr);
  guint i;

  memcpy (bytes, g_inet_address_to_bytes (addr), size);
  for (i = 0; i < size; i++) {
    guint keep = prefix > i * 8 ? MIN (prefix - i * 8, 8) : 0;

    bytes[i] &= keep ? (guint8) (0xff << (8 - keep)) : 0;
  }

  return g_inet_address_new_from_bytes (bytes,
      g_inet_address_get_family (addr));
}

/* @host_bits, when not NULL, is set TRUE when @text had bits set beyond
 * its prefix (cleared in the entry). */
static WmnetAccessEntry *
parse_entry (const gchar * text, gboolean * host_bits, GError ** error)
{
  WmnetAccessEntry *entry = NULL;
  GInetAddress *addr = NULL, *net = NULL;
  GInetAddressMask *mask;
  GError *mask_error = NULL;
  gchar *copy, *slash;
  guint prefix;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* NULL is refused like "", not with a critical: entries arrive from
   * action signals and property strings the application filled in. */
  copy = g_strstrip (g_strdup (text ? text : ""));
  if (*copy == '\0') {
    set_entry_error (error, text, "empty");
    goto out;
  }

  slash = strchr (copy, '/');
  if (slash != NULL) {
    *slash = '\0';
    if (strchr (slash + 1, '/') != NULL) {
      set_entry_error (error, text, "more than one '/'");
      goto out;
    }
    if (*copy == '\0') {
      set_entry_error (error, text, "no address before '/'");
      goto out;
    }
  }

  /* inet_pton underneath: dotted quads and RFC 4291 text only, no names,
   * no "10.1", no scope ids. */
  addr = g_inet_address_new_from_string (copy);
  if (addr == NULL) {
    set_entry_error (error, text, "'%s' is not an IPv4 or IPv6 address", copy);
    goto out;
  }

  if (slash == NULL)
    prefix = (guint) g_inet_address_get_native_size (addr) * 8;
  else if (!parse_suffix (text, addr, slash + 1, &prefix, error))
    goto out;

  /* Peers are matched in IPv4 form, so a mapped entry becomes the IPv4
   * entry it means; kept as IPv6 it would match nobody. */
  if (is_ipv4_mapped (addr)) {
    GInetAddress *v4;

    if (prefix < 96) {
      set_entry_error (error, text, "prefix length %u is shorter than the 96 "
          "bits of an IPv4-mapped address (::ffff:0:0/96); IPv4 peers are "
          "matched against IPv4 entries: write the IPv4 form, such as "
          "0.0.0.0/0", prefix);
      goto out;
    }
    v4 = wmnet_inet_address_normalize (addr);
    g_object_unref (addr);
    addr = v4;
    prefix -= 96;
  }

  net = network_address (addr, prefix);
  if (host_bits)
    *host_bits = !g_inet_address_equal (net, addr);
  mask = g_inet_address_mask_new (net, prefix, &mask_error);
  if (mask == NULL) {
    /* Cannot happen after the checks above; keep GLib's reason. */
    set_entry_error (error, text, "%s", mask_error->message);
    g_clear_error (&mask_error);
    goto out;
  }

  entry = g_new0 (WmnetAccessEntry, 1);
  entry->mask = mask;

out:
  g_clear_object (&net);
  g_clear_object (&addr);
  g_free (copy);
  return entry;
}

WmnetAccessEntry *
wmnet_access_entry_parse (const gchar * text, GError ** error)
{
  return parse_entry (text, NULL, error);
}

/* A list entry: as wmnet_access_entry_parse(), and host bits get a
 * warning, since "172.17.0.0/12" may be a typo for 172.17.0.0/16 while it
 * means 172.16.0.0/12. */
static WmnetAccessEntry *
parse_list_entry (const gchar * text, GError ** error)
{
  gboolean host_bits = FALSE;
  WmnetAccessEntry *entry = parse_entry (text, &host_bits, error);

  if (entry && host_bits) {
    gchar *canonical = wmnet_access_entry_to_string (entry);
    /* g_strstrip works in place: @given stays the block to free */
    gchar *given = g_strstrip (g_utf8_make_valid (text, -1));

    g_warning ("access entry '%s' has host bits set beyond its prefix: it "
        "is read as %s (write that, or check the prefix for a typo)", given,
        canonical);
    g_free (given);
    g_free (canonical);
  }
  return entry;
}

/* TRUE when @entries holds an entry of @entry's network and prefix. */
static gboolean
has_entry (GPtrArray * entries, const WmnetAccessEntry * entry)
{
  guint i;

  for (i = 0; i < entries->len; i++) {
    const WmnetAccessEntry *e = g_ptr_array_index (entries, i);

    if (g_inet_address_mask_equal (e->mask, entry->mask))
      return TRUE;
  }
  return FALSE;
}

gchar *
wmnet_access_entry_to_string (const WmnetAccessEntry * entry)
{
  gchar *str, *full;

  g_return_val_if_fail (entry != NULL, NULL);

  /* GLib leaves out a full-length prefix ("10.1.2.3"); ours always has one
   * so an entry reads the same whatever form it was added in. */
  str = g_inet_address_mask_to_string (entry->mask);
  if (strchr (str, '/') != NULL)
    return str;

  full = g_strdup_printf ("%s/%u", str,
      g_inet_address_mask_get_length (entry->mask));
  g_free (str);
  return full;
}

/* @peer already normalised. GLib returns FALSE across families and TRUE
 * for a zero-length mask of the peer's family, which is our rule. */
static gboolean
entry_matches_normalized (const WmnetAccessEntry * entry, GInetAddress * peer)
{
  return g_inet_address_mask_matches (entry->mask, peer);
}

gboolean
wmnet_access_entry_matches (const WmnetAccessEntry * entry, GInetAddress * peer)
{
  GInetAddress *norm;
  gboolean ret;

  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (peer), FALSE);

  norm = wmnet_inet_address_normalize (peer);
  ret = entry_matches_normalized (entry, norm);
  g_object_unref (norm);

  return ret;
}

void
wmnet_access_entry_free (WmnetAccessEntry * entry)
{
  if (entry == NULL)
    return;

  g_object_unref (entry->mask);
  g_free (entry);
}

GInetAddress *
wmnet_inet_address_normalize (GInetAddress * addr)
{
  g_return_val_if_fail (G_IS_INET_ADDRESS (addr), NULL);

  if (!is_ipv4_mapped (addr))
    return g_object_ref (addr);

  return g_inet_address_new_from_bytes (g_inet_address_to_bytes (addr) + 12,
      G_SOCKET_FAMILY_IPV4);
}

/* ---- lists -------------------------------------------------------------- */

#define IS_ACCESS_TYPE(t) \
    ((t) == WMNET_ACCESS_TYPE_INCLUDE || (t) == WMNET_ACCESS_TYPE_EXCLUDE)

/* The type comes from action signals as whatever integer the application
 * passed, so a wrong one is an error for the caller to report, not a
 * programming error. */
static gboolean
check_type (WmnetAccessType type, GError ** error)
{
  if (IS_ACCESS_TYPE (type))
    return TRUE;

  g_set_error (error, WMNET_ACCESS_ERROR, WMNET_ACCESS_ERROR_INVALID_TYPE,
      "%d is not a GstWmnetAccessType (0x69 include, 0x65 exclude)",
      (gint) type);
  return FALSE;
}

static GPtrArray *
entry_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)
      wmnet_access_entry_free);
}

/* Lock held. */
static GPtrArray **
list_slot (WmnetAccessList * list, WmnetAccessType type)
{
  return type == WMNET_ACCESS_TYPE_INCLUDE ? &list->include : &list->exclude;
}

/* Lock held. */
static gboolean *
closed_slot (WmnetAccessList * list, WmnetAccessType type)
{
  return type == WMNET_ACCESS_TYPE_INCLUDE ? &list->include_closed :
      &list->exclude_closed;
}

static void
set_closed (WmnetAccessList * list, WmnetAccessType type, gboolean closed)
{
  g_mutex_lock (&list->lock);
  *closed_slot (list, type) = closed;
  g_mutex_unlock (&list->lock);
}

static const gchar *
type_name (WmnetAccessType type)
{
  return type == WMNET_ACCESS_TYPE_INCLUDE ? "include" : "exclude";
}

WmnetAccessList *
wmnet_access_list_new (void)
{
  WmnetAccessList *list = g_new0 (WmnetAccessList, 1);

  g_mutex_init (&list->lock);
  list->include = entry_array_new ();
  list->exclude = entry_array_new ();

  return list;
}

void
wmnet_access_list_free (WmnetAccessList * list)
{
  if (list == NULL)
    return;

  g_ptr_array_unref (list->include);
  g_ptr_array_unref (list->exclude);
  g_mutex_clear (&list->lock);
  g_free (list);
}

gboolean
wmnet_access_list_set (WmnetAccessList * list, WmnetAccessType type,
    const gchar * const *entries, GError ** error)
{
  GPtrArray *fresh, *old, **slot;
  guint i;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_type (type, error))
    return FALSE;

  /* Parse everything before taking the lock: a bad entry leaves the list
   * alone, and checks never wait on parsing. */
  fresh = entry_array_new ();
  for (i = 0; entries != NULL && entries[i] != NULL; i++) {
    WmnetAccessEntry *entry = parse_list_entry (entries[i], error);

    if (entry == NULL) {
      g_ptr_array_unref (fresh);
      set_closed (list, type, TRUE);
      return FALSE;
    }
    /* a repeated entry changes nothing the rule says */
    if (has_entry (fresh, entry))
      wmnet_access_entry_free (entry);
    else
      g_ptr_array_add (fresh, entry);
  }

  g_mutex_lock (&list->lock);
  slot = list_slot (list, type);
  old = *slot;
  *slot = fresh;
  *closed_slot (list, type) = FALSE;
  g_mutex_unlock (&list->lock);

  g_ptr_array_unref (old);
  return TRUE;
}

gchar **
wmnet_access_list_get (WmnetAccessList * list, WmnetAccessType type)
{
  GPtrArray *entries;
  gchar **strv;
  guint i;

  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (IS_ACCESS_TYPE (type), NULL);

  g_mutex_lock (&list->lock);
  entries = *list_slot (list, type);
  strv = g_new (gchar *, entries->len + 1);
  for (i = 0; i < entries->len; i++)
    strv[i] = wmnet_access_entry_to_string (g_ptr_array_index (entries, i));
  strv[i] = NULL;
  g_mutex_unlock (&list->lock);

  return strv;
}

gboolean
wmnet_access_list_set_array (WmnetAccessList * list, WmnetAccessType type,
    const GValue * array, GError ** error)
{
  guint i, n = gst_value_array_get_size (array);
  const gchar **entries = g_new0 (const gchar *, n + 1);
  gboolean ok;

  for (i = 0; i < n; i++) {
    const GValue *v = gst_value_array_get_value (array, i);

    entries[i] = G_VALUE_HOLDS_STRING (v) ? g_value_get_string (v) : NULL;
    if (entries[i] == NULL) {
      g_set_error (error, WMNET_ACCESS_ERROR, WMNET_ACCESS_ERROR_INVALID_ENTRY,
          "entry %u is not a string", i);
      g_free (entries);
      if (IS_ACCESS_TYPE (type))
        set_closed (list, type, TRUE);
      return FALSE;
    }
  }
  ok = wmnet_access_list_set (list, type, entries, error);
  g_free (entries);
  return ok;
}

void
wmnet_access_list_get_array (WmnetAccessList * list, WmnetAccessType type,
    GValue * array)
{
  gchar **entries = wmnet_access_list_get (list, type);
  guint i;

  for (i = 0; entries && entries[i]; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_STRING);
    g_value_take_string (&v, entries[i]);
    gst_value_array_append_and_take_value (array, &v);
  }
  g_free (entries);
}

gboolean
wmnet_access_list_set_value (WmnetAccessList * list, WmnetAccessType type,
    const GValue * value, GError ** error)
{
  if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    return wmnet_access_list_set (list, type, g_value_get_boxed (value), error);
  return wmnet_access_list_set_array (list, type, value, error);
}

void
wmnet_access_list_get_value (WmnetAccessList * list, WmnetAccessType type,
    GValue * value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    g_value_take_boxed (value, wmnet_access_list_get (list, type));
  else
    wmnet_access_list_get_array (list, type, value);
}

GParamSpec *
wmnet_access_list_twin_pspec (GParamSpec * list)
{
  const gchar *name = g_param_spec_get_name (list);
  gchar *twin = g_strconcat (name, "-strv", NULL);
  gchar *nick = g_strconcat (g_param_spec_get_nick (list), " (strv)", NULL);
  gchar *blurb = g_strconcat (name, " as a string array, for bindings: the "
      "same list", NULL);
  GParamSpec *p = g_param_spec_boxed (twin, nick, blurb, G_TYPE_STRV,
      list->flags & ~G_PARAM_STATIC_STRINGS);

  g_free (twin);
  g_free (nick);
  g_free (blurb);
  return p;
}

gboolean
wmnet_access_list_add (WmnetAccessList * list, WmnetAccessType type,
    const gchar * entry, GError ** error)
{
  WmnetAccessEntry *parsed;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_type (type, error))
    return FALSE;

  parsed = parse_list_entry (entry, error);
  if (parsed == NULL)
    return FALSE;

  g_mutex_lock (&list->lock);
  g_ptr_array_add (*list_slot (list, type), parsed);
  g_mutex_unlock (&list->lock);

  return TRUE;
}

gboolean
wmnet_access_list_remove (WmnetAccessList * list, WmnetAccessType type,
    guint index, GError ** error)
{
  WmnetAccessEntry *removed = NULL;
  GPtrArray *entries;
  guint len;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_type (type, error))
    return FALSE;

  g_mutex_lock (&list->lock);
  entries = *list_slot (list, type);
  len = entries->len;
  if (index < len)
    removed = g_ptr_array_steal_index (entries, index);
  g_mutex_unlock (&list->lock);

  if (removed == NULL) {
    g_set_error (error, WMNET_ACCESS_ERROR, WMNET_ACCESS_ERROR_INVALID_INDEX,
        "No entry %u in the %s list: it has %u entr%s", index,
        type_name (type), len, len == 1 ? "y" : "ies");
    return FALSE;
  }

  wmnet_access_entry_free (removed);
  return TRUE;
}

static gboolean
any_matches (GPtrArray * entries, GInetAddress * peer)
{
  guint i;

  for (i = 0; i < entries->len; i++)
    if (entry_matches_normalized (g_ptr_array_index (entries, i), peer))
      return TRUE;

  return FALSE;
}

WmnetAccessVerdict
wmnet_access_list_judge (WmnetAccessList * list, GInetAddress * peer)
{
  GInetAddress *norm;
  WmnetAccessVerdict verdict;

  /* Refuse rather than admit on a programming error. */
  g_return_val_if_fail (list != NULL, WMNET_ACCESS_CLOSED);
  g_return_val_if_fail (G_IS_INET_ADDRESS (peer), WMNET_ACCESS_CLOSED);

  norm = wmnet_inet_address_normalize (peer);

  /* Both lists under one lock: the check sees each list either before or
   * after any concurrent edit. Matching is a memcmp per entry, cheap enough
   * to do under the lock rather than copy the lists out. */
  g_mutex_lock (&list->lock);
  if (list->include_closed || list->exclude_closed)
    verdict = WMNET_ACCESS_CLOSED;
  else if (any_matches (list->exclude, norm))
    verdict = WMNET_ACCESS_DENIED;
  else if (list->include->len > 0 && !any_matches (list->include, norm))
    verdict = WMNET_ACCESS_DENIED;
  else
    verdict = WMNET_ACCESS_ADMITTED;
  g_mutex_unlock (&list->lock);

  g_object_unref (norm);
  return verdict;
}

gboolean
wmnet_access_list_check (WmnetAccessList * list, GInetAddress * peer)
{
  return wmnet_access_list_judge (list, peer) == WMNET_ACCESS_ADMITTED;
}

gboolean
wmnet_access_list_is_closed (WmnetAccessList * list)
{
  gboolean closed;

  /* no list at all: nothing was refused */
  if (list == NULL)
    return FALSE;
  g_mutex_lock (&list->lock);
  closed = list->include_closed || list->exclude_closed;
  g_mutex_unlock (&list->lock);
  return closed;
}

gboolean
wmnet_access_list_matches (WmnetAccessList * list, WmnetAccessType type,
    GInetAddress * peer)
{
  GInetAddress *norm;
  gboolean match = FALSE;

  if (list == NULL || !G_IS_INET_ADDRESS (peer) || !check_type (type, NULL))
    return FALSE;
  norm = wmnet_inet_address_normalize (peer);
  g_mutex_lock (&list->lock);
  match = !list->include_closed && !list->exclude_closed
      && any_matches (*list_slot (list, type), norm);
  g_mutex_unlock (&list->lock);
  g_object_unref (norm);
  return match;
}
