/* vmsock-plugin-host.c: asking a plugin's provider in a process of its own
 *
 * The discovery loads plugins to learn their providers' names and
 * properties, but runs each query in the plugin host program, which loads
 * that one plugin, asks its provider and writes the answer on its standard
 * output as one serialized GVariant, in normal form and the machine's byte
 * order: a "v" holding either the listing or the provider's error, in the
 * types of vmsock-vm-variant-private.h.  The caller reads at most
 * ANSWER_LIMIT bytes of it, killing a host that writes more, and keeps the
 * first ERRORS_KEPT bytes of the host's standard error for its messages; an
 * answer that is empty, not in normal form or of another type is refused.
 * A plugin that crashes kills only the host, and one that hangs is killed
 * when its time is up.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-plugin-host-private.h"
#include "vmsock-plugin-loader-private.h"
#include "vmsock-text-domain-private.h"
#include "vmsock-vm-variant-private.h"

/* The largest answer the caller reads, in MiB and in bytes. */
#define ANSWER_LIMIT_MIB 8u
#define ANSWER_LIMIT (ANSWER_LIMIT_MIB * 1024 * 1024)
/* How much of the host's standard error a message shows. */
#define ERRORS_KEPT 4096
#define READ_SIZE 65536

/* The first of Windows' NTSTATUS error codes, which it gives as the exit
 * status of a process that an exception ended (0xC0000005 for an access
 * violation). */
#define FIRST_NTSTATUS_ERROR 0xC0000000u

typedef struct
{
  GSubprocess *host;
  GCancellable *cancellable;
  gulong cancelled_handler;
  GByteArray *answer;   /* standard output, at most ANSWER_LIMIT bytes */
  GString *errors;      /* the start of standard error */
  gboolean errors_cut;  /* whether standard error said more than that */
  guint pending;        /* the reads and the wait still under way */
  GError *error;        /* why the call failed while reading, if it did */
} HostCall;

static void
host_call_free (HostCall *call)
{
  if (call->cancelled_handler != 0)
    g_cancellable_disconnect (call->cancellable, call->cancelled_handler);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->host);
  g_clear_pointer (&call->answer, g_byte_array_unref);
  if (call->errors != NULL)
    g_string_free (call->errors, TRUE);
  g_clear_error (&call->error);
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

/* Records the first reason the call fails, and stops the host. */
static void
host_call_fail (HostCall *call,
                GError   *error)
{
  if (call->error == NULL)
    call->error = error;
  else
    g_error_free (error);
  vmsock_platform_kill_process_tree (call->host);
}

/* A type string for a message, cut short if long. */
static char *
describe_type (GVariant *variant)
{
  const char *type = g_variant_get_type_string (variant);

  return strlen (type) <= 64 ? g_strdup (type) : g_strdup_printf ("%.64s…", type);
}

/* The listing that the host answered for the provider @name, or NULL with
 * the provider's error or why the answer is wrong. */
