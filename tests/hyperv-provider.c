/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Hyper-V WMI provider plugin: its parser against the shapes PowerShell
 * prints, and the plugin running a stand-in powershell.exe that prints them.
 */

#include <libvmsock-glib/vmsock.h>

#include "test-tool-output.h"
#include "vmsock-hyperv-parser.h"
#include "vmsock-hyperv-system.h"

static char *
fixture (const char *name)
{
  return test_tool_output_fixture ("hyperv", name);
}

static void
assert_vm (VmsockVm      *vm,
           const char    *guid,
           const char    *name,
           VmsockVmState  state)
{
  VmsockGuid expected;

  g_assert_true (vmsock_guid_parse (guid, &expected, NULL));
  g_assert_cmpstr (vmsock_vm_get_provider (vm), ==, "hyperv");
  g_assert_cmpstr (vmsock_vm_get_name (vm), ==, name);
  g_assert_cmpint (vmsock_vm_get_state (vm), ==, state);
  g_assert_true (vmsock_guid_equal (vmsock_vm_get_vm_id (vm), &expected));
  /* Ids are the VM GUID, in lower case whatever PowerShell printed. */
  {
    g_autofree char *lower = g_ascii_strdown (guid, -1);

    g_assert_cmpstr (vmsock_vm_get_id (vm), ==, lower);
  }
}

