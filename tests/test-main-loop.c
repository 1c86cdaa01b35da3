/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Running the thread-default main loop in tests: for a while, or until
 * something holds.
 */

#include "test-main-loop.h"

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_run_for (guint ms)
{
  GMainContext *context = g_main_context_get_thread_default ();
  GSource *timeout = g_timeout_source_new (ms);
  gboolean over = FALSE;

  g_source_set_callback (timeout, set_true, &over, NULL);
  g_source_attach (timeout, context);
  while (!over)
    g_main_context_iteration (context, TRUE);
  g_source_unref (timeout);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

GSource *
test_waker_new (void)
{
  GSource *waker = g_timeout_source_new (20);

  g_source_set_callback (waker, wake_up, NULL, NULL);
  g_source_attach (waker, g_main_context_get_thread_default ());
  return waker;
}
