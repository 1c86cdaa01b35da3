/* vmsock-plugin-host.c: asking a plugin's provider in a process of its own
 *
 * The discovery loads plugins to learn their providers' names and
 * properties, but runs each query in the plugin host program, which loads
 * that one plugin, asks its provider and prints the answer as JSON.  A
 * plugin that crashes kills only the host, and one that hangs is killed
 * when its time is up.
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
#include "vmsock-vm-json-private.h"

/* The first of Windows' NTSTATUS error codes, which it gives as the exit
 * status of a process that an exception ended (0xC0000005 for an access
 * violation). */
#define FIRST_NTSTATUS_ERROR 0xC0000000u

typedef struct
{
  GSubprocess *host;
  GCancellable *cancellable;
  gulong cancelled_handler;
} HostCall;

static void
host_call_free (HostCall *call)
{
  if (call->cancelled_handler != 0)
    g_cancellable_disconnect (call->cancellable, call->cancelled_handler);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->host);
  g_free (call);
}

static const char *
host_program (void)
{
  const char *program = vmsock_platform_is_setuid () ? NULL : g_getenv (VMSOCK_PLUGIN_HOST_VARIABLE);

  return program != NULL && *program != '\0' ? program
                                              : vmsock_platform_get_installed_path (VMSOCK_PLATFORM_PLUGIN_HOST);
}

/* The GVariant type that carries a property of @type, or NULL for a type
 * that cannot cross to the host. */
static const GVariantType *
variant_type_for (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN: return G_VARIANT_TYPE_BOOLEAN;
    case G_TYPE_INT: return G_VARIANT_TYPE_INT32;
    case G_TYPE_UINT: return G_VARIANT_TYPE_UINT32;
    case G_TYPE_INT64: return G_VARIANT_TYPE_INT64;
    case G_TYPE_UINT64: return G_VARIANT_TYPE_UINT64;
    case G_TYPE_DOUBLE: return G_VARIANT_TYPE_DOUBLE;
    case G_TYPE_STRING: return G_VARIANT_TYPE_STRING;
    default: return type == G_TYPE_STRV ? G_VARIANT_TYPE_STRING_ARRAY : NULL;
    }
}

/* "NAME=VALUE" for each property of @provider that the caller changed, with
 * the value in GVariant text form. */
static void
add_property_arguments (VmsockVmProvider *provider,
                        GPtrArray        *argv)
{
  guint n_specs;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (provider), &n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      GParamSpec *spec = specs[i];
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GVariant) variant = NULL;
      g_autofree char *text = NULL;

      const GVariantType *type = variant_type_for (spec->value_type);

      if ((spec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE || type == NULL)
        continue;
      g_value_init (&value, spec->value_type);
      g_object_get_property (G_OBJECT (provider), spec->name, &value);
      if (g_param_value_defaults (spec, &value))
        continue;
      /* Never floating. */
      variant = g_dbus_gvalue_to_gvariant (&value, type);
      text = g_variant_print (variant, TRUE);
      g_ptr_array_add (argv, g_strdup_printf ("%s=%s", spec->name, text));
    }
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  vmsock_platform_kill_process_tree (G_SUBPROCESS (data));
}

static void
on_host_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  VmsockVmProvider *provider = g_task_get_source_object (task);
  const char *name = vmsock_vm_provider_get_name (provider);
  GSubprocess *host = G_SUBPROCESS (source);
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  GError *provider_error = NULL;
  JsonObject *root;
  VmsockVmListing *listing;

  if (!g_subprocess_communicate_utf8_finish (host, result, &output, &errors, &error) ||
      g_task_return_error_if_cancelled (task))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_subprocess_get_if_signaled (host))
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                               _("The %s provider crashed: %s"), name,
                               g_strsignal (g_subprocess_get_term_sig (host)));
      return;
    }
  /* Windows gives a crash as the exit status: the exception's code. */
  if ((guint) g_subprocess_get_exit_status (host) >= FIRST_NTSTATUS_ERROR)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                               _("The %s provider crashed with exception 0x%08X"),
                               name, (guint) g_subprocess_get_exit_status (host));
      return;
    }
  if (g_subprocess_get_exit_status (host) != 0)
    {
      if (*g_strstrip (errors) != '\0')
        g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                                 _("The %s provider failed: %s"), name, errors);
      else
        g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                                 _("The %s provider failed with exit status %d"), name,
                                 g_subprocess_get_exit_status (host));
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, output, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      vmsock_vm_json_invalid (&provider_error, error != NULL ? error->message : "not an object");
      g_task_return_error (task, provider_error);
      return;
    }

  /* {"error": {...}} when the provider failed as providers do. */
  root = json_node_get_object (json_parser_get_root (parser));
  provider_error = vmsock_error_from_json (json_object_get_member (root, "error"));
  if (provider_error != NULL)
    {
      g_task_return_error (task, provider_error);
      return;
    }

  listing = vmsock_vm_listing_from_json (root, &error);
  if (listing == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, listing, g_object_unref);
}

