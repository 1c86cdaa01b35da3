/* vmsock-hcsdiag-provider.c: Hyper-V compute systems from hcsdiag
 *
 * Runs `hcsdiag.exe list -raw` (and `hcsdiag.exe list` where -raw is not
 * known, or where this build has no JSON support) as a subprocess, never
 * through a shell.  hcsdiag.exe is looked for on PATH, in the Windows system
 * folder, and from WSL under the Windows mount.  Cancelling the listing, as
 * VmsockDiscovery does at its time limit, kills the subprocess.  hcsdiag
 * lists containers and container templates beside VMs: the provider lists
 * them too only when its "include-containers" property says so.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-hcsdiag-parser.h"
#include "vmsock-hcsdiag-provider.h"
#include "vmsock-plugin-provider.h"
#include "vmsock-plugin-subprocess.h"

#define PROVIDER_NAME "hcsdiag"

struct _VmsockHcsdiagProvider
{
  GObject parent_instance;

  gboolean include_containers;
};

enum
{
  PROP_0,
  PROP_INCLUDE_CONTAINERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vmsock_hcsdiag_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (VmsockHcsdiagProvider, vmsock_hcsdiag_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               vmsock_hcsdiag_provider_iface_init))

typedef struct
{
  char *program;
  gboolean raw;
} Run;

static void
run_free (Run *run)
{
  g_free (run->program);
  g_free (run);
}

static void start_list (GTask *task, gboolean raw);

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VmsockHcsdiagProvider *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) vms = NULL;
  GError *error = NULL;
  int exit_status = 0;

  output = vmsock_plugin_run_finish (result, &exit_status, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (vmsock_hcsdiag_output_is_access_denied (output))
    {
      g_task_return_error (task, vmsock_plugin_hyperv_access_denied ());
      return;
    }

  if (run->raw && !vmsock_hcsdiag_output_is_json (output))
    {
      /* An hcsdiag without -raw prints its help text: ask for the text form. */
      start_list (g_steal_pointer (&task), FALSE);
      return;
    }

  if (exit_status != 0)
    {
      g_task_return_error (task, vmsock_plugin_tool_failed (run->program, output));
      return;
    }

#ifdef HAVE_JSON_GLIB
  if (run->raw)
    vms = vmsock_hcsdiag_parse_json (output, &error);
  else
#endif
    vms = vmsock_hcsdiag_parse_text (output, &error);
  if (vms == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!self->include_containers)
    vmsock_hcsdiag_keep_only_vms (vms);

  g_task_return_pointer (task, vmsock_plugin_listing_new_for_vms (vms), g_object_unref);
}

static void
start_list (GTask    *task,
            gboolean  raw)
{
  Run *run = g_task_get_task_data (task);
  const char *raw_argv[] = { run->program, "list", "-raw", NULL };
  const char *text_argv[] = { run->program, "list", NULL };

  run->raw = raw;
  vmsock_plugin_run_async (raw ? raw_argv : text_argv, g_task_get_cancellable (task),
                           on_listed, task);
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

  run->program = vmsock_plugin_find_windows_program ("hcsdiag.exe", "System32/hcsdiag.exe");
  if (run->program == NULL)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                               _("hcsdiag.exe was not found on PATH, in the Windows system "
                                 "folder, or under the WSL mount of Windows"));
      g_object_unref (task);
      return;
    }
  /* Without JSON support, ask for the text form at once. */
#ifdef HAVE_JSON_GLIB
  start_list (task, TRUE);
#else
  start_list (task, FALSE);
#endif
}

static void
vmsock_hcsdiag_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_hcsdiag_provider_get_name;
  iface->list_vms_async = vmsock_hcsdiag_provider_list_vms_async;
  iface->list_vms_finish = vmsock_plugin_list_vms_finish;
}

static void
vmsock_hcsdiag_provider_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VmsockHcsdiagProvider *self = VMSOCK_HCSDIAG_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_INCLUDE_CONTAINERS:
      g_value_set_boolean (value, self->include_containers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_hcsdiag_provider_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VmsockHcsdiagProvider *self = VMSOCK_HCSDIAG_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_INCLUDE_CONTAINERS:
      self->include_containers = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_hcsdiag_provider_class_init (VmsockHcsdiagProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vmsock_hcsdiag_provider_get_property;
  object_class->set_property = vmsock_hcsdiag_provider_set_property;

  /* Whether to list containers and container templates, and compute
   * systems of types hcsdiag was not known to print, beside VMs. */
  properties[PROP_INCLUDE_CONTAINERS] =
    g_param_spec_boolean ("include-containers", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
