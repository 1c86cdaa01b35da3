/* vmsock-dialer.c: connecting with a deadline, cancellation and retries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-async-private.h"
#include "vmsock-dialer.h"
#include "vmsock-duration-private.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-socket.h"
#include "vmsock-socket-address.h"
#include "vmsock-socket-family.h"
#include "vmsock-socket-options.h"

/**
 * VmsockDialer:
 *
 * Connects to a VM socket address (or any #GSocketConnectable) the way
 * go-winio's Hyper-V socket dialer does: with an overall deadline, a
 * #GCancellable, and optional retries when the other side is not there yet
 * (refused, unreachable or timed out), waiting between tries.
 *
 * Unlike #GSocketClient, whose timeout counts whole seconds per I/O
 * operation, the timeout here covers the whole attempt, retries included, in
 * milliseconds; the kernel's own vsock connect timeout is raised to match it.
 * AF_VSOCK reports a port nobody listens on as a reset connection; the dialer
 * reports it as %G_IO_ERROR_CONNECTION_REFUSED.
 *
 * |[<!-- language="C" -->
 * g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
 * g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (3, 5000);
 *
 * vmsock_dialer_set_timeout (dialer, 10000);
 * vmsock_dialer_set_retries (dialer, 20);
 * connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (address),
 *                                     cancellable, &error);
 * ]|
 *
 * Since: 0.1
 */

#define DEFAULT_RETRY_WAIT_MS 100

struct _VmsockDialer
{
  GObject parent_instance;

  guint timeout_ms;
  guint retries;
  guint retry_wait_ms;
  GSocketType socket_type;
};

enum
{
  PROP_0,
  PROP_TIMEOUT,
  PROP_RETRIES,
  PROP_RETRY_WAIT,
  PROP_SOCKET_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsockDialer, vmsock_dialer, G_TYPE_OBJECT)

typedef struct
{
  GSocketConnectable *connectable;
  /* For messages only: made when the first one needs it. */
  char *description;
  /* Cancelled by the caller's cancellable or by the deadline; NULL when
   * there is neither. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong caller_handler;
  GSource *deadline_source;
  /* The socket becoming writable, or the wait before the next try. */
  GSource *wait_source;
  GSocket *socket;
  guint attempts_left;
  guint retry_wait_ms;
  guint timeout_ms;
  GSocketType socket_type;
  gint64 deadline;
  gboolean timed_out;
} Dial;

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
dial_free (Dial *dial)
{
  destroy_source (&dial->deadline_source);
  destroy_source (&dial->wait_source);
  if (dial->caller_handler != 0)
    g_cancellable_disconnect (dial->caller_cancellable, dial->caller_handler);
  g_clear_object (&dial->caller_cancellable);
  g_clear_object (&dial->cancellable);
  g_clear_object (&dial->socket);
  g_clear_object (&dial->connectable);
  g_free (dial->description);
  g_free (dial);
}

static void start_attempt (GTask *task);

/* @connectable as messages name it: printable whatever it holds, and an IPv6
 * address in brackets before its port, which GNetworkAddress leaves out. */
static char *
describe (GSocketConnectable *connectable)
{
  g_autofree char *text = NULL;

  if (G_IS_NETWORK_ADDRESS (connectable))
    {
      GNetworkAddress *address = G_NETWORK_ADDRESS (connectable);
      const char *host = g_network_address_get_hostname (address);
      guint16 port = g_network_address_get_port (address);

      if (strchr (host, ':') != NULL && port != 0)
        text = g_strdup_printf ("[%s]:%u", host, port);
    }
  if (text == NULL)
    text = g_socket_connectable_to_string (connectable);
  return vmsock_printable_quote (text, -1);
}

static const char *
dial_description (Dial *dial)
{
  if (dial->description == NULL)
    dial->description = describe (dial->connectable);
  return dial->description;
}

