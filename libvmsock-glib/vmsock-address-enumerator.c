/* vmsock-address-enumerator.c: what a VM socket address enumerates
 *
 * GSocketClient asks an address for its enumerator before it creates a
 * socket.  Answering here means a family this system lacks is reported in
 * the library's words, before GIO's socket creation says less, and that no
 * proxy resolver is consulted for addresses no proxy can carry.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-address-enumerator-private.h"
#include "vmsock-socket-private.h"

struct _VmsockAddressEnumerator
{
  GSocketAddressEnumerator parent_instance;

  GSocketAddress *address;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (VmsockAddressEnumerator, vmsock_address_enumerator, G_TYPE_SOCKET_ADDRESS_ENUMERATOR)

static GSocketAddress *
vmsock_address_enumerator_next (GSocketAddressEnumerator  *enumerator,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  VmsockAddressEnumerator *self = VMSOCK_ADDRESS_ENUMERATOR (enumerator);

  if (self->done || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self->done = TRUE;

  if (!vmsock_socket_check_family (g_socket_address_get_family (self->address), error))
    return NULL;
  return g_object_ref (self->address);
}

static void
vmsock_address_enumerator_next_async (GSocketAddressEnumerator *enumerator,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (enumerator, cancellable, callback, user_data);
  GError *error = NULL;
  GSocketAddress *address;

  g_task_set_source_tag (task, vmsock_address_enumerator_next_async);
  address = vmsock_address_enumerator_next (enumerator, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, address, g_object_unref);
}

static GSocketAddress *
vmsock_address_enumerator_next_finish (GSocketAddressEnumerator  *enumerator,
                                       GAsyncResult              *result,
                                       GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, enumerator), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vmsock_address_enumerator_dispose (GObject *object)
{
  VmsockAddressEnumerator *self = VMSOCK_ADDRESS_ENUMERATOR (object);

  g_clear_object (&self->address);

  G_OBJECT_CLASS (vmsock_address_enumerator_parent_class)->dispose (object);
}

static void
vmsock_address_enumerator_class_init (VmsockAddressEnumeratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GSocketAddressEnumeratorClass *enumerator_class = G_SOCKET_ADDRESS_ENUMERATOR_CLASS (klass);

  object_class->dispose = vmsock_address_enumerator_dispose;
  enumerator_class->next = vmsock_address_enumerator_next;
  enumerator_class->next_async = vmsock_address_enumerator_next_async;
  enumerator_class->next_finish = vmsock_address_enumerator_next_finish;
}

static void
vmsock_address_enumerator_init (VmsockAddressEnumerator *self)
{
}

GSocketAddressEnumerator *
vmsock_address_enumerator_new (GSocketConnectable *connectable)
{
  VmsockAddressEnumerator *self = g_object_new (VMSOCK_TYPE_ADDRESS_ENUMERATOR, NULL);

  self->address = G_SOCKET_ADDRESS (g_object_ref (connectable));
  return G_SOCKET_ADDRESS_ENUMERATOR (self);
}
