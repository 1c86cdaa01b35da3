/* vmsock-plugin-proxy.c: a plugin's provider, as the caller sees it
 *
 * Each plugin gets a type of its own, derived from VmsockPluginProxy, whose
 * properties are the settings its metadata declares: callers set them as
 * they would on the plugin's own provider, and each plugin host that runs
 * the plugin gets them.
 *
 * A listing starts a plugin host, asks it, and ends it.  Watching keeps one
 * host running, started by the first watch() and ended by the last
 * unwatch(), whose VmsChanged signals become "vms-changed", and which
 * listings ask meanwhile.  When that host ends by itself (it crashed, or a
 * listing ran out of time and killed it), the proxy reports a change
 * unless a listing is there to report the failure, and the next listing
 * starts a new host that watches again.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-plugin-host-private.h"
#include "vmsock-plugin-proxy-private.h"

#define VMSOCK_TYPE_PLUGIN_PROXY (vmsock_plugin_proxy_get_type ())
G_DECLARE_DERIVABLE_TYPE (VmsockPluginProxy, vmsock_plugin_proxy, VMSOCK, PLUGIN_PROXY, GObject)

struct _VmsockPluginProxyClass
{
  GObjectClass parent_class;

  VmsockPluginInfo *info;
};

typedef struct
{
  /* The value of each declared setting, in the metadata's order. */
  GValue *values;
  /* While watched: how often, and the host that watches, when it runs. */
  guint watches;
  VmsockPluginHost *host;
} VmsockPluginProxyPrivate;

static void vmsock_plugin_proxy_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (VmsockPluginProxy, vmsock_plugin_proxy, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (VmsockPluginProxy)
                                  G_IMPLEMENT_INTERFACE (VMSOCK_TYPE_VM_PROVIDER,
                                                         vmsock_plugin_proxy_iface_init))

static VmsockPluginInfo *
info_of (gpointer proxy)
{
  return VMSOCK_PLUGIN_PROXY_GET_CLASS (proxy)->info;
}

static const char *
vmsock_plugin_proxy_get_name (VmsockVmProvider *provider)
{
  return vmsock_plugin_info_get_provider (info_of (provider));
}

static VmsockPluginProxyPrivate *
private_of (gpointer proxy)
{
  return vmsock_plugin_proxy_get_instance_private (VMSOCK_PLUGIN_PROXY (proxy));
}

static void
on_host_changed (VmsockPluginHost *host,
                 gpointer          proxy)
{
  g_signal_emit_by_name (proxy, "vms-changed");
}

static void drop_host (VmsockPluginProxy *proxy);

static void
on_host_ended (VmsockPluginHost *host,
               gpointer          proxy)
{
  gboolean listing = vmsock_plugin_host_is_listing (host);

  drop_host (proxy);
  /* A listing reports the failure itself. */
  if (!listing)
    g_signal_emit_by_name (proxy, "vms-changed");
}

/* Makes @host the one that watches. */
static void
keep_host (VmsockPluginProxy *proxy,
           VmsockPluginHost  *host)
{
  VmsockPluginProxyPrivate *priv = private_of (proxy);

  priv->host = g_object_ref (host);
  g_signal_connect_object (host, "vms-changed", G_CALLBACK (on_host_changed), proxy, 0);
  g_signal_connect_object (host, "ended", G_CALLBACK (on_host_ended), proxy, 0);
}

static void
drop_host (VmsockPluginProxy *proxy)
{
  VmsockPluginProxyPrivate *priv = private_of (proxy);

  if (priv->host == NULL)
    return;
  g_signal_handlers_disconnect_by_data (priv->host, proxy);
  vmsock_plugin_host_stop (priv->host);
  g_clear_object (&priv->host);
}

/* The listing, or its error, kept while its host ends. */
typedef struct
{
  VmsockVmListing *listing;
  GError *error;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->listing);
  g_clear_error (&answer->error);
  g_free (answer);
}

static void
return_answer (GTask  *task,
               Answer *answer)
{
  if (answer->listing != NULL)
    g_task_return_pointer (task, g_steal_pointer (&answer->listing), g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&answer->error));
}

