/* vmsock-plugin-host-service.c: the plugin host program, which runs one
 * plugin's provider in a process of its own
 *
 * "vmsock-plugin-host PLUGIN-METADATA [PROPERTY=GVARIANT…]" serves
 * org.libvmsock.PluginHost1 (org.libvmsock.PluginHost1.xml) at
 * /org/libvmsock/PluginHost1 over a private D-Bus connection on its
 * standard input and output, whose client is the library, until the
 * connection closes, then ends with everything it started.  It
 * authenticates before it loads the plugin, so that
 * connecting to it runs no plugin code; then standard output leads to
 * standard error, where whatever the plugin prints goes, and standard
 * input reads nothing.  A plugin that cannot be loaded ends the host with
 * status 1 and a message on standard error.  The host answers as the
 * provider its metadata names, and as no other.
 *
 * "vmsock-plugin-host --print PLUGIN-METADATA [PROPERTY=GVARIANT…]" lists
 * the provider's VMs once and prints the listing in GVariant text form, for
 * trying a plugin by hand.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "vmsock-error.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-plugin-host-private.h"
#include "vmsock-plugin-loader-private.h"
#include "vmsock-text-domain-private.h"
#include "vmsock-vm-variant-private.h"

typedef struct
{
  VmsockVmProvider *provider;
  GDBusConnection *connection;
  guint watches;
  gulong changes_handler;
} Service;

static gboolean
set_property_argument (GObject     *object,
                       const char  *argument,
                       GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (argument, "=", 2);
  GParamSpec *spec = parts[1] != NULL ? g_object_class_find_property (G_OBJECT_GET_CLASS (object), parts[0]) : NULL;
  g_autoptr(GVariant) variant = NULL;
  g_auto(GValue) parsed = G_VALUE_INIT;
  g_auto(GValue) value = G_VALUE_INIT;

  if (spec == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not PROPERTY=VALUE for a property of the provider"), argument);
      return FALSE;
    }
  variant = g_variant_parse (NULL, parts[1], NULL, NULL, error);
  if (variant == NULL)
    return FALSE;
  g_dbus_gvariant_to_gvalue (variant, &parsed);
  g_value_init (&value, spec->value_type);
  if (!g_value_transform (&parsed, &value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” does not fit the property %s"), parts[1], spec->name);
      return FALSE;
    }
  g_object_set_property (object, spec->name, &value);
  return TRUE;
}

static VmsockVmProvider *
find_provider (GPtrArray  *providers,
               const char *name)
{
  for (guint i = 0; i < providers->len; i++)
    if (g_str_equal (vmsock_vm_provider_get_name (g_ptr_array_index (providers, i)), name))
      return g_ptr_array_index (providers, i);
  return NULL;
}

/* The provider that @metadata names, loaded from its module and set up
 * as @properties say; or NULL with a message on standard error. */
static VmsockVmProvider *
load_provider (VmsockPluginInfo  *info,
               const char        *metadata,
               char             **properties)
{
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;
  VmsockVmProvider *provider;

  providers = vmsock_plugins_load_module (vmsock_plugin_info_get_module (info), &error);
  if (providers == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  /* The host answers as the provider the metadata names, and as no other. */
  provider = find_provider (providers, vmsock_plugin_info_get_provider (info));
  if (provider == NULL)
    {
      fprintf (stderr, _("%s has no provider called %s, which its metadata %s names\n"),
               vmsock_plugin_info_get_module (info), vmsock_plugin_info_get_provider (info), metadata);
      return NULL;
    }
  for (char **property = properties; *property != NULL; property++)
    if (!set_property_argument (G_OBJECT (provider), *property, &error))
      {
        fprintf (stderr, "%s\n", error->message);
        return NULL;
      }
  return g_object_ref (provider);
}

/* The listing as ListVms answers it: its bytes, in normal form. */
static GVariant *
listing_to_bytes (VmsockVmListing *listing)
{
  g_autoptr(GVariant) content = g_variant_ref_sink (vmsock_vm_listing_to_variant (listing));
  g_autoptr(GVariant) normal = g_variant_get_normal_form (content);
  g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (normal);

  return g_variant_new ("(@ay)", g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GDBusMethodInvocation *invocation = data;
  g_autoptr(VmsockVmListing) listing = NULL;
  GError *error = NULL;

  listing = vmsock_vm_provider_list_vms_finish (VMSOCK_VM_PROVIDER (source), result, &error);
  if (listing == NULL && error == NULL)
    g_set_error (&error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED, _("The provider failed without saying why"));
  /* The provider's error, as D-Bus carries it: its domain and code survive. */
  if (listing == NULL)
    g_dbus_method_invocation_take_error (invocation, error);
  else
    g_dbus_method_invocation_return_value (invocation, listing_to_bytes (listing));
}

static void
on_provider_changed (VmsockVmProvider *provider,
                     gpointer          data)
{
  Service *service = data;

  g_dbus_connection_emit_signal (service->connection, NULL, VMSOCK_PLUGIN_HOST_OBJECT_PATH,
                                 VMSOCK_PLUGIN_HOST_INTERFACE, "VmsChanged", NULL, NULL);
}

static void
handle_method (GDBusConnection       *connection,
               const char            *sender,
               const char            *path,
               const char            *interface_name,
               const char            *method,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               data)
{
  Service *service = data;
  GError *error = NULL;

  if (g_str_equal (method, "ListVms"))
    vmsock_vm_provider_list_vms_async (service->provider, NULL, on_listed, invocation);
  else if (g_str_equal (method, "Watch"))
    {
      if (!vmsock_vm_provider_watch (service->provider, &error))
        {
          g_dbus_method_invocation_take_error (invocation, error);
          return;
        }
      if (service->watches++ == 0)
        service->changes_handler = g_signal_connect (service->provider, "vms-changed",
                                                     G_CALLBACK (on_provider_changed), service);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "Unwatch"))
    {
      /* Only what a Watch started. */
      if (service->watches > 0)
        {
          vmsock_vm_provider_unwatch (service->provider);
          if (--service->watches == 0)
            g_clear_signal_handler (&service->changes_handler, service->provider);
        }
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_assert_not_reached ();
}

static const GDBusInterfaceVTable vtable = { .method_call = handle_method };

/* Accepts only the ANONYMOUS mechanism: the peer is the process that
 * started the host, on pipes no other process holds. */
static gboolean
allow_mechanism (GDBusAuthObserver *observer,
                 const char        *mechanism,
                 gpointer           data)
{
  return g_str_equal (mechanism, "ANONYMOUS");
}

/* The connection to the library, authenticated, messages held back. */
static GDBusConnection *
accept_library (GError **error)
{
  g_autoptr(GIOStream) stream = vmsock_platform_take_standard_streams (error);
  g_autoptr(GDBusAuthObserver) observer = NULL;
  g_autofree char *guid = NULL;

  if (stream == NULL)
    return NULL;
  observer = g_dbus_auth_observer_new ();
  g_signal_connect (observer, "allow-mechanism", G_CALLBACK (allow_mechanism), NULL);
  guid = g_dbus_generate_guid ();
  return g_dbus_connection_new_sync (stream, guid,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER |
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS |
                                     G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                                     observer, NULL, error);
}

static GDBusInterfaceInfo *
interface_info (void)
{
  g_autoptr(GBytes) xml = g_resources_lookup_data (VMSOCK_PLUGIN_HOST_INTERFACE_RESOURCE,
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GDBusNodeInfo) node = NULL;

  /* Built into the library: it cannot be missing or malformed. */
  g_assert (xml != NULL);
  node = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), NULL);
  g_assert (node != NULL);
  return g_dbus_interface_info_ref (g_dbus_node_info_lookup_interface (node, VMSOCK_PLUGIN_HOST_INTERFACE));
}

