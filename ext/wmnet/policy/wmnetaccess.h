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

/* wmnetaccess: the IPv4/IPv6 include and exclude lists of wmnetsink
 * (IWMAddressAccess / IWMAddressAccess2), over GLib's GInetAddressMask.
 * Owns parsing, canonical form, matching and the admission rule; knows
 * nothing of GStreamer or HTTP.
 *
 * Rule (docs/design.md, D1): a peer matching any exclude entry is
 * refused; else, if the include list is not empty, a peer matching no include
 * entry is refused; else it is admitted. An IPv4-mapped IPv6 peer
 * (::ffff:a.b.c.d) is matched as the IPv4 address a.b.c.d, and an
 * IPv4-mapped entry is stored as its IPv4 form; an entry of one family never
 * matches a peer of the other ("::/0" matches no IPv4 peer). */

#ifndef __WMNET_ACCESS_H__
#define __WMNET_ACCESS_H__

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * WmnetAccessType:
 * @WMNET_ACCESS_TYPE_INCLUDE: the include list (WM_AETYPE_INCLUDE, 'i')
 * @WMNET_ACCESS_TYPE_EXCLUDE: the exclude list (WM_AETYPE_EXCLUDE, 'e')
 *
 * Which access list an entry belongs to. The values are the SDK's WM_AETYPE
 * values, so code ported from IWMAddressAccess keeps its constants. The
 * registered GEnum has the nicks "include" and "exclude" and the value names
 * "WM_AETYPE_INCLUDE" and "WM_AETYPE_EXCLUDE".
 */
typedef enum
{
  WMNET_ACCESS_TYPE_INCLUDE = 0x69,
  WMNET_ACCESS_TYPE_EXCLUDE = 0x65,
} WmnetAccessType;

GType wmnet_access_type_get_type (void);
#define WMNET_TYPE_ACCESS_TYPE (wmnet_access_type_get_type ())

#define WMNET_ACCESS_ERROR (wmnet_access_error_quark ())
GQuark wmnet_access_error_quark (void);

/* Messages are valid UTF-8 and quote the entry as given, e.g.
 * "Invalid access entry '10.0.0.0/33': prefix length 33 is out of range
 * (0 to 32 for an IPv4 address)". */
typedef enum
{
  WMNET_ACCESS_ERROR_INVALID_ENTRY,     /* text is not an address, address/prefix or address/mask */
  WMNET_ACCESS_ERROR_INVALID_INDEX,     /* remove past the end of a list */
  WMNET_ACCESS_ERROR_INVALID_TYPE,      /* a type that is not a WmnetAccessType */
} WmnetAccessError;

/* One parsed entry; immutable once made. */
typedef struct _WmnetAccessEntry WmnetAccessEntry;

/* Parses "10.1.2.3", "10.0.0.0/8", "192.168.0.0/255.255.0.0", "2001:db8::7",
 * "2001:db8::/32", "fe80::/ffff:ffff:ffff:ffff::". A mask must be contiguous
 * and of the address's family; a prefix must be 0..32 (IPv4) or 0..128
 * (IPv6), plain decimal digits. Whitespace around @text is ignored; host
 * bits beyond the prefix are cleared ("10.1.2.3/8" is 10.0.0.0/8), as in
 * the SDK's own example (206.73.118.1 with mask 255.255.255.0). Addresses
 * are numeric only: no host names, no scope ids ("fe80::1%eth0").
 * An IPv4-mapped entry becomes the IPv4 entry it means, as peers are
 * matched in IPv4 form: "::ffff:10.0.0.0/104" is 10.0.0.0/8,
 * "::ffff:10.1.2.3/255.255.0.0" is 10.1.0.0/16; one with a prefix shorter
 * than 96 is refused.
 * On failure (including a NULL or blank @text) returns NULL and sets
 * WMNET_ACCESS_ERROR_INVALID_ENTRY naming @text and what is wrong. */
WmnetAccessEntry *wmnet_access_entry_parse (const gchar * text, GError ** error);
/* Canonical form: network address (host bits cleared) "/" prefix length,
 * e.g. "192.168.0.0/16", "10.1.2.3/32", "2001:db8::/32". */
gchar *wmnet_access_entry_to_string (const WmnetAccessEntry * entry);
/* TRUE when @peer, normalised with wmnet_inet_address_normalize(), is of
 * the entry's family and in its network. A /0 entry matches every address
 * of its own family only. */
gboolean wmnet_access_entry_matches (const WmnetAccessEntry * entry,
    GInetAddress * peer);
void wmnet_access_entry_free (WmnetAccessEntry * entry);

/* The two lists and the rule. All functions are thread-safe: the lists are
 * edited from application threads while the server thread checks peers. */
typedef struct _WmnetAccessList WmnetAccessList;

WmnetAccessList *wmnet_access_list_new (void);
void wmnet_access_list_free (WmnetAccessList * list);