static void
on_host_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;

  vmsock_plugin_host_end_finish (VMSOCK_PLUGIN_HOST (source), result);
  return_answer (task, g_task_get_task_data (task));
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  VmsockPluginProxyPrivate *priv = private_of (g_task_get_source_object (task));
  VmsockPluginHost *host = VMSOCK_PLUGIN_HOST (source);
  Answer *answer = g_new0 (Answer, 1);

  answer->listing = vmsock_plugin_host_list_vms_finish (host, result, &answer->error);
  g_task_set_task_data (task, answer, (GDestroyNotify) answer_free);
  if (host == priv->host)
    return_answer (task, answer);
  else
    /* A host that does not watch has done its part. */
    vmsock_plugin_host_end_async (host, on_host_done, g_steal_pointer (&task));
}

static void
on_host_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  VmsockPluginProxy *proxy = g_task_get_source_object (task);
  VmsockPluginProxyPrivate *priv = private_of (proxy);
  g_autoptr(VmsockPluginHost) host = NULL;
  g_autoptr(GError) watch_error = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  host = vmsock_plugin_host_new_finish (result, &error);
  if (host == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Watched meanwhile, with no host: this one watches. */
  if (priv->watches > 0 && priv->host == NULL)
    {
      if (vmsock_plugin_host_watch (host, &watch_error))
        keep_host (proxy, host);
      else
        g_debug ("The %s provider no longer reports changes: %s",
                 vmsock_plugin_proxy_get_name (VMSOCK_VM_PROVIDER (proxy)), watch_error->message);
    }
  cancellable = g_task_get_cancellable (task);
  vmsock_plugin_host_list_vms_async (host, cancellable, on_listed, g_steal_pointer (&task));
}

static void
vmsock_plugin_proxy_list_vms_async (VmsockVmProvider    *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  VmsockPluginProxyPrivate *priv = private_of (provider);
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, vmsock_plugin_proxy_list_vms_async);
  if (priv->host != NULL)
    vmsock_plugin_host_list_vms_async (priv->host, cancellable, on_listed, g_steal_pointer (&task));
  else
    vmsock_plugin_host_new_async (provider, info_of (provider), cancellable, on_host_started,
                                  g_steal_pointer (&task));
}

static VmsockVmListing *
vmsock_plugin_proxy_list_vms_finish (VmsockVmProvider  *provider,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
vmsock_plugin_proxy_watch (VmsockVmProvider  *provider,
                           GError           **error)
{
  VmsockPluginProxyPrivate *priv = private_of (provider);
  g_autoptr(VmsockPluginHost) host = NULL;

  if (priv->watches > 0)
    {
      priv->watches++;
      return TRUE;
    }
  host = vmsock_plugin_host_new (provider, info_of (provider), error);
  if (host == NULL)
    return FALSE;
  if (!vmsock_plugin_host_watch (host, error))
    {
      vmsock_plugin_host_stop (host);
      return FALSE;
    }
  keep_host (VMSOCK_PLUGIN_PROXY (provider), host);
  priv->watches = 1;
  return TRUE;
}

static void
vmsock_plugin_proxy_unwatch (VmsockVmProvider *provider)
{
  VmsockPluginProxyPrivate *priv = private_of (provider);

  g_return_if_fail (priv->watches > 0);

  if (--priv->watches > 0)
    return;
  if (priv->host != NULL)
    vmsock_plugin_host_unwatch (priv->host);
  drop_host (VMSOCK_PLUGIN_PROXY (provider));
}

static void
vmsock_plugin_proxy_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_plugin_proxy_get_name;
  iface->list_vms_async = vmsock_plugin_proxy_list_vms_async;
  iface->list_vms_finish = vmsock_plugin_proxy_list_vms_finish;
  iface->watch = vmsock_plugin_proxy_watch;
  iface->unwatch = vmsock_plugin_proxy_unwatch;
}

static void
vmsock_plugin_proxy_dispose (GObject *object)
{
  drop_host (VMSOCK_PLUGIN_PROXY (object));

  G_OBJECT_CLASS (vmsock_plugin_proxy_parent_class)->dispose (object);
}

static void
vmsock_plugin_proxy_finalize (GObject *object)
{
  VmsockPluginProxyPrivate *priv = vmsock_plugin_proxy_get_instance_private (VMSOCK_PLUGIN_PROXY (object));
  GPtrArray *properties = vmsock_plugin_info_get_properties (info_of (object));

  for (guint i = 0; i < properties->len; i++)
    g_value_unset (&priv->values[i]);
  g_free (priv->values);

  G_OBJECT_CLASS (vmsock_plugin_proxy_parent_class)->finalize (object);
}