static void
on_closed (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         data)
{
  g_main_loop_quit (data);
}

/* Serves @provider on @connection until the library hangs up. */
static int
serve (VmsockVmProvider *provider,
       GDBusConnection  *connection)
{
  GDBusInterfaceInfo *info = interface_info ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Service service = { .provider = provider, .connection = connection };
  guint registration;

  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), loop);
  registration = g_dbus_connection_register_object (connection, VMSOCK_PLUGIN_HOST_OBJECT_PATH, info,
                                                    &vtable, &service, NULL, &error);
  g_dbus_interface_info_unref (info);
  if (registration == 0)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_dbus_connection_start_message_processing (connection);
  g_main_loop_run (loop);

  while (service.watches-- > 0)
    vmsock_vm_provider_unwatch (provider);
  g_clear_signal_handler (&service.changes_handler, provider);
  /* The library hung up, or ended without a word: what the plugin started
   * ends too, even when the host saw the end of its input before the signal
   * that its caller ended. */
  vmsock_platform_end_tree ();
  return 0;
}

/* Lists once, and prints the listing. */
static int
print_listing (VmsockVmProvider *provider)
{
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  listing = vmsock_vm_provider_list_vms (provider, NULL, &error);
  if (listing == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  variant = g_variant_ref_sink (vmsock_vm_listing_to_variant (listing));
  text = g_variant_print (variant, TRUE);
  printf ("%s\n", text);
  return fflush (stdout) == 0 ? 0 : 1;
}

/* GLib's own writer, but always to standard error: GLib would write
 * messages below warnings to standard output. */
static GLogWriterOutput
write_log_to_stderr (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         data)
{
  g_autofree char *text = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  text = g_log_writer_format_fields (log_level, fields, n_fields, g_log_writer_supports_color (fileno (stderr)));
  fprintf (stderr, "%s\n", text);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

int
_vmsock_plugin_host_main (int    argc,
                          char **argv)
{
  g_autoptr(VmsockPluginInfo) info = NULL;
  g_autoptr(VmsockVmProvider) provider = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean print = argc > 1 && g_str_equal (argv[1], "--print");
  const char *metadata = argv[print ? 2 : 1];

  /* Standard output carries D-Bus: a plugin's log goes to stderr. */
  g_log_set_writer_func (write_log_to_stderr, NULL, NULL);
  /* What a hung plugin started ends with the discovery that asked. */
  vmsock_platform_end_tree_with_caller ();
  setlocale (LC_ALL, "");
  _vmsock_bind_text_domain ();
  if (argc < (print ? 3 : 2))
    {
      fprintf (stderr, _("Usage: %s [--print] PLUGIN-METADATA [PROPERTY=GVARIANT…]\n"), argv[0]);
      return 2;
    }

  info = vmsock_plugin_info_new_for_file (metadata, &error);
  if (info == NULL ||
      !vmsock_platform_check_plugin_path (metadata, &error) ||
      !vmsock_platform_check_plugin_path (vmsock_plugin_info_get_module (info), &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  if (print)
    {
      provider = load_provider (info, metadata, argv + 3);
      return provider != NULL ? print_listing (provider) : 1;
    }

  /* Connected before any plugin code runs. */
  connection = accept_library (&error);
  if (connection == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  provider = load_provider (info, metadata, argv + 2);
  if (provider == NULL)
    return 1;
  return serve (provider, connection);
}
