/* vmsock-hcsdiag-provider.c: Hyper-V compute systems from hcsdiag
 *
 * Runs `hcsdiag.exe list -raw` (and `hcsdiag.exe list` where -raw is not
 * known) as a subprocess, never through a shell.  hcsdiag.exe is looked for
 * on PATH, in the Windows system folder, and from WSL under the Windows
 * mount.  Cancelling the listing, as VmsockDiscovery does at its time limit,
 * kills the subprocess.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-hcsdiag-parser.h"
#include "vmsock-hcsdiag-provider.h"

#define PROVIDER_NAME "hcsdiag"
#define WSL_SYSTEM_FOLDER "/mnt/c/Windows/System32"

struct _VmsockHcsdiagProvider
{
  GObject parent_instance;
};

static void vmsock_hcsdiag_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (VmsockHcsdiagProvider, vmsock_hcsdiag_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               vmsock_hcsdiag_provider_iface_init))

static char *
find_hcsdiag (void)
{
  const char *system_root = g_getenv ("SystemRoot");
  char *path;

  path = g_find_program_in_path ("hcsdiag.exe");
  if (path == NULL && system_root != NULL)
    {
      path = g_build_filename (system_root, "System32", "hcsdiag.exe", NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
  if (path == NULL && g_file_test (WSL_SYSTEM_FOLDER "/hcsdiag.exe", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup (WSL_SYSTEM_FOLDER "/hcsdiag.exe");
  return path;
}

typedef struct
{
  char *program;
  GSubprocess *subprocess;
  gulong cancelled_id;
  gboolean raw;
} Run;

static void
run_free (Run *run)
{
  g_free (run->program);
  g_clear_object (&run->subprocess);
  g_free (run);
}

static void start_list (GTask *task, gboolean raw);

static char *
output_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL ? g_utf8_make_valid (data, size) : g_strdup ("");
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GSubprocess *subprocess = G_SUBPROCESS (source);
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) vms = NULL;
  GError *error = NULL;

  g_cancellable_disconnect (g_task_get_cancellable (task), run->cancelled_id);
  run->cancelled_id = 0;

  if (!g_subprocess_communicate_finish (subprocess, result, &stdout_bytes, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  output = output_text (stdout_bytes);
  if (vmsock_hcsdiag_output_is_access_denied (output))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("hcsdiag needs administrator rights or membership in "
                                 "“Hyper-V Administrators” to list compute systems"));
      return;
    }

  if (run->raw && !vmsock_hcsdiag_output_is_json (output))
    {
      /* An hcsdiag without -raw prints its help text: ask for the text form. */
      start_list (g_steal_pointer (&task), FALSE);
      return;
    }

  if (!g_subprocess_get_if_exited (subprocess) || g_subprocess_get_exit_status (subprocess) != 0)
    {
      g_autofree char *first_line = g_strndup (output, strcspn (output, "\r\n"));

      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                               _("%s failed: %s"), run->program,
                               *first_line != '\0' ? first_line : _("no output"));
      return;
    }

  vms = run->raw ? vmsock_hcsdiag_parse_json (output, &error)
                 : vmsock_hcsdiag_parse_text (output, &error);
  if (vms == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  {
    VmsockVmListing *listing = vmsock_vm_listing_new ();

    for (guint i = 0; i < vms->len; i++)
      vmsock_vm_listing_add_vm (listing, g_ptr_array_index (vms, i));
    g_task_return_pointer (task, listing, g_object_unref);
  }
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_subprocess_force_exit (G_SUBPROCESS (user_data));
}

static void
start_list (GTask    *task,
            gboolean  raw)
{
  Run *run = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  run->raw = raw;
  g_clear_object (&run->subprocess);
  if (raw)
    run->subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                        &error, run->program, "list", "-raw", NULL);
  else
    run->subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                        &error, run->program, "list", NULL);
  if (run->subprocess == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Stop hcsdiag itself, not only the wait for it. */
  if (cancellable != NULL)
    run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                               run->subprocess, NULL);
  g_subprocess_communicate_async (run->subprocess, NULL, cancellable, on_communicated, task);
}

static const char *
vmsock_hcsdiag_provider_get_name (VmsockVmProvider *provider)
{
  return PROVIDER_NAME;
}

static void
vmsock_hcsdiag_provider_list_vms_async (VmsockVmProvider    *provider,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_task_set_source_tag (task, vmsock_hcsdiag_provider_list_vms_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  run->program = find_hcsdiag ();
  if (run->program == NULL)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                               _("hcsdiag.exe was not found on PATH, in the Windows system "
                                 "folder, or under %s"), WSL_SYSTEM_FOLDER);
      g_object_unref (task);
      return;
    }
  start_list (task, TRUE);
}

static VmsockVmListing *
vmsock_hcsdiag_provider_list_vms_finish (VmsockVmProvider  *provider,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vmsock_hcsdiag_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_hcsdiag_provider_get_name;
  iface->list_vms_async = vmsock_hcsdiag_provider_list_vms_async;
  iface->list_vms_finish = vmsock_hcsdiag_provider_list_vms_finish;
}

static void
vmsock_hcsdiag_provider_class_init (VmsockHcsdiagProviderClass *klass)
{
}

static void
vmsock_hcsdiag_provider_class_finalize (VmsockHcsdiagProviderClass *klass)
{
}

static void
vmsock_hcsdiag_provider_init (VmsockHcsdiagProvider *self)
{
}

void
vmsock_hcsdiag_provider_register (GIOModule *module)
{
  vmsock_hcsdiag_provider_register_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  VMSOCK_TYPE_HCSDIAG_PROVIDER, PROVIDER_NAME, 20);
}
