/* vmsock-plugin-host.c: a plugin host, as its caller sees it
 *
 * The discovery knows plugins from their metadata alone, and runs each
 * plugin in the plugin host program, which serves the plugin's provider
 * over a private D-Bus connection on its standard input and output
 * (org.libvmsock.PluginHost1.xml).  The host is not trusted: whatever it
 * sends passes a VmsockPeerInputStream first, which refuses a message
 * above ANSWER_LIMIT or of a kind GDBus would unpack at great cost; its
 * listing is refused when it is not in normal form, of another type, holds
 * too much or speaks for another provider; its standard error is read to
 * the end and its start, ERRORS_KEPT bytes, kept for messages.  A host that
 * crashes, fails, hangs up or is cancelled is killed with everything it
 * started, and is done once it exited, its standard error ended and its
 * connection closed: "ended".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-peer-input-stream-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-plugin-host-private.h"
#include "vmsock-vm-variant-private.h"

/* The largest message the caller reads, in MiB and in bytes. */
#define ANSWER_LIMIT_MIB 8u
#define ANSWER_LIMIT (ANSWER_LIMIT_MIB * 1024 * 1024)
/* How long a host that hung up may take to exit before it is killed. */
#define HANG_UP_GRACE_MS 1000
/* How much of the host's standard error a message shows. */
#define ERRORS_KEPT 4096
#define READ_SIZE 65536

/* The first of Windows' NTSTATUS error codes, which it gives as the exit
 * status of a process that an exception ended (0xC0000005 for an access
 * violation). */
#define FIRST_NTSTATUS_ERROR 0xC0000000u

/* The bodies the host's messages may have: none (Watch's answer, the
 * VmsChanged signal), an error's message, a listing's bytes. */
static const char * const host_signatures[] = { "", "s", "ay", NULL };

struct _VmsockPluginHost
{
  GObject parent_instance;

  char *name;                   /* the provider's */
  GSubprocess *process;
  GInputStream *bus_input;      /* a VmsockPeerInputStream */
  GDBusConnection *connection;
  guint changes_subscription;
  gint *change_queued;          /* a VmsChanged waits to be reported */
  GCancellable *cancellable;    /* for reading standard error */
  GString *errors;              /* the start of standard error */
  gboolean errors_cut;          /* whether standard error said more */
  GSource *grace;               /* until a host that hung up is killed */
  gboolean killed;
  gboolean exited;
  gboolean errors_ended;
  gboolean closed;
  gboolean ended;
  guint listing;                /* listings under way */
  GPtrArray *waiting;           /* GTasks to go on with once ended */
};

enum
{
  VMS_CHANGED,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VmsockPluginHost, vmsock_plugin_host, G_TYPE_OBJECT)

static void
vmsock_plugin_host_finalize (GObject *object)
{
  VmsockPluginHost *self = VMSOCK_PLUGIN_HOST (object);

  if (self->connection != NULL && self->changes_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->connection, self->changes_subscription);
  g_clear_object (&self->connection);
  g_clear_object (&self->bus_input);
  g_clear_pointer (&self->change_queued, g_atomic_rc_box_release);
  if (self->process != NULL)
    vmsock_platform_kill_process_tree (self->process);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_string_free (self->errors, TRUE);
  g_ptr_array_unref (self->waiting);
  g_free (self->name);

  G_OBJECT_CLASS (vmsock_plugin_host_parent_class)->finalize (object);
}

