/* vmsock-async.c: running an asynchronous call to completion
 *
 * The synchronous forms of the library's calls run the asynchronous ones on a
 * private main context pushed as the thread default, so that both share one
 * implementation.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-async-private.h"

void
vmsock_async_result_store (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
vmsock_async_result_wait (GMainContext  *context,
                          GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  /* Let what was cancelled on the way, and is ready now, finish too. */
  while (g_main_context_iteration (context, FALSE))
    ;
  return *slot;
}
