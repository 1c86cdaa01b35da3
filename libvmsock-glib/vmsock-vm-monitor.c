/* vmsock-vm-monitor.c: a live list of VMs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-vm-monitor.h"
#include "vmsock-vm-private.h"

/**
 * VmsockVmMonitor:
 *
 * A live list of the VMs that a [class@Vmsock.Discovery] finds, as a
 * [iface@Gio.ListModel] of [class@Vmsock.Vm] that a GTK list view can show
 * as it is.
 *
 * The monitor asks the providers when it is made, then every
 * [property@Vmsock.VmMonitor:interval] milliseconds, and on
 * [method@Vmsock.VmMonitor.refresh].  The VMs are sorted by name, then
 * provider, then id, and keep their place and their object from one
 * listing to the next: a VM that changes notifies its properties (state,
 * CID, …) rather than being replaced, and only VMs that come or go emit
 * [signal@Gio.ListModel::items-changed].
 *
 * A provider that fails is reported through
 * [property@Vmsock.VmMonitor:failed-sources]; the VMs it listed before stay
 * in the list until it answers again, and the other providers' VMs are
 * unaffected.
 *
 * The monitor works in the thread-default main context of the thread that
 * made it.
 *
 * Since: 0.1
 */

struct _VmsockVmMonitor
{
  GObject parent_instance;

  VmsockDiscovery *discovery;
  guint interval_ms;

  /* The VMs, sorted as documented above. */
  GPtrArray *vms;
  /* The latest listing, for its errors. */
  VmsockVmListing *listing;

  GCancellable *cancellable;
  GSource *timer;
  GMainContext *context;
  gboolean loading;
  gboolean refresh_again;
};

enum
{
  PROP_0,
  PROP_DISCOVERY,
  PROP_INTERVAL,
  PROP_LOADING,
  PROP_FAILED_SOURCES,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vmsock_vm_monitor_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VmsockVmMonitor, vmsock_vm_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vmsock_vm_monitor_list_model_init))

static GType
vmsock_vm_monitor_get_item_type (GListModel *model)
{
  return VMSOCK_TYPE_VM;
}

static guint
vmsock_vm_monitor_get_n_items (GListModel *model)
{
  return VMSOCK_VM_MONITOR (model)->vms->len;
}

static gpointer
vmsock_vm_monitor_get_item (GListModel *model,
                            guint       position)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (model);

  return position < self->vms->len ? g_object_ref (g_ptr_array_index (self->vms, position)) : NULL;
}

static void
vmsock_vm_monitor_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vmsock_vm_monitor_get_item_type;
  iface->get_n_items = vmsock_vm_monitor_get_n_items;
  iface->get_item = vmsock_vm_monitor_get_item;
}

static int
compare_vms (VmsockVm *a,
             VmsockVm *b)
{
  int order = strcmp (vmsock_vm_get_name (a), vmsock_vm_get_name (b));

  if (order == 0)
    order = strcmp (vmsock_vm_get_provider (a), vmsock_vm_get_provider (b));
  if (order == 0)
    order = strcmp (vmsock_vm_get_id (a), vmsock_vm_get_id (b));
  return order;
}

static gboolean
same_vm (VmsockVm *a,
         VmsockVm *b)
{
  return g_str_equal (vmsock_vm_get_provider (a), vmsock_vm_get_provider (b)) &&
         g_str_equal (vmsock_vm_get_id (a), vmsock_vm_get_id (b));
}

