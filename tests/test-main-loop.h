/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Running the thread-default main loop in tests: for a while, or until
 * something holds.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the thread-default main context for @ms milliseconds. */
void test_run_for (guint ms);

/* Runs the thread-default main context until @condition holds, failing the
 * test after 30 s. */
#define TEST_WAIT_UNTIL(condition)                                        \
  G_STMT_START {                                                          \
    gint64 deadline_ = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;     \
    GSource *waker_ = test_waker_new ();                                  \
                                                                          \
    while (!(condition))                                                  \
      {                                                                   \
        g_assert_cmpint (g_get_monotonic_time (), <, deadline_);          \
        g_main_context_iteration (g_main_context_get_thread_default (),   \
                                  TRUE);                                  \
      }                                                                   \
    g_source_destroy (waker_);                                            \
    g_source_unref (waker_);                                              \
  } G_STMT_END

/* A source that wakes the thread-default main context up now and then, so
 * that a condition set elsewhere is seen. */
GSource *test_waker_new (void);

G_END_DECLS
