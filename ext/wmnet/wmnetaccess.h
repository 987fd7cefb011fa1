/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* wmnetaccess: the IPv4/IPv6 include and exclude lists of wmnetsink
 * (IWMAddressAccess / IWMAddressAccess2), over GLib's GInetAddressMask.
 * Owns parsing, canonical form, matching and the admission rule; knows
 * nothing of GStreamer or HTTP.
 *
 * Rule (WMF-FACTS.md decision 1): a peer matching any exclude entry is
 * refused; else, if the include list is not empty, a peer matching no include
 * entry is refused; else it is admitted. An IPv4-mapped IPv6 peer
 * (::ffff:a.b.c.d) is matched as the IPv4 address a.b.c.d; an entry of one
 * family never matches a peer of the other. */

#ifndef __WMNET_ACCESS_H__
#define __WMNET_ACCESS_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * WmnetAccessType:
 * @WMNET_ACCESS_TYPE_INCLUDE: the include list (WM_AETYPE_INCLUDE, 'i')
 * @WMNET_ACCESS_TYPE_EXCLUDE: the exclude list (WM_AETYPE_EXCLUDE, 'e')
 *
 * Which access list an entry belongs to. The values are the SDK's WM_AETYPE
 * values, so code ported from IWMAddressAccess keeps its constants.
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

typedef enum
{
  WMNET_ACCESS_ERROR_INVALID_ENTRY,     /* text is not an address, address/prefix or address/mask */
  WMNET_ACCESS_ERROR_INVALID_INDEX,     /* remove past the end of a list */
} WmnetAccessError;

/* One parsed entry; immutable once made. */
typedef struct _WmnetAccessEntry WmnetAccessEntry;

/* Parses "10.1.2.3", "10.0.0.0/8", "192.168.0.0/255.255.0.0", "2001:db8::7",
 * "2001:db8::/32", "fe80::/ffff:ffff:ffff:ffff::". A mask must be contiguous
 * and of the address's family; a prefix must be 0..32 (IPv4) or 0..128
 * (IPv6). On failure returns NULL and sets @error naming @text. */
WmnetAccessEntry *wmnet_access_entry_parse (const gchar * text, GError ** error);
/* Canonical form: network address (host bits cleared) "/" prefix length,
 * e.g. "192.168.0.0/16", "10.1.2.3/32", "2001:db8::/32". */
gchar *wmnet_access_entry_to_string (const WmnetAccessEntry * entry);
gboolean wmnet_access_entry_matches (const WmnetAccessEntry * entry,
    GInetAddress * peer);
void wmnet_access_entry_free (WmnetAccessEntry * entry);

/* The two lists and the rule. All functions are thread-safe: the lists are
 * edited from application threads while the server thread checks peers. */
typedef struct _WmnetAccessList WmnetAccessList;

WmnetAccessList *wmnet_access_list_new (void);
void wmnet_access_list_free (WmnetAccessList * list);

/* Replaces a whole list. All or nothing: on any bad entry, returns FALSE,
 * sets @error naming that entry, and the list is unchanged. */
gboolean wmnet_access_list_set (WmnetAccessList * list, WmnetAccessType type,
    const gchar * const *entries, GError ** error);
/* Canonical strings of a list, NULL-terminated; free with g_strfreev(). */
gchar **wmnet_access_list_get (WmnetAccessList * list, WmnetAccessType type);
gboolean wmnet_access_list_add (WmnetAccessList * list, WmnetAccessType type,
    const gchar * entry, GError ** error);
gboolean wmnet_access_list_remove (WmnetAccessList * list,
    WmnetAccessType type, guint index, GError ** error);
/* TRUE when the rule admits @peer. */
gboolean wmnet_access_list_check (WmnetAccessList * list, GInetAddress * peer);

/* Returns a new reference to @addr, or for an IPv4-mapped IPv6 address a
 * new IPv4 GInetAddress: the form clients are listed and matched in. */
GInetAddress *wmnet_inet_address_normalize (GInetAddress * addr);

G_END_DECLS

#endif /* __WMNET_ACCESS_H__ */
