/* test-limits.c: the limits tests set on themselves, fit to the build
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-limits.h"

#ifdef G_OS_UNIX
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#ifdef __linux__
/* What RLIMIT_DATA counts now, in bytes: the data field of
 * /proc/self/statm, in pages (which adds the main stack's few pages). */
static guint64
mapped_data (void)
{
  g_autofree char *statm = NULL;
  g_autoptr(GError) error = NULL;
  guint64 pages = 0;

  g_file_get_contents ("/proc/self/statm", &statm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (statm, "%*u %*u %*u %*u %*u %" G_GUINT64_FORMAT, &pages), ==, 1);
  return pages * (guint64) sysconf (_SC_PAGESIZE);
}
#endif

void
test_limit_heap_growth (guint64 bytes)
{
#ifdef G_OS_UNIX
  struct rlimit limit;
  guint64 base = 0;

#ifdef __linux__
  base = mapped_data ();
#endif
  limit.rlim_cur = limit.rlim_max = base + bytes * TEST_MEMORY_SCALE;
  g_assert_no_errno (setrlimit (RLIMIT_DATA, &limit));
#endif
}
