/* vmsockctl-watch.c: list-vms --watch, a listing that goes on
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-vm-row.h"
#include "vmsockctl-watch.h"

typedef struct
{
  VmsockVmMonitor *monitor;
  const VmsockctlOutput *output;
  const gboolean *state_wanted;
  gboolean quiet;
  /* Whether changes are printed: from the start in JSON, after the first
   * listing's table otherwise. */
  gboolean printing;
  /* What the model held at the last change, to name what it removed. */
  GPtrArray *shown;
  GStrv failed;
  GMainLoop *loop;
} Watch;

static gboolean
wanted (Watch    *watch,
        VmsockVm *vm)
{
  return watch->state_wanted == NULL || watch->state_wanted[vmsock_vm_get_state (vm)];
}

/* "web (libvirt)", as change lines name a VM. */
static char *
describe (VmsockVm *vm)
{
  return g_strdup_printf ("%s (%s)", vmsock_vm_get_name (vm), vmsock_vm_get_provider (vm));
}

static void
print_event (Watch      *watch,
             VmsockVm   *vm,
             const char *event,
             const char *key,
             const char *value,
             const char *text)
{
  g_autoptr(VmsockctlTable) table = vmsockctl_vm_table_new ();

  vmsockctl_vm_table_add (table, vm);
  vmsockctl_table_print_event (table, watch->output, event, key, value, text);
}

static void
on_vm_changed (VmsockVm   *vm,
               GParamSpec *pspec,
               Watch      *watch)
{
  g_autofree char *name = describe (vm);
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  guint32 cid;

  if (!watch->printing)
    return;
  if (g_str_equal (pspec->name, "state"))
    value = g_strdup (vmsock_vm_state_to_string (vmsock_vm_get_state (vm)));
  else if (g_str_equal (pspec->name, "cid"))
    value = vmsock_vm_get_cid (vm, &cid) ? g_strdup_printf ("%u", cid) : g_strdup ("-");
  else if (g_str_equal (pspec->name, "name"))
    value = g_strdup (vmsock_vm_get_name (vm));
  else if (g_str_equal (pspec->name, "vm-id"))
    value = vmsock_vm_get_vm_id (vm) != NULL ? vmsock_guid_to_string (vmsock_vm_get_vm_id (vm)) : g_strdup ("-");
  else
    return;

  /* TRANSLATORS: a VM that changed, the property and its new value */
  text = g_strdup_printf (_("changed: %s: %s %s"), name, pspec->name, value);
  print_event (watch, vm, "changed", "property", pspec->name, text);
}

static void
show (Watch    *watch,
      VmsockVm *vm)
{
  g_autofree char *name = describe (vm);
  g_autofree char *text = NULL;

  g_signal_connect (vm, "notify", G_CALLBACK (on_vm_changed), watch);
  if (!watch->printing || !wanted (watch, vm))
    return;
  text = g_strdup_printf (_("added: %s: %s"), name, vmsock_vm_state_to_string (vmsock_vm_get_state (vm)));
  print_event (watch, vm, "added", NULL, NULL, text);
}

static void
unshow (Watch    *watch,
        VmsockVm *vm)
{
  g_autofree char *name = describe (vm);
  g_autofree char *text = NULL;

  g_signal_handlers_disconnect_by_func (vm, on_vm_changed, watch);
  if (!watch->printing || !wanted (watch, vm))
    return;
  text = g_strdup_printf (_("removed: %s"), name);
  print_event (watch, vm, "removed", NULL, NULL, text);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  for (guint i = 0; i < removed; i++)
    unshow (watch, g_ptr_array_index (watch->shown, position + i));
  g_ptr_array_remove_range (watch->shown, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VmsockVm) vm = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (watch->shown, position + i, g_object_ref (vm));
      show (watch, vm);
    }
}

/* Says which providers fail now that did not before. */
static void
on_failed_sources (VmsockVmMonitor *monitor,
                   GParamSpec      *pspec,
                   Watch           *watch)
{
  g_auto(GStrv) failed = vmsock_vm_monitor_get_failed_sources (monitor);

  for (gsize i = 0; failed[i] != NULL && !watch->quiet; i++)
    if (!g_strv_contains ((const char * const *) watch->failed, failed[i]))
      {
        const GError *error = vmsock_vm_monitor_get_source_error (monitor, failed[i]);

        vmsockctl_print_error (_("%s: %s"), failed[i], error->message);
      }
  g_strfreev (watch->failed);
  watch->failed = g_steal_pointer (&failed);
}

/* After the first listing, a table of what it found. */
static void
on_loading (VmsockVmMonitor *monitor,
            GParamSpec      *pspec,
            Watch           *watch)
{
  g_autoptr(VmsockctlTable) table = NULL;

  if (watch->printing || vmsock_vm_monitor_get_loading (monitor))
    return;
  table = vmsockctl_vm_table_new ();
  for (guint i = 0; i < watch->shown->len; i++)
    if (wanted (watch, g_ptr_array_index (watch->shown, i)))
      vmsockctl_vm_table_add (table, g_ptr_array_index (watch->shown, i));
  vmsockctl_table_print (table, watch->output, NULL);
  watch->printing = TRUE;
}

static gboolean
on_termination (gpointer data)
{
  Watch *watch = data;

  g_main_loop_quit (watch->loop);
  return G_SOURCE_REMOVE;
}

VmsockctlExit
vmsockctl_watch_vms (VmsockDiscovery       *discovery,
                     guint                  interval_seconds,
                     const gboolean        *state_wanted,
                     const VmsockctlOutput *output,
                     gboolean               quiet)
{
  Watch watch = {
    .output = output,
    .state_wanted = state_wanted,
    .quiet = quiet,
    .printing = output->format != VMSOCKCTL_FORMAT_TABLE,
    .shown = g_ptr_array_new_with_free_func (g_object_unref),
    .failed = g_new0 (char *, 1),
    .loop = g_main_loop_new (NULL, FALSE),
  };

  /* In JSON each VM of the first listing is "added", then come the changes. */
  watch.monitor = vmsock_vm_monitor_new (discovery);
  vmsock_vm_monitor_set_interval (watch.monitor, interval_seconds * 1000);
  g_signal_connect (watch.monitor, "items-changed", G_CALLBACK (on_items_changed), &watch);
  g_signal_connect (watch.monitor, "notify::failed-sources", G_CALLBACK (on_failed_sources), &watch);
  g_signal_connect (watch.monitor, "notify::loading", G_CALLBACK (on_loading), &watch);
  vmsockctl_platform_on_termination (on_termination, &watch);
  g_main_loop_run (watch.loop);

  for (guint i = 0; i < watch.shown->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (watch.shown, i), on_vm_changed, &watch);
  g_signal_handlers_disconnect_by_data (watch.monitor, &watch);
  g_object_unref (watch.monitor);
  g_ptr_array_unref (watch.shown);
  g_strfreev (watch.failed);
  g_main_loop_unref (watch.loop);
  return VMSOCKCTL_EXIT_SUCCESS;
}
