/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reaching a VM by name: resolution against listings, and enumeration
 * through a discovery.  No sockets: connecting is in the guest suite.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "test-provider.h"

static VmsockVmListing *
listing_of (VmsockVm *first,
            ...)
{
  VmsockVmListing *listing = vmsock_vm_listing_new ();
  va_list args;

  va_start (args, first);
  for (VmsockVm *vm = first; vm != NULL; vm = va_arg (args, VmsockVm *))
    {
      vmsock_vm_listing_add_vm (listing, vm);
      g_object_unref (vm);
    }
  va_end (args);
  return listing;
}

static VmsockDiscovery *
empty_discovery (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  return vmsock_discovery_new_for_providers (none);
}

static GSocketAddress *
resolve (const char       *name,
         guint32           port,
         VmsockVmListing  *listing,
         GError          **error)
{
  g_autoptr(VmsockDiscovery) discovery = empty_discovery ();
  g_autoptr(GSocketConnectable) connectable = vmsock_vm_connectable_new (discovery, name, port);

  return vmsock_vm_connectable_resolve (VMSOCK_VM_CONNECTABLE (connectable), listing, error);
}

static void
test_by_name_and_id (void)
{
  g_autoptr(VmsockVmListing) listing =
    listing_of (vmsock_vm_new ("libvirt", "6695eb01-f6a4-8304-79aa-97f2502e193f", "web", VMSOCK_VM_STATE_RUNNING, 3, NULL, NULL),
                vmsock_vm_new ("libvirt", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0", "db", VMSOCK_VM_STATE_RUNNING, 4, NULL, NULL),
                NULL);
  g_autoptr(GSocketAddress) by_name = NULL;
  g_autoptr(GSocketAddress) by_id = NULL;
  g_autoptr(GError) error = NULL;

  by_name = resolve ("web", 22, listing, &error);
  g_assert_no_error (error);
  g_assert_true (VMSOCK_IS_VSOCK_ADDRESS (by_name));
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (by_name)), ==, 3);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (by_name)), ==, 22);

  /* Ids in either case. */
  by_id = resolve ("4DEA22B3-1D52-D8F3-2516-782E98AB3FA0", 5000, listing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (by_id)), ==, 4);
}