static void
vmsock_plugin_host_class_init (VmsockPluginHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vmsock_plugin_host_finalize;

  /* The host said that the provider's VMs may have changed. */
  signals[VMS_CHANGED] = g_signal_new ("vms-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The host is gone: it exited, its standard error ended and its
   * connection closed. */
  signals[ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vmsock_plugin_host_init (VmsockPluginHost *self)
{
  self->errors = g_string_new (NULL);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->change_queued = g_atomic_rc_box_new0 (gint);
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

void
vmsock_plugin_host_stop (VmsockPluginHost *host)
{
  g_return_if_fail (VMSOCK_IS_PLUGIN_HOST (host));

  if (host->exited)
    return;
  host->killed = TRUE;
  vmsock_platform_kill_process_tree (host->process);
}

gboolean
vmsock_plugin_host_is_listing (VmsockPluginHost *host)
{
  g_return_val_if_fail (VMSOCK_IS_PLUGIN_HOST (host), FALSE);

  return host->listing > 0;
}

/* Once the host exited, its standard error ended and its connection
 * closed. */
static void
check_ended (VmsockPluginHost *host)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (host->ended || !host->exited || !host->errors_ended || !host->closed)
    return;
  host->ended = TRUE;
  /* Listings still under way when "ended" is emitted report why. */
  g_object_ref (host);
  g_signal_emit (host, signals[ENDED], 0);
  waiting = g_steal_pointer (&host->waiting);
  host->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);
      GSourceFunc go_on = g_task_get_task_data (task);

      go_on (task);
    }
  g_object_unref (host);
}

/* Calls @go_on with @task once @host ended. */
static void
when_ended (VmsockPluginHost *host,
            GTask            *task,
            GSourceFunc       go_on)
{
  g_task_set_task_data (task, go_on, NULL);
  if (host->ended)
    go_on (task);
  else
    g_ptr_array_add (host->waiting, g_object_ref (task));
}

/* Why the host ended without answering. */
static GError *
end_error (VmsockPluginHost *host)
{
  g_autoptr(GError) refusal = vmsock_peer_input_stream_dup_refusal (VMSOCK_PEER_INPUT_STREAM (host->bus_input));
  g_autofree char *errors = NULL;
  int status;

  if (refusal != NULL && g_error_matches (refusal, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                        _("The plugin host for the %s provider answered more than the limit of %u MiB"),
                        host->name, ANSWER_LIMIT_MIB);
  if (refusal != NULL)
    return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                        _("The plugin host for the %s provider broke the protocol: %s"),
                        host->name, refusal->message);

  if (g_subprocess_get_if_signaled (host->process))
    {
      if (host->killed)
        return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                            _("The plugin host for the %s provider hung up without answering"),
                            host->name);
      return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_FAILED, _("The %s provider crashed: %s"), host->name,
                          g_strsignal (g_subprocess_get_term_sig (host->process)));
    }
  status = g_subprocess_get_exit_status (host->process);
  /* Windows gives a crash as the exit status: the exception's code. */
  if ((guint) status >= FIRST_NTSTATUS_ERROR)
    return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                        _("The %s provider crashed with exception 0x%08X"), host->name, (guint) status);
  if (status != 0)
    {
      errors = vmsock_printable_text (host->errors->str, host->errors->len);
      if (*errors != '\0')
        return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_FAILED, _("The %s provider failed: %s%s"),
                            host->name, errors, host->errors_cut ? "…" : "");
      return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                          _("The %s provider failed with exit status %d"), host->name, status);
    }
  return g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                      _("The plugin host for the %s provider exited without answering"), host->name);
}

static void on_errors_read (GObject      *source,
                            GAsyncResult *result,
                            gpointer      data);

static void
read_errors (VmsockPluginHost *host)
{
  g_input_stream_read_bytes_async (g_subprocess_get_stderr_pipe (host->process), READ_SIZE,
                                   G_PRIORITY_DEFAULT, host->cancellable, on_errors_read,
                                   g_object_ref (host));
}

static void
on_errors_read (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(VmsockPluginHost) host = data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  gsize size, kept;
  const char *text;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      host->errors_ended = TRUE;
      check_ended (host);
      return;
    }
  /* Only the start goes into a message; the rest is read and dropped. */
  text = g_bytes_get_data (bytes, &size);
  kept = MIN (size, ERRORS_KEPT - host->errors->len);
  g_string_append_len (host->errors, text, kept);
  host->errors_cut = host->errors_cut || kept < size;
  read_errors (host);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(VmsockPluginHost) host = data;

  /* Without a cancellable, waiting cannot fail. */
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  host->exited = TRUE;
  if (host->grace != NULL)
    g_source_destroy (host->grace);
  g_clear_pointer (&host->grace, g_source_unref);
  check_ended (host);
}

static gboolean
stop_after_grace (gpointer data)
{
  vmsock_plugin_host_stop (data);
  return G_SOURCE_REMOVE;
}

