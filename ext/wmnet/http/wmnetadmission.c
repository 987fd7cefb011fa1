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

#include "wmnetadmission.h"
#include "wmnetlogstats.h"

/* Descriptors kept free below RLIMIT_NOFILE for the resolver, files and
 * libraries: a connection that would take one of them gets 503 (D48). */
#define FD_HEADROOM 32
/* Retry-After of a 503 for max-clients-per-address: a slot frees when a
 * viewer leaves, which no one can foresee; a player retries after it. */
#define PER_ADDRESS_RETRY_S 10
/* Retry-After of a 503 when the password checks are all taken (D53) */
#define AUTH_BUSY_RETRY_S 2
/* Log reports that belong to no session, per address (an IPv6 /64): a
 * bucket of WMNET_LIMITS_MIN_BURST (5), one more every 12 s; over it 429
 * (D54) */
#define LONE_REPORTS_PER_S (1.0 / 12)
/* RFC 6585 4 */
#define STATUS_TOO_MANY_REQUESTS 429

struct _WmnetAdmission
{
  WmnetAccessList *access;
  WmnetAccessList *trusted;
  WmnetAuth *auth;
  WmnetLimits *limits;
  WmnetAdmissionFullFunc is_full;
  gpointer is_full_data;
  WmnetLimits *lone_reports;    /* the bound on log reports of no session */
};

WmnetAdmission *
wmnet_admission_new (void)
{
  WmnetAdmission *adm = g_new0 (WmnetAdmission, 1);

  adm->lone_reports = wmnet_limits_new ();
  wmnet_limits_set_rate (adm->lone_reports, LONE_REPORTS_PER_S);
  wmnet_limits_set_strict (adm->lone_reports, TRUE);
  return adm;
}

void
wmnet_admission_set_access (WmnetAdmission * adm, WmnetAccessList * access)
{
  adm->access = access;
}

void
wmnet_admission_set_policy (WmnetAdmission * adm, WmnetAccessList * trusted,
    WmnetAuth * auth, WmnetLimits * limits)
{
  adm->trusted = trusted;
  adm->auth = auth;
  adm->limits = limits;
}

void
wmnet_admission_set_max_clients (WmnetAdmission * adm,
    WmnetAdmissionFullFunc is_full, gpointer user_data)
{
  adm->is_full = is_full;
  adm->is_full_data = user_data;
}

WmnetAuth *
wmnet_admission_get_auth (WmnetAdmission * adm)
{
  return adm->auth;
}

gboolean
wmnet_admission_is_trusted_proxy (gpointer user_data, GInetAddress * inet)
{
  WmnetAdmission *adm = user_data;

  return adm->trusted && wmnet_access_list_matches (adm->trusted,
      WMNET_ACCESS_TYPE_INCLUDE, inet);
}

void
wmnet_admission_release_slot (WmnetAdmission * adm, GInetAddress * slot_inet,
    gint64 now)
{
  if (adm->limits && slot_inet)
    wmnet_limits_release (adm->limits, slot_inet, now);
}

/* ------------------------------------------------------------------------ */

static void
admit (WmnetAdmissionVerdict * v)
{
  memset (v, 0, sizeof (*v));
  v->action = WMNET_ADMISSION_ADMIT;
}

static void
refuse (WmnetAdmissionVerdict * v, guint status, const gchar * reason,
    const gchar * why)
{
  v->action = WMNET_ADMISSION_REFUSE;
  v->status = status;
  v->reason = reason;
  v->why = why;
}

/* The access lists' reason to refuse @inet, NULL when admitted. A refused
 * trusted-proxies value (D51) trusts nobody and refuses whoever came with
 * forwarding headers: who they are cannot be told. */
static const gchar *
access_refusal (WmnetAdmission * adm, GInetAddress * inet, gboolean forwarded)
{
  if (forwarded && wmnet_access_list_is_closed (adm->trusted))
    return WMNET_REFUSED_ACCESS_CONFIG;
  if (adm->access == NULL)
    return NULL;
  switch (wmnet_access_list_judge (adm->access, inet)) {
    case WMNET_ACCESS_ADMITTED:
      return NULL;
    case WMNET_ACCESS_DENIED:
      return WMNET_REFUSED_ACCESS_DENIED;
    default:
      return WMNET_REFUSED_ACCESS_CONFIG;
  }
}

