/* vmsock-discovery.c: asking every VM-discovery provider at once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-async-private.h"
#include "vmsock-discovery.h"
#include "vmsock-discovery-private.h"
#include "vmsock-duration-private.h"
#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-plugin-loader-private.h"
#include "vmsock-plugin-proxy-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-vm.h"
#include "vmsock-vm-listing.h"
#include "vmsock-vm-provider.h"

/**
 * VmsockDiscovery:
 *
 * Answers "which VMs are there, and how do I reach each one?" by asking
 * every [iface@Vmsock.VmProvider] at once.  Each provider has a time limit
 * ([property@Vmsock.Discovery:provider-timeout]); one that fails or does not
 * answer in time is reported in the [class@Vmsock.VmListing] next to what
 * the others found, and never fails the whole listing.
 *
 * Providers that come from plugins answer from a process of their own, the
 * plugin host: a plugin that crashes is reported by name (`The libvirt
 * provider crashed: …`) while the others' VMs still arrive, and one that
 * does not answer in time is killed together with whatever it started.  The
 * properties set on such a provider go along to the host when they have a
 * basic type (booleans, numbers, strings and string arrays).
 *
 * Since: 0.1
 */

struct _VmsockDiscovery
{
  GObject parent_instance;

  GPtrArray *providers;
  GHashTable *plugin_failures;
  /* Providers left out as they cannot work here: name → why. */
  GHashTable *inapplicable;
  guint provider_timeout_ms;
};

enum
{
  PROP_0,
  PROP_PROVIDER_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsockDiscovery, vmsock_discovery, G_TYPE_OBJECT)

/* One listing in progress: what the providers answered so far. */
typedef struct
{
  VmsockVmListing *listing;
  guint pending;
} Gathering;

static void
gathering_free (Gathering *gathering)
{
  g_clear_object (&gathering->listing);
  g_free (gathering);
}

/* One provider's part of a listing. */
typedef struct
{
  GTask *task;
  VmsockVmProvider *provider;
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong caller_handler;
  GSource *timeout_source;
  gboolean answered;
} Query;

static void
query_free (Query *query)
{
  if (query->timeout_source != NULL)
    {
      g_source_destroy (query->timeout_source);
      g_source_unref (query->timeout_source);
    }
  if (query->caller_handler != 0)
    g_cancellable_disconnect (query->caller_cancellable, query->caller_handler);
  g_clear_object (&query->caller_cancellable);
  g_clear_object (&query->cancellable);
  g_clear_object (&query->provider);
  g_clear_object (&query->task);
  g_free (query);
}

/* Records the provider's answer (@answer, or else @error), once. */
static void
query_answer (Query           *query,
              VmsockVmListing *answer,
              GError          *error)
{
  Gathering *gathering = g_task_get_task_data (query->task);

  if (query->answered)
    {
      g_clear_object (&answer);
      g_clear_error (&error);
      return;
    }
  query->answered = TRUE;

  if (answer != NULL)
    {
      GPtrArray *vms = vmsock_vm_listing_get_vms (answer);
      g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (answer);

      for (guint i = 0; i < vms->len; i++)
        vmsock_vm_listing_add_vm (gathering->listing, g_ptr_array_index (vms, i));
      for (gsize i = 0; failed[i] != NULL; i++)
        vmsock_vm_listing_add_error (gathering->listing, failed[i],
                                     vmsock_vm_listing_get_source_error (answer, failed[i]));
      g_object_unref (answer);
    }
  else
    {
      vmsock_vm_listing_add_error (gathering->listing,
                                   vmsock_vm_provider_get_name (query->provider), error);
      g_error_free (error);
    }

  if (--gathering->pending == 0)
    g_task_return_pointer (query->task, g_steal_pointer (&gathering->listing), g_object_unref);
}

static void
on_provider_answered (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Query *query = user_data;
  GError *error = NULL;
  VmsockVmListing *answer;

  answer = vmsock_vm_provider_list_vms_finish (VMSOCK_VM_PROVIDER (source), result, &error);
  if (answer == NULL && error == NULL)
    g_set_error (&error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                 _("The provider failed without saying why"));
  query_answer (query, answer, error);
  query_free (query);
}

