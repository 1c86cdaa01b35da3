/* vmsock-vm-monitor.c: a live list of VMs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-discovery-private.h"
#include "vmsock-vm-monitor.h"
#include "vmsock-vm-private.h"
#include "vmsock-vm-provider.h"

/**
 * VmsockVmMonitor:
 *
 * A live list of the VMs that a [class@Vmsock.Discovery] finds, as a
 * [iface@Gio.ListModel] of [class@Vmsock.Vm] that a GTK list view can show
 * as it is.
 *
 * The monitor asks the providers when it is made, and on
 * [method@Vmsock.VmMonitor.refresh].  It watches each provider
 * ([method@Vmsock.VmProvider.watch]): one that reports its changes, such as
 * libvirt through its domain events or systemd-machined through its
 * signals, is asked again soon after it says its VMs changed, and only
 * then; the others are asked every [property@Vmsock.VmMonitor:interval]
 * milliseconds.  The VMs are sorted by name, then provider, then id, and
 * keep their place and their object from one listing to the next: a VM that
 * changes notifies its properties (state, CID, …) rather than being
 * replaced, and only VMs that come or go emit
 * [signal@Gio.ListModel::items-changed].
 *
 * A provider that fails is reported through
 * [property@Vmsock.VmMonitor:failed-sources]; the VMs it listed before stay
 * in the list until it answers again, and the other providers' VMs are
 * unaffected.  A provider that can report changes but could not be watched
 * (say its libvirt daemon does not answer) is reported there too; the
 * monitor asks it at the interval, and tries to watch it again then.
 *
 * The monitor works in the thread-default main context of the thread that
 * made it.
 *
 * Since: 0.1
 */

/* How long, in milliseconds, the monitor waits after a provider says its
 * VMs changed before it asks: a burst of changes gives one listing. */
#define CHANGES_DELAY_MS 50

/* What the monitor knows of one of its providers. */
typedef struct
{
  VmsockVmProvider *provider;
  gulong changed_handler;
  /* Whether the provider reports its changes, so is not asked at the
   * interval. */
  gboolean watched;
  /* Why it could not be watched, when it could have been. */
  GError *watch_error;
  /* Its latest listing. */
  VmsockVmListing *listing;
  gboolean loading;
  gboolean list_again;
  /* Waits for the changes that follow the first. */
  GSource *changes_delay;
} Tracked;

struct _VmsockVmMonitor
{
  GObject parent_instance;

  VmsockDiscovery *discovery;
  guint interval_ms;

  /* The VMs, sorted as documented above. */
  GPtrArray *vms;
  /* One Tracked for each of the discovery's providers. */
  GPtrArray *tracked;
  /* The errors of the latest listings, and of watches that failed. */
  VmsockVmListing *errors;

  GCancellable *cancellable;
  GSource *timer;
  /* Ends the listing of a monitor without providers. */
  GSource *nothing_to_list;
  GMainContext *context;
  gboolean loading;
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

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
tracked_free (Tracked *tracked)
{
  destroy_source (&tracked->changes_delay);
  if (tracked->changed_handler != 0)
    g_signal_handler_disconnect (tracked->provider, tracked->changed_handler);
  if (tracked->watched)
    vmsock_vm_provider_unwatch (tracked->provider);
  g_clear_error (&tracked->watch_error);
  g_clear_object (&tracked->listing);
  g_clear_object (&tracked->provider);
  g_free (tracked);
}

/* Whether the listing of @tracked's provider failed as a whole. */
static gboolean
tracked_failed (Tracked *tracked)
{
  return vmsock_vm_listing_get_source_error (tracked->listing,
                                             vmsock_vm_provider_get_name (tracked->provider)) != NULL;
}

/* Collects the errors of the latest listings, and of the watches that
 * failed, and says when the failed sources changed. */
static void
update_errors (VmsockVmMonitor *self)
{
  g_auto(GStrv) failed_before = vmsock_vm_monitor_get_failed_sources (self);
  g_auto(GStrv) failed_now = NULL;

  g_clear_object (&self->errors);
  self->errors = vmsock_vm_listing_new ();
  for (guint i = 0; i < self->tracked->len; i++)
    {
      Tracked *tracked = g_ptr_array_index (self->tracked, i);
      const char *name = vmsock_vm_provider_get_name (tracked->provider);
      g_auto(GStrv) failed = NULL;

      if (tracked->listing != NULL)
        {
          failed = vmsock_vm_listing_get_failed_sources (tracked->listing);
          for (gsize j = 0; failed[j] != NULL; j++)
            vmsock_vm_listing_add_error (self->errors, failed[j],
                                         vmsock_vm_listing_get_source_error (tracked->listing, failed[j]));
        }
      /* A provider that failed says so once, with the error of its listing. */
      if (tracked->watch_error != NULL && vmsock_vm_listing_get_source_error (self->errors, name) == NULL)
        vmsock_vm_listing_add_error (self->errors, name, tracked->watch_error);
    }

  failed_now = vmsock_vm_monitor_get_failed_sources (self);
  if (!same_strv ((const char * const *) failed_before, (const char * const *) failed_now))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_SOURCES]);
}

