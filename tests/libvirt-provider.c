/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The libvirt provider plugin against libvirt's own in-process test driver,
 * and its domain XML reader against malformed input.
 */

#include <string.h>
#include <glib/gstdio.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-libvirt-domain-xml.h"

static VmsockVmProvider *
libvirt_provider (VmsockDiscovery *discovery)
{
  GPtrArray *providers = vmsock_discovery_get_providers (discovery);

  for (guint i = 0; i < providers->len; i++)
    if (g_strcmp0 (vmsock_vm_provider_get_name (g_ptr_array_index (providers, i)), "libvirt") == 0)
      return g_ptr_array_index (providers, i);
  g_assert_not_reached ();
}

static char *
node_uri (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "libvirt", "node.xml", NULL);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  return g_strconcat ("test://", absolute, NULL);
}

static VmsockVmListing *
list_with_uris (const char * const *uris)
{
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed_plugins = vmsock_discovery_get_failed_plugins (discovery);
  VmsockVmListing *listing;

  g_assert_cmpuint (g_strv_length (failed_plugins), ==, 0);
  g_object_set (libvirt_provider (discovery), "uris", uris, NULL);
  /* The test driver is quick, but not under valgrind: no time limit here. */
  vmsock_discovery_set_provider_timeout (discovery, 0);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  return listing;
}

static void
assert_vm (VmsockVm      *vm,
           const char    *name,
           const char    *uuid,
           VmsockVmState  state,
           guint32        expected_cid)
{
  guint32 cid = VMSOCK_VSOCK_CID_ANY;

  g_assert_cmpstr (vmsock_vm_get_name (vm), ==, name);
  g_assert_cmpstr (vmsock_vm_get_id (vm), ==, uuid);
  g_assert_cmpstr (vmsock_vm_get_provider (vm), ==, "libvirt");
  g_assert_cmpint (vmsock_vm_get_state (vm), ==, state);
  g_assert_cmpint (vmsock_vm_get_cid (vm, &cid), ==, expected_cid != VMSOCK_VSOCK_CID_ANY);
  g_assert_cmpuint (cid, ==, expected_cid);
  g_assert_null (vmsock_vm_get_vm_id (vm));
}

static void
test_node_file (void)
{
  g_autofree char *uri = node_uri ();
  const char *uris[] = { uri, NULL };
  g_autoptr(VmsockVmListing) listing = list_with_uris (uris);
  GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);
  const char *extra_uri = NULL;

  g_assert_cmpuint (g_strv_length (failed), ==, 0);
  g_assert_cmpuint (vms->len, ==, 5);
  /* In byte order of their names, whatever order libvirt gave. */
  assert_vm (vms->pdata[0], "Büro & \"Lab\" VM", "c7a5fdbd-cdaf-9455-926a-d65c16db1809",
             VMSOCK_VM_STATE_PAUSED, 4294967294u);
  assert_vm (vms->pdata[1], "auto-cid", "0b3f8e44-6c1e-4a55-8d2f-5a7e9c1d3b22", VMSOCK_VM_STATE_RUNNING, 42);
  assert_vm (vms->pdata[2], "db", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0", VMSOCK_VM_STATE_OFF,
             VMSOCK_VSOCK_CID_ANY);
  assert_vm (vms->pdata[3], "no-vsock", "8fbd5b7a-1c87-4d4b-9b4e-2d0f8c2b1a11", VMSOCK_VM_STATE_RUNNING,
             VMSOCK_VSOCK_CID_ANY);
  assert_vm (vms->pdata[4], "web", "6695eb01-f6a4-8304-79aa-97f2502e193f", VMSOCK_VM_STATE_RUNNING, 3);

  g_assert_true (g_variant_lookup (vmsock_vm_get_extras (vms->pdata[4]), "uri", "&s", &extra_uri));
  g_assert_cmpstr (extra_uri, ==, uri);
}

static void
test_default_uri (void)
{
  g_autoptr(VmsockVmListing) listing = NULL;
  GPtrArray *vms;

  /* As libvirt's own tools do, the default connection follows this. */
  g_setenv ("LIBVIRT_DEFAULT_URI", "test:///default", TRUE);
  listing = list_with_uris (NULL);
  g_unsetenv ("LIBVIRT_DEFAULT_URI");

  vms = vmsock_vm_listing_get_vms (listing);
  g_assert_cmpuint (vms->len, ==, 1);
  g_assert_cmpstr (vmsock_vm_get_name (vms->pdata[0]), ==, "test");
  g_assert_cmpint (vmsock_vm_get_state (vms->pdata[0]), ==, VMSOCK_VM_STATE_RUNNING);
}

