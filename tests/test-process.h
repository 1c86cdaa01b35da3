/* test-process.h: whether a process the tests know by its PID still runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the process @pid still runs.  A process that was killed but not
 * yet reaped by its parent (a zombie on Linux) no longer runs. */
gboolean test_process_is_alive (guint32 pid);

G_END_DECLS
