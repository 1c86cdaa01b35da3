/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * No proxy can carry AF_VSOCK or AF_HYPERV: VM socket addresses and VM
 * names enumerate without a GProxyAddressEnumerator, and a GSocketClient
 * never asks its proxy resolver about them.  No VM socket is opened here:
 * the client connects only to a family this system lacks and to a name no
 * VM has (the guest suite connects for real); over TCP, a control shows
 * that the resolver is asked where GIO asks one.
 */

#include <libvmsock-glib/vmsock.h>

#include "test-provider.h"
#include "test-proxy-resolver.h"

#define PORT 5000

static GSocketAddress *
hvsock_address (void)
{
  VmsockGuid service_id;

  vmsock_hvsock_service_id_for_vsock_port (PORT, &service_id);
  return vmsock_hvsock_address_new (vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_LOOPBACK),
                                    &service_id);
}

/* A discovery that knows one VM, "guest-vm", with CID 7. */
static VmsockDiscovery *
discovery_with_one_vm (void)
{
  g_autoptr(TestProvider) provider = test_provider_new ("test", ANSWER, 0, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();

  test_provider_add_vm (provider, "guest-vm", 7);
  g_ptr_array_add (providers, provider);
  return vmsock_discovery_new_for_providers (providers);
}

static GSocketAddress *
next_for_proxy (GSocketConnectable  *connectable,
                GError             **error)
{
  g_autoptr(GSocketAddressEnumerator) enumerator = g_socket_connectable_proxy_enumerate (connectable);

  g_assert_false (G_IS_PROXY_ADDRESS_ENUMERATOR (enumerator));
  return g_socket_address_enumerator_next (enumerator, NULL, error);
}

/* An address enumerates itself where the system has its family, and says
 * that it lacks it otherwise: never a GProxyAddress. */
static void
assert_address_enumerates_itself (GSocketAddress *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) first = next_for_proxy (G_SOCKET_CONNECTABLE (address), &error);
  gboolean available = vmsock_socket_family_is_available (g_socket_address_get_family (address));

  if (first != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (available);
      g_assert_true (first == address);
      return;
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
#ifndef G_OS_WIN32
  g_assert_false (available);
#endif
  /* On Windows, also where it has AF_HYPERV but cannot make such sockets:
   * before Windows 10, and under wine. */
}

static void
test_enumerate (void)
{
  g_autoptr(GSocketAddress) vsock = vmsock_vsock_address_new (3, PORT);
  g_autoptr(GSocketAddress) hvsock = hvsock_address ();
  g_autoptr(VmsockDiscovery) discovery = discovery_with_one_vm ();
  g_autoptr(GSocketConnectable) by_name = vmsock_vm_connectable_new (discovery, "guest-vm", PORT);
  g_autoptr(GSocketAddress) resolved = NULL;
  g_autoptr(GSocketAddress) expected = vmsock_vsock_address_new (7, PORT);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) tcp = g_inet_socket_address_new (loopback, PORT);
  g_autoptr(GSocketAddressEnumerator) tcp_enumerator = NULL;
  g_autoptr(GError) error = NULL;

  assert_address_enumerates_itself (vsock);
  assert_address_enumerates_itself (hvsock);

  resolved = next_for_proxy (by_name, &error);
  g_assert_no_error (error);
  g_assert_false (G_IS_PROXY_ADDRESS (resolved));
  g_assert_true (vmsock_socket_address_equal (resolved, expected));

  /* The control: GIO's own addresses do go through the proxy enumerator. */
  tcp_enumerator = g_socket_connectable_proxy_enumerate (G_SOCKET_CONNECTABLE (tcp));
  g_assert_true (G_IS_PROXY_ADDRESS_ENUMERATOR (tcp_enumerator));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Connects to @connectable synchronously and asynchronously; NULL with
 * @error set if either fails, with the error of the first that did. */
static GSocketConnection *
connect_both_ways (GSocketClient       *client,
                   GSocketConnectable  *connectable,
                   GError             **error)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnection) async_connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  connection = g_socket_client_connect (client, connectable, NULL, error);
  if (connection == NULL)
    return NULL;

  g_socket_client_connect_async (client, connectable, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  async_connection = g_socket_client_connect_finish (client, result, error);
  if (async_connection == NULL)
    return NULL;
  return g_steal_pointer (&connection);
}

static void
assert_fails_both_ways (GSocketClient      *client,
                        GSocketConnectable *connectable,
                        GQuark              domain,
                        int                 code)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect (client, connectable, NULL, &error);
  g_assert_error (error, domain, code);
  g_assert_null (connection);
  g_clear_error (&error);

  g_socket_client_connect_async (client, connectable, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  connection = g_socket_client_connect_finish (client, result, &error);
  g_assert_error (error, domain, code);
  g_assert_null (connection);
}

static void
test_socket_client (void)
{
  g_autoptr(TestProxyResolver) resolver = test_proxy_resolver_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) tcp = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(VmsockDiscovery) discovery = discovery_with_one_vm ();
  g_autoptr(GSocketConnectable) nobody = vmsock_vm_connectable_new (discovery, "no-such-vm", PORT);
  GSocketAddress *addresses[] = { vmsock_vsock_address_new (3, PORT), hvsock_address () };
  g_autoptr(GError) error = NULL;
  guint lacking = 0;

  g_socket_client_set_proxy_resolver (client, G_PROXY_RESOLVER (resolver));

  /* The control: over TCP, the client asks the resolver each time. */
  g_socket_listener_add_address (listener, any_port, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                 NULL, &tcp, &error);
  g_assert_no_error (error);
  connection = connect_both_ways (client, G_SOCKET_CONNECTABLE (tcp), &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  g_assert_cmpuint (test_proxy_resolver_get_lookups (resolver), ==, 2);

  /* A VM socket address of a family this system lacks fails for that
   * reason, before any resolver is asked.  (One of the two is always
   * lacking: AF_VSOCK on Windows, AF_HYPERV elsewhere.) */
  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      if (!vmsock_socket_family_is_available (g_socket_address_get_family (addresses[i])))
        {
          assert_fails_both_ways (client, G_SOCKET_CONNECTABLE (addresses[i]), G_IO_ERROR,
                                  G_IO_ERROR_NOT_SUPPORTED);
          lacking++;
        }
      g_object_unref (addresses[i]);
    }
  g_assert_cmpuint (lacking, >=, 1);

  /* A name is looked up among the VMs, not handed to a proxy. */
  assert_fails_both_ways (client, nobody, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND);

  g_assert_cmpuint (test_proxy_resolver_get_lookups (resolver), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/no-proxy/enumerate", test_enumerate);
  g_test_add_func ("/no-proxy/socket-client", test_socket_client);

  return g_test_run ();
}