static void
set_n_items_changed (VmsockVmMonitor *self,
                     guint            position,
                     guint            removed,
                     guint            added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
remove_at (VmsockVmMonitor *self,
           guint            position)
{
  g_ptr_array_remove_index (self->vms, position);
  set_n_items_changed (self, position, 1, 0);
}

/* Inserts @vm where the order puts it. */
static void
insert_sorted (VmsockVmMonitor *self,
               VmsockVm        *vm)
{
  guint low = 0;
  guint high = self->vms->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_vms (g_ptr_array_index (self->vms, middle), vm) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  g_ptr_array_insert (self->vms, low, g_object_ref (vm));
  set_n_items_changed (self, low, 0, 1);
}

/* Whether the VM at @position is out of order after a change of name. */
static gboolean
out_of_place (VmsockVmMonitor *self,
              guint            position)
{
  VmsockVm *vm = g_ptr_array_index (self->vms, position);

  return (position > 0 && compare_vms (g_ptr_array_index (self->vms, position - 1), vm) > 0) ||
         (position + 1 < self->vms->len && compare_vms (vm, g_ptr_array_index (self->vms, position + 1)) > 0);
}

static gboolean
same_strv (const char * const *a,
           const char * const *b)
{
  gsize i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (!g_str_equal (a[i], b[i]))
      return FALSE;
  return a[i] == NULL && b[i] == NULL;
}

/* Brings the list to what @listing found. */
static void
merge (VmsockVmMonitor *self,
       VmsockVmListing *listing)
{
  GPtrArray *listed = vmsock_vm_listing_get_vms (listing);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_full (listed->len, g_object_unref);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) failed_before = vmsock_vm_monitor_get_failed_sources (self);
  g_auto(GStrv) failed_now = NULL;

  for (guint i = 0; i < listed->len; i++)
    g_ptr_array_add (fresh, g_object_ref (g_ptr_array_index (listed, i)));

  for (guint i = self->vms->len; i-- > 0;)
    {
      VmsockVm *vm = g_ptr_array_index (self->vms, i);
      guint found;

      if (g_ptr_array_find_with_equal_func (fresh, vm, (GEqualFunc) same_vm, &found))
        {
          vmsock_vm_update (vm, g_ptr_array_index (fresh, found));
          g_ptr_array_remove_index_fast (fresh, found);
          if (out_of_place (self, i))
            {
              g_ptr_array_add (moved, g_object_ref (vm));
              remove_at (self, i);
            }
        }
      /* A provider that failed keeps what it listed before. */
      else if (vmsock_vm_listing_get_source_error (listing, vmsock_vm_get_provider (vm)) == NULL)
        remove_at (self, i);
    }
  for (guint i = 0; i < moved->len; i++)
    insert_sorted (self, g_ptr_array_index (moved, i));
  for (guint i = 0; i < fresh->len; i++)
    insert_sorted (self, g_ptr_array_index (fresh, i));

  g_set_object (&self->listing, listing);
  failed_now = vmsock_vm_monitor_get_failed_sources (self);
  if (!same_strv ((const char * const *) failed_before, (const char * const *) failed_now))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_SOURCES]);
}

static void start_listing (VmsockVmMonitor *self);

static gboolean
on_timer (gpointer data)
{
  VmsockVmMonitor *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  start_listing (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (VmsockVmMonitor *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->interval_ms == 0 || self->loading)
    return;
  self->timer = g_timeout_source_new (self->interval_ms);
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_set_static_name (self->timer, "[vmsock] VM monitor");
  g_source_attach (self->timer, self->context);
}

static void
set_loading (VmsockVmMonitor *self,
             gboolean         loading)
{
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
free_weak_ref (GWeakRef *weak)
{
  g_weak_ref_clear (weak);
  g_free (weak);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, free_weak_ref)

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GWeakRef) weak = data;
  g_autoptr(VmsockVmMonitor) self = g_weak_ref_get (weak);
  g_autoptr(VmsockVmListing) listing = NULL;

  /* Only cancellation fails a whole listing: the monitor is gone. */
  listing = vmsock_discovery_list_vms_finish (VMSOCK_DISCOVERY (source), result, NULL);
  if (self == NULL || listing == NULL)
    return;

  merge (self, listing);
  set_loading (self, FALSE);
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_listing (self);
    }
  else
    schedule (self);
}

static void
start_listing (VmsockVmMonitor *self)
{
  GWeakRef *weak = g_new (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  set_loading (self, TRUE);
  g_main_context_push_thread_default (self->context);
  vmsock_discovery_list_vms_async (self->discovery, self->cancellable, on_listed, weak);
  g_main_context_pop_thread_default (self->context);
}

static void
vmsock_vm_monitor_constructed (GObject *object)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  G_OBJECT_CLASS (vmsock_vm_monitor_parent_class)->constructed (object);

  if (self->discovery == NULL)
    self->discovery = vmsock_discovery_new ();
  self->context = g_main_context_ref_thread_default ();
  start_listing (self);
}