static void
test_not_found (void)
{
  g_autoptr(VmsockVmListing) listing =
    listing_of (vmsock_vm_new ("libvirt", "1", "web", VMSOCK_VM_STATE_RUNNING, 3, NULL, NULL), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) unreachable = g_error_new_literal (VMSOCK_ERROR, VMSOCK_ERROR_FAILED, "down");

  g_assert_null (resolve ("Web", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“Web”"));
  g_clear_error (&error);

  /* Saying which providers could not be asked helps finding out why. */
  vmsock_vm_listing_add_error (listing, "hcsdiag", unreachable);
  g_assert_null (resolve ("wsl", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "hcsdiag"));
}

static void
test_ambiguous (void)
{
  g_autoptr(VmsockVmListing) listing =
    listing_of (vmsock_vm_new ("libvirt", "1111", "web", VMSOCK_VM_STATE_RUNNING, 3, NULL, NULL),
                vmsock_vm_new ("machined", "2222", "web", VMSOCK_VM_STATE_RUNNING, 4, NULL, NULL),
                NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) by_id = NULL;

  g_assert_null (resolve ("web", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "web@libvirt (libvirt 1111)"));
  g_assert_nonnull (strstr (error->message, "web@machined (machined 2222)"));

  /* The id tells them apart. */
  g_clear_error (&error);
  by_id = resolve ("2222", 22, listing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (by_id)), ==, 4);
}

static VmsockVm *
vm_at (const char *provider,
       const char *id,
       guint32     cid,
       const char *uri)
{
  g_auto(GVariantDict) extras = G_VARIANT_DICT_INIT (NULL);

  if (uri != NULL)
    g_variant_dict_insert (&extras, "uri", "s", uri);
  return vmsock_vm_new (provider, id, "web", VMSOCK_VM_STATE_RUNNING, cid, NULL, g_variant_dict_end (&extras));
}

/* A name that several hosts have: qualified by the provider, the host or
 * the connection, whichever is the shortest that names one VM; the message
 * offers those, and each of them works. */
static void
test_qualified (void)
{
  g_autoptr(VmsockVmListing) listing =
    listing_of (vm_at ("libvirt", "1111", 3, "qemu+ssh://root@kvm1/system"),
                vm_at ("libvirt", "2222", 4, "qemu+ssh://kvm2/system"),
                vm_at ("libvirt", "3333", 5, "qemu+ssh://kvm2/session"),
                vm_at ("machined", "4444", 6, NULL),
                vm_at ("libvirt", "5555", 7, "test:///tmp/a.xml?x=1"),
                NULL);
  static const struct
  {
    const char *offered;
    guint32 cid;
  } cases[] = {
    { "web@kvm1 (libvirt 1111)", 3 },
    { "web@qemu+ssh://kvm2/system (libvirt 2222)", 4 },
    { "web@qemu+ssh://kvm2/session (libvirt 3333)", 5 },
    { "web@machined (machined 4444)", 6 },
    /* A URI with a query could not be part of an address: the id. */
    { "5555 (libvirt 5555)", 7 },
  };
  static const struct
  {
    const char *vm;
    guint32 cid;
  } more[] = {
    { "web@KVM1", 3 },
    { "web@qemu+ssh://root@kvm1/system", 3 },
    { "web@test:///tmp/a.xml?x=1", 7 },
  };
  g_autoptr(GError) error = NULL;

  g_assert_null (resolve ("web", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_AMBIGUOUS);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "“web” could be 5 VMs; name one of them: "));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strndup (cases[i].offered, strchr (cases[i].offered, ' ') - cases[i].offered);
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GError) local_error = NULL;

      g_assert_nonnull (strstr (error->message, cases[i].offered));
      address = resolve (name, 22, listing, &local_error);
      g_assert_no_error (local_error);
      g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (address)), ==, cases[i].cid);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (more); i++)
    {
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GError) local_error = NULL;

      address = resolve (more[i].vm, 22, listing, &local_error);
      g_assert_no_error (local_error);
      g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (address)), ==, more[i].cid);
    }

  /* Still ambiguous, or nowhere. */
  g_clear_error (&error);
  g_assert_null (resolve ("web@libvirt", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_AMBIGUOUS);
  g_clear_error (&error);
  g_assert_null (resolve ("web@kvm3", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“web@kvm3”"));

  g_assert_cmpstr (vmsock_vm_get_uri (vmsock_vm_listing_lookup (listing, "1111", NULL)), ==,
                   "qemu+ssh://root@kvm1/system");
  g_assert_null (vmsock_vm_get_uri (vmsock_vm_listing_lookup (listing, "4444", NULL)));
}

/* Names, ids and providers come from other programs, and the name asked
 * for from anywhere: the messages quote them printable. */
static void
test_unprintable_names (void)
{
  g_autoptr(VmsockVmListing) listing =
    listing_of (vmsock_vm_new ("lib\nvirt", "1\x1b[2J", "w\001b", VMSOCK_VM_STATE_RUNNING, 3, NULL, NULL),
                vmsock_vm_new ("machined", "2222", "w\001b", VMSOCK_VM_STATE_OFF, VMSOCK_VSOCK_CID_ANY,
                               NULL, NULL),
                vmsock_vm_new ("machined", "3333", "d\tb", VMSOCK_VM_STATE_OFF, VMSOCK_VSOCK_CID_ANY,
                               NULL, NULL),
                NULL);
  static const struct
  {
    const char *name;
    int code;
    const char *part;
  } cases[] = {
    { "w\001b", VMSOCK_ERROR_VM_AMBIGUOUS,
      "“w\\x01b” could be 2 VMs; name one of them: w\\x01b@lib\\nvirt (lib\\nvirt 1\\x1B[2J), "
      "w\\x01b@machined (machined 2222)" },
    { "web\xff", VMSOCK_ERROR_VM_NOT_FOUND, "No VM is named “web\\xFF” or has that id" },
    { "d\tb", VMSOCK_ERROR_VM_UNREACHABLE, "VM d\\tb (machined 3333) has no VM socket address" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_null (resolve (cases[i].name, 22, listing, &error));
      g_assert_error (error, VMSOCK_ERROR, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, cases[i].part));
    }
}

static void
test_unreachable (void)
{
  VmsockGuid vm_id;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vmsock_guid_parse ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", &vm_id, NULL));
  listing = listing_of (vmsock_vm_new ("libvirt", "1", "db", VMSOCK_VM_STATE_OFF, VMSOCK_VSOCK_CID_ANY, NULL, NULL),
                        vmsock_vm_new ("hcsdiag", "2", "wsl", VMSOCK_VM_STATE_RUNNING, VMSOCK_VSOCK_CID_ANY, &vm_id, NULL),
                        NULL);

  g_assert_null (resolve ("db", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "“off”"));
  g_clear_error (&error);

  /* Only a Hyper-V VM ID: reachable only where Hyper-V sockets exist. */
#ifdef G_OS_WIN32
  {
    g_autoptr(GSocketAddress) wsl = resolve ("wsl", 22, listing, &error);
    guint32 port = 0;

    g_assert_no_error (error);
    g_assert_true (VMSOCK_IS_HVSOCK_ADDRESS (wsl));
    g_assert_true (vmsock_guid_equal (vmsock_hvsock_address_get_vm_id (VMSOCK_HVSOCK_ADDRESS (wsl)), &vm_id));
    g_assert_true (vmsock_hvsock_address_get_vsock_port (VMSOCK_HVSOCK_ADDRESS (wsl), &port));
    g_assert_cmpuint (port, ==, 22);
  }
#else
  g_assert_null (resolve ("wsl", 22, listing, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_UNREACHABLE);
#endif
}

static void
test_enumerate (void)
{
  g_autoptr(TestProvider) provider = test_provider_new ("test", ANSWER, 0, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) first = NULL;
  g_autoptr(GSocketAddress) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  test_provider_add_vm (provider, "guest-vm", 7);
  g_ptr_array_add (providers, provider);
  discovery = vmsock_discovery_new_for_providers (providers);
  connectable = vmsock_vm_connectable_new (discovery, "guest-vm", 1234);

  text = g_socket_connectable_to_string (connectable);
  g_assert_cmpstr (text, ==, "vsock:guest-vm:1234");

  enumerator = g_socket_connectable_enumerate (connectable);
  first = g_socket_address_enumerator_next (enumerator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (first)), ==, 7);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (first)), ==, 1234);
  second = g_socket_address_enumerator_next (enumerator, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (second);
}

static void
on_next (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_enumerate_async (void)
{
  g_autoptr(TestProvider) provider = test_provider_new ("test", ANSWER, 10, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (providers, provider);
  discovery = vmsock_discovery_new_for_providers (providers);
  connectable = vmsock_vm_connectable_new (discovery, "missing", 1234);

  enumerator = g_socket_connectable_enumerate (connectable);
  g_socket_address_enumerator_next_async (enumerator, NULL, on_next, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  address = g_socket_address_enumerator_next_finish (enumerator, result, &error);
  g_assert_null (address);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND);
}

static void
test_parse (void)
{
  g_autoptr(VmsockDiscovery) discovery = empty_discovery ();
  static const char *addresses[] = { "vsock:3:22", "vsock://host:22", "hvsock://parent/5000" };
  static const struct
  {
    const char *text;
    const char *vm;
    guint32 port;
    const char *formatted;
  } names[] = {
    { "vsock://my-vm:22", "my-vm", 22, "vsock:my-vm:22" },
    { "vsock:web.example:2222", "web.example", 2222, "vsock:web.example:2222" },
    { "hvsock://Build Server/5000", NULL, 0, NULL },
    { "hvsock://build-server/5000", "build-server", 5000, "hvsock:build-server:5000" },
    { "hvsock:4dea22b3-1d52-d8f3-2516-782e98ab3fa0-x:1", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0-x", 1,
      "hvsock:4dea22b3-1d52-d8f3-2516-782e98ab3fa0-x:1" },
  };
  static const char *bad[] = {
    "vsock://4294967296:22",
    "vsock://my-vm:port",
    "vsock://my-vm:22?flags=to-host",
    "vsock://:22",
    "hvsock://a42e7cda-d03f-480c-9cc2-a4de20abb87x/1",
    "tcp://my-vm:22",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnectable) connectable = vmsock_vm_connectable_parse (addresses[i], discovery, &error);

      g_assert_no_error (error);
      g_assert_true (vmsock_socket_address_is_vm (G_SOCKET_ADDRESS (connectable)));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnectable) connectable = vmsock_vm_connectable_parse (names[i].text, discovery, &error);
      g_autofree char *formatted = NULL;

      g_test_message ("input: %s", names[i].text);
      if (names[i].vm == NULL)
        {
          /* White space is never part of a name here. */
          g_assert_null (connectable);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (VMSOCK_IS_VM_CONNECTABLE (connectable));
      g_assert_cmpstr (vmsock_vm_connectable_get_vm (VMSOCK_VM_CONNECTABLE (connectable)), ==, names[i].vm);
      g_assert_cmpuint (vmsock_vm_connectable_get_port (VMSOCK_VM_CONNECTABLE (connectable)), ==, names[i].port);
      /* Shown in the form it was written in, as messages quote it. */
      formatted = g_socket_connectable_to_string (connectable);
      g_assert_cmpstr (formatted, ==, names[i].formatted);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("input: %s", bad[i]);
      g_assert_null (vmsock_vm_connectable_parse (bad[i], discovery, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  /* Without a discovery, only addresses. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (vmsock_vm_connectable_parse ("vsock://my-vm:22", NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "“my-vm”"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vm-connectable/by-name-and-id", test_by_name_and_id);
  g_test_add_func ("/vm-connectable/not-found", test_not_found);
  g_test_add_func ("/vm-connectable/ambiguous", test_ambiguous);
  g_test_add_func ("/vm-connectable/qualified", test_qualified);
  g_test_add_func ("/vm-connectable/unreachable", test_unreachable);
  g_test_add_func ("/vm-connectable/unprintable-names", test_unprintable_names);
  g_test_add_func ("/vm-connectable/enumerate", test_enumerate);
  g_test_add_func ("/vm-connectable/enumerate-async", test_enumerate_async);
  g_test_add_func ("/vm-connectable/parse", test_parse);

  return g_test_run ();
}