static void
on_answered_here (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  VmsockVmListing *listing = vmsock_vm_provider_list_vms_finish (VMSOCK_VM_PROVIDER (source),
                                                                 result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, listing, g_object_unref);
}

void
vmsock_plugin_host_list_vms_async (VmsockVmProvider    *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  const char *plugin_file = vmsock_plugins_get_file (G_OBJECT_TYPE (provider));
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  HostCall *call;

  g_task_set_source_tag (task, vmsock_plugin_host_list_vms_async);

  if (plugin_file == NULL)
    {
      vmsock_vm_provider_list_vms_async (provider, cancellable, on_answered_here,
                                         g_steal_pointer (&task));
      return;
    }

  argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (host_program ()));
  g_ptr_array_add (argv, g_strdup (plugin_file));
  g_ptr_array_add (argv, g_strdup (vmsock_vm_provider_get_name (provider)));
  add_property_arguments (provider, argv);
  g_ptr_array_add (argv, NULL);

  call = g_new0 (HostCall, 1);
  g_task_set_task_data (task, call, (GDestroyNotify) host_call_free);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* A hung plugin's own children die with the host, and the host with us. */
  call->host = vmsock_platform_spawn_isolated (launcher, (const char * const *) argv->pdata, &error);
  if (call->host == NULL)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                               _("Could not start the plugin host %s: %s"),
                               host_program (), error->message);
      return;
    }

  if (cancellable != NULL)
    {
      call->cancellable = g_object_ref (cancellable);
      call->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                       g_object_ref (call->host), g_object_unref);
    }
  g_subprocess_communicate_utf8_async (call->host, NULL, NULL, on_host_done, g_steal_pointer (&task));
}

VmsockVmListing *
vmsock_plugin_host_list_vms_finish (VmsockVmProvider  *provider,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The host's side. */

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

int
_vmsock_plugin_host_main (int    argc,
                          char **argv)
{
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  VmsockVmProvider *provider;

  /* What a hung plugin started ends with the discovery that asked. */
  vmsock_platform_end_tree_with_caller ();
  setlocale (LC_ALL, "");
  _vmsock_bind_text_domain ();
  if (argc < 3)
    {
      fprintf (stderr, _("Usage: %s PLUGIN PROVIDER [PROPERTY=GVARIANT…]\n"), argv[0]);
      return 2;
    }

  providers = vmsock_plugins_load_file (argv[1], &error);
  if (providers == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  provider = find_provider (providers, argv[2]);
  if (provider == NULL)
    {
      fprintf (stderr, _("%s has no provider called %s\n"), argv[1], argv[2]);
      return 1;
    }
  for (int i = 3; i < argc; i++)
    if (!set_property_argument (G_OBJECT (provider), argv[i], &error))
      {
        fprintf (stderr, "%s\n", error->message);
        return 1;
      }

  listing = vmsock_vm_provider_list_vms (provider, NULL, &error);
  if (listing != NULL)
    answer = vmsock_vm_listing_to_json (listing);
  else
    {
      /* {"error": {...}}: the provider failed as providers do. */
      answer = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (answer, json_object_new ());
      json_object_set_member (json_node_get_object (answer), "error", vmsock_error_to_json (error));
    }
  text = json_to_string (answer, FALSE);
  printf ("%s\n", text);
  return fflush (stdout) == 0 ? 0 : 1;
}