static void
test_one_connection_fails (void)
{
  g_autofree char *uri = node_uri ();
  const char *uris[] = { uri, "test:///nonexistent/node.xml", NULL };
  g_autoptr(VmsockVmListing) listing = list_with_uris (uris);
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

  /* The other connection's VMs are all there. */
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 5);
  g_assert_cmpstrv (failed, ((const char *[]) { "libvirt test:///nonexistent/node.xml", NULL }));
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, failed[0]),
                  VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
}

static void
test_every_connection_fails (void)
{
  const char *uris[] = { "test:///nonexistent/node.xml", NULL };
  g_autoptr(VmsockVmListing) listing = list_with_uris (uris);
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);
  const GError *error;

  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 0);
  g_assert_cmpstrv (failed, ((const char *[]) { "libvirt", NULL }));
  error = vmsock_vm_listing_get_source_error (listing, "libvirt");
  g_assert_error ((GError *) error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "test:///nonexistent/node.xml"));
}

static char *
write_config (const char *contents)
{
  g_autofree char *directory = g_build_filename (g_get_user_config_dir (), "libvmsock-glib-1", NULL);
  char *path = g_build_filename (directory, "providers.conf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_configured_uris (void)
{
  g_autofree char *uri = node_uri ();
  g_autofree char *contents = g_strdup_printf ("[libvirt]\nuris=%s;test:///default;\n", uri);
  g_autofree char *path = write_config (contents);
  g_autoptr(VmsockVmListing) listing = list_with_uris (NULL);

  /* Both connections of the configuration: 5 domains and the default one. */
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 6);
  g_unlink (path);
}

/* -c > LIBVIRT_DEFAULT_URI > providers.conf > libvirt's default. */
static void
test_precedence (void)
{
  g_autofree char *uri = node_uri ();
  g_autofree char *path = write_config ("[libvirt]\nuris=test:///default;test:///default\n");
  const char *uris[] = { uri, "test:///default", NULL };
  VmsockVmListing *listing;

  /* The configuration: the default test node twice. */
  listing = list_with_uris (NULL);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 2);
  g_object_unref (listing);

  /* The environment over the configuration. */
  g_setenv ("LIBVIRT_DEFAULT_URI", uri, TRUE);
  listing = list_with_uris (NULL);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 5);
  g_assert_cmpstr (vmsock_vm_get_uri (vmsock_vm_listing_get_vms (listing)->pdata[0]), ==, uri);
  g_object_unref (listing);

  /* The property over both; an empty variable is no variable. */
  listing = list_with_uris (uris);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 6);
  g_object_unref (listing);
  g_setenv ("LIBVIRT_DEFAULT_URI", "", TRUE);
  listing = list_with_uris (NULL);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 2);
  g_object_unref (listing);

  g_unsetenv ("LIBVIRT_DEFAULT_URI");
  g_unlink (path);
}

static void
test_malformed_configuration (void)
{
  g_autofree char *path = write_config ("[libvirt\nuris=test:///default\n");
  g_autoptr(VmsockVmListing) listing = list_with_uris (NULL);
  const GError *error = vmsock_vm_listing_get_source_error (listing, "libvirt");

  g_assert_error ((GError *) error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, path));
  g_unlink (path);
}

#define MANY_DOMAINS 1000