/* Brings the VMs of @tracked's provider to what its latest listing found. */
static void
merge (VmsockVmMonitor *self,
       Tracked         *tracked)
{
  const char *name = vmsock_vm_provider_get_name (tracked->provider);
  GPtrArray *listed = vmsock_vm_listing_get_vms (tracked->listing);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_full (listed->len, g_object_unref);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_object_unref);
  /* A provider that failed keeps what it listed before. */
  gboolean keep = tracked_failed (tracked);

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
      else if (!keep && g_str_equal (vmsock_vm_get_provider (vm), name))
        remove_at (self, i);
    }
  for (guint i = 0; i < moved->len; i++)
    insert_sorted (self, g_ptr_array_index (moved, i));
  for (guint i = 0; i < fresh->len; i++)
    insert_sorted (self, g_ptr_array_index (fresh, i));
}

static void
update_loading (VmsockVmMonitor *self)
{
  gboolean loading = FALSE;

  for (guint i = 0; i < self->tracked->len && !loading; i++)
    loading = ((Tracked *) g_ptr_array_index (self->tracked, i))->loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Whether the interval applies: some provider is not watched, and none of
 * those is being asked. */
static gboolean
polling_due (VmsockVmMonitor *self)
{
  gboolean polled = FALSE;

  for (guint i = 0; i < self->tracked->len; i++)
    {
      Tracked *tracked = g_ptr_array_index (self->tracked, i);

      if (!tracked->watched)
        {
          if (tracked->loading)
            return FALSE;
          polled = TRUE;
        }
    }
  return polled;
}

static gboolean on_timer (gpointer data);

/* Starts waiting the interval if it applies now. */
static void
schedule (VmsockVmMonitor *self)
{
  destroy_source (&self->timer);
  if (self->interval_ms == 0 || !polling_due (self))
    return;
  self->timer = g_timeout_source_new (self->interval_ms);
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_set_static_name (self->timer, "[vmsock] VM monitor");
  g_source_attach (self->timer, self->context);
}

/* One provider's listing in progress. */
typedef struct
{
  GWeakRef monitor;
  Tracked *tracked;
} Asking;

static void list_provider (VmsockVmMonitor *self,
                           Tracked         *tracked);

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Asking *asking = data;
  g_autoptr(VmsockVmMonitor) self = g_weak_ref_get (&asking->monitor);
  Tracked *tracked = asking->tracked;
  g_autoptr(VmsockVmListing) listing = NULL;

  g_weak_ref_clear (&asking->monitor);
  g_free (asking);

  /* Only cancellation fails a whole listing: the monitor is going. */
  listing = vmsock_discovery_list_vms_finish (VMSOCK_DISCOVERY (source), result, NULL);
  if (self == NULL || listing == NULL)
    return;

  tracked->loading = FALSE;
  g_set_object (&tracked->listing, listing);
  merge (self, tracked);
  update_errors (self);

  if (tracked->list_again)
    list_provider (self, tracked);
  else
    update_loading (self);
  if (!tracked->watched)
    schedule (self);
}