static gboolean
on_provider_timeout (gpointer user_data)
{
  Query *query = user_data;
  VmsockDiscovery *discovery = g_task_get_source_object (query->task);
  g_autofree char *duration = _vmsock_duration_to_string (discovery->provider_timeout_ms);

  g_clear_pointer (&query->timeout_source, g_source_unref);
  /* TRANSLATORS: %s is a time limit, such as “10 seconds”. */
  query_answer (query, NULL,
                g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT,
                             _("The provider did not answer within %s"), duration));
  /* Its late answer, if it ever comes, is dropped. */
  g_cancellable_cancel (query->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
vmsock_discovery_list_providers_async (VmsockDiscovery     *discovery,
                                       GPtrArray           *providers,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Gathering *gathering;

  task = g_task_new (discovery, cancellable, callback, user_data);
  g_task_set_source_tag (task, vmsock_discovery_list_vms_async);

  gathering = g_new0 (Gathering, 1);
  gathering->listing = vmsock_vm_listing_new ();
  gathering->pending = providers->len;
  g_task_set_task_data (task, gathering, (GDestroyNotify) gathering_free);

  if (providers->len == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&gathering->listing), g_object_unref);
      return;
    }

  for (guint i = 0; i < providers->len; i++)
    {
      Query *query = g_new0 (Query, 1);

      query->task = g_object_ref (task);
      query->provider = g_object_ref (g_ptr_array_index (providers, i));
      query->cancellable = g_cancellable_new ();
      if (cancellable != NULL)
        {
          query->caller_cancellable = g_object_ref (cancellable);
          query->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                         g_object_ref (query->cancellable),
                                                         g_object_unref);
        }
      if (discovery->provider_timeout_ms > 0)
        {
          query->timeout_source = g_timeout_source_new (discovery->provider_timeout_ms);
          g_source_set_callback (query->timeout_source, on_provider_timeout, query, NULL);
          g_source_attach (query->timeout_source, g_task_get_context (task));
        }

      vmsock_vm_provider_list_vms_async (query->provider, query->cancellable,
                                         on_provider_answered, query);
    }
}

/**
 * vmsock_discovery_list_vms_async:
 * @discovery: a #VmsockDiscovery
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every provider answered or ran out of time
 * @user_data: data for @callback
 *
 * Starts asking every provider for its VMs, all at once.
 *
 * Since: 0.1
 */
void
vmsock_discovery_list_vms_async (VmsockDiscovery     *discovery,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (VMSOCK_IS_DISCOVERY (discovery));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  vmsock_discovery_list_providers_async (discovery, discovery->providers, cancellable,
                                         callback, user_data);
}

/**
 * vmsock_discovery_list_vms_finish:
 * @discovery: a #VmsockDiscovery
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes a listing that [method@Vmsock.Discovery.list_vms_async] started.
 *
 * Returns: (transfer full) (nullable): the listing, or %NULL when cancelled
 *
 * Since: 0.1
 */
VmsockVmListing *
vmsock_discovery_list_vms_finish (VmsockDiscovery  *discovery,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, discovery), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vmsock_discovery_list_vms_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vmsock_discovery_list_vms:
 * @discovery: a #VmsockDiscovery
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Asks every provider for its VMs, all at once, and waits for the answers.
 * Failing providers do not make this fail: see
 * [method@Vmsock.VmListing.get_failed_sources].  Only cancellation does.
 *
 * Returns: (transfer full) (nullable): the listing, or %NULL when cancelled
 *
 * Since: 0.1
 */
VmsockVmListing *
vmsock_discovery_list_vms (VmsockDiscovery  *discovery,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_main_context_push_thread_default (context);
  vmsock_discovery_list_vms_async (discovery, cancellable, vmsock_async_result_store, &result);
  vmsock_async_result_wait (context, &result);
  g_main_context_pop_thread_default (context);

  return vmsock_discovery_list_vms_finish (discovery, result, error);
}

static void
vmsock_discovery_finalize (GObject *object)
{
  VmsockDiscovery *self = VMSOCK_DISCOVERY (object);

  g_ptr_array_unref (self->providers);
  g_hash_table_unref (self->plugin_failures);
  g_hash_table_unref (self->inapplicable);

  G_OBJECT_CLASS (vmsock_discovery_parent_class)->finalize (object);
}