static VmsockVmListing *
listing_from_answer (GBytes      *answer,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GVariant) wrapper = NULL;
  g_autoptr(GVariant) content = NULL;
  g_autofree char *type = NULL;
  GError *content_error = NULL;
  VmsockVmListing *listing;

  if (g_bytes_get_size (answer) == 0)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The plugin host for the %s provider exited without answering"), name);
      return NULL;
    }

  wrapper = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARIANT, answer, FALSE));
  if (!g_variant_is_normal_form (wrapper))
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The plugin host for the %s provider answered something that is not a "
                     "serialized GVariant in normal form"), name);
      return NULL;
    }

  content = g_variant_get_variant (wrapper);
  if (g_variant_is_of_type (content, VMSOCK_ERROR_VARIANT_TYPE))
    {
      /* The provider failed as providers do. */
      GError *provider_error = vmsock_error_new_from_variant (content, &content_error);

      if (provider_error == NULL)
        g_propagate_prefixed_error (error, content_error,
                                    _("The plugin host for the %s provider sent a malformed error: "),
                                    name);
      else
        g_propagate_error (error, provider_error);
      return NULL;
    }
  if (!g_variant_is_of_type (content, VMSOCK_VM_LISTING_VARIANT_TYPE))
    {
      type = describe_type (content);
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The plugin host for the %s provider answered a GVariant of type “%s”, "
                     "which is neither a listing nor an error"), name, type);
      return NULL;
    }

  listing = vmsock_vm_listing_new_from_variant (content, &content_error);
  if (listing == NULL)
    {
      g_propagate_prefixed_error (error, content_error,
                                  _("The plugin host for the %s provider sent a malformed listing: "),
                                  name);
      return NULL;
    }

  /* A plugin speaks for its own provider only. */
  for (guint i = 0; i < vmsock_vm_listing_get_vms (listing)->len; i++)
    {
      VmsockVm *vm = g_ptr_array_index (vmsock_vm_listing_get_vms (listing), i);

      if (!g_str_equal (vmsock_vm_get_provider (vm), name))
        {
          g_autofree char *claimed = vmsock_printable_text (vmsock_vm_get_provider (vm), -1);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("The plugin host for the %s provider answered VMs of another provider, %s"),
                       name, claimed);
          g_object_unref (listing);
          return NULL;
        }
    }
  return listing;
}

/* Once the host exited and both its outputs ended. */
static void
host_call_finish (GTask *task)
{
  HostCall *call = g_task_get_task_data (task);
  VmsockVmProvider *provider = g_task_get_source_object (task);
  const char *name = vmsock_vm_provider_get_name (provider);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *errors = NULL;
  GError *error = NULL;
  VmsockVmListing *listing;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (call->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&call->error));
      return;
    }

  if (g_subprocess_get_if_signaled (call->host))
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                               _("The %s provider crashed: %s"), name,
                               g_strsignal (g_subprocess_get_term_sig (call->host)));
      return;
    }
  /* Windows gives a crash as the exit status: the exception's code. */
  if ((guint) g_subprocess_get_exit_status (call->host) >= FIRST_NTSTATUS_ERROR)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                               _("The %s provider crashed with exception 0x%08X"),
                               name, (guint) g_subprocess_get_exit_status (call->host));
      return;
    }
  if (g_subprocess_get_exit_status (call->host) != 0)
    {
      errors = vmsock_printable_text (call->errors->str, call->errors->len);
      if (*errors != '\0')
        g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                                 _("The %s provider failed: %s%s"), name, errors,
                                 call->errors_cut ? "…" : "");
      else
        g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                                 _("The %s provider failed with exit status %d"), name,
                                 g_subprocess_get_exit_status (call->host));
      return;
    }

  answer = g_byte_array_free_to_bytes (g_steal_pointer (&call->answer));
  listing = listing_from_answer (answer, name, &error);
  if (listing == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, listing, g_object_unref);
}

static void
host_call_step_done (GTask *task)
{
  HostCall *call = g_task_get_task_data (task);

  if (--call->pending == 0)
    host_call_finish (task);
}

static void on_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data);

static void
read_more (GTask        *task,
           GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, READ_SIZE, G_PRIORITY_DEFAULT, NULL, on_read,
                                   g_object_ref (task));
}

