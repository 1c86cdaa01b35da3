/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The WMI query module of the Hyper-V provider against the namespace every
 * Windows has, ROOT\CIMV2: real values of the machine the test runs on.
 */

#define COBJMACROS
#include <windows.h>

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-wmi.h"

#define CIMV2 "ROOT\\CIMV2"

static GPtrArray *
query (const char          *wql,
       const char * const  *properties,
       GError             **error)
{
  return vmsock_wmi_query (CIMV2, wql, properties, 20000, NULL, error);
}

static void
test_processes (void)
{
  /* Windows spells the property ProcessId, wine ProcessID: WMI ignores
   * case, and rows carry the names asked for. */
  static const char * const properties[] = { "Name", "ProcessId", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint found = 0;

  rows = query ("SELECT Name, ProcessId FROM Win32_Process", properties, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, >, 1);

  for (guint i = 0; i < rows->len; i++)
    {
      GVariant *row = g_ptr_array_index (rows, i);
      const char *name = NULL;
      gint64 pid = -1;

      g_assert_true (g_variant_is_of_type (row, G_VARIANT_TYPE_VARDICT));
      g_assert_true (g_variant_lookup (row, "Name", "&s", &name));
      g_assert_true (g_variant_lookup (row, "ProcessId", "x", &pid));
      g_assert_cmpint (pid, >=, 0);
      if (pid == (gint64) GetCurrentProcessId ())
        {
          g_assert_cmpint (g_ascii_strcasecmp (name, "wmi-query.exe"), ==, 0);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 1);
}

static void
test_operating_system (void)
{
  static const char * const properties[] = {
    "Caption", "Version", "BuildNumber", "SystemDirectory", "Primary", "OSLanguage",
    "TotalVisibleMemorySize", "CSDVersion", "NotAskedFor", NULL
  };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) version_parts = NULL;
  GVariant *row;
  const char *caption, *version, *build, *system_directory;
  gboolean primary = FALSE;
  gint64 language = 0, total_kib = 0;
  wchar_t expected_directory_utf16[MAX_PATH];
  g_autofree char *expected_directory = NULL;
  MEMORYSTATUSEX memory = { .dwLength = sizeof memory };

  rows = query ("SELECT Caption, Version, BuildNumber, SystemDirectory, Primary, OSLanguage, "
                "TotalVisibleMemorySize, CSDVersion FROM Win32_OperatingSystem",
                properties, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);

  /* Strings. */
  g_assert_true (g_variant_lookup (row, "Caption", "&s", &caption));
  g_assert_true (g_str_has_prefix (caption, "Microsoft Windows"));
  g_assert_true (g_variant_lookup (row, "Version", "&s", &version));
  g_assert_true (g_variant_lookup (row, "BuildNumber", "&s", &build));
  version_parts = g_strsplit (version, ".", -1);
  g_assert_cmpuint (g_strv_length (version_parts), ==, 3);
  g_assert_cmpstr (version_parts[2], ==, build);

  g_assert_true (g_variant_lookup (row, "SystemDirectory", "&s", &system_directory));
  g_assert_cmpuint (GetSystemDirectoryW (expected_directory_utf16, MAX_PATH), >, 0);
  expected_directory = g_utf16_to_utf8 (expected_directory_utf16, -1, NULL, NULL, NULL);
  g_assert_cmpint (g_ascii_strcasecmp (system_directory, expected_directory), ==, 0);

  /* A boolean, a uint32 and a uint64, which WMI carries as a string. */
  g_assert_true (g_variant_lookup (row, "Primary", "b", &primary));
  g_assert_true (primary);
  g_assert_true (g_variant_lookup (row, "OSLanguage", "x", &language));
  g_assert_cmpint (language, >, 0);
  g_assert_true (g_variant_lookup (row, "TotalVisibleMemorySize", "x", &total_kib));
  g_assert_true (GlobalMemoryStatusEx (&memory));
  g_assert_cmpint (total_kib, ==, (gint64) (memory.ullTotalPhys / 1024));

  /* NULL (no service pack since Windows 10), and not in the class. */
  g_assert_null (g_variant_lookup_value (row, "CSDVersion", NULL));
  g_assert_null (g_variant_lookup_value (row, "NotAskedFor", NULL));
}

static void
test_bad_query (void)
{
  static const char * const properties[] = { "Name", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = query ("SELEKT Name FROM Win32_Process", properties, &error);
  g_assert_null (rows);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "SELEKT Name FROM Win32_Process"));
  g_assert_nonnull (strstr (error->message, CIMV2));
  g_assert_nonnull (strstr (error->message, "not valid WQL"));
  g_assert_nonnull (strstr (error->message, "HRESULT 0x80041017"));
}

static void
test_bad_namespace (void)
{
  static const char * const properties[] = { "Name", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = vmsock_wmi_query ("ROOT\\NoSuchNamespace", "SELECT Name FROM Win32_Process", properties,
                           20000, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "ROOT\\NoSuchNamespace"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_nonnull (strstr (error->message, "HRESULT 0x8004100E"));
}

static void
test_cancelled (void)
{
  static const char * const properties[] = { "Name", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  rows = vmsock_wmi_query (CIMV2, "SELECT Name FROM Win32_Process", properties, 20000,
                           cancellable, &error);
  g_assert_null (rows);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_no_time (void)
{
  static const char * const properties[] = { "Name", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = vmsock_wmi_query (CIMV2, "SELECT Name FROM Win32_Process", properties, 0, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, CIMV2));
}

typedef enum
{
  CALLER_LEFT_COM_ALONE,
  CALLER_CHOSE_MTA,
  CALLER_CHOSE_STA,
} CallerApartment;

/* A query from a thread where the caller did what @data says to COM
 * first: the query works, and leaves the thread's COM as it found it. */
static gpointer
query_in_apartment (gpointer data)
{
  static const char * const properties[] = { "Version", NULL };
  CallerApartment caller = GPOINTER_TO_INT (data);
  DWORD model = caller == CALLER_CHOSE_STA ? COINIT_APARTMENTTHREADED : COINIT_MULTITHREADED;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  HRESULT hr;

  if (caller != CALLER_LEFT_COM_ALONE)
    g_assert_cmphex (CoInitializeEx (NULL, model), ==, S_OK);

  rows = query ("SELECT Version FROM Win32_OperatingSystem", properties, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);

  hr = CoInitializeEx (NULL, model);
  if (caller == CALLER_LEFT_COM_ALONE)
    {
      /* Nothing left behind. */
      g_assert_cmphex (hr, ==, S_OK);
    }
  else
    {
      /* Still initialized, exactly once: the caller's. */
      g_assert_cmphex (hr, ==, S_FALSE);
      CoUninitialize ();
      CoUninitialize ();
      g_assert_cmphex (CoInitializeEx (NULL, model), ==, S_OK);
    }
  CoUninitialize ();
  return NULL;
}

static void
test_apartments (void)
{
  for (CallerApartment caller = CALLER_LEFT_COM_ALONE; caller <= CALLER_CHOSE_STA; caller++)
    g_thread_join (g_thread_new ("query", query_in_apartment, GINT_TO_POINTER (caller)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wmi/processes", test_processes);
  g_test_add_func ("/wmi/operating-system", test_operating_system);
  g_test_add_func ("/wmi/bad-query", test_bad_query);
  g_test_add_func ("/wmi/bad-namespace", test_bad_namespace);
  g_test_add_func ("/wmi/cancelled", test_cancelled);
  g_test_add_func ("/wmi/no-time", test_no_time);
  g_test_add_func ("/wmi/apartments", test_apartments);

  return g_test_run ();
}