static void
vmsock_plugin_proxy_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VmsockPluginProxyPrivate *priv = vmsock_plugin_proxy_get_instance_private (VMSOCK_PLUGIN_PROXY (object));

  g_value_copy (&priv->values[prop_id - 1], value);
}

static void
vmsock_plugin_proxy_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VmsockPluginProxyPrivate *priv = vmsock_plugin_proxy_get_instance_private (VMSOCK_PLUGIN_PROXY (object));

  g_value_copy (value, &priv->values[prop_id - 1]);
}

static void
vmsock_plugin_proxy_class_init (VmsockPluginProxyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vmsock_plugin_proxy_dispose;
  object_class->finalize = vmsock_plugin_proxy_finalize;
}

static void
vmsock_plugin_proxy_init (VmsockPluginProxy *self)
{
}

/* An instance of one plugin's proxy type: its settings at their defaults. */
static void
plugin_instance_init (GTypeInstance *instance,
                      gpointer       klass)
{
  VmsockPluginProxyPrivate *priv = vmsock_plugin_proxy_get_instance_private (VMSOCK_PLUGIN_PROXY (instance));
  GPtrArray *properties = vmsock_plugin_info_get_properties (VMSOCK_PLUGIN_PROXY_CLASS (klass)->info);

  priv->values = g_new0 (GValue, properties->len);
  for (guint i = 0; i < properties->len; i++)
    {
      GParamSpec *spec = g_ptr_array_index (properties, i);

      g_value_init (&priv->values[i], spec->value_type);
      g_param_value_set_default (spec, &priv->values[i]);
    }
}

/* The class of one plugin's proxies: its metadata, and its settings. */
static void
plugin_class_init (gpointer klass,
                   gpointer class_data)
{
  VmsockPluginInfo *info = class_data;
  GPtrArray *properties = vmsock_plugin_info_get_properties (info);

  VMSOCK_PLUGIN_PROXY_CLASS (klass)->info = g_object_ref (info);
  /* GObject gives each class its own property accessors. */
  G_OBJECT_CLASS (klass)->get_property = vmsock_plugin_proxy_get_property;
  G_OBJECT_CLASS (klass)->set_property = vmsock_plugin_proxy_set_property;
  for (guint i = 0; i < properties->len; i++)
    g_object_class_install_property (G_OBJECT_CLASS (klass), i + 1, g_ptr_array_index (properties, i));
}

/* The proxy type of @info's plugin, registered once per process: types
 * last as long as the process does. */
static GType
plugin_type (VmsockPluginInfo *info)
{
  static GMutex lock;
  static GHashTable *types;   /* metadata file → GType */
  const char *file = vmsock_plugin_info_get_file (info);
  g_autofree char *name = NULL;
  GTypeInfo type_info = {
    .class_size = sizeof (VmsockPluginProxyClass),
    .class_init = plugin_class_init,
    .instance_size = sizeof (VmsockPluginProxy),
    .instance_init = plugin_instance_init,
  };
  GType type;

  g_mutex_lock (&lock);
  if (types == NULL)
    types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  type = GPOINTER_TO_SIZE (g_hash_table_lookup (types, file));
  if (type == 0)
    {
      type_info.class_data = g_object_ref (info);
      name = g_strdup_printf ("VmsockPluginProxy%u", g_hash_table_size (types) + 1);
      type = g_type_register_static (VMSOCK_TYPE_PLUGIN_PROXY, name, &type_info, G_TYPE_FLAG_FINAL);
      g_hash_table_insert (types, g_strdup (file), GSIZE_TO_POINTER (type));
    }
  g_mutex_unlock (&lock);
  return type;
}

VmsockVmProvider *
vmsock_plugin_proxy_new (VmsockPluginInfo *info)
{
  return g_object_new (plugin_type (info), NULL);
}

VmsockPluginInfo *
vmsock_plugin_proxy_get_info (VmsockVmProvider *provider)
{
  return VMSOCK_IS_PLUGIN_PROXY (provider) ? info_of (provider) : NULL;
}