static void
test_many_domains (void)
{
  g_autofree char *directory = g_dir_make_tmp ("vmsock-libvirt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (directory, "node.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  const char *uris[] = { uri, NULL };
  g_autoptr(GString) node = g_string_new ("<node>\n");
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *vms;

  for (guint i = 0; i < MANY_DOMAINS; i++)
    g_string_append_printf (node,
                            "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
                            "<name>vm-%04u</name><uuid>00000000-0000-4000-8000-%012u</uuid>"
                            "<memory>1024</memory><os><type>hvm</type></os>"
                            "<devices><vsock model='virtio'><cid auto='no' address='%u'/></vsock></devices>"
                            "%s</domain>\n",
                            i, i, i + 3, i % 2 == 1 ? "<test:runstate>5</test:runstate>" : "");
  g_string_append (node, "</node>\n");
  g_assert_true (g_file_set_contents (path, node->str, node->len, &error));
  g_assert_no_error (error);

  listing = list_with_uris (uris);
  g_assert_null (vmsock_vm_listing_get_source_error (listing, "libvirt"));
  vms = vmsock_vm_listing_get_vms (listing);
  g_assert_cmpuint (vms->len, ==, MANY_DOMAINS);
  for (guint i = 0; i < MANY_DOMAINS; i++)
    {
      g_autofree char *name = g_strdup_printf ("vm-%04u", i);
      guint32 cid = 0;

      g_assert_cmpstr (vmsock_vm_get_name (vms->pdata[i]), ==, name);
      g_assert_true (vmsock_vm_get_cid (vms->pdata[i], &cid));
      g_assert_cmpuint (cid, ==, i + 3);
      g_assert_cmpint (vmsock_vm_get_state (vms->pdata[i]), ==,
                       i % 2 == 1 ? VMSOCK_VM_STATE_OFF : VMSOCK_VM_STATE_RUNNING);
    }

  g_unlink (path);
  g_rmdir (directory);
}

static void
test_domain_xml (void)
{
  static const struct
  {
    const char *xml;
    guint32 cid;
  } good[] = {
    { "<domain><devices><vsock model='virtio'><cid auto='no' address='3'/></vsock></devices></domain>", 3 },
    { "<domain><devices><vsock><cid auto='yes' address='4294967294'/></vsock></devices></domain>", 4294967294u },
    { "<domain><devices><vsock><cid auto='yes'/></vsock></devices></domain>", VMSOCK_VSOCK_CID_ANY },
    { "<domain><devices><disk/></devices></domain>", VMSOCK_VSOCK_CID_ANY },
    { "<domain/>", VMSOCK_VSOCK_CID_ANY },
    /* The first CID that has an address, in document order. */
    { "<domain><devices><vsock><cid auto='yes'/></vsock><vsock><cid address='7'/></vsock>"
      "<vsock><cid address='8'/></vsock></devices></domain>", 7 },
    /* Only <domain><devices><vsock><cid>, without namespaces. */
    { "<domain><metadata><devices><vsock><cid address='8'/></vsock></devices></metadata>"
      "<devices><vsock><cid address='6'/></vsock></devices></domain>", 6 },
    { "<domain><devices><hostdev><vsock><cid address='9'/></vsock></hostdev></devices></domain>",
      VMSOCK_VSOCK_CID_ANY },
    { "<domain xmlns:x='urn:x'><devices><vsock><x:cid address='5'/></vsock></devices></domain>",
      VMSOCK_VSOCK_CID_ANY },
    { "<domain xmlns:x='urn:x'><devices><vsock><cid x:address='5'/></vsock></devices></domain>",
      VMSOCK_VSOCK_CID_ANY },
    { "<domain><devices><vsock><cid address='&#51;'/></vsock></devices></domain>", 3 },
  };
  static const struct
  {
    const char *xml;
    const char *in_message;
  } bad[] = {
    { "", "malformed: Document is empty" },
    { "<domain><devices>", "malformed" },
    { "<domain></devices></domain>", "malformed" },
    { "not xml at all", "malformed" },
    { "<network><devices><vsock><cid address='3'/></vsock></devices></network>", "no <domain>" },
    { "<domain><devices><vsock><cid address='abc'/></vsock></devices></domain>", "“abc”" },
    { "<domain><devices><vsock><cid address='-1'/></vsock></devices></domain>", "“-1”" },
    { "<domain><devices><vsock><cid address=' 3'/></vsock></devices></domain>", "“ 3”" },
    { "<domain><devices><vsock><cid address='4294967296'/></vsock></devices></domain>", "“4294967296”" },
    { "<domain><devices><vsock><cid address=''/></vsock></devices></domain>", "“”" },
    /* What the messages quote is printable. */
    { "<domain><devices><vsock><cid address='3&#10;&#9;'/></vsock></devices></domain>", "“3\\n\\t”" },
    { "<domain>\xff</domain>", "malformed: Input is not proper UTF-8, indicate encoding !\\nBytes: 0xFF" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint32 cid = 12345;

      g_assert_true (vmsock_libvirt_domain_xml_get_cid (good[i].xml, &cid, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cid, ==, good[i].cid);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint32 cid = 12345;

      /* The message is about this input, not about the one before. */
      g_assert_false (vmsock_libvirt_domain_xml_get_cid ("<domain><stale>", &cid, NULL));
      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_false (vmsock_libvirt_domain_xml_get_cid (bad[i].xml, &cid, &error));
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
      g_test_message ("message: %s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
      g_assert_nonnull (strstr (error->message, bad[i].in_message));
      g_assert_null (strstr (error->message, "stale"));
      g_assert_cmpuint (cid, ==, 12345);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *config_home = g_dir_make_tmp ("vmsock-config-XXXXXX", NULL);
  int result;

  /* Configuration files of the tests' own, read before GLib caches the folder. */
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/libvirt/node-file", test_node_file);
  g_test_add_func ("/libvirt/default-uri", test_default_uri);
  g_test_add_func ("/libvirt/one-connection-fails", test_one_connection_fails);
  g_test_add_func ("/libvirt/every-connection-fails", test_every_connection_fails);
  g_test_add_func ("/libvirt/configured-uris", test_configured_uris);
  g_test_add_func ("/libvirt/precedence", test_precedence);
  g_test_add_func ("/libvirt/malformed-configuration", test_malformed_configuration);
  g_test_add_func ("/libvirt/many-domains", test_many_domains);
  g_test_add_func ("/libvirt/domain-xml", test_domain_xml);

  result = g_test_run ();
  {
    g_autofree char *directory = g_build_filename (config_home, "libvmsock-glib-1", NULL);

    g_rmdir (directory);
    g_rmdir (config_home);
  }
  return result;
}