static gboolean
is_retryable (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static gboolean
on_retry_wait_over (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Dial *dial = g_task_get_task_data (task);

  g_clear_pointer (&dial->wait_source, g_source_unref);
  start_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Ends the attempt that failed with @error: tries again, or returns. */
static void
attempt_failed (GTask  *task,
                GError *error)
{
  Dial *dial = g_task_get_task_data (task);
  gboolean vsock = dial->socket != NULL &&
                   vmsock_socket_get_family (dial->socket) == VMSOCK_SOCKET_FAMILY_VSOCK;

  g_clear_object (&dial->socket);

  if (g_cancellable_is_cancelled (dial->cancellable))
    {
      g_error_free (error);
      if (dial->timed_out)
        {
          g_autofree char *duration = _vmsock_duration_to_string (dial->timeout_ms);

          /* TRANSLATORS: the second %s is a time limit, such as “10 seconds”. */
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   _("Could not connect to %s within %s"),
                                   dial_description (dial), duration);
        }
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("Connecting to %s was cancelled"), dial_description (dial));
      g_object_unref (task);
      return;
    }

  /* The vsock transports answer a connection request to a port nobody
   * listens on with a reset, which reads as ECONNRESET.  What the address
   * was comes in front below. */
  if (vsock && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    {
      g_error_free (error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                   _("connection refused, nothing listens there"));
    }

  if (is_retryable (error) && dial->attempts_left > 0)
    {
      g_debug ("Connecting to %s failed, trying again in %u ms: %s",
               dial_description (dial), dial->retry_wait_ms, error->message);
      g_error_free (error);
      dial->attempts_left--;
      /* A cancellable source also fires at its ready time. */
      dial->wait_source = g_cancellable_source_new (dial->cancellable);
      g_source_set_ready_time (dial->wait_source,
                               g_get_monotonic_time () + dial->retry_wait_ms * (gint64) 1000);
      g_source_set_callback (dial->wait_source, G_SOURCE_FUNC (on_retry_wait_over), task, NULL);
      g_source_attach (dial->wait_source, g_task_get_context (task));
      return;
    }

  g_prefix_error (&error, _("Could not connect to %s: "), dial_description (dial));
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
attempt_succeeded (GTask *task)
{
  Dial *dial = g_task_get_task_data (task);

  g_socket_set_blocking (dial->socket, TRUE);
  g_task_return_pointer (task, g_socket_connection_factory_create_connection (dial->socket),
                         g_object_unref);
  g_object_unref (task);
}

static gboolean
on_socket_writable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Dial *dial = g_task_get_task_data (task);
  GError *error = NULL;

  /* Gone before anything else runs, it cannot run again. */
  destroy_source (&dial->wait_source);

  if (g_cancellable_set_error_if_cancelled (dial->cancellable, &error) ||
      !g_socket_check_connect_result (socket, &error))
    attempt_failed (task, error);
  else
    attempt_succeeded (task);
  return G_SOURCE_REMOVE;
}

static void
connect_address (GTask          *task,
                 GSocketAddress *address)
{
  Dial *dial = g_task_get_task_data (task);
  GSocketFamily family = g_socket_address_get_family (address);
  GError *error = NULL;

  if (vmsock_socket_address_is_vm (address))
    dial->socket = vmsock_socket_new (family, dial->socket_type, &error);
  else
    dial->socket = g_socket_new (family, dial->socket_type, G_SOCKET_PROTOCOL_DEFAULT, &error);
  if (dial->socket == NULL)
    {
      g_prefix_error (&error, _("Could not connect to %s: "), dial_description (dial));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Let the kernel wait as long as the deadline allows, not its default. */
  if (dial->deadline != 0 && vmsock_socket_address_is_vm (address))
    {
      gint64 remaining_ms = MAX ((dial->deadline - g_get_monotonic_time ()) / 1000, 1);

      vmsock_socket_set_option (dial->socket, VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT,
                                remaining_ms, NULL);
    }

  g_socket_set_blocking (dial->socket, FALSE);
  if (g_socket_connect (dial->socket, address, NULL, &error))
    {
      attempt_succeeded (task);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      g_clear_error (&error);
      dial->wait_source = g_socket_create_source (dial->socket, G_IO_OUT, dial->cancellable);
      g_source_set_callback (dial->wait_source, G_SOURCE_FUNC (on_socket_writable), task, NULL);
      /* A source that may not recurse has its socket taken out of the
       * context and put back around its dispatch, waking the context up
       * each time; on_socket_writable() destroys it first instead. */
      g_source_set_can_recurse (dial->wait_source, TRUE);
      g_source_attach (dial->wait_source, g_task_get_context (task));
    }
  else
    {
      attempt_failed (task, error);
    }
}

static void
on_address (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Dial *dial = g_task_get_task_data (task);
  g_autoptr(GSocketAddress) address = NULL;
  GError *error = NULL;

  address = g_socket_address_enumerator_next_finish (G_SOCKET_ADDRESS_ENUMERATOR (source),
                                                     result, &error);
  if (address == NULL && error == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("%s has no address"), dial_description (dial));
  if (address == NULL)
    attempt_failed (task, error);
  else
    connect_address (task, address);
}

static void
start_attempt (GTask *task)
{
  Dial *dial = g_task_get_task_data (task);
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  GError *error = NULL;

  /* A VM socket address is its own only address: connect to it without an
   * enumerator and a turn of the main loop. */
  if (G_IS_SOCKET_ADDRESS (dial->connectable) &&
      vmsock_socket_address_is_vm (G_SOCKET_ADDRESS (dial->connectable)))
    {
      if (g_cancellable_set_error_if_cancelled (dial->cancellable, &error))
        attempt_failed (task, error);
      else
        connect_address (task, G_SOCKET_ADDRESS (dial->connectable));
      return;
    }

  /* Each try resolves again: a name may reach a machine that is just starting. */
  enumerator = g_socket_connectable_enumerate (dial->connectable);
  g_socket_address_enumerator_next_async (enumerator, dial->cancellable, on_address, task);
}

static gboolean
on_deadline (gpointer user_data)
{
  Dial *dial = user_data;

  g_clear_pointer (&dial->deadline_source, g_source_unref);
  dial->timed_out = TRUE;
  g_cancellable_cancel (dial->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * vmsock_dialer_connect_async:
 * @dialer: a #VmsockDialer
 * @connectable: where to connect: a VM socket address, or anything that
 *   enumerates addresses
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when connected or failed
 * @user_data: data for @callback
 *
 * Starts connecting; see [method@Vmsock.Dialer.connect].
 *
 * Since: 0.1
 */
void
vmsock_dialer_connect_async (VmsockDialer        *dialer,
                             GSocketConnectable  *connectable,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Dial *dial;

  g_return_if_fail (VMSOCK_IS_DIALER (dialer));
  g_return_if_fail (G_IS_SOCKET_CONNECTABLE (connectable));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (dialer, cancellable, callback, user_data);
  g_task_set_source_tag (task, vmsock_dialer_connect_async);

  dial = g_new0 (Dial, 1);
  dial->connectable = g_object_ref (connectable);
  if (dialer->timeout_ms > 0 || cancellable != NULL)
    dial->cancellable = g_cancellable_new ();
  dial->attempts_left = dialer->retries;
  dial->retry_wait_ms = dialer->retry_wait_ms;
  dial->timeout_ms = dialer->timeout_ms;
  dial->socket_type = dialer->socket_type;
  g_task_set_task_data (task, dial, (GDestroyNotify) dial_free);

  if (dialer->timeout_ms > 0)
    {
      dial->deadline = g_get_monotonic_time () + dialer->timeout_ms * (gint64) 1000;
      dial->deadline_source = g_timeout_source_new (dialer->timeout_ms);
      g_source_set_callback (dial->deadline_source, on_deadline, dial, NULL);
      g_source_attach (dial->deadline_source, g_task_get_context (task));
    }

  if (cancellable != NULL)
    {
      dial->caller_cancellable = g_object_ref (cancellable);
      dial->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    g_object_ref (dial->cancellable),
                                                    g_object_unref);
    }

  start_attempt (task);
}

/**
 * vmsock_dialer_connect_finish:
 * @dialer: a #VmsockDialer
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes a connection that [method@Vmsock.Dialer.connect_async] started.
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL on error
 *
 * Since: 0.1
 */
GSocketConnection *
vmsock_dialer_connect_finish (VmsockDialer  *dialer,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, dialer), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vmsock_dialer_connect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vmsock_dialer_connect:
 * @dialer: a #VmsockDialer
 * @connectable: where to connect: a VM socket address, or anything that
 *   enumerates addresses
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Connects to the first address of @connectable.  When that fails with a
 * refused, unreachable or timed-out connection and retries are left, waits
 * [property@Vmsock.Dialer:retry-wait] and tries again, resolving
 * @connectable anew.
 *
 * Errors: %G_IO_ERROR_TIMED_OUT when [property@Vmsock.Dialer:timeout] passes,
 * %G_IO_ERROR_CANCELLED when @cancellable is cancelled, or the error of the
 * last try.
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL on error
 *
 * Since: 0.1
 */
GSocketConnection *
vmsock_dialer_connect (VmsockDialer        *dialer,
                       GSocketConnectable  *connectable,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (VMSOCK_IS_DIALER (dialer), NULL);
  g_return_val_if_fail (G_IS_SOCKET_CONNECTABLE (connectable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_main_context_push_thread_default (context);
  vmsock_dialer_connect_async (dialer, connectable, cancellable, vmsock_async_result_store, &result);
  vmsock_async_result_wait (context, &result);
  g_main_context_pop_thread_default (context);

  return vmsock_dialer_connect_finish (dialer, result, error);
}

static void
vmsock_dialer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VmsockDialer *self = VMSOCK_DIALER (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_RETRIES:
      g_value_set_uint (value, self->retries);
      break;
    case PROP_RETRY_WAIT:
      g_value_set_uint (value, self->retry_wait_ms);
      break;
    case PROP_SOCKET_TYPE:
      g_value_set_enum (value, self->socket_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_dialer_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VmsockDialer *self = VMSOCK_DIALER (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      vmsock_dialer_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_RETRIES:
      vmsock_dialer_set_retries (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_WAIT:
      vmsock_dialer_set_retry_wait (self, g_value_get_uint (value));
      break;
    case PROP_SOCKET_TYPE:
      vmsock_dialer_set_socket_type (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_dialer_class_init (VmsockDialerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vmsock_dialer_get_property;
  object_class->set_property = vmsock_dialer_set_property;

  /**
   * VmsockDialer:timeout:
   *
   * How long a connection may take, retries included, in milliseconds; 0 for
   * no limit.
   *
   * Since: 0.1
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockDialer:retries:
   *
   * How many more times to try after a refused, unreachable or timed-out
   * connection.
   *
   * Since: 0.1
   */
  properties[PROP_RETRIES] =
    g_param_spec_uint ("retries", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockDialer:retry-wait:
   *
   * How long to wait before trying again, in milliseconds.
   *
   * Since: 0.1
   */
  properties[PROP_RETRY_WAIT] =
    g_param_spec_uint ("retry-wait", NULL, NULL, 0, G_MAXUINT, DEFAULT_RETRY_WAIT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockDialer:socket-type:
   *
   * The type of socket to connect: %G_SOCKET_TYPE_STREAM or
   * %G_SOCKET_TYPE_SEQPACKET.
   *
   * Since: 0.1
   */
  properties[PROP_SOCKET_TYPE] =
    g_param_spec_enum ("socket-type", NULL, NULL, G_TYPE_SOCKET_TYPE, G_SOCKET_TYPE_STREAM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_dialer_init (VmsockDialer *self)
{
  self->retry_wait_ms = DEFAULT_RETRY_WAIT_MS;
  self->socket_type = G_SOCKET_TYPE_STREAM;
}

/**
 * vmsock_dialer_new:
 *
 * Creates a dialer for VM socket addresses.
 *
 * Returns: (transfer full): a new dialer with no timeout and no retries
 *
 * Since: 0.1
 */
VmsockDialer *
vmsock_dialer_new (void)
{
  return g_object_new (VMSOCK_TYPE_DIALER, NULL);
}

#define DEFINE_UINT_PROPERTY(name, field, prop)                          \
  guint                                                                  \
  vmsock_dialer_get_##name (VmsockDialer *dialer)                        \
  {                                                                      \
    g_return_val_if_fail (VMSOCK_IS_DIALER (dialer), 0);                 \
    return dialer->field;                                                \
  }                                                                      \
                                                                         \
  void                                                                   \
  vmsock_dialer_set_##name (VmsockDialer *dialer,                        \
                            guint         value)                         \
  {                                                                      \
    g_return_if_fail (VMSOCK_IS_DIALER (dialer));                        \
    if (dialer->field == value)                                          \
      return;                                                            \
    dialer->field = value;                                               \
    g_object_notify_by_pspec (G_OBJECT (dialer), properties[prop]);      \
  }

/**
 * vmsock_dialer_get_timeout:
 * @dialer: a #VmsockDialer
 *
 * Gets how long the dialer tries to connect in all.
 *
 * Returns: the value of [property@Vmsock.Dialer:timeout]
 *
 * Since: 0.1
 */
/**
 * vmsock_dialer_set_timeout:
 * @dialer: a #VmsockDialer
 * @timeout_ms: milliseconds, or 0 for no limit
 *
 * Sets [property@Vmsock.Dialer:timeout].
 *
 * Since: 0.1
 */
DEFINE_UINT_PROPERTY (timeout, timeout_ms, PROP_TIMEOUT)

/**
 * vmsock_dialer_get_retries:
 * @dialer: a #VmsockDialer
 *
 * Gets how many times the dialer tries again while nothing listens.
 *
 * Returns: the value of [property@Vmsock.Dialer:retries]
 *
 * Since: 0.1
 */
/**
 * vmsock_dialer_set_retries:
 * @dialer: a #VmsockDialer
 * @retries: how many more tries
 *
 * Sets [property@Vmsock.Dialer:retries].
 *
 * Since: 0.1
 */
DEFINE_UINT_PROPERTY (retries, retries, PROP_RETRIES)

/**
 * vmsock_dialer_get_retry_wait:
 * @dialer: a #VmsockDialer
 *
 * Gets how long the dialer waits between tries.
 *
 * Returns: the value of [property@Vmsock.Dialer:retry-wait]
 *
 * Since: 0.1
 */
/**
 * vmsock_dialer_set_retry_wait:
 * @dialer: a #VmsockDialer
 * @retry_wait_ms: milliseconds
 *
 * Sets [property@Vmsock.Dialer:retry-wait].
 *
 * Since: 0.1
 */
DEFINE_UINT_PROPERTY (retry_wait, retry_wait_ms, PROP_RETRY_WAIT)

/**
 * vmsock_dialer_get_socket_type:
 * @dialer: a #VmsockDialer
 *
 * Gets the type of the sockets that the dialer connects.
 *
 * Returns: the value of [property@Vmsock.Dialer:socket-type]
 *
 * Since: 0.1
 */
GSocketType
vmsock_dialer_get_socket_type (VmsockDialer *dialer)
{
  g_return_val_if_fail (VMSOCK_IS_DIALER (dialer), G_SOCKET_TYPE_INVALID);

  return dialer->socket_type;
}

/**
 * vmsock_dialer_set_socket_type:
 * @dialer: a #VmsockDialer
 * @type: %G_SOCKET_TYPE_STREAM or %G_SOCKET_TYPE_SEQPACKET
 *
 * Sets [property@Vmsock.Dialer:socket-type].
 *
 * Since: 0.1
 */
void
vmsock_dialer_set_socket_type (VmsockDialer *dialer,
                               GSocketType   type)
{
  g_return_if_fail (VMSOCK_IS_DIALER (dialer));

  if (dialer->socket_type == type)
    return;
  dialer->socket_type = type;
  g_object_notify_by_pspec (G_OBJECT (dialer), properties[PROP_SOCKET_TYPE]);
}
