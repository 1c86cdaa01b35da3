/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Registration with GIO and the socket helpers' error paths.  Nothing here
 * creates an AF_VSOCK socket: that happens only in the test guest.  On
 * Windows, stock GIO is driven with Hyper-V socket addresses; where the
 * system has no AF_HYPERV (wine), each path must end in a clear error.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

/* The VM socket family this platform has, and the one it does not. */
#ifdef G_OS_WIN32
#define NATIVE_FAMILY VMSOCK_SOCKET_FAMILY_HYPERV
#define FOREIGN_FAMILY VMSOCK_SOCKET_FAMILY_VSOCK
#else
#define NATIVE_FAMILY VMSOCK_SOCKET_FAMILY_VSOCK
#define FOREIGN_FAMILY VMSOCK_SOCKET_FAMILY_HYPERV
#endif

static void
test_registered (void)
{
  g_autoptr(GEnumClass) families = g_type_class_ref (G_TYPE_SOCKET_FAMILY);
  GParamSpec *family_pspec;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GTypeClass) socket_class = g_type_class_ref (G_TYPE_SOCKET);
  guint n_values;

  vmsock_socket_family_register ();

  g_assert_true (vmsock_socket_family_is_available (NATIVE_FAMILY));
  g_assert_false (vmsock_socket_family_is_available (FOREIGN_FAMILY));
  g_assert_nonnull (g_enum_get_value (families, NATIVE_FAMILY));
  g_assert_null (g_enum_get_value (families, FOREIGN_FAMILY));
  g_assert_cmpstr (g_enum_get_value (families, NATIVE_FAMILY)->value_nick, ==,
                   vmsock_socket_family_to_string (NATIVE_FAMILY));
  /* GIO's own values are still there. */
  g_assert_nonnull (g_enum_get_value (families, G_SOCKET_FAMILY_UNIX));
  g_assert_nonnull (g_enum_get_value (families, G_SOCKET_FAMILY_IPV6));
  g_assert_cmpint (families->maximum, >=, NATIVE_FAMILY);

  /* What g_socket_new() runs into: the "family" property now takes 40 (34). */
  family_pspec = g_object_class_find_property (G_OBJECT_CLASS (socket_class), "family");
  g_value_init (&value, G_TYPE_SOCKET_FAMILY);
  g_value_set_enum (&value, NATIVE_FAMILY);
  g_assert_false (g_param_value_validate (family_pspec, &value));
  g_assert_cmpint (g_value_get_enum (&value), ==, NATIVE_FAMILY);

#ifdef G_OS_WIN32
  {
    /* AF_HYPERV sockets are made with HV_PROTOCOL_RAW (1). */
    GParamSpec *protocol_pspec = g_object_class_find_property (G_OBJECT_CLASS (socket_class), "protocol");
    g_auto(GValue) protocol = G_VALUE_INIT;

    g_value_init (&protocol, G_TYPE_SOCKET_PROTOCOL);
    g_value_set_enum (&protocol, VMSOCK_SOCKET_PROTOCOL_HV_RAW);
    g_assert_false (g_param_value_validate (protocol_pspec, &protocol));
    g_assert_cmpint (g_value_get_enum (&protocol), ==, VMSOCK_SOCKET_PROTOCOL_HV_RAW);
  }
#endif

  /* Idempotent. */
  n_values = families->n_values;
  vmsock_socket_family_register ();
  vmsock_socket_family_register ();
  g_assert_cmpuint (families->n_values, ==, n_values);
}

static gpointer
register_in_thread (gpointer data)
{
  vmsock_socket_family_register ();
  return NULL;
}

