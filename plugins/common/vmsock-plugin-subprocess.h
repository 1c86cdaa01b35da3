/* vmsock-plugin-subprocess.h: running a Windows tool for a provider
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Looks for @program (such as "hcsdiag.exe") on PATH, then under
 * %SystemRoot% and, from WSL, under /mnt/c/Windows, at @windows_subpath
 * (such as "System32/hcsdiag.exe"). */
char *vmsock_plugin_find_windows_program (const char *program,
                                          const char *windows_subpath);

/* Runs @argv (never through a shell) and collects what it prints on
 * standard output and error, as valid UTF-8.  Cancelling kills the process,
 * not only the wait for it. */
void vmsock_plugin_run_async (const char * const  *argv,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
/* Returns the output, and sets @exit_status (-1 when killed by a signal). */
char *vmsock_plugin_run_finish (GAsyncResult  *result,
                                int           *exit_status,
                                GError       **error);

/* The error for @tool exiting with a failure: its first line of output. */
GError *vmsock_plugin_tool_failed (const char *tool,
                                   const char *output);

/* The error for a Hyper-V tool run without the rights it needs. */
GError *vmsock_plugin_hyperv_access_denied (void);

G_END_DECLS