void
wmnet_admission_check_connect (WmnetAdmission * adm,
    const WmnetAdmissionConnect * conn, WmnetAdmissionVerdict * v)
{
  admit (v);
  /* descriptors are handed out lowest first: this one's number says how
   * many are in use */
  if (conn->fd_limit > 0 && conn->fd >= conn->fd_limit - FD_HEADROOM) {
    refuse (v, 503, NULL, "out of file descriptors");
    v->drop = TRUE;
  }
}

/* A log report's head: its body is read, up to a bound; credentials it
 * carries must be right, checked as a play's (it needs some only when it
 * belongs to no session, once read: D54). */
static void
check_report_head (const WmnetAdmissionHead * head, WmnetAdmissionVerdict * v)
{
  if (head->body != WMNET_ADMISSION_BODY_LENGTH) {
    refuse (v, 411, NULL, "log report without Content-Length");
    v->drop = TRUE;
  } else if (head->length > WMNET_LOG_STATS_MAX_BODY || head->length < 0) {
    refuse (v, 413, NULL, "log report too large");
    v->drop = TRUE;
  } else {
    v->action = head->credentials ? WMNET_ADMISSION_CREDENTIALS :
        WMNET_ADMISSION_ADMIT;
    v->read_body = TRUE;
    /* a refused report's body is not to be read */
    v->drop = TRUE;
  }
}

/* The order is the cost's: what needs no state first, the access lists
 * before the rate (a denied address uses up no token and is told why),
 * the rate before anything that costs (auth), D68. */
void
wmnet_admission_check_head (WmnetAdmission * adm,
    const WmnetAdmissionHead * head, WmnetAdmissionVerdict * v)
{
  const gchar *reason;
  guint retry_after = 0;
  /* != 0, not > 0: libsoup parses "Content-Length: -1" (or >= 2^63) to a
   * negative length, and would then read and keep an endless body */
  gboolean has_body = head->body == WMNET_ADMISSION_BODY_OTHER
      || (head->body == WMNET_ADMISSION_BODY_LENGTH && head->length != 0);

  admit (v);
  v->drop = has_body;
  if (head->inet == NULL) {
    /* no peer address: it reset already; serve nothing we cannot check */
    refuse (v, 400, NULL, "no peer address");
  } else if (head->problem) {
    /* a proxy in front may have read this head another way */
    refuse (v, 400, NULL, head->problem);
    v->drop = TRUE;             /* whatever follows is not to be read */
  } else if (head->not_found) {
    /* before the access lists: the listener of the port says the same to
     * anyone when no element takes it (D69) */
    refuse (v, 404, WMNET_REFUSED_NOT_FOUND, "no publishing point serves it");
  } else if ((reason = access_refusal (adm, head->inet,
              head->forwarded)) != NULL) {
    refuse (v, 403, reason, "refused by the access lists");
  } else if (adm->limits && !wmnet_limits_take_token (adm->limits,
          head->inet, head->now, &retry_after)) {
    refuse (v, 503, WMNET_REFUSED_RATE_LIMITED, "max-connection-rate");
    v->retry_after = retry_after;
  } else if (head->method == WMNET_ADMISSION_LOG_REPORT) {
    check_report_head (head, v);
  } else if (head->method == WMNET_ADMISSION_OTHER) {
    refuse (v, 405, NULL, "method not allowed");
    v->allow = TRUE;
  } else if (has_body) {
    /* a GET or HEAD has no body, nor has a SelectStream (2.2.2.8) */
    refuse (v, 400, NULL, "a body where none may be");
  } else {
    v->action = WMNET_ADMISSION_CREDENTIALS;
  }
}

void
wmnet_admission_check_credentials (WmnetAdmission * adm,
    WmnetAdmissionAuth answer, gboolean drop, WmnetAdmissionVerdict * v)
{
  admit (v);
  switch (answer) {
    case WMNET_ADMISSION_AUTH_OK:
    case WMNET_ADMISSION_AUTH_PENDING:
      return;
    case WMNET_ADMISSION_AUTH_REFUSED:
      refuse (v, 401, WMNET_REFUSED_UNAUTHORIZED, "credentials refused");
      v->challenge = TRUE;
      break;
    case WMNET_ADMISSION_AUTH_BUSY:
    default:
      refuse (v, 503, WMNET_REFUSED_AUTH_BUSY, "password checks busy");
      v->retry_after = AUTH_BUSY_RETRY_S;
      break;
  }
  v->drop = drop;
}