static void
on_closed (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         data)
{
  VmsockPluginHost *host = data;
  g_autoptr(GError) refusal = vmsock_peer_input_stream_dup_refusal (VMSOCK_PEER_INPUT_STREAM (host->bus_input));
  g_autoptr(GSource) grace = NULL;

  /* A host that hung up has nothing more to say: it exits, as one that
   * crashed has already, seeing its input end, or it is killed.  One that
   * broke the protocol is killed at once. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (host->process), NULL, NULL);
  if (refusal != NULL)
    vmsock_plugin_host_stop (host);
  else if (!host->exited)
    {
      grace = g_timeout_source_new (HANG_UP_GRACE_MS);
      g_source_set_callback (grace, stop_after_grace, g_object_ref (host), g_object_unref);
      g_source_attach (grace, g_main_context_get_thread_default ());
      host->grace = g_source_ref (grace);
    }
  host->closed = TRUE;
  check_ended (host);
  g_signal_handlers_disconnect_by_func (connection, on_closed, host);
  g_object_unref (host);
}

static void
on_vms_changed (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface_name,
                const char      *signal,
                GVariant        *parameters,
                gpointer         data)
{
  VmsockPluginHost *host = data;

  g_atomic_int_set (host->change_queued, FALSE);
  g_signal_emit (host, signals[VMS_CHANGED], 0);
}

/* In GDBus's thread, for each message from the host: a VmsChanged while
 * another waits to be reported says nothing more, so a host that floods
 * them costs one at a time. */
static GDBusMessage *
coalesce_changes (GDBusConnection *connection,
                  GDBusMessage    *message,
                  gboolean         incoming,
                  gpointer         data)
{
  gint *change_queued = data;

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_SIGNAL &&
      g_strcmp0 (g_dbus_message_get_member (message), "VmsChanged") == 0 &&
      !g_atomic_int_compare_and_exchange (change_queued, FALSE, TRUE))
    {
      g_object_unref (message);
      return NULL;
    }
  return message;
}

/* Starts the host process and its watchers, and the stream to connect on. */
static GIOStream *
spawn_host (VmsockPluginHost  *host,
            VmsockVmProvider  *provider,
            VmsockPluginInfo  *info,
            GError           **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) local_error = NULL;

  host->name = g_strdup (vmsock_vm_provider_get_name (provider));
  g_ptr_array_add (argv, g_strdup (host_program ()));
  g_ptr_array_add (argv, g_strdup (vmsock_plugin_info_get_file (info)));
  add_property_arguments (provider, argv);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* A hung plugin's own children die with the host, and the host with us. */
  host->process = vmsock_platform_spawn_isolated (launcher, (const char * const *) argv->pdata, &local_error);
  if (host->process == NULL)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED, _("Could not start the plugin host %s: %s"),
                   host_program (), local_error->message);
      return NULL;
    }
  read_errors (host);
  g_subprocess_wait_async (host->process, NULL, on_exited, g_object_ref (host));

  /* The host's errors are named in this domain: known before they come. */
  (void) VMSOCK_ERROR;
  host->bus_input = vmsock_peer_input_stream_new (g_subprocess_get_stdout_pipe (host->process),
                                                  ANSWER_LIMIT, host_signatures);
  return g_simple_io_stream_new (host->bus_input, g_subprocess_get_stdin_pipe (host->process));
}

/* The host's connection, once authenticated: its signals, then its
 * messages. */
static void
use_connection (VmsockPluginHost *host,
                GDBusConnection  *connection)
{
  host->connection = connection;
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), g_object_ref (host));
  /* The filter's flag lives as long as the connection, past which no
   * filter runs.  (A destroy notify given to the filter would be called from
   * an idle source of this context, which a synchronous caller may never
   * run again.) */
  g_object_set_data_full (G_OBJECT (connection), "vmsock-change-queued",
                          g_atomic_rc_box_acquire (host->change_queued),
                          (GDestroyNotify) g_atomic_rc_box_release);
  g_dbus_connection_add_filter (connection, coalesce_changes, host->change_queued, NULL);
  host->changes_subscription =
    g_dbus_connection_signal_subscribe (connection, NULL, VMSOCK_PLUGIN_HOST_INTERFACE, "VmsChanged",
                                        VMSOCK_PLUGIN_HOST_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_vms_changed, host, NULL);
  g_dbus_connection_start_message_processing (connection);
}

/* The host could not be connected to: once it ended, why. */
static gboolean
fail_start (gpointer data)
{
  GTask *task = data;
  VmsockPluginHost *host = g_task_get_source_object (task);

  g_task_return_error (task, end_error (host));
  return G_SOURCE_REMOVE;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  VmsockPluginHost *host = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_finish (result, &error);

  if (connection == NULL)
    {
      vmsock_plugin_host_stop (host);
      host->closed = TRUE;
      if (g_task_return_error_if_cancelled (task))
        return;
      when_ended (host, task, fail_start);
      check_ended (host);
      return;
    }
  use_connection (host, connection);
  g_task_return_pointer (task, g_object_ref (host), g_object_unref);
}

/* Kills the host when @task's cancellable is cancelled, until @task is
 * done. */
typedef struct
{
  GCancellable *cancellable;
  gulong handler;
} KillOnCancel;

static void
kill_on_cancel_free (KillOnCancel *link)
{
  g_cancellable_disconnect (link->cancellable, link->handler);
  g_object_unref (link->cancellable);
  g_free (link);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  vmsock_platform_kill_process_tree (data);
}