/* Asks @tracked's provider, now or, if it is being asked, once it answered. */
static void
list_provider (VmsockVmMonitor *self,
               Tracked         *tracked)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  Asking *asking;

  if (tracked->loading)
    {
      tracked->list_again = TRUE;
      return;
    }
  tracked->loading = TRUE;
  tracked->list_again = FALSE;
  if (!tracked->watched)
    destroy_source (&self->timer);
  update_loading (self);

  asking = g_new0 (Asking, 1);
  g_weak_ref_init (&asking->monitor, self);
  asking->tracked = tracked;
  g_ptr_array_add (providers, tracked->provider);
  g_main_context_push_thread_default (self->context);
  vmsock_discovery_list_providers_async (self->discovery, providers, self->cancellable,
                                         on_listed, asking);
  g_main_context_pop_thread_default (self->context);
}

typedef struct
{
  VmsockVmMonitor *monitor;
  Tracked *tracked;
} ChangesDelay;

static gboolean
on_changes_delay_over (gpointer data)
{
  ChangesDelay *delay = data;

  g_clear_pointer (&delay->tracked->changes_delay, g_source_unref);
  list_provider (delay->monitor, delay->tracked);
  return G_SOURCE_REMOVE;
}

static void
on_vms_changed (VmsockVmProvider *provider,
                gpointer          data)
{
  ChangesDelay *delay = data;

  if (delay->tracked->changes_delay != NULL)
    return;
  delay->tracked->changes_delay = g_timeout_source_new (CHANGES_DELAY_MS);
  g_source_set_callback (delay->tracked->changes_delay, on_changes_delay_over, delay, NULL);
  g_source_set_static_name (delay->tracked->changes_delay, "[vmsock] VM monitor changes");
  g_source_attach (delay->tracked->changes_delay, delay->monitor->context);
}

/* Watches @tracked's provider, unless it is watched or cannot be. */
static void
watch (VmsockVmMonitor *self,
       Tracked         *tracked)
{
  g_autoptr(GError) error = NULL;

  if (tracked->watched || (tracked->changed_handler != 0 && tracked->watch_error == NULL))
    return;

  /* A provider that says its VMs changed is asked again, watched or not. */
  if (tracked->changed_handler == 0)
    {
      ChangesDelay *delay = g_new (ChangesDelay, 1);

      delay->monitor = self;
      delay->tracked = tracked;
      tracked->changed_handler = g_signal_connect_data (tracked->provider, "vms-changed",
                                                        G_CALLBACK (on_vms_changed), delay,
                                                        (GClosureNotify) (void (*) (void)) g_free, 0);
    }

  g_clear_error (&tracked->watch_error);
  g_main_context_push_thread_default (self->context);
  tracked->watched = vmsock_vm_provider_watch (tracked->provider, &error);
  g_main_context_pop_thread_default (self->context);
  if (!tracked->watched && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    tracked->watch_error = g_steal_pointer (&error);
}

/* Watches again the providers whose watch failed. */
static void
watch_again (VmsockVmMonitor *self)
{
  for (guint i = 0; i < self->tracked->len; i++)
    {
      Tracked *tracked = g_ptr_array_index (self->tracked, i);

      if (tracked->watch_error != NULL)
        watch (self, tracked);
    }
}

static gboolean
on_timer (gpointer data)
{
  VmsockVmMonitor *self = data;
  g_autoptr(GPtrArray) polled = g_ptr_array_new ();

  g_clear_pointer (&self->timer, g_source_unref);
  for (guint i = 0; i < self->tracked->len; i++)
    if (!((Tracked *) g_ptr_array_index (self->tracked, i))->watched)
      g_ptr_array_add (polled, g_ptr_array_index (self->tracked, i));

  /* A provider watched now missed the changes until now: it is asked too. */
  watch_again (self);
  for (guint i = 0; i < polled->len; i++)
    list_provider (self, g_ptr_array_index (polled, i));
  update_errors (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_nothing_to_list (gpointer data)
{
  VmsockVmMonitor *self = data;

  g_clear_pointer (&self->nothing_to_list, g_source_unref);
  update_loading (self);
  return G_SOURCE_REMOVE;
}

static void
vmsock_vm_monitor_constructed (GObject *object)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);
  GPtrArray *providers;

  G_OBJECT_CLASS (vmsock_vm_monitor_parent_class)->constructed (object);

  if (self->discovery == NULL)
    self->discovery = vmsock_discovery_new ();
  self->context = g_main_context_ref_thread_default ();

  providers = vmsock_discovery_get_providers (self->discovery);
  for (guint i = 0; i < providers->len; i++)
    {
      Tracked *tracked = g_new0 (Tracked, 1);

      tracked->provider = g_object_ref (g_ptr_array_index (providers, i));
      g_ptr_array_add (self->tracked, tracked);
      watch (self, tracked);
    }
  for (guint i = 0; i < self->tracked->len; i++)
    list_provider (self, g_ptr_array_index (self->tracked, i));
  update_errors (self);

  /* Without providers the first listing ends at once, but as the others
   * do: once the caller could connect to the monitor's signals. */
  if (self->tracked->len == 0)
    {
      self->loading = TRUE;
      self->nothing_to_list = g_idle_source_new ();
      g_source_set_callback (self->nothing_to_list, on_nothing_to_list, self, NULL);
      g_source_set_static_name (self->nothing_to_list, "[vmsock] VM monitor");
      g_source_attach (self->nothing_to_list, self->context);
    }
}

static void
vmsock_vm_monitor_dispose (GObject *object)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  destroy_source (&self->timer);
  destroy_source (&self->nothing_to_list);
  g_ptr_array_set_size (self->tracked, 0);
  g_clear_object (&self->discovery);
  g_clear_object (&self->errors);

  G_OBJECT_CLASS (vmsock_vm_monitor_parent_class)->dispose (object);
}

