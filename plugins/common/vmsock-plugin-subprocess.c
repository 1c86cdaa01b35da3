/* vmsock-plugin-subprocess.c: running a Windows tool for a provider
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-plugin-subprocess.h"

#define WSL_WINDOWS_FOLDER "/mnt/c/Windows"

char *
vmsock_plugin_find_windows_program (const char *program,
                                    const char *windows_subpath)
{
  const char *system_root = g_getenv ("SystemRoot");
  char *path = g_find_program_in_path (program);

  if (path == NULL && system_root != NULL)
    {
      path = g_build_filename (system_root, windows_subpath, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
  if (path == NULL)
    {
      path = g_build_filename (WSL_WINDOWS_FOLDER, windows_subpath, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
  return path;
}

typedef struct
{
  GSubprocess *subprocess;
  GCancellable *cancellable;
  gulong cancelled_id;
  int exit_status;
} Run;

static void
run_free (Run *run)
{
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->subprocess);
  g_free (run);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_subprocess_force_exit (G_SUBPROCESS (user_data));
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GSubprocess *subprocess = G_SUBPROCESS (source);
  g_autoptr(GBytes) output = NULL;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  if (!g_subprocess_communicate_finish (subprocess, result, &output, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  run->exit_status = g_subprocess_get_if_exited (subprocess) ? g_subprocess_get_exit_status (subprocess) : -1;
  data = output != NULL ? g_bytes_get_data (output, &size) : NULL;
  g_task_return_pointer (task, data != NULL ? g_utf8_make_valid (data, size) : g_strdup (""), g_free);
}

void
vmsock_plugin_run_async (const char * const  *argv,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, vmsock_plugin_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  run->subprocess = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                       &error);
  if (run->subprocess == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (cancellable != NULL)
    {
      run->cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                 run->subprocess, NULL);
    }
  g_subprocess_communicate_async (run->subprocess, NULL, cancellable, on_communicated, task);
}

char *
vmsock_plugin_run_finish (GAsyncResult  *result,
                          int           *exit_status,
                          GError       **error)
{
  Run *run = g_task_get_task_data (G_TASK (result));
  char *output = g_task_propagate_pointer (G_TASK (result), error);

  if (output != NULL && exit_status != NULL)
    *exit_status = run->exit_status;
  return output;
}

GError *
vmsock_plugin_tool_failed (const char *tool,
                           const char *output)
{
  g_autofree char *first_line = g_strndup (output, strcspn (output, "\r\n"));

  return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_FAILED, _("%s failed: %s"), tool,
                      *first_line != '\0' ? first_line : _("no output"));
}

GError *
vmsock_plugin_hyperv_access_denied (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                              _("Listing Hyper-V VMs needs administrator rights or membership "
                                "in “Hyper-V Administrators”"));
}