/* After the head's: what a stream costs. A hijack and a bad selection are
 * the request's own fault, told before the table is counted; max-clients
 * before the per-address slot, which is taken last (held for the client). */
void
wmnet_admission_check_play (WmnetAdmission * adm,
    const WmnetAdmissionPlay * play, WmnetAdmissionVerdict * v)
{
  admit (v);
  v->session = WMNET_ADMISSION_SESSION_GIVE;
  if (play->session_streaming) {
    refuse (v, 409, NULL, "its session is streaming");
    v->session = WMNET_ADMISSION_SESSION_ECHO;
  } else if (play->bad_selection) {
    refuse (v, 400, NULL, "malformed stream-switch pragma");
    v->session = WMNET_ADMISSION_SESSION_NONE;
  } else if (play->describe || play->head) {
    /* answered, never streams: counts for nothing */
  } else if (adm->is_full && adm->is_full (adm->is_full_data)) {
    refuse (v, 503, WMNET_REFUSED_MAX_CLIENTS, "max-clients reached");
  } else if (adm->limits) {
    if (wmnet_limits_acquire (adm->limits, play->inet, play->now)) {
      v->slot = TRUE;
    } else {
      refuse (v, 503, WMNET_REFUSED_MAX_CLIENTS_PER_ADDRESS,
          "max-clients-per-address reached");
      v->retry_after = PER_ADDRESS_RETRY_S;
    }
  }
}

void
wmnet_admission_check_start (WmnetAdmission * adm,
    const WmnetAdmissionClient * client, WmnetAdmissionVerdict * v)
{
  const gchar *reason;

  admit (v);
  v->slot = client->slot_kept;
  if (!v->slot && adm->limits) {
    if (!wmnet_limits_acquire (adm->limits, client->slot_inet, client->now)) {
      refuse (v, 0, WMNET_REFUSED_MAX_CLIENTS_PER_ADDRESS,
          "max-clients-per-address reached");
      return;
    }
    v->slot = TRUE;
  }
  /* the lists and the trusted proxies may have been edited since the
   * request was screened */
  reason = access_refusal (adm, client->inet, client->forwarded);
  if (reason) {
    if (v->slot)
      wmnet_admission_release_slot (adm, client->slot_inet, client->now);
    refuse (v, 0, reason, "refused by the access lists");
    v->slot = FALSE;
  }
}

void
wmnet_admission_check_report (WmnetAdmission * adm, GInetAddress * inet,
    gboolean authorized, gint64 now, WmnetAdmissionVerdict * v)
{
  guint retry_after = 0;

  admit (v);
  if (inet == NULL) {
    refuse (v, 400, NULL, "no peer address");
  } else if (adm->auth && wmnet_auth_get_mode (adm->auth) != WMNET_AUTH_NONE
      && !authorized) {
    /* it had no credentials (the head's check took any): challenged, told
     * and counted as any request's refusal */
    refuse (v, 401, WMNET_REFUSED_UNAUTHORIZED, "no credentials");
    v->challenge = TRUE;
  } else if (!wmnet_limits_take_token (adm->lone_reports, inet, now,
          &retry_after)) {
    refuse (v, STATUS_TOO_MANY_REQUESTS, WMNET_REFUSED_LOG_REPORTS,
        "log report of no session over its bound");
    v->retry_after = retry_after;
  }
}

void
wmnet_admission_recheck_client (WmnetAdmission * adm,
    const WmnetAdmissionClient * client, WmnetAdmissionVerdict * v)
{
  const gchar *reason = access_refusal (adm, client->inet, client->forwarded);

  admit (v);
  if (reason)
    refuse (v, 0, reason, "refused by the access lists");
}

void
wmnet_admission_free (WmnetAdmission * adm)
{
  wmnet_limits_free (adm->lone_reports);
  g_free (adm);
}