static void
vmsock_vm_monitor_finalize (GObject *object)
{
  VmsockVmMonitor *self = VMSOCK_VM_MONITOR (object);

  g_ptr_array_unref (self->vms);
  g_ptr_array_unref (self->tracked);
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
   * Milliseconds between the end of one listing and the start of the next,
   * for the providers that do not report their changes; 0 lists them only
   * on [method@Vmsock.VmMonitor.refresh].
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
   * The providers, or parts of providers, that failed in their latest
   * listing or could not be watched, sorted;
   * [method@Vmsock.VmMonitor.get_source_error] tells why.
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
  self->tracked = g_ptr_array_new_with_free_func ((GDestroyNotify) tracked_free);
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
 * of the next, for the providers that do not report their changes; a wait
 * in progress starts again with the new interval.
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
 * Asks every provider now, or as soon as its listing under way ends, and
 * tries again to watch those whose watch failed.
 *
 * Since: 0.1
 */
void
vmsock_vm_monitor_refresh (VmsockVmMonitor *monitor)
{
  g_return_if_fail (VMSOCK_IS_VM_MONITOR (monitor));

  watch_again (monitor);
  for (guint i = 0; i < monitor->tracked->len; i++)
    list_provider (monitor, g_ptr_array_index (monitor->tracked, i));
  update_errors (monitor);
}

/**
 * vmsock_vm_monitor_get_failed_sources:
 * @monitor: a #VmsockVmMonitor
 *
 * Lists the providers, or parts of providers, that failed in their latest
 * listing or could not be watched.
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

  if (monitor->errors == NULL)
    return g_new0 (char *, 1);
  return vmsock_vm_listing_get_failed_sources (monitor->errors);
}

/**
 * vmsock_vm_monitor_get_source_error:
 * @monitor: a #VmsockVmMonitor
 * @source: a name from [method@Vmsock.VmMonitor.get_failed_sources]
 *
 * Tells why a provider, or part of one, failed in its latest listing or
 * could not be watched.
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

  return monitor->errors != NULL ? vmsock_vm_listing_get_source_error (monitor->errors, source) : NULL;
}