static void
kill_on_cancel (GTask            *task,
                VmsockPluginHost *host)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  KillOnCancel *link;

  if (cancellable == NULL)
    return;
  link = g_new0 (KillOnCancel, 1);
  link->cancellable = g_object_ref (cancellable);
  link->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                         g_object_ref (host->process), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "vmsock-kill-on-cancel", link, (GDestroyNotify) kill_on_cancel_free);
}

void
vmsock_plugin_host_new_async (VmsockVmProvider    *provider,
                              VmsockPluginInfo    *info,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(VmsockPluginHost) host = g_object_new (VMSOCK_TYPE_PLUGIN_HOST, NULL);
  g_autoptr(GTask) task = g_task_new (host, cancellable, callback, user_data);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, vmsock_plugin_host_new_async);
  stream = spawn_host (host, provider, info, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  kill_on_cancel (task, host);
  g_dbus_connection_new (stream, NULL,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                         G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                         NULL, cancellable, on_connected, g_steal_pointer (&task));
}

VmsockPluginHost *
vmsock_plugin_host_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vmsock_plugin_host_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

VmsockPluginHost *
vmsock_plugin_host_new (VmsockVmProvider  *provider,
                        VmsockPluginInfo  *info,
                        GError           **error)
{
  g_autoptr(VmsockPluginHost) host = g_object_new (VMSOCK_TYPE_PLUGIN_HOST, NULL);
  g_autoptr(GIOStream) stream = spawn_host (host, provider, info, error);
  g_autoptr(GError) local_error = NULL;
  GDBusConnection *connection;

  if (stream == NULL)
    return NULL;
  connection = g_dbus_connection_new_sync (stream, NULL,
                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                           G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                                           NULL, NULL, &local_error);
  if (connection == NULL)
    {
      vmsock_plugin_host_stop (host);
      host->closed = TRUE;
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                   _("The plugin host for the %s provider could not be reached: %s"),
                   host->name, local_error->message);
      return NULL;
    }
  use_connection (host, connection);
  return g_steal_pointer (&host);
}

/* A type string for a message, cut short if long. */
static char *
describe_type (GVariant *variant)
{
  const char *type = g_variant_get_type_string (variant);

  return strlen (type) <= 64 ? g_strdup (type) : g_strdup_printf ("%.64s…", type);
}

/* The listing in the host's answer @reply, or NULL with why it is wrong. */
static VmsockVmListing *
listing_from_reply (VmsockPluginHost  *host,
                    GVariant          *reply,
                    GError           **error)
{
  g_autoptr(GVariant) bytes = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GVariant) content = NULL;
  g_autofree char *type = NULL;
  GError *content_error = NULL;
  VmsockVmListing *listing;

  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(ay)")))
    {
      type = describe_type (reply);
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The plugin host for the %s provider answered a GVariant of type “%s”, "
                     "which is not a listing"), host->name, type);
      return NULL;
    }
  bytes = g_variant_get_child_value (reply, 0);
  data = g_variant_get_data_as_bytes (bytes);
  content = g_variant_ref_sink (g_variant_new_from_bytes (VMSOCK_VM_LISTING_VARIANT_TYPE, data, FALSE));
  if (!g_variant_is_normal_form (content))
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The plugin host for the %s provider answered something that is not a "
                     "listing in normal form"), host->name);
      return NULL;
    }

  listing = vmsock_vm_listing_new_from_variant (content, &content_error);
  if (listing == NULL)
    {
      g_propagate_prefixed_error (error, content_error,
                                  _("The plugin host for the %s provider sent a malformed listing: "),
                                  host->name);
      return NULL;
    }

  /* A plugin speaks for its own provider only. */
  for (guint i = 0; i < vmsock_vm_listing_get_vms (listing)->len; i++)
    {
      VmsockVm *vm = g_ptr_array_index (vmsock_vm_listing_get_vms (listing), i);

      if (!g_str_equal (vmsock_vm_get_provider (vm), host->name))
        {
          g_autofree char *claimed = vmsock_printable_text (vmsock_vm_get_provider (vm), -1);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("The plugin host for the %s provider answered VMs of another provider, %s"),
                       host->name, claimed);
          g_object_unref (listing);
          return NULL;
        }
    }
  return listing;
}

/* The provider's own error, as the host sent it: its domain and code as
 * they were, its message without GDBus's remote-error prefix and printable,
 * as another process's text. */
