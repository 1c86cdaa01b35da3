/* vmsock-dialer.h: connecting with a deadline, cancellation and retries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_DIALER (vmsock_dialer_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockDialer, vmsock_dialer, VMSOCK, DIALER, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockDialer *vmsock_dialer_new (void);

VMSOCK_AVAILABLE_IN_0_1
guint vmsock_dialer_get_timeout (VmsockDialer *dialer);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_dialer_set_timeout (VmsockDialer *dialer,
                                guint         timeout_ms);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_dialer_get_retries (VmsockDialer *dialer);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_dialer_set_retries (VmsockDialer *dialer,
                                guint         retries);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_dialer_get_retry_wait (VmsockDialer *dialer);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_dialer_set_retry_wait (VmsockDialer *dialer,
                                   guint         retry_wait_ms);
VMSOCK_AVAILABLE_IN_0_1
GSocketType vmsock_dialer_get_socket_type (VmsockDialer *dialer);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_dialer_set_socket_type (VmsockDialer *dialer,
                                    GSocketType   type);

VMSOCK_AVAILABLE_IN_0_1
GSocketConnection *vmsock_dialer_connect (VmsockDialer        *dialer,
                                          GSocketConnectable  *connectable,
                                          GCancellable        *cancellable,
                                          GError             **error);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_dialer_connect_async (VmsockDialer        *dialer,
                                  GSocketConnectable  *connectable,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
VMSOCK_AVAILABLE_IN_0_1
GSocketConnection *vmsock_dialer_connect_finish (VmsockDialer  *dialer,
                                                 GAsyncResult  *result,
                                                 GError       **error);

G_END_DECLS
