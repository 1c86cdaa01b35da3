/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The hcsdiag provider plugin: its parsers against captured and derived
 * output, and the plugin running a stand-in hcsdiag.exe that prints it.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include <libvmsock-glib/vmsock.h>

#include "test-process.h"
#include "test-tool-output.h"
#include "vmsock-hcsdiag-parser.h"

static char *
fixture (const char *name)
{
  return test_tool_output_fixture ("hcsdiag", name);
}

static void
assert_system (VmsockVm      *vm,
               const char    *id,
               const char    *kind,
               VmsockVmState  state,
               const char    *runtime_id,
               const char    *owner)
{
  VmsockGuid expected;
  const char *extra_owner = NULL;
  const char *extra_kind = NULL;

  g_assert_true (vmsock_guid_parse (runtime_id, &expected, NULL));
  g_assert_cmpstr (vmsock_vm_get_provider (vm), ==, "hcsdiag");
  g_assert_cmpstr (vmsock_vm_get_id (vm), ==, id);
  g_assert_cmpint (vmsock_vm_get_state (vm), ==, state);
  g_assert_nonnull (vmsock_vm_get_vm_id (vm));
  g_assert_true (vmsock_guid_equal (vmsock_vm_get_vm_id (vm), &expected));
  g_assert_false (vmsock_vm_get_cid (vm, NULL));
  g_assert_true (g_variant_lookup (vmsock_vm_get_extras (vm), "kind", "&s", &extra_kind));
  g_assert_cmpstr (extra_kind, ==, kind);
  if (owner != NULL)
    {
      g_assert_true (g_variant_lookup (vmsock_vm_get_extras (vm), "owner", "&s", &extra_owner));
      g_assert_cmpstr (extra_owner, ==, owner);
    }
  else
    g_assert_false (g_variant_lookup (vmsock_vm_get_extras (vm), "owner", "&s", &extra_owner));
}

static void
check_text_systems (GPtrArray *vms)
{
  g_assert_cmpuint (vms->len, ==, 5);
  assert_system (vms->pdata[0], "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82", "vm", VMSOCK_VM_STATE_RUNNING,
                 "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", "WSL");
  assert_system (vms->pdata[1], "2bd841e4-126a-11ed-9a91-f01dbca16d1e", "vm", VMSOCK_VM_STATE_RUNNING,
                 "2bd841e4-126a-11ed-9a91-f01dbca16d1e", "wssdagent");
  /* Indented with a tab. */
  assert_system (vms->pdata[2], "88d7aa8c-0d1f-4786-b4cb-62eff1decd92", "vm", VMSOCK_VM_STATE_SAVED,
                 "88d7aa8c-0d1f-4786-b4cb-62eff1decd92", "CmService");
  /* A container: its VM ID is its utility VM, not its Id. */
  assert_system (vms->pdata[3], "3f5e7d0a8c1b4e2f9a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f",
                 "container", VMSOCK_VM_STATE_PAUSED, "5c0b1e2d-3a4f-4e5d-8c6b-7a9e0f1d2c3b", "docker");
  /* A container template: no owner. */
  assert_system (vms->pdata[4], "Template-0001", "container-template", VMSOCK_VM_STATE_OFF,
                 "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", NULL);
}

