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

/* wmnetadmission: who is let in, decided in one place (docs/design.md
 * D68). Owns the policy inputs (the access lists, the trusted proxies, who
 * may watch, the per-address limits, where max-clients is read; none of
 * them owned), the bound on log reports of no session (D54), and one
 * check per point: a connection accepted (connect), a request head in
 * (head), a request for the stream (play), its connection taken over
 * (start), a player's log report of no session (report), the answer of a
 * credentials check (credentials), and each client again after an edit of
 * the lists (recheck). Each gives one WmnetAdmissionVerdict, every
 * refusal's HTTP status, reason (the wmnetsink-client-refused message's,
 * docs/wmnetsink.md) and Retry-After; the callers only put it on the
 * wire. Requests are plain structures: no libsoup, no server; the
 * credentials themselves are checked by wmnethttpauth (libsoup's auth
 * domains, crypt(3) off the thread). Server thread only (the inputs have
 * their own locks). */

#ifndef __WMNET_ADMISSION_H__
#define __WMNET_ADMISSION_H__

#include <gio/gio.h>

#include "wmnetaccess.h"
#include "wmnetauth.h"
#include "wmnetlimits.h"

G_BEGIN_DECLS

/* The refusal reasons, as posted (wmnetsink-client-refused) and counted
 * (the stats' refused-* fields). */
#define WMNET_REFUSED_ACCESS_DENIED "access-denied"
#define WMNET_REFUSED_ACCESS_CONFIG "access-config"
#define WMNET_REFUSED_RATE_LIMITED "rate-limited"
#define WMNET_REFUSED_UNAUTHORIZED "unauthorized"
#define WMNET_REFUSED_AUTH_BUSY "auth-busy"
#define WMNET_REFUSED_MAX_CLIENTS "max-clients"
#define WMNET_REFUSED_MAX_CLIENTS_PER_ADDRESS "max-clients-per-address"
#define WMNET_REFUSED_LOG_REPORTS "log-reports"
/* a path no publishing point of the port serves (D69) */
#define WMNET_REFUSED_NOT_FOUND "not-found"

typedef enum
{
  WMNET_ADMISSION_ADMIT,        /* go on */
  /* go on when its credentials are right: wmnethttpauth checks them and
   * wmnet_admission_check_credentials() judges the answer */
  WMNET_ADMISSION_CREDENTIALS,
  WMNET_ADMISSION_REFUSE,       /* answer @status (or close) */
} WmnetAdmissionAction;

/* What the session headers of the answer are ([MS-WMSP] 2.2.1.4.5). */
typedef enum
{
  WMNET_ADMISSION_SESSION_NONE, /* none */
  WMNET_ADMISSION_SESSION_ECHO, /* the request's own client-id (a 409) */
  WMNET_ADMISSION_SESSION_GIVE, /* the session's (new or kept, D40) */
} WmnetAdmissionSession;

typedef struct
{
  WmnetAdmissionAction action;
  guint status;                 /* HTTP status of a refusal; 0: none */
  /* WMNET_REFUSED_*: the refusal is posted and counted; NULL: not */
  const gchar *reason;
  guint retry_after;            /* seconds; 0: no Retry-After */
  gboolean allow;               /* a 405: Allow names the methods */
  gboolean challenge;           /* a 401: with its WWW-Authenticate */
  /* answered at once and closed, nothing more read (a body may follow) */
  gboolean drop;
  gboolean read_body;           /* a log report: its body is read */
  gboolean slot;                /* a per-address slot is held for it */
  WmnetAdmissionSession session;
  const gchar *why;             /* for the server's log */
} WmnetAdmissionVerdict;

/* connect: an accepted connection. */
typedef struct
{
  gint fd;                      /* its descriptor */
  gint64 fd_limit;              /* RLIMIT_NOFILE; 0: none */
} WmnetAdmissionConnect;

/* How a request head asks. */
typedef enum
{
  WMNET_ADMISSION_GET,
  WMNET_ADMISSION_HEAD,
  WMNET_ADMISSION_LOG_REPORT,   /* LogStats POST, [MS-WMSP] 2.2.1.2.5 */
  WMNET_ADMISSION_SELECT_STREAM,        /* SelectStream POST, 2.2.2.8 */
  WMNET_ADMISSION_OTHER,        /* any other method */
} WmnetAdmissionMethod;

typedef enum
{
  WMNET_ADMISSION_BODY_NONE,    /* no Content-Length, no chunks */
  WMNET_ADMISSION_BODY_LENGTH,  /* Content-Length (@length) */
  WMNET_ADMISSION_BODY_OTHER,   /* chunked, or up to the end */
} WmnetAdmissionBody;