static GError *
provider_error (VmsockPluginHost *host,
                GError           *error)
{
  g_dbus_error_strip_remote_error (error);
  if (strlen (error->message) <= VMSOCK_VM_VARIANT_MAX_MESSAGE)
    {
      char *printable = vmsock_printable_quote (error->message, -1);

      g_free (error->message);
      error->message = printable;
    }
  else
    {
      GError *refused = g_error_new (VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                                     _("The plugin host for the %s provider sent an error whose message "
                                       "is longer than %u bytes"),
                                     host->name, VMSOCK_VM_VARIANT_MAX_MESSAGE);

      g_error_free (error);
      return refused;
    }
  return error;
}

static void
listing_done (GTask *task)
{
  VmsockPluginHost *host = g_task_get_source_object (task);

  host->listing--;
}

/* The host ended instead of answering: why. */
static gboolean
fail_listing (gpointer data)
{
  GTask *task = data;
  VmsockPluginHost *host = g_task_get_source_object (task);

  listing_done (task);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_error (task, end_error (host));
  return G_SOURCE_REMOVE;
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  VmsockPluginHost *host = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;
  VmsockVmListing *listing;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL && g_dbus_error_is_remote_error (error))
    {
      listing_done (task);
      g_task_return_error (task, provider_error (host, error));
      return;
    }
  if (reply == NULL)
    {
      /* Cancelled (and killed), or the connection closed: the host ends. */
      g_error_free (error);
      when_ended (host, task, fail_listing);
      return;
    }

  listing_done (task);
  listing = listing_from_reply (host, reply, &error);
  if (listing == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, listing, g_object_unref);
}

void
vmsock_plugin_host_list_vms_async (VmsockPluginHost    *host,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (host, cancellable, callback, user_data);

  g_return_if_fail (VMSOCK_IS_PLUGIN_HOST (host));

  g_task_set_source_tag (task, vmsock_plugin_host_list_vms_async);
  host->listing++;
  kill_on_cancel (task, host);
  g_dbus_connection_call (host->connection, NULL, VMSOCK_PLUGIN_HOST_OBJECT_PATH,
                          VMSOCK_PLUGIN_HOST_INTERFACE, "ListVms", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, G_MAXINT, cancellable, on_listed,
                          g_steal_pointer (&task));
}

VmsockVmListing *
vmsock_plugin_host_list_vms_finish (VmsockPluginHost  *host,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, host), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vmsock_plugin_host_watch (VmsockPluginHost  *host,
                          GError           **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VMSOCK_IS_PLUGIN_HOST (host), FALSE);

  reply = g_dbus_connection_call_sync (host->connection, NULL, VMSOCK_PLUGIN_HOST_OBJECT_PATH,
                                       VMSOCK_PLUGIN_HOST_INTERFACE, "Watch", NULL, G_VARIANT_TYPE_UNIT,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       VMSOCK_PLUGIN_HOST_WATCH_TIME_LIMIT_MS, NULL, &local_error);
  if (reply != NULL)
    return TRUE;
  if (g_dbus_error_is_remote_error (local_error))
    {
      g_propagate_error (error, provider_error (host, g_steal_pointer (&local_error)));
      return FALSE;
    }

  vmsock_plugin_host_stop (host);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT,
                 _("The %s provider did not start watching within %u ms"), host->name,
                 VMSOCK_PLUGIN_HOST_WATCH_TIME_LIMIT_MS);
  else
    g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                 _("The plugin host for the %s provider ended while starting to watch: %s"),
                 host->name, local_error->message);
  return FALSE;
}

void
vmsock_plugin_host_unwatch (VmsockPluginHost *host)
{
  g_return_if_fail (VMSOCK_IS_PLUGIN_HOST (host));

  /* No answer is awaited: the host does what it can. */
  g_dbus_connection_call (host->connection, NULL, VMSOCK_PLUGIN_HOST_OBJECT_PATH,
                          VMSOCK_PLUGIN_HOST_INTERFACE, "Unwatch", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
}

static gboolean
return_ended (gpointer data)
{
  g_task_return_boolean (data, TRUE);
  return G_SOURCE_REMOVE;
}

void
vmsock_plugin_host_end_async (VmsockPluginHost    *host,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (host, NULL, callback, user_data);

  g_return_if_fail (VMSOCK_IS_PLUGIN_HOST (host));

  g_task_set_source_tag (task, vmsock_plugin_host_end_async);
  vmsock_plugin_host_stop (host);
  when_ended (host, task, return_ended);
}

void
vmsock_plugin_host_end_finish (VmsockPluginHost *host,
                               GAsyncResult     *result)
{
  g_return_if_fail (g_task_is_valid (result, host));

  g_task_propagate_boolean (G_TASK (result), NULL);
}