#ifdef HAVE_JSON_GLIB
static void
check_json_systems (GPtrArray *vms)
{
  g_assert_cmpuint (vms->len, ==, 3);
  assert_system (vms->pdata[0], "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82", "vm", VMSOCK_VM_STATE_RUNNING,
                 "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", "WSL");
  assert_system (vms->pdata[1], "3f5e7d0a8c1b4e2f9a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f",
                 "container", VMSOCK_VM_STATE_PAUSED, "5c0b1e2d-3a4f-4e5d-8c6b-7a9e0f1d2c3b", "docker");
  /* Never started: no State at all, which says nothing about its state. */
  assert_system (vms->pdata[2], "c0ffee00-0000-4000-8000-000000000001", "vm", VMSOCK_VM_STATE_UNKNOWN,
                 "c0ffee00-0000-4000-8000-000000000001", "VMMS");
}
#endif

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The Ids of @vms in byte order, one a line. */
static char *
ids_of (GPtrArray *vms)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < vms->len; i++)
    g_ptr_array_add (ids, (gpointer) vmsock_vm_get_id (vms->pdata[i]));
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) ids->pdata[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define TEXT_VMS \
  "2bd841e4-126a-11ed-9a91-f01dbca16d1e\n" \
  "88d7aa8c-0d1f-4786-b4cb-62eff1decd92\n" \
  "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n"
#define JSON_VMS \
  "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n" \
  "c0ffee00-0000-4000-8000-000000000001\n"

static void
test_parse_text (void)
{
  g_autofree char *text = fixture ("list.txt");
  g_autoptr(GPtrArray) vms = NULL;
  g_autoptr(GPtrArray) from_crlf = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *crlf = g_strjoinv ("\r\n", lines);
  g_autoptr(GError) error = NULL;

  vms = vmsock_hcsdiag_parse_text (text, &error);
  g_assert_no_error (error);
  check_text_systems (vms);

  /* As Windows ends its lines. */
  from_crlf = vmsock_hcsdiag_parse_text (crlf, &error);
  g_assert_no_error (error);
  check_text_systems (from_crlf);

  empty = vmsock_hcsdiag_parse_text ("\r\n\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
}

/* Types hcsdiag was not known to print, and states in any case. */
static void
test_parse_text_kinds_and_states (void)
{
  g_autoptr(GPtrArray) vms = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL;

  vms = vmsock_hcsdiag_parse_text ("a\n    vm, running, EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n\n"
                                   "b\n    Process Container, Unknown, EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n\n"
                                   "c\n    VM, Frobnicated, EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n",
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vms->len, ==, 3);
  assert_system (vms->pdata[0], "a", "vm", VMSOCK_VM_STATE_RUNNING, "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", NULL);
  assert_system (vms->pdata[1], "b", "other", VMSOCK_VM_STATE_UNKNOWN, "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", NULL);
  assert_system (vms->pdata[2], "c", "vm", VMSOCK_VM_STATE_UNKNOWN, "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", NULL);
  /* The type as hcsdiag printed it stays beside the kind. */
  g_assert_true (g_variant_lookup (vmsock_vm_get_extras (vms->pdata[1]), "type", "&s", &type));
  g_assert_cmpstr (type, ==, "Process Container");
}

static void
test_keep_only_vms (void)
{
  g_autofree char *text = fixture ("list.txt");
  g_autoptr(GPtrArray) vms = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  vms = vmsock_hcsdiag_parse_text (text, &error);
  g_assert_no_error (error);
  vmsock_hcsdiag_keep_only_vms (vms);
  ids = ids_of (vms);
  g_assert_cmpstr (ids, ==, TEXT_VMS);

  /* A machine with only containers has no VMs. */
  none = vmsock_hcsdiag_parse_text ("Template-0001\n"
                                    "    Hyper-V Container Template, Stopped, 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 1);
  vmsock_hcsdiag_keep_only_vms (none);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_parse_text_bad (void)
{
  static const TestBadToolOutput bad[] = {
    { "    VM, Running, EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82, WSL\n", "without a compute system" },
    { "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n", "without its details line" },
    { "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n\n    VM, Running, x, y\n", "without its details line" },
    { "EED44DAF\nVM, Running, EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n", "without its details line" },
    { "EED44DAF\n    VM, Running\n", "2 fields" },
    { "EED44DAF\n    VM, Running, a, b, c\n", "5 fields" },
    { "EED44DAF\n    VM, Running, not-a-guid, WSL\n", "not a GUID" },
    { "EED44DAF\n    VM, Running, {EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB8}, WSL\n", "not a GUID" },
  };

  test_tool_output_refuses (vmsock_hcsdiag_parse_text, bad, G_N_ELEMENTS (bad));
}

#ifdef HAVE_JSON_GLIB
static void
test_parse_json (void)
{
  g_autofree char *json = fixture ("list-raw.json");
  g_autoptr(GPtrArray) vms = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vmsock_hcsdiag_output_is_json (json));
  vms = vmsock_hcsdiag_parse_json (json, &error);
  g_assert_no_error (error);
  check_json_systems (vms);

  none = vmsock_hcsdiag_parse_json ("[]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}
#endif

#ifdef HAVE_JSON_GLIB
static void
test_parse_json_bad (void)
{
  static const TestBadToolOutput bad[] = {
    { "[{\"Id\": \"a\"", "malformed JSON" },
    { "{\"Id\": \"a\"}", "not an array" },
    { "[1, 2]", "not an object (entry 1)" },
    { "[{\"Id\": \"a\"}, {\"State\": \"Running\"}]", "without an Id (entry 2)" },
    { "[{\"Id\": 7}]", "without an Id (entry 1)" },
    { "[{\"Id\": \"a\", \"RuntimeId\": \"nope\"}]", "not a GUID" },
  };

  test_tool_output_refuses (vmsock_hcsdiag_parse_json, bad, G_N_ELEMENTS (bad));
}
#endif

#ifdef HAVE_JSON_GLIB
/* Nesting deeper than json-glib's recursion goes is refused before json-glib
 * reads it; up to the bound, the JSON is read as any other. */
static void
test_parse_json_deep (void)
{
  test_tool_output_json_depth (vmsock_hcsdiag_parse_json, "hcsdiag list -raw");
}
#endif

static void
test_output_kinds (void)
{
  g_autofree char *help = fixture ("help.txt");
  g_autofree char *denied = fixture ("access-denied.txt");

  g_assert_false (vmsock_hcsdiag_output_is_json (help));
  g_assert_true (vmsock_hcsdiag_output_is_json ("  \r\n[]"));
  g_assert_true (vmsock_hcsdiag_output_is_access_denied (denied));
  g_assert_false (vmsock_hcsdiag_output_is_access_denied (help));
}

/* --- The plugin, running the stand-in. --- */

/* Lists with the provider's include-containers property at @include_containers. */
static VmsockVmListing *
list_with_standin_including (const char *mode,
                             guint       timeout_ms,
                             gboolean    include_containers)
{
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;
  VmsockVmListing *listing;
  VmsockVmProvider *provider;
  gboolean included = TRUE;

  g_setenv ("HCSDIAG_STANDIN", mode, TRUE);
  discovery = vmsock_discovery_new ();
  g_assert_cmpuint (vmsock_discovery_get_providers (discovery)->len, ==, 1);
  provider = g_ptr_array_index (vmsock_discovery_get_providers (discovery), 0);
  /* VMs only unless asked. */
  g_object_get (provider, "include-containers", &included, NULL);
  g_assert_false (included);
  if (include_containers)
    g_object_set (provider, "include-containers", TRUE, NULL);
  vmsock_discovery_set_provider_timeout (discovery, timeout_ms);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  return listing;
}

static VmsockVmListing *
list_with_standin (const char *mode,
                   guint       timeout_ms)
{
  return list_with_standin_including (mode, timeout_ms, FALSE);
}

/* The VMs of @listing, which must have no failed source. */
static GPtrArray *
vms_of (VmsockVmListing *listing)
{
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

  g_assert_cmpuint (g_strv_length (failed), ==, 0);
  return vmsock_vm_listing_get_vms (listing);
}

#ifdef HAVE_JSON_GLIB
static void
test_plugin_json (void)
{
  g_autoptr(VmsockVmListing) listing = list_with_standin ("json", 10000);
  g_autoptr(VmsockVmListing) all = list_with_standin_including ("json", 10000, TRUE);
  g_autofree char *ids = ids_of (vms_of (listing));
  g_autofree char *all_ids = ids_of (vms_of (all));

  /* The container is left out, unless asked for. */
  g_assert_cmpstr (ids, ==, JSON_VMS);
  g_assert_cmpstr (all_ids, ==, "3f5e7d0a8c1b4e2f9a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f\n" JSON_VMS);
}
#endif

static void
test_plugin_falls_back_to_text (void)
{
  g_autoptr(VmsockVmListing) listing = list_with_standin ("text", 10000);
  g_autoptr(VmsockVmListing) all = list_with_standin_including ("text", 10000, TRUE);
  g_autofree char *ids = ids_of (vms_of (listing));
  g_autofree char *all_ids = ids_of (vms_of (all));

  /* The container and the container template are left out, unless asked for. */
  g_assert_cmpstr (ids, ==, TEXT_VMS);
  g_assert_cmpstr (all_ids, ==, "2bd841e4-126a-11ed-9a91-f01dbca16d1e\n"
                                "3f5e7d0a8c1b4e2f9a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f\n"
                                "88d7aa8c-0d1f-4786-b4cb-62eff1decd92\n"
                                "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\n"
                                "Template-0001\n");
}

static void
test_plugin_access_denied (void)
{
  g_autoptr(VmsockVmListing) listing = list_with_standin ("denied", 10000);
  const GError *error = vmsock_vm_listing_get_source_error (listing, "hcsdiag");

  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "Hyper-V Administrators"));
}

#ifdef HAVE_JSON_GLIB
static void
test_plugin_garbled (void)
{
  g_autoptr(VmsockVmListing) listing = list_with_standin ("garbled", 10000);

  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "hcsdiag"),
                  VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
}

/* JSON nested deeper than json-glib's recursion goes is an error of the
 * source, not the end of the plugin host. */
static void
test_plugin_deep (void)
{
  g_autoptr(VmsockVmListing) listing = list_with_standin ("deep", 10000);
  const GError *error = vmsock_vm_listing_get_source_error (listing, "hcsdiag");

  g_assert_error ((GError *) error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nest deeper than"));
}

#endif

/* The PIDs the hanging stand-in wrote, its own then its child's, or FALSE
 * while it has not written them all. */
static gboolean
read_hanging_pids (const char *pid_file,
                   guint32    *standin,
                   guint32    *child)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 pids[2];
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (pid_file, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  if (g_strv_length (lines) < 3)
    return FALSE;
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (g_ascii_string_to_unsigned (g_strchomp (lines[i]), 10, 1, G_MAXUINT32, &pids[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (pids[0], !=, pids[1]);
  *standin = (guint32) pids[0];
  *child = (guint32) pids[1];
  return TRUE;
}

/* Asserts that the hanging stand-in and its child end within 5 s. */
static void
assert_hanging_pids_end (guint32 standin,
                         guint32 child)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((test_process_is_alive (standin) || test_process_is_alive (child)) &&
         g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_false (test_process_is_alive (standin));
  g_assert_false (test_process_is_alive (child));
}

/* A time limit long enough for the plugin host to start the stand-in, even
 * under valgrind, or under wine on a busy machine (where starting a program
 * takes seconds). */
#ifdef G_OS_WIN32
#define STANDIN_START_LIMIT_MS 10000
#else
#define STANDIN_START_LIMIT_MS 2000
#endif

static void
test_plugin_hang_is_killed (void)
{
  g_autofree char *directory = g_dir_make_tmp ("vmsock-hcsdiag-XXXXXX", NULL);
  g_autofree char *pid_file = g_build_filename (directory, "pid", NULL);
  g_autoptr(VmsockVmListing) listing = NULL;
  guint32 standin, child;

  g_setenv ("HCSDIAG_STANDIN_PID_FILE", pid_file, TRUE);
  listing = list_with_standin ("hang", STANDIN_START_LIMIT_MS);
  g_unsetenv ("HCSDIAG_STANDIN_PID_FILE");

  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "hcsdiag"),
                  VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT);

  /* The hung hcsdiag itself was stopped, not only the wait for it, and so
   * was what it had started. */
  g_assert_true (read_hanging_pids (pid_file, &standin, &child));
  assert_hanging_pids_end (standin, child);

  g_unlink (pid_file);
  g_rmdir (directory);
}

/* This test program, to run one of its tests in a process of its own. */
static const char *test_program;

/* A caller that ends while a plugin hangs takes the plugin host along, and
 * what the plugin started. */
static void
test_plugin_ends_with_caller (void)
{
  g_autofree char *directory = NULL;
  g_autofree char *pid_file = NULL;
  const char *argv[] = { test_program, "--GTestSubprocess", "-p", g_test_get_path (), NULL };
  g_autoptr(GSubprocess) caller = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  guint32 standin, child;

  if (g_test_subprocess ())
    {
      /* No time limit: only the end of this process ends the plugin. */
      g_object_unref (list_with_standin ("hang", 0));
      g_assert_not_reached ();
    }

  directory = g_dir_make_tmp ("vmsock-hcsdiag-XXXXXX", NULL);
  pid_file = g_build_filename (directory, "pid", NULL);
  g_setenv ("HCSDIAG_STANDIN_PID_FILE", pid_file, TRUE);
  caller = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_unsetenv ("HCSDIAG_STANDIN_PID_FILE");
  g_assert_no_error (error);

  /* Long enough for the plugin host to start the stand-in, even under valgrind. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!read_hanging_pids (pid_file, &standin, &child) && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_true (read_hanging_pids (pid_file, &standin, &child));

  /* Not a way to end that lets the caller clean up. */
  g_subprocess_force_exit (caller);
  g_assert_true (g_subprocess_wait (caller, NULL, &error));
  g_assert_no_error (error);
  assert_hanging_pids_end (standin, child);

  g_unlink (pid_file);
  g_rmdir (directory);
}

/* PATH as the test found it, without the stand-in: on Windows it also
 * finds the DLLs that the plugin host needs. */
static char *path_without_standin;

static void
test_plugin_not_found (void)
{
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autoptr(VmsockVmListing) listing = NULL;

  g_setenv ("PATH", path_without_standin, TRUE);
  listing = list_with_standin ("json", 10000);
  g_setenv ("PATH", path, TRUE);

  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "hcsdiag"),
                  VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE);
}

#ifdef HAVE_JSON_GLIB
#define JSON_TEST(test) (test)
#else
static void
skip_without_json (void)
{
  g_test_skip ("this build has no JSON support (json-glib)");
}
#define JSON_TEST(test) skip_without_json
#endif

int
main (int argc, char **argv)
{
  g_autofree char *standin_dir = NULL;
  g_autofree char *path = NULL;

  g_test_init (&argc, &argv, NULL);
  test_program = argv[0];

  /* The stand-in hcsdiag.exe, built beside the test, comes first on PATH. */
  standin_dir = g_test_build_filename (G_TEST_BUILT, "hcsdiag", NULL);
  path_without_standin = g_strdup (g_getenv ("PATH"));
  path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, standin_dir, g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);
  g_unsetenv ("SystemRoot");

  g_test_add_func ("/hcsdiag/parse-text", test_parse_text);
  g_test_add_func ("/hcsdiag/parse-text-bad", test_parse_text_bad);
  g_test_add_func ("/hcsdiag/parse-text-kinds-and-states", test_parse_text_kinds_and_states);
  g_test_add_func ("/hcsdiag/keep-only-vms", test_keep_only_vms);
  g_test_add_func ("/hcsdiag/parse-json", JSON_TEST (test_parse_json));
  g_test_add_func ("/hcsdiag/parse-json-bad", JSON_TEST (test_parse_json_bad));
  g_test_add_func ("/hcsdiag/parse-json-deep", JSON_TEST (test_parse_json_deep));
  g_test_add_func ("/hcsdiag/output-kinds", test_output_kinds);
  g_test_add_func ("/hcsdiag/plugin-json", JSON_TEST (test_plugin_json));
  g_test_add_func ("/hcsdiag/plugin-falls-back-to-text", test_plugin_falls_back_to_text);
  g_test_add_func ("/hcsdiag/plugin-access-denied", test_plugin_access_denied);
  g_test_add_func ("/hcsdiag/plugin-garbled", JSON_TEST (test_plugin_garbled));
  g_test_add_func ("/hcsdiag/plugin-deep", JSON_TEST (test_plugin_deep));
  g_test_add_func ("/hcsdiag/plugin-hang-is-killed", test_plugin_hang_is_killed);
  g_test_add_func ("/hcsdiag/plugin-ends-with-caller", test_plugin_ends_with_caller);
  g_test_add_func ("/hcsdiag/plugin-not-found", test_plugin_not_found);

  return g_test_run ();
}
