/* vmsock-plugin-proxy.c: a plugin's provider, as the caller sees it
 *
 * Each plugin gets a type of its own, derived from VmsockPluginProxy, whose
 * properties are the settings its metadata declares: callers set them as
 * they would on the plugin's own provider, and each query hands them to the
 * plugin host that runs the plugin.
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

static void
vmsock_plugin_proxy_list_vms_async (VmsockVmProvider    *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  vmsock_plugin_host_list_vms_async (provider, info_of (provider), cancellable, callback, user_data);
}

static void
vmsock_plugin_proxy_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_plugin_proxy_get_name;
  iface->list_vms_async = vmsock_plugin_proxy_list_vms_async;
  iface->list_vms_finish = vmsock_plugin_host_list_vms_finish;
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