static void
vmsock_vm_monitor_dispose (GObject *object)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_clear_object (&self->discovery);
  g_clear_object (&self->listing);

  G_OBJECT_CLASS (vmsock_vm_monitor_parent_class)->dispose (object);
}

static void
vmsock_vm_monitor_finalize (GObject *object)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  g_ptr_array_unref (self->vms);
  g_object_unref (self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (vmsock_vm_monitor_parent_class)->finalize (object);
}

static void
vmsock_vm_monitor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY:
      g_value_set_object (value, self->discovery);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_FAILED_SOURCES:
      g_value_take_boxed (value, vmsock_vm_monitor_get_failed_sources (self));
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, VMSOCK_TYPE_VM);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->vms->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vm_monitor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY:
      self->discovery = g_value_dup_object (value);
      break;
    case PROP_INTERVAL:
      vmsock_vm_monitor_set_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vm_monitor_class_init (VmsockVmMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vmsock_vm_monitor_constructed;
  object_class->dispose = vmsock_vm_monitor_dispose;
  object_class->finalize = vmsock_vm_monitor_finalize;
  object_class->get_property = vmsock_vm_monitor_get_property;
  object_class->set_property = vmsock_vm_monitor_set_property;

  /**
   * VmsockVmMonitor:discovery:
   *
   * The discovery whose providers the monitor asks; by default the one
   * [ctor@Vmsock.Discovery.new] makes.
   *
   * Since: 0.1
   */
  properties[PROP_DISCOVERY] =
    g_param_spec_object ("discovery", NULL, NULL, VMSOCK_TYPE_DISCOVERY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVmMonitor:interval:
   *
   * Milliseconds between the end of one listing and the start of the next;
   * 0 lists only on [method@Vmsock.VmMonitor.refresh].
   *
   * Since: 0.1
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, VMSOCK_VM_MONITOR_DEFAULT_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVmMonitor:loading:
   *
   * Whether the providers are being asked.
   *
   * Since: 0.1
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVmMonitor:failed-sources:
   *
   * The providers, or parts of providers, that failed in the latest
   * listing, sorted; [method@Vmsock.VmMonitor.get_source_error] tells why.
   *
   * Since: 0.1
   */
  properties[PROP_FAILED_SOURCES] =
    g_param_spec_boxed ("failed-sources", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVmMonitor:item-type:
   *
   * The type of the items: [class@Vmsock.Vm].
   *
   * Since: 0.1
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, VMSOCK_TYPE_VM,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVmMonitor:n-items:
   *
   * The number of VMs in the list.
   *
   * Since: 0.1
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_vm_monitor_init (VmsockVmMonitor *self)
{
  self->vms = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->interval_ms = VMSOCK_VM_MONITOR_DEFAULT_INTERVAL;
}

/**
 * vmsock_vm_monitor_new:
 * @discovery: (nullable): the discovery whose providers to ask, or %NULL
 *   for the one [ctor@Vmsock.Discovery.new] makes
 *
 * Makes a live list of VMs, and starts asking the providers.
 *
 * Returns: (transfer full): a new #VmsockVmMonitor
 *
 * Since: 0.1
 */
VmsockVmMonitor *
vmsock_vm_monitor_new (VmsockDiscovery *discovery)
{
  g_return_val_if_fail (discovery == NULL || VMSOCK_IS_DISCOVERY (discovery), NULL);

  return g_object_new (VMSOCK_TYPE_VM_MONITOR, "discovery", discovery, NULL);
}

/**
 * vmsock_vm_monitor_get_discovery:
 * @monitor: a #VmsockVmMonitor
 *
 * Gets the discovery whose providers @monitor asks.
 *
 * Returns: (transfer none): the discovery
 *
 * Since: 0.1
 */
VmsockDiscovery *
vmsock_vm_monitor_get_discovery (VmsockVmMonitor *monitor)
{
  g_return_val_if_fail (VMSOCK_IS_VM_MONITOR (monitor), NULL);

  return monitor->discovery;
}

/**
 * vmsock_vm_monitor_get_interval:
 * @monitor: a #VmsockVmMonitor
 *
 * Gets how long @monitor waits between listings.
 *
 * Returns: the interval in milliseconds; 0 when it lists only when asked
 *
 * Since: 0.1
 */
guint
vmsock_vm_monitor_get_interval (VmsockVmMonitor *monitor)
{
  g_return_val_if_fail (VMSOCK_IS_VM_MONITOR (monitor), 0);

  return monitor->interval_ms;
}

/**
 * vmsock_vm_monitor_set_interval:
 * @monitor: a #VmsockVmMonitor
 * @interval_ms: milliseconds between listings, or 0 to list only on
 *   [method@Vmsock.VmMonitor.refresh]
 *
 * Sets how long @monitor waits between the end of one listing and the start
 * of the next; a wait in progress starts again with the new interval.
 *
 * Since: 0.1
 */
void
vmsock_vm_monitor_set_interval (VmsockVmMonitor *monitor,
                                guint            interval_ms)
{
  g_return_if_fail (VMSOCK_IS_VM_MONITOR (monitor));

  if (monitor->interval_ms == interval_ms)
    return;
  monitor->interval_ms = interval_ms;
  if (monitor->context != NULL)
    schedule (monitor);
  g_object_notify_by_pspec (G_OBJECT (monitor), properties[PROP_INTERVAL]);
}

/**
 * vmsock_vm_monitor_get_loading:
 * @monitor: a #VmsockVmMonitor
 *
 * Tells whether @monitor is asking its providers.
 *
 * Returns: %TRUE while a listing is under way
 *
 * Since: 0.1
 */
gboolean
vmsock_vm_monitor_get_loading (VmsockVmMonitor *monitor)
{
  g_return_val_if_fail (VMSOCK_IS_VM_MONITOR (monitor), FALSE);

  return monitor->loading;
}

/**
 * vmsock_vm_monitor_refresh:
 * @monitor: a #VmsockVmMonitor
 *
 * Asks the providers now, or as soon as the listing under way ends.
 *
 * Since: 0.1
 */
void
vmsock_vm_monitor_refresh (VmsockVmMonitor *monitor)
{
  g_return_if_fail (VMSOCK_IS_VM_MONITOR (monitor));

  if (monitor->loading)
    {
      monitor->refresh_again = TRUE;
      return;
    }
  if (monitor->timer != NULL)
    {
      g_source_destroy (monitor->timer);
      g_clear_pointer (&monitor->timer, g_source_unref);
    }
  start_listing (monitor);
}

/**
 * vmsock_vm_monitor_get_failed_sources:
 * @monitor: a #VmsockVmMonitor
 *
 * Lists the providers, or parts of providers, that failed in the latest
 * listing.
 *
 * Returns: (transfer full): their names, sorted; empty when none failed or
 *   no listing ended yet
 *
 * Since: 0.1
 */
GStrv
vmsock_vm_monitor_get_failed_sources (VmsockVmMonitor *monitor)
{
  g_return_val_if_fail (VMSOCK_IS_VM_MONITOR (monitor), NULL);

  if (monitor->listing == NULL)
    return g_new0 (char *, 1);
  return vmsock_vm_listing_get_failed_sources (monitor->listing);
}

/**
 * vmsock_vm_monitor_get_source_error:
 * @monitor: a #VmsockVmMonitor
 * @source: a name from [method@Vmsock.VmMonitor.get_failed_sources]
 *
 * Tells why a provider, or part of one, failed in the latest listing.
 *
 * Returns: (nullable) (transfer none): the error, or %NULL if @source did
 *   not fail
 *
 * Since: 0.1
 */
const GError *
vmsock_vm_monitor_get_source_error (VmsockVmMonitor *monitor,
                                    const char      *source)
{
  g_return_val_if_fail (VMSOCK_IS_VM_MONITOR (monitor), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  return monitor->listing != NULL ? vmsock_vm_listing_get_source_error (monitor->listing, source) : NULL;
}
