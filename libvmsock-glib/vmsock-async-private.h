/* vmsock-async-private.h: running an asynchronous call to completion
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GAsyncReadyCallback that keeps a reference to the result in the
 * GAsyncResult ** passed as user data. */
G_GNUC_INTERNAL
void vmsock_async_result_store (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);

/* Iterates @context until vmsock_async_result_store() filled @slot, then
 * dispatches whatever else is ready. */
G_GNUC_INTERNAL
GAsyncResult *vmsock_async_result_wait (GMainContext  *context,
                                        GAsyncResult **slot);

G_END_DECLS