static void
vmsock_discovery_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VmsockDiscovery *self = VMSOCK_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_TIMEOUT:
      g_value_set_uint (value, self->provider_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_discovery_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VmsockDiscovery *self = VMSOCK_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_TIMEOUT:
      vmsock_discovery_set_provider_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_discovery_class_init (VmsockDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vmsock_discovery_finalize;
  object_class->get_property = vmsock_discovery_get_property;
  object_class->set_property = vmsock_discovery_set_property;

  /**
   * VmsockDiscovery:provider-timeout:
   *
   * How long each provider may take to answer, in milliseconds; 0 for no
   * limit.
   *
   * Since: 0.1
   */
  properties[PROP_PROVIDER_TIMEOUT] =
    g_param_spec_uint ("provider-timeout", NULL, NULL, 0, G_MAXUINT,
                       VMSOCK_DISCOVERY_DEFAULT_PROVIDER_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_discovery_init (VmsockDiscovery *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->plugin_failures = g_hash_table_new (g_str_hash, g_str_equal);
  self->inapplicable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->provider_timeout_ms = VMSOCK_DISCOVERY_DEFAULT_PROVIDER_TIMEOUT;
}

/* A discovery of the plugins' providers, with the plugins that could not be
 * used; @all_plugins holds every provider the plugins offer. */
static VmsockDiscovery *
discovery_for_plugins (GPtrArray **all_plugins)
{
  VmsockDiscovery *self = g_object_new (VMSOCK_TYPE_DISCOVERY, NULL);

  g_hash_table_unref (self->plugin_failures);
  *all_plugins = vmsock_plugins_load_providers (&self->plugin_failures);
  return self;
}

/**
 * vmsock_discovery_new:
 *
 * Makes a discovery that asks every provider of the installed plugins, and
 * of the plugins in the folders that the `VMSOCK_PLUGIN_PATH` environment
 * variable lists (searched first; ignored in setuid and setgid programs),
 * that can work on this machine: a provider for Windows is left out on
 * Linux, one that needs systemd where systemd does not run
 * ([method@Vmsock.Discovery.get_inapplicable_providers] lists them).
 *
 * The library learns each plugin's provider from the plugin's metadata,
 * and runs the plugin only in the plugin host, for each query.  Plugins
 * that cannot be used are reported by
 * [method@Vmsock.Discovery.get_failed_plugins].
 *
 * The environment variable `VMSOCK_PLATFORM` (`linux`, `wsl` or `windows`)
 * sets the platform that plugins are matched against, for tests; setuid and
 * setgid programs ignore it.
 *
 * Returns: (transfer full): a new #VmsockDiscovery
 *
 * Since: 0.1
 */
VmsockDiscovery *
vmsock_discovery_new (void)
{
  g_autoptr(GPtrArray) all = NULL;
  VmsockDiscovery *self = discovery_for_plugins (&all);

  for (guint i = 0; i < all->len; i++)
    {
      VmsockVmProvider *provider = g_ptr_array_index (all, i);
      VmsockPluginInfo *info = vmsock_plugin_proxy_get_info (provider);
      char *reason = NULL;

      if (vmsock_plugin_info_applies (info, &reason))
        g_ptr_array_add (self->providers, g_object_ref (provider));
      else
        g_hash_table_insert (self->inapplicable, g_strdup (vmsock_vm_provider_get_name (provider)), reason);
    }
  return self;
}

/**
 * vmsock_discovery_new_for_names:
 * @names: (array zero-terminated=1): names of plugin providers
 * @error: return location for a #GError
 *
 * Makes a discovery that asks the named providers of the plugins that
 * [ctor@Vmsock.Discovery.new] finds, whether or not they can work on this
 * machine: asked by name, a provider answers for itself.
 *
 * Returns: (transfer full) (nullable): a new #VmsockDiscovery, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND, listing the providers there are, when no plugin
 *   offers a provider of one of the @names
 *
 * Since: 0.1
 */
VmsockDiscovery *
vmsock_discovery_new_for_names (const char * const  *names,
                                GError             **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(VmsockDiscovery) self = NULL;

  g_return_val_if_fail (names != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = discovery_for_plugins (&all);
  for (gsize i = 0; names[i] != NULL; i++)
    {
      VmsockVmProvider *found = NULL;

      for (guint j = 0; j < all->len && found == NULL; j++)
        if (g_str_equal (vmsock_vm_provider_get_name (g_ptr_array_index (all, j)), names[i]))
          found = g_ptr_array_index (all, j);

      if (found == NULL)
        {
          g_autoptr(GString) known = g_string_new (NULL);
          g_autofree char *name = vmsock_printable_text (names[i], -1);

          for (guint j = 0; j < all->len; j++)
            g_string_append_printf (known, "%s%s", j > 0 ? ", " : "",
                                    vmsock_vm_provider_get_name (g_ptr_array_index (all, j)));
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No provider is called “%s” (there are: %s)"),
                       name, all->len > 0 ? known->str : _("none"));
          return NULL;
        }
      if (!g_ptr_array_find (self->providers, found, NULL))
        g_ptr_array_add (self->providers, g_object_ref (found));
    }
  return g_steal_pointer (&self);
}

/**
 * vmsock_discovery_get_inapplicable_providers:
 * @discovery: a #VmsockDiscovery
 *
 * Lists the providers of plugins that [ctor@Vmsock.Discovery.new] left out
 * because they cannot work on this machine.
 *
 * Returns: (transfer full): their names, sorted; empty when none was left out
 *
 * Since: 0.1
 */
GStrv
vmsock_discovery_get_inapplicable_providers (VmsockDiscovery *discovery)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);

  names = g_list_sort (g_hash_table_get_keys (discovery->inapplicable), (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

/**
 * vmsock_discovery_get_inapplicable_reason:
 * @discovery: a #VmsockDiscovery
 * @provider: the name of a provider that was left out
 *
 * Tells why a provider cannot work on this machine.
 *
 * Returns: (nullable): the reason, or %NULL if @provider was not left out
 *
 * Since: 0.1
 */
const char *
vmsock_discovery_get_inapplicable_reason (VmsockDiscovery *discovery,
                                          const char      *provider)
{
  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (provider != NULL, NULL);

  return g_hash_table_lookup (discovery->inapplicable, provider);
}

/**
 * vmsock_discovery_get_failed_plugins:
 * @discovery: a #VmsockDiscovery
 *
 * Lists the plugins found in the plugin folders that could not be loaded.
 *
 * Returns: (transfer full): the names of the plugins that could not be
 *   loaded, sorted; empty when all loaded
 *
 * Since: 0.1
 */
GStrv
vmsock_discovery_get_failed_plugins (VmsockDiscovery *discovery)
{
  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);

  return vmsock_error_table_get_names (discovery->plugin_failures);
}

/**
 * vmsock_discovery_get_plugin_error:
 * @discovery: a #VmsockDiscovery
 * @plugin: a plugin's name, as [method@Vmsock.Discovery.get_failed_plugins]
 *   gives it
 *
 * Tells why a plugin could not be loaded.
 *
 * Returns: (transfer none) (nullable): why @plugin could not be loaded, or
 *   %NULL if it was
 *
 * Since: 0.1
 */
const GError *
vmsock_discovery_get_plugin_error (VmsockDiscovery *discovery,
                                   const char      *plugin)
{
  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (plugin != NULL, NULL);

  return g_hash_table_lookup (discovery->plugin_failures, plugin);
}

/**
 * vmsock_discovery_new_for_providers:
 * @providers: (element-type VmsockVmProvider): the providers to ask
 *
 * Creates a discovery that asks the given providers instead of the loaded
 * plugins.
 *
 * Returns: (transfer full): a new #VmsockDiscovery asking @providers
 *
 * Since: 0.1
 */
VmsockDiscovery *
vmsock_discovery_new_for_providers (GPtrArray *providers)
{
  VmsockDiscovery *self;

  g_return_val_if_fail (providers != NULL, NULL);

  self = g_object_new (VMSOCK_TYPE_DISCOVERY, NULL);
  for (guint i = 0; i < providers->len; i++)
    {
      g_return_val_if_fail (VMSOCK_IS_VM_PROVIDER (g_ptr_array_index (providers, i)), self);
      g_ptr_array_add (self->providers, g_object_ref (g_ptr_array_index (providers, i)));
    }
  return self;
}

/**
 * vmsock_discovery_get_providers:
 * @discovery: a #VmsockDiscovery
 *
 * Gets the providers that the discovery asks.
 *
 * Returns: (transfer none) (element-type VmsockVmProvider): the providers
 *   @discovery asks
 *
 * Since: 0.1
 */
GPtrArray *
vmsock_discovery_get_providers (VmsockDiscovery *discovery)
{
  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);

  return discovery->providers;
}

/**
 * vmsock_discovery_get_provider_timeout:
 * @discovery: a #VmsockDiscovery
 *
 * Gets how long each provider may take to answer.
 *
 * Returns: the value of [property@Vmsock.Discovery:provider-timeout]
 *
 * Since: 0.1
 */
guint
vmsock_discovery_get_provider_timeout (VmsockDiscovery *discovery)
{
  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), 0);

  return discovery->provider_timeout_ms;
}

/**
 * vmsock_discovery_set_provider_timeout:
 * @discovery: a #VmsockDiscovery
 * @timeout_ms: milliseconds, or 0 for no limit
 *
 * Sets [property@Vmsock.Discovery:provider-timeout].
 *
 * Since: 0.1
 */
void
vmsock_discovery_set_provider_timeout (VmsockDiscovery *discovery,
                                       guint            timeout_ms)
{
  g_return_if_fail (VMSOCK_IS_DISCOVERY (discovery));

  if (discovery->provider_timeout_ms == timeout_ms)
    return;
  discovery->provider_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (discovery), properties[PROP_PROVIDER_TIMEOUT]);
}