static void
test_shapes (void)
{
  static const char * const no_result[] = {
    "", " \r\n", "\xef\xbb\xbf", "\xef\xbb\xbf\r\n", "/* nothing */", "\xef\xbb\xbf /* nothing */\r\n",
  };
  g_autofree char *ps51 = fixture ("ps51-array.json");
  g_autofree char *ps7 = fixture ("ps7-single.json");
  g_autofree char *cim = fixture ("cim-wrapper.json");
  g_autoptr(GPtrArray) array = NULL;
  g_autoptr(GPtrArray) single = NULL;
  g_autoptr(GPtrArray) wrapped = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid = 0;

  /* PowerShell 5.1: the host's own row is left out. */
  array = vmsock_hyperv_parse_json (ps51, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (array->len, ==, 2);
  assert_vm (array->pdata[0], "5F3E2D1C-0B9A-4877-8665-544332211000", "Ubuntu 24.04", VMSOCK_VM_STATE_RUNNING);
  assert_vm (array->pdata[1], "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "Build Server", VMSOCK_VM_STATE_OFF);
  g_assert_true (g_variant_lookup (vmsock_vm_get_extras (array->pdata[0]), "process-id", "x", &pid));
  g_assert_cmpint (pid, ==, 4312);
  g_assert_false (g_variant_lookup (vmsock_vm_get_extras (array->pdata[1]), "process-id", "x", &pid));

  /* One result: a bare object. */
  single = vmsock_hyperv_parse_json (ps7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (single->len, ==, 1);
  assert_vm (single->pdata[0], "0C0FFEE0-1111-4222-8333-444455556666", "Windows 11 dev", VMSOCK_VM_STATE_PAUSED);

  /* Whole CimInstances, with a v1 state number. */
  wrapped = vmsock_hyperv_parse_json (cim, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wrapped->len, ==, 1);
  assert_vm (wrapped->pdata[0], "DEADBEEF-0000-4000-8000-00000000BEEF", "Alter Server", VMSOCK_VM_STATE_PAUSED);

  /* No result: no output at all, or nothing but a byte-order mark or a
   * comment. */
  for (gsize i = 0; i < G_N_ELEMENTS (no_result); i++)
    {
      g_test_message ("no result, case %" G_GSIZE_FORMAT, i);
      nothing = vmsock_hyperv_parse_json (no_result[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (nothing->len, ==, 0);
      g_clear_pointer (&nothing, g_ptr_array_unref);
    }
}

static void
test_states (void)
{
  static const struct
  {
    gint64 enabled_state;
    VmsockVmState state;
  } states[] = {
    /* v2 */
    { 0, VMSOCK_VM_STATE_UNKNOWN }, { 1, VMSOCK_VM_STATE_UNKNOWN }, { 2, VMSOCK_VM_STATE_RUNNING },
    { 3, VMSOCK_VM_STATE_OFF }, { 4, VMSOCK_VM_STATE_STOPPING }, { 5, VMSOCK_VM_STATE_UNKNOWN },
    { 6, VMSOCK_VM_STATE_SAVED }, { 7, VMSOCK_VM_STATE_UNKNOWN }, { 8, VMSOCK_VM_STATE_UNKNOWN },
    { 9, VMSOCK_VM_STATE_PAUSED }, { 10, VMSOCK_VM_STATE_STARTING }, { 11, VMSOCK_VM_STATE_STARTING },
    { 32773, VMSOCK_VM_STATE_STOPPING }, { 32776, VMSOCK_VM_STATE_STOPPING },
    { 32777, VMSOCK_VM_STATE_STARTING }, { 32779, VMSOCK_VM_STATE_SAVED }, { 32780, VMSOCK_VM_STATE_STOPPING },
    /* v2, critical */
    { 32781, VMSOCK_VM_STATE_RUNNING }, { 32782, VMSOCK_VM_STATE_OFF }, { 32783, VMSOCK_VM_STATE_STOPPING },
    { 32784, VMSOCK_VM_STATE_SAVED }, { 32785, VMSOCK_VM_STATE_PAUSED }, { 32786, VMSOCK_VM_STATE_STARTING },
    { 32787, VMSOCK_VM_STATE_STARTING }, { 32788, VMSOCK_VM_STATE_STOPPING }, { 32789, VMSOCK_VM_STATE_STOPPING },
    { 32790, VMSOCK_VM_STATE_STARTING }, { 32791, VMSOCK_VM_STATE_SAVED }, { 32792, VMSOCK_VM_STATE_STOPPING },
    /* v1 */
    { 32768, VMSOCK_VM_STATE_PAUSED }, { 32769, VMSOCK_VM_STATE_SAVED }, { 32770, VMSOCK_VM_STATE_STARTING },
    { 32771, VMSOCK_VM_STATE_RUNNING }, { 32774, VMSOCK_VM_STATE_STOPPING },
    /* Not documented, or not a state at all */
    { 12, VMSOCK_VM_STATE_UNKNOWN }, { 32772, VMSOCK_VM_STATE_UNKNOWN }, { 32775, VMSOCK_VM_STATE_UNKNOWN },
    { 32778, VMSOCK_VM_STATE_UNKNOWN }, { 32793, VMSOCK_VM_STATE_UNKNOWN }, { 65535, VMSOCK_VM_STATE_UNKNOWN },
    { -1, VMSOCK_VM_STATE_UNKNOWN }, { 65536 + 2, VMSOCK_VM_STATE_UNKNOWN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_test_message ("EnabledState %" G_GINT64_FORMAT, states[i].enabled_state);
      g_assert_cmpint (vmsock_hyperv_state_from_enabled_state (states[i].enabled_state), ==, states[i].state);
    }
}

/* VMs in the states that come and go, as Windows PowerShell 5.1 prints them. */
static void
test_transitions (void)
{
  g_autofree char *ps51 = fixture ("ps51-transitions.json");
  g_autoptr(GPtrArray) vms = NULL;
  g_autoptr(GError) error = NULL;

  vms = vmsock_hyperv_parse_json (ps51, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vms->len, ==, 5);
  assert_vm (vms->pdata[0], "6A1E0C7B-2D4F-4E85-9B3A-7C6D5E4F3A21", "Saving now", VMSOCK_VM_STATE_STOPPING);
  assert_vm (vms->pdata[1], "7B2F1D8C-3E5A-4F96-8C4B-8D7E6F5A4B32", "Storage gone", VMSOCK_VM_STATE_RUNNING);
  assert_vm (vms->pdata[2], "8C3A2E9D-4F6B-4A07-9D5C-9E8F7A6B5C43", "Off, storage gone", VMSOCK_VM_STATE_OFF);
  /* A value Microsoft has not documented, and none at all. */
  assert_vm (vms->pdata[3], "9D4B3FAE-5A7C-4B18-8E6D-AF9A8B7C6D54", "Tomorrow's state", VMSOCK_VM_STATE_UNKNOWN);
  assert_vm (vms->pdata[4], "AE5C4ABF-6B8D-4C29-9F7E-BAAB9C8D7E65", "Planned", VMSOCK_VM_STATE_UNKNOWN);
}

static void
test_bad (void)
{
  static const TestBadToolOutput bad[] = {
    { "{\"Name\": \"5F3E2D1C-0B9A-4877-8665-544332211000\"", "malformed JSON" },
    { "\"just a string\"", "neither an object nor an array" },
    { "[{\"Name\": \"5F3E2D1C-0B9A-4877-8665-544332211000\"}, 7]", "not an object (entry 2)" },
    { "[{\"ElementName\": \"no name\"}]", "without a Name (entry 1)" },
  };

  test_tool_output_refuses (vmsock_hyperv_parse_json, bad, G_N_ELEMENTS (bad));
}

/* Nesting deeper than json-glib's recursion goes is refused before json-glib
 * reads it; up to the bound, the JSON is read as any other. */
static void
test_deep (void)
{
  test_tool_output_json_depth (vmsock_hyperv_parse_json, "PowerShell printed");
}

static VmsockVmListing *
list_with_standin (const char *mode)
{
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;
  VmsockVmListing *listing;

  g_setenv ("HYPERV_STANDIN", mode, TRUE);
  discovery = vmsock_discovery_new ();
  g_assert_cmpuint (vmsock_discovery_get_providers (discovery)->len, ==, 1);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  return listing;
}

static void
test_plugin (void)
{
  g_autoptr(VmsockVmListing) ps51 = list_with_standin ("ps51");
  g_autoptr(VmsockVmListing) empty = list_with_standin ("empty");
  g_autoptr(VmsockVmListing) denied = list_with_standin ("denied");
  g_autoptr(VmsockVmListing) garbled = list_with_standin ("garbled");

  g_assert_cmpuint (vmsock_vm_listing_get_vms (ps51)->len, ==, 2);
  g_assert_null (vmsock_vm_listing_get_source_error (ps51, "hyperv"));
  g_assert_cmpuint (vmsock_vm_listing_get_vms (empty)->len, ==, 0);
  g_assert_null (vmsock_vm_listing_get_source_error (empty, "hyperv"));
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (denied, "hyperv"),
                  G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (garbled, "hyperv"),
                  VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
}

int
main (int argc, char **argv)
{
  g_autofree char *standin_dir = NULL;
  g_autofree char *path = NULL;

  g_test_init (&argc, &argv, NULL);

  /* The stand-in powershell.exe, built beside the test, comes first on PATH. */
  standin_dir = g_test_build_filename (G_TEST_BUILT, "hyperv", NULL);
  path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, standin_dir, g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);
  g_unsetenv ("SystemRoot");

  g_test_add_func ("/hyperv/shapes", test_shapes);
  g_test_add_func ("/hyperv/states", test_states);
  g_test_add_func ("/hyperv/transitions", test_transitions);
  g_test_add_func ("/hyperv/bad", test_bad);
  g_test_add_func ("/hyperv/deep", test_deep);
  g_test_add_func ("/hyperv/plugin", test_plugin);

  return g_test_run ();
}