/* set, add and remove take @type as the application passed it: one that is
 * not a WmnetAccessType returns FALSE with WMNET_ACCESS_ERROR_INVALID_TYPE
 * naming the value. */

/* Replaces a whole list; @entries NULL or empty clears it. All or nothing:
 * on any bad entry, returns FALSE, sets @error naming that entry, the
 * entries are unchanged and the list is closed (below). Checks running
 * meanwhile see the old list or the new one, never a mix. An entry equal
 * to an earlier one (the same network and prefix, in whatever form) is
 * dropped. set and add take an entry with host bits set beyond its prefix
 * as the network it means, with a g_warning naming the entry and that
 * network ("172.17.0.0/12" is read as 172.16.0.0/12: maybe a typo).
 *
 * Closed (docs/design.md, D50): a whole list given as configuration and
 * refused must not leave the server open, as keeping the old list would
 * (at start an empty one: everybody admitted). From a refused set of
 * either type until a set of that type succeeds, check refuses every peer
 * (WMNET_ACCESS_CLOSED) and matches matches none. add and remove are
 * application calls that return their status: a bad one changes nothing,
 * closes nothing, and does not reopen a closed list. */
gboolean wmnet_access_list_set (WmnetAccessList * list, WmnetAccessType type,
    const gchar * const *entries, GError ** error);
/* Canonical strings of a list in order, NULL-terminated (never NULL itself);
 * free with g_strfreev(). */
gchar **wmnet_access_list_get (WmnetAccessList * list, WmnetAccessType type);
/* The same as a GstValueArray of strings (what the access-include and
 * access-exclude properties hold). Setting fails, changing nothing, when
 * an element is not a string or not an entry. */
gboolean wmnet_access_list_set_array (WmnetAccessList * list,
    WmnetAccessType type, const GValue * array, GError ** error);
void wmnet_access_list_get_array (WmnetAccessList * list,
    WmnetAccessType type, GValue * array);
/* Either form: @value a GstValueArray of strings, or a G_TYPE_STRV (the
 * twin properties bindings read, docs/design.md D80; NULL clears), set
 * and refused as wmnet_access_list_set_array(); get fills @value, of
 * either type, with the list's canonical strings. */
gboolean wmnet_access_list_set_value (WmnetAccessList * list,
    WmnetAccessType type, const GValue * value, GError ** error);
void wmnet_access_list_get_value (WmnetAccessList * list,
    WmnetAccessType type, GValue * value);
/* The G_TYPE_STRV twin of the list property @list: named "NAME-strv",
 * with @list's flags and a blurb saying what it is. */
GParamSpec *wmnet_access_list_twin_pspec (GParamSpec * list);
/* Appends one entry (AddAccessEntry/Ex), a repeated one too (the
 * application counts indexes for remove). A bad entry returns FALSE with
 * WMNET_ACCESS_ERROR_INVALID_ENTRY and changes nothing. */
gboolean wmnet_access_list_add (WmnetAccessList * list, WmnetAccessType type,
    const gchar * entry, GError ** error);
/* Removes the entry at zero-based @index (RemoveAccessEntry); later entries
 * move down one. Past the end: FALSE, WMNET_ACCESS_ERROR_INVALID_INDEX. */
gboolean wmnet_access_list_remove (WmnetAccessList * list,
    WmnetAccessType type, guint index, GError ** error);
/* What the rule says of a peer. */
typedef enum
{
  WMNET_ACCESS_ADMITTED,
  WMNET_ACCESS_DENIED,          /* by the entries (reason access-denied) */
  WMNET_ACCESS_CLOSED,          /* a list was refused (reason access-config) */
} WmnetAccessVerdict;

/* The rule for @peer (see the top of this file), CLOSED while either list
 * is closed. @peer may be IPv4-mapped; it is normalised here. */
WmnetAccessVerdict wmnet_access_list_judge (WmnetAccessList * list,
    GInetAddress * peer);
/* TRUE when wmnet_access_list_judge() admits @peer. */
gboolean wmnet_access_list_check (WmnetAccessList * list, GInetAddress * peer);
/* TRUE while a refused set keeps either list closed. */
gboolean wmnet_access_list_is_closed (WmnetAccessList * list);
/* TRUE when @peer matches an entry of the @type list (an empty list
 * matches nothing, nor does any list while @list is closed): the
 * trusted-proxies list is the include list of a WmnetAccessList of its
 * own. */
gboolean wmnet_access_list_matches (WmnetAccessList * list,
    WmnetAccessType type, GInetAddress * peer);

/* Returns a new reference to @addr, or for an IPv4-mapped IPv6 address a
 * new IPv4 GInetAddress: the form clients are listed and matched in. */
GInetAddress *wmnet_inet_address_normalize (GInetAddress * addr);

G_END_DECLS

#endif /* __WMNET_ACCESS_H__ */