static void
test_registered_from_threads (void)
{
  if (g_test_subprocess ())
    {
      GThread *threads[8];
      g_autoptr(GEnumClass) families = NULL;
      guint n_vsock = 0;

      for (gsize i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("register", register_in_thread, NULL);
      for (gsize i = 0; i < G_N_ELEMENTS (threads); i++)
        g_thread_join (threads[i]);

      families = g_type_class_ref (G_TYPE_SOCKET_FAMILY);
      for (guint i = 0; i < families->n_values; i++)
        if (families->values[i].value == NATIVE_FAMILY)
          n_vsock++;
      g_assert_cmpuint (n_vsock, ==, 1);
      g_assert_null (families->values[families->n_values].value_name);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_registered_by_address_type (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GEnumClass) families = g_type_class_ref (G_TYPE_SOCKET_FAMILY);
      g_autoptr(GSocketAddress) address = NULL;

      g_assert_null (g_enum_get_value (families, NATIVE_FAMILY));
      address = vmsock_vsock_address_new (3, 22);
      g_assert_nonnull (g_enum_get_value (families, NATIVE_FAMILY));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_family_names (void)
{
  g_assert_cmpstr (vmsock_socket_family_to_string (VMSOCK_SOCKET_FAMILY_VSOCK), ==, "vsock");
  g_assert_cmpstr (vmsock_socket_family_to_string (VMSOCK_SOCKET_FAMILY_HYPERV), ==, "hvsock");
  g_assert_cmpstr (vmsock_socket_family_to_string (G_SOCKET_FAMILY_IPV4), ==, "ipv4");
  g_assert_null (vmsock_socket_family_to_string (12345));
}

static void
test_foreign_family_unavailable (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (vmsock_socket_new (FOREIGN_FAMILY, G_SOCKET_TYPE_STREAM, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_null (vmsock_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* A stock GSocketClient given an address of the family this platform lacks
 * fails with the library's reason, before any socket exists. */
static void
test_stock_client_foreign_family (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address =
    vmsock_socket_address_parse (FOREIGN_FAMILY == VMSOCK_SOCKET_FAMILY_HYPERV ? "hvsock:loopback:5000"
                                                                               : "vsock:2:5000", NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (address);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, FOREIGN_FAMILY == VMSOCK_SOCKET_FAMILY_HYPERV ? "AF_HYPERV"
                                                                                       : "AF_VSOCK"));
}

#ifdef G_OS_WIN32
/* Stock GIO with Hyper-V socket addresses.  Where the system has AF_HYPERV,
 * GIO makes the sockets; where it has not (wine), each path ends in
 * G_IO_ERROR_NOT_SUPPORTED, GSocketClient's in the library's words. */
static void
test_stock_gio_hyperv (void)
{
  g_autoptr(GError) probe_error = NULL;
  g_autoptr(GSocket) probe = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_HYPERV, G_SOCKET_TYPE_STREAM, &probe_error);
  gboolean have_hyperv = probe != NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) remote = vmsock_socket_address_parse ("hvsock:loopback:5000", NULL);
  g_autoptr(GSocketAddress) local = vmsock_socket_address_parse ("hvsock:wildcard:5000", NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_test_message ("AF_HYPERV on this system: %s", have_hyperv ? "yes" : probe_error->message);
  if (!have_hyperv)
    {
      g_assert_error (probe_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (probe_error->message, "This system has no Hyper-V sockets"));
    }

  socket = g_socket_new (VMSOCK_SOCKET_FAMILY_HYPERV, G_SOCKET_TYPE_STREAM,
                         VMSOCK_SOCKET_PROTOCOL_HV_RAW, &error);
  if (have_hyperv)
    {
      g_assert_no_error (error);
      g_assert_cmpint (g_socket_get_family (socket), ==, VMSOCK_SOCKET_FAMILY_HYPERV);
      g_assert_cmpint (g_socket_get_protocol (socket), ==, VMSOCK_SOCKET_PROTOCOL_HV_RAW);
    }
  else
    {
      g_assert_null (socket);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  g_clear_error (&error);

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (remote), NULL, &error);
  g_assert_null (connection);
  g_assert_nonnull (error);
  if (!have_hyperv)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_cmpstr (error->message, ==, probe_error->message);
    }
  g_clear_error (&error);

  if (g_socket_listener_add_address (listener, local, G_SOCKET_TYPE_STREAM,
                                     VMSOCK_SOCKET_PROTOCOL_HV_RAW, NULL, NULL, &error))
    g_assert_true (have_hyperv);
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}
#endif

static void
test_adopt_wrong_family (void)
{
  g_autoptr(GSocket) tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                         G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_nonnull (tcp);
  g_assert_true (g_socket_bind (tcp, any_port, FALSE, &error));
  g_assert_no_error (error);
  fd = g_socket_get_fd (tcp);

  g_assert_null (vmsock_socket_new_from_fd (fd, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "family 2"));
  g_clear_error (&error);

  /* The caller still owns the socket. */
  bound = g_socket_get_local_address (tcp, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_INET_SOCKET_ADDRESS (bound));
  g_assert_true (g_socket_close (tcp, &error));

  g_assert_null (vmsock_socket_new_from_fd (fd, &error));
#ifdef G_OS_WIN32
  /* WSAENOTSOCK */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
#else
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
#endif
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_options_on_other_family (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GError) error = NULL;
  guint64 value = 7;

  g_assert_false (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_BUFFER_SIZE, &value, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "buffer-size"));
  g_assert_cmpuint (value, ==, 7);
  g_clear_error (&error);

  g_assert_false (vmsock_socket_set_option (socket, VMSOCK_SOCKET_OPTION_HIGH_VTL, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_version (void)
{
  g_assert_cmpuint (vmsock_get_major_version (), ==, VMSOCK_MAJOR_VERSION);
  g_assert_cmpuint (vmsock_get_minor_version (), ==, VMSOCK_MINOR_VERSION);
  g_assert_cmpuint (vmsock_get_micro_version (), ==, VMSOCK_MICRO_VERSION);
  g_assert_true (VMSOCK_CHECK_VERSION (0, 1, 0));
  g_assert_false (VMSOCK_CHECK_VERSION (VMSOCK_MAJOR_VERSION + 1, 0, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/socket-family/registered-by-address-type", test_registered_by_address_type);
  g_test_add_func ("/socket-family/registered-from-threads", test_registered_from_threads);
  g_test_add_func ("/socket-family/registered", test_registered);
  g_test_add_func ("/socket-family/names", test_family_names);
  g_test_add_func ("/socket-family/foreign-family-unavailable", test_foreign_family_unavailable);
  g_test_add_func ("/socket-family/stock-client-foreign-family", test_stock_client_foreign_family);
#ifdef G_OS_WIN32
  g_test_add_func ("/socket-family/stock-gio-hyperv", test_stock_gio_hyperv);
#endif
  g_test_add_func ("/socket-family/adopt-wrong-family", test_adopt_wrong_family);
  g_test_add_func ("/socket-family/options-on-other-family", test_options_on_other_family);
  g_test_add_func ("/socket-family/version", test_version);

  return g_test_run ();
}