/* head: a request head, before any body is read. */
typedef struct
{
  /* the client (behind trusted proxies, D51); NULL: unknown (it reset) */
  GInetAddress *inet;
  const gchar *problem;         /* the head screen's finding; NULL: none */
  gboolean not_found;           /* its path is no publishing point's (D69) */
  gboolean forwarded;           /* Forwarded or X-Forwarded-For */
  WmnetAdmissionMethod method;
  WmnetAdmissionBody body;
  /* with BODY_LENGTH, as parsed: negative for "-1" or >= 2^63 */
  gint64 length;
  gboolean credentials;         /* it carries Authorization */
  gint64 now;                   /* monotonic µs */
} WmnetAdmissionHead;

/* play: a GET or HEAD past the head check, classified ([MS-WMSP] 3.2.5). */
typedef struct
{
  GInetAddress *inet;
  gboolean head;                /* a HEAD: answered, never streams */
  gboolean describe;            /* a describe: answered, never streams */
  /* the session its client-id names is streaming (3.2.5.6: a second play
   * could be a hijack) */
  gboolean session_streaming;
  gboolean bad_selection;       /* a malformed stream-switch-entry pragma */
  gint64 now;
} WmnetAdmissionPlay;

/* start, recheck: a client whose response head is out. */
typedef struct
{
  GInetAddress *inet;           /* its address as worked out now (D51) */
  gboolean forwarded;           /* it came with forwarding headers */
  /* start: the address it was admitted as, whose slot it holds */
  GInetAddress *slot_inet;
  gboolean slot_kept;           /* start: the play's slot passed to it */
  gint64 now;
} WmnetAdmissionClient;

/* What wmnethttpauth answered of a request's credentials. */
typedef enum
{
  WMNET_ADMISSION_AUTH_OK,      /* right, or none needed */
  WMNET_ADMISSION_AUTH_PENDING, /* paused for a crypt(3) check */
  WMNET_ADMISSION_AUTH_REFUSED, /* wrong or missing */
  WMNET_ADMISSION_AUTH_BUSY,    /* every check thread taken, queue full */
} WmnetAdmissionAuth;

/* Whether max-clients is reached (a server setting and count). */
typedef gboolean (*WmnetAdmissionFullFunc) (gpointer user_data);

typedef struct _WmnetAdmission WmnetAdmission;

WmnetAdmission *wmnet_admission_new (void);
void wmnet_admission_free (WmnetAdmission * adm);

/* The inputs, kept until replaced and not owned; any may be NULL (no
 * access lists, nobody trusted, anyone may watch, no limits, no
 * max-clients). */
void wmnet_admission_set_access (WmnetAdmission * adm,
    WmnetAccessList * access);
void wmnet_admission_set_policy (WmnetAdmission * adm,
    WmnetAccessList * trusted, WmnetAuth * auth, WmnetLimits * limits);
void wmnet_admission_set_max_clients (WmnetAdmission * adm,
    WmnetAdmissionFullFunc is_full, gpointer user_data);
WmnetAuth *wmnet_admission_get_auth (WmnetAdmission * adm);

/* A WmnetTrustFunc (@adm as its user data): @inet is in trusted-proxies'
 * include list. */
gboolean wmnet_admission_is_trusted_proxy (gpointer adm, GInetAddress * inet);
/* A slot a verdict held (slot) is given back when its client leaves. */
void wmnet_admission_release_slot (WmnetAdmission * adm,
    GInetAddress * slot_inet, gint64 now);

/* The points, in the order a client meets them; each fills @v. connect
 * reads no input: @adm may be NULL there. */
void wmnet_admission_check_connect (WmnetAdmission * adm,
    const WmnetAdmissionConnect * conn, WmnetAdmissionVerdict * v);
void wmnet_admission_check_head (WmnetAdmission * adm,
    const WmnetAdmissionHead * head, WmnetAdmissionVerdict * v);
/* A head's CREDENTIALS: @answer is wmnethttpauth's; @drop as the head's
 * verdict said. */
void wmnet_admission_check_credentials (WmnetAdmission * adm,
    WmnetAdmissionAuth answer, gboolean drop, WmnetAdmissionVerdict * v);
void wmnet_admission_check_play (WmnetAdmission * adm,
    const WmnetAdmissionPlay * play, WmnetAdmissionVerdict * v);
/* The slot is kept or taken (then held, slot), and given back when the
 * client is refused; a refusal has no status (the head is out). */
void wmnet_admission_check_start (WmnetAdmission * adm,
    const WmnetAdmissionClient * client, WmnetAdmissionVerdict * v);
/* A log report of no play session (D54); @authorized: its credentials
 * were right. */
void wmnet_admission_check_report (WmnetAdmission * adm,
    GInetAddress * inet, gboolean authorized, gint64 now,
    WmnetAdmissionVerdict * v);
void wmnet_admission_recheck_client (WmnetAdmission * adm,
    const WmnetAdmissionClient * client, WmnetAdmissionVerdict * v);

G_END_DECLS

#endif /* __WMNET_ADMISSION_H__ */
