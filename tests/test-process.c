/* test-process.c: whether a process the tests know by its PID still runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-process.h"

#ifdef G_OS_WIN32
#include <windows.h>
#else
#include <errno.h>
#include <signal.h>
#include <string.h>
#endif

#ifdef G_OS_WIN32

gboolean
test_process_is_alive (guint32 pid)
{
  HANDLE process = OpenProcess (SYNCHRONIZE, FALSE, pid);
  gboolean alive;

  if (process == NULL)
    return GetLastError () != ERROR_INVALID_PARAMETER;
  alive = WaitForSingleObject (process, 0) == WAIT_TIMEOUT;
  CloseHandle (process);
  return alive;
}

#else

/* The state letter in /proc/PID/stat, after the command name in
 * parentheses (which may hold any character): 'Z' for a zombie. */
static char
process_state (guint32 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GUINT32_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  const char *name_end;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return '\0';
  name_end = strrchr (stat, ')');
  return name_end != NULL && name_end[1] == ' ' ? name_end[2] : '\0';
}

gboolean
test_process_is_alive (guint32 pid)
{
  g_assert_cmpuint (pid, >, 0);
  g_assert_cmpuint (pid, <=, G_MAXINT);

  if (kill ((pid_t) pid, 0) < 0)
    return errno != ESRCH;
  return process_state (pid) != 'Z';
}

#endif