/* Keeps what the host wrote on @stream; FALSE when that is too much. */
static gboolean
keep_output (GTask        *task,
             GInputStream *stream,
             GBytes       *bytes)
{
  HostCall *call = g_task_get_task_data (task);
  VmsockVmProvider *provider = g_task_get_source_object (task);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (stream == g_subprocess_get_stdout_pipe (call->host))
    {
      if (size > ANSWER_LIMIT - call->answer->len)
        {
          host_call_fail (call, g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                                             _("The plugin host for the %s provider answered more "
                                               "than the limit of %u MiB"),
                                             vmsock_vm_provider_get_name (provider), ANSWER_LIMIT_MIB));
          return FALSE;
        }
      g_byte_array_append (call->answer, data, size);
    }
  else
    {
      /* Only the start goes into a message; the rest is read and dropped. */
      gsize kept = MIN (size, ERRORS_KEPT - call->errors->len);

      g_string_append_len (call->errors, (const char *) data, kept);
      call->errors_cut = call->errors_cut || kept < size;
    }
  return TRUE;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  HostCall *call = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (stream, result, &error);

  if (bytes == NULL)
    host_call_fail (call, g_steal_pointer (&error));
  else if (g_bytes_get_size (bytes) > 0 && keep_output (task, stream, bytes))
    {
      read_more (task, stream);
      return;
    }
  host_call_step_done (task);
}

static void
on_host_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;

  /* Without a cancellable, waiting cannot fail. */
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  host_call_step_done (task);
}

void
vmsock_plugin_host_list_vms_async (VmsockVmProvider    *provider,
                                   VmsockPluginInfo    *info,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  HostCall *call;

  g_task_set_source_tag (task, vmsock_plugin_host_list_vms_async);

  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (host_program ()));
  g_ptr_array_add (argv, g_strdup (vmsock_plugin_info_get_file (info)));
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

  call->answer = g_byte_array_new ();
  call->errors = g_string_new (NULL);
  call->pending = 3;
  read_more (task, g_subprocess_get_stdout_pipe (call->host));
  read_more (task, g_subprocess_get_stderr_pipe (call->host));
  g_subprocess_wait_async (call->host, NULL, on_host_exited, g_object_ref (task));
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

/* Writes @answer on standard output, as the caller reads it. */
static gboolean
write_answer (GVariant *content)
{
  g_autoptr(GVariant) answer = g_variant_ref_sink (g_variant_new_variant (content));
  g_autoptr(GVariant) normal = g_variant_get_normal_form (answer);
  gsize size = g_variant_get_size (normal);

  return fwrite (g_variant_get_data (normal), 1, size, stdout) == size && fflush (stdout) == 0;
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
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  VmsockVmProvider *provider;

  /* Standard output carries the answer: a plugin's log goes to stderr. */
  g_log_set_writer_func (write_log_to_stderr, NULL, NULL);
  /* What a hung plugin started ends with the discovery that asked. */
  vmsock_platform_end_tree_with_caller ();
  setlocale (LC_ALL, "");
  _vmsock_bind_text_domain ();
  vmsock_platform_set_stdout_binary ();
  if (argc < 2)
    {
      fprintf (stderr, _("Usage: %s PLUGIN-METADATA [PROPERTY=GVARIANT…]\n"), argv[0]);
      return 2;
    }

  info = vmsock_plugin_info_new_for_file (argv[1], &error);
  if (info == NULL ||
      !vmsock_platform_check_plugin_path (argv[1], &error) ||
      !vmsock_platform_check_plugin_path (vmsock_plugin_info_get_module (info), &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  providers = vmsock_plugins_load_module (vmsock_plugin_info_get_module (info), &error);
  if (providers == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  /* The host answers as the provider the metadata names, and as no other. */
  provider = find_provider (providers, vmsock_plugin_info_get_provider (info));
  if (provider == NULL)
    {
      fprintf (stderr, _("%s has no provider called %s, which its metadata %s names\n"),
               vmsock_plugin_info_get_module (info), vmsock_plugin_info_get_provider (info), argv[1]);
      return 1;
    }
  for (int i = 2; i < argc; i++)
    if (!set_property_argument (G_OBJECT (provider), argv[i], &error))
      {
        fprintf (stderr, "%s\n", error->message);
        return 1;
      }

  /* The listing, or the error of a provider that failed as providers do. */
  listing = vmsock_vm_provider_list_vms (provider, NULL, &error);
  if (!write_answer (listing != NULL ? vmsock_vm_listing_to_variant (listing)
                                     : vmsock_error_to_variant (error)))
    return 1;
  return 0;
}
