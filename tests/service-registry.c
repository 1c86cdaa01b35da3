/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service registry: registration rules, files left intact, concurrent
 * writers, and the .reg format; on Windows, the machine's registry kept in
 * Hyper-V's own registry key.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#ifdef G_OS_WIN32
#include <windows.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <libvmsock-glib/vmsock.h>

#include "test-limits.h"

#define GUEST_SERVICES_KEY \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices"

static VmsockGuid
guid_from (const char *text)
{
  VmsockGuid guid;

  g_assert_true (vmsock_guid_parse (text, &guid, NULL));
  return guid;
}

#ifdef HAVE_JSON_GLIB
typedef struct
{
  char *folder;
  char *path;
  VmsockServiceRegistry *registry;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("vmsock-registry-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->folder, "sub", "services.json", NULL);
  fixture->registry = vmsock_service_registry_new_for_path (fixture->path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_unref (fixture->registry);
  remove_tree (fixture->folder);
  g_free (fixture->path);
  g_free (fixture->folder);
}

static void
test_register_and_list (Fixture       *fixture,
                        gconstpointer  data)
{
  VmsockGuid ssh_id = guid_from ("00000016-facb-11e6-bd58-64006a7986d3");
  g_autoptr(GError) error = NULL;
  g_autoptr(VmsockService) ssh = NULL;
  g_autoptr(VmsockService) web = NULL;
  g_autoptr(VmsockService) found = NULL;
  g_autoptr(GPtrArray) services = NULL;
  gboolean added = FALSE;
  guint32 port = 0;

  /* A registry whose file does not exist yet is empty. */
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 0);
  g_clear_pointer (&services, g_ptr_array_unref);

  web = vmsock_service_registry_register (fixture->registry, "web", NULL, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  g_assert_false (vmsock_guid_is_zero (vmsock_service_get_service_id (web)));
  g_assert_false (vmsock_service_get_vsock_port (web, NULL));

  ssh = vmsock_service_registry_register (fixture->registry, "ssh", &ssh_id, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  g_assert_true (vmsock_service_get_vsock_port (ssh, &port));
  g_assert_cmpuint (port, ==, 22);

  /* Sorted by name, and the same when read back by another object. */
  g_clear_object (&fixture->registry);
  fixture->registry = vmsock_service_registry_new_for_path (fixture->path);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);
  g_assert_cmpstr (vmsock_service_get_name (services->pdata[0]), ==, "ssh");
  g_assert_cmpstr (vmsock_service_get_name (services->pdata[1]), ==, "web");
  g_assert_true (vmsock_guid_equal (vmsock_service_get_service_id (services->pdata[1]),
                                    vmsock_service_get_service_id (web)));

  found = vmsock_service_registry_lookup (fixture->registry, "ssh", &error);
  g_assert_no_error (error);
  g_assert_true (vmsock_guid_equal (vmsock_service_get_service_id (found), &ssh_id));
  g_clear_object (&found);

  found = vmsock_service_registry_lookup (fixture->registry, "nope", &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_NOT_FOUND);
  g_assert_null (found);
}

static void
test_idempotent_and_conflicts (Fixture       *fixture,
                               gconstpointer  data)
{
  VmsockGuid ssh_id = guid_from ("00000016-facb-11e6-bd58-64006a7986d3");
  VmsockGuid other_id = guid_from ("00000017-facb-11e6-bd58-64006a7986d3");
  g_autoptr(VmsockService) first = NULL;
  g_autoptr(VmsockService) again = NULL;
  g_autoptr(VmsockService) conflict = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean added = TRUE;

  first = vmsock_service_registry_register (fixture->registry, "ssh", &ssh_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->path, &before, NULL, NULL));

  /* The same name again, with its ID or with none: nothing changes. */
  again = vmsock_service_registry_register (fixture->registry, "ssh", &ssh_id, &added, &error);
  g_assert_no_error (error);
  g_assert_false (added);
  g_clear_object (&again);
  again = vmsock_service_registry_register (fixture->registry, "ssh", NULL, &added, &error);
  g_assert_no_error (error);
  g_assert_false (added);
  g_assert_true (vmsock_guid_equal (vmsock_service_get_service_id (again), &ssh_id));

  conflict = vmsock_service_registry_register (fixture->registry, "ssh", &other_id, &added, &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_CONFLICT);
  g_assert_nonnull (strstr (error->message, "00000016-facb-11e6-bd58-64006a7986d3"));
  g_assert_null (conflict);
  g_clear_error (&error);

  conflict = vmsock_service_registry_register (fixture->registry, "shell", &ssh_id, &added, &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_CONFLICT);
  g_assert_nonnull (strstr (error->message, "“ssh”"));
  g_assert_null (conflict);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_names (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const bad_names[] = {
    "", " leading", "trailing ", "new\nline", "tab\there", "\xff\xfe", "bell\a",
  };
  g_autofree char *long_name = g_strnfill (257, 'x');
  g_autofree char *longest_name = g_strnfill (256, 'x');
  VmsockGuid zero = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VmsockService) service = NULL;

      service = vmsock_service_registry_register (fixture->registry, bad_names[i], NULL, NULL, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (service);
    }
  g_assert_false (vmsock_service_name_is_valid (long_name, NULL));
  g_assert_true (vmsock_service_name_is_valid (longest_name, NULL));
  g_assert_true (vmsock_service_name_is_valid ("Mein Dienst — ünïcödé", NULL));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VmsockService) service =
      vmsock_service_registry_register (fixture->registry, "zero", &zero, NULL, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_null (service);
  }

  /* Nothing was written. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_unregister (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VmsockService) web = NULL;
  g_autoptr(VmsockService) removed = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  web = vmsock_service_registry_register (fixture->registry, "web", NULL, NULL, &error);
  g_assert_no_error (error);

  removed = vmsock_service_registry_unregister (fixture->registry, "web", &error);
  g_assert_no_error (error);
  g_assert_true (vmsock_guid_equal (vmsock_service_get_service_id (removed),
                                    vmsock_service_get_service_id (web)));
  g_clear_object (&removed);

  removed = vmsock_service_registry_unregister (fixture->registry, "web", &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_NOT_FOUND);
  g_assert_null (removed);
  g_clear_error (&error);

  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 0);
}

static void
test_malformed_files (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct
  {
    const char *contents;
    const char *message;
  } cases[] = {
    { "{ \"services\": [\n  { \"name\": \"a\",, } ] }", "services.json:2:" },
    { "", "not a JSON object" },
    { "[]", "$: not a JSON object" },
    { "{ \"version\": 2, \"services\": [] }", "newer version" },
    { "{ \"version\": \"1\" }", "version: not a format version" },
    { "{ \"services\": {} }", "services: not an array" },
    { "{ \"services\": [ 3 ] }", "services[0]: not an object" },
    { "{ \"services\": [ { \"service-id\": \"00000016-facb-11e6-bd58-64006a7986d3\" } ] }",
      "services[0]: “name”" },
    { "{ \"services\": [ { \"name\": \"a\", \"service-id\": \"not-a-guid\" } ] }",
      "services[0]: " },
    { "{ \"services\": [ { \"name\": \"a\", \"service-id\": \"00000016-facb-11e6-bd58-64006a7986d3\", \"port\": 23 } ] }",
      "services[0]: “port”" },
    { "{ \"services\": [ { \"name\": \"a\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\", \"port\": 1 } ] }",
      "services[0]: “port”" },
    { "{ \"services\": [ { \"name\": \" a\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" } ] }",
      "services[0]: " },
    { "{ \"services\": [ { \"name\": \"a\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" },"
      " { \"name\": \"a\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000002\" } ] }",
      "services[1]: the name is used twice" },
    { "{ \"services\": [ { \"name\": \"a\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" },"
      " { \"name\": \"b\", \"service-id\": \"C7E8A9B2-0000-4000-8000-000000000001\" } ] }",
      "services[1]: the service ID is used twice" },
    /* json-glib keeps the first of several values; a write would drop the rest. */
    { "{ \"services\": [] }\n"
      "{ \"services\": [ { \"name\": \"a\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" } ] }\n",
      "services.json:2: more JSON follows" },
    { "{ \"services\": [] } []", "services.json:1: more JSON follows" },
    { "var registry = { \"services\": [] };", "$: a JavaScript assignment" },
    /* json-glib cuts a string short at \u0000: "a\u0000b" would read as "a". */
    { "{ \"services\": [\n { \"name\": \"a\\u0000b\", \"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" } ] }",
      "services.json:2: a string holds \\u0000" },
    { "{ \"services\\u0000\": [] }", "services.json:1: a string holds \\u0000" },
  };
  g_autofree char *folder = g_path_get_dirname (fixture->path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) services = NULL;
      g_autoptr(VmsockService) service = NULL;
      g_autofree char *after = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, cases[i].contents);
      g_assert_true (g_file_set_contents (fixture->path, cases[i].contents, -1, NULL));

      services = vmsock_service_registry_list (fixture->registry, &error);
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, fixture->path));
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_null (services);
      g_clear_error (&error);

      service = vmsock_service_registry_register (fixture->registry, "new", NULL, NULL, &error);
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
      g_assert_null (service);
      g_clear_error (&error);

      service = vmsock_service_registry_unregister (fixture->registry, "a", &error);
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
      g_assert_null (service);

      g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, cases[i].contents);
    }
}

static void
test_unknown_members_kept_readable (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path,
                                      "{ \"version\": 1, \"comment\": \"x\", \"services\": ["
                                      " { \"name\": \"a\", \"service-id\": \"{C7E8A9B2-0000-4000-8000-000000000001}\","
                                      " \"owner\": \"ops\" } ] }", -1, NULL));
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  g_assert_cmpstr (vmsock_service_get_name (services->pdata[0]), ==, "a");
}

static void
assert_printable (const char *message)
{
  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

/* What the messages quote from the file, the caller or the path shows
 * control characters and bytes that are not UTF-8 as \xHH. */
static void
test_unprintable_messages (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path,
                                      "{ \"services\": [ { \"name\": \"a\", "
                                      "\"service-id\": \"\\u0001\\u001b[31m\" } ] }", -1, NULL));
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  assert_printable (error->message);
  g_assert_nonnull (strstr (error->message, "services[0]: “\\x01\\x1B[31m” is not a GUID"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (fixture->path, "{ \"services\": [] }", -1, NULL));
  service = vmsock_service_registry_lookup (fixture->registry, "\xff\xfe\n", &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_NOT_FOUND);
  assert_printable (error->message);
  g_assert_nonnull (strstr (error->message, "No service called “\\xFF\\xFE\\n” is registered in "));
  g_clear_error (&error);

#ifndef G_OS_WIN32
  {
    /* File names on Linux are bytes. */
    g_autofree char *odd_path = g_build_filename (fixture->folder, "odd\x01\xff", "services.json", NULL);
    g_autoptr(VmsockServiceRegistry) odd = vmsock_service_registry_new_for_path (odd_path);

    service = vmsock_service_registry_register (odd, "a", NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&service);
    service = vmsock_service_registry_lookup (odd, "b", &error);
    g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_NOT_FOUND);
    assert_printable (error->message);
    g_assert_nonnull (strstr (error->message, "odd\\x01\\xFF"));
  }
#endif
}

static void
write_registry (Fixture    *fixture,
                const char *contents,
                gssize      length)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, contents, length, NULL));
}

/* A registry with @n_containers arrays and objects in all. */
static char *
nested_registry (guint n_containers)
{
  g_autoptr(GString) text = g_string_new ("{ \"services\": [], \"x\": ");

  for (guint i = 0; i < n_containers - 2; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < n_containers - 2; i++)
    g_string_append_c (text, ']');
  g_string_append (text, " }");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A file whose containers nest deeper than json-glib's recursion can go is
 * refused before it is parsed, as is one larger than a registry can be. */
static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  const gsize depth = 200000;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *nested = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (deep, ']');
  write_registry (fixture, deep->str, deep->len);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "$: more than 4096 “[” and “{”"));
  g_assert_null (services);
  g_clear_error (&error);
  service = vmsock_service_registry_register (fixture->registry, "a", NULL, NULL, &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_null (service);
  g_clear_error (&error);

  /* 4096 containers in all are fine; one more is not. */
  g_free (nested);
  nested = nested_registry (4096);
  write_registry (fixture, nested, -1);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 0);
  g_clear_pointer (&services, g_ptr_array_unref);
  g_free (nested);
  nested = nested_registry (4097);
  write_registry (fixture, nested, -1);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "$: more than 4096 “[” and “{”"));
  g_clear_error (&error);

  /* 1 MiB is fine; a byte more is not. */
  g_string_assign (text, "{ \"services\": [] }");
  while (text->len < 1024 * 1024)
    g_string_append_c (text, ' ');
  write_registry (fixture, text->str, text->len);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_clear_pointer (&services, g_ptr_array_unref);
  g_string_append_c (text, ' ');
  write_registry (fixture, text->str, text->len);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  /* GLib puts a no-break space before the unit. */
  g_assert_nonnull (strstr (error->message, "it is larger than 1.0\u00a0MiB"));
  g_assert_null (services);
}

/* An escaped backslash before "u0000" is no NUL. */
static void
test_escaped_backslash (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  write_registry (fixture, "{ \"services\": [ { \"name\": \"a\\\\u0000b\", "
                  "\"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" } ] }", -1);
  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  g_assert_cmpstr (vmsock_service_get_name (services->pdata[0]), ==, "a\\u0000b");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files a registry folder holds, sorted. */
static char *
list_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A writer that died mid-write leaves services.json.new; the next write
 * replaces it, even as a symbolic link, and nothing else is left. */
static void
test_stale_new_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *new_path = g_strconcat (fixture->path, ".new", NULL);
  g_autofree char *files = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  write_registry (fixture, "{ \"services\": [] }", -1);
  g_assert_true (g_file_set_contents (new_path, "{ \"services\": [", -1, NULL));
  service = vmsock_service_registry_register (fixture->registry, "a", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&service);
  files = list_folder (folder);
  g_assert_cmpstr (files, ==, "services.json services.json.lock");
  g_clear_pointer (&files, g_free);

#ifndef G_OS_WIN32
  {
    g_autofree char *victim = g_build_filename (fixture->folder, "victim", NULL);

    g_assert_true (g_file_set_contents (victim, "untouched", -1, NULL));
    g_assert_no_errno (symlink (victim, new_path));
    service = vmsock_service_registry_register (fixture->registry, "b", NULL, NULL, &error);
    g_assert_no_error (error);
    files = list_folder (folder);
    g_assert_cmpstr (files, ==, "services.json services.json.lock");
    g_clear_pointer (&files, g_free);
    g_assert_true (g_file_get_contents (victim, &files, NULL, NULL));
    g_assert_cmpstr (files, ==, "untouched");
    g_assert_cmpint (g_remove (victim), ==, 0);
  }
#endif

  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, >=, 1);
}

#ifndef G_OS_WIN32
static guint
file_mode (const char *path)
{
  GStatBuf status;

  g_assert_no_errno (g_stat (path, &status));
  return status.st_mode & 07777;
}

/* A write keeps the file's mode, whatever the umask. */
static void
test_mode_kept (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;
  mode_t old_umask = umask (022);

  service = vmsock_service_registry_register (fixture->registry, "a", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&service);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0644);

  g_assert_no_errno (g_chmod (fixture->path, 0600));
  service = vmsock_service_registry_register (fixture->registry, "b", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&service);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0600);

  g_assert_no_errno (g_chmod (fixture->path, 0664));
  service = vmsock_service_registry_unregister (fixture->registry, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0664);
  umask (old_umask);
}

/* A registry that is a symbolic link is read through it, but not replaced
 * by a write: that is refused, and the link and its target stay. */
static void
test_symlinked_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->folder, "real.json", NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *after = NULL;
  const char *contents = "{ \"services\": [ { \"name\": \"a\", "
                         "\"service-id\": \"c7e8a9b2-0000-4000-8000-000000000001\" } ] }";
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (target, contents, -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_no_errno (symlink (target, fixture->path));

  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);

  service = vmsock_service_registry_register (fixture->registry, "b", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "is a symbolic link"));
  g_assert_null (service);
  g_clear_error (&error);
  service = vmsock_service_registry_unregister (fixture->registry, "a", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_null (service);

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (target, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
  g_assert_cmpint (g_remove (target), ==, 0);
}

/* The lock file is not followed through a symbolic link, which would
 * create its target, and must be a regular file. */
static void
test_lock_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *lock_path = g_strconcat (fixture->path, ".lock", NULL);
  g_autofree char *victim = g_build_filename (fixture->folder, "victim", NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_no_errno (symlink (victim, lock_path));
  service = vmsock_service_registry_register (fixture->registry, "a", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_nonnull (strstr (error->message, "is a symbolic link"));
  g_assert_null (service);
  g_assert_false (g_file_test (victim, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (lock_path), ==, 0);
  g_assert_no_errno (mkfifo (lock_path, 0644));
  service = vmsock_service_registry_register (fixture->registry, "a", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_null (service);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

/* A FIFO, or a link to a device, in the registry's place is refused at
 * once: it neither blocks nor fills memory. */
static void
test_not_regular (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *kind = data;

  if (g_test_subprocess ())
    {
      g_autofree char *folder = g_path_get_dirname (fixture->path);
      g_autoptr(GPtrArray) services = NULL;
      g_autoptr(VmsockService) service = NULL;
      g_autoptr(GError) error = NULL;

      /* Reading /dev/zero whole would take all the memory there is. */
      test_limit_heap_growth (512 * 1024 * 1024);
      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      if (g_str_equal (kind, "fifo"))
        g_assert_no_errno (mkfifo (fixture->path, 0644));
      else if (g_str_equal (kind, "dev-zero"))
        g_assert_no_errno (symlink ("/dev/zero", fixture->path));
      else
        g_assert_no_errno (g_mkdir (fixture->path, 0755));

      services = vmsock_service_registry_list (fixture->registry, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_nonnull (strstr (error->message, "it is not a regular file"));
      g_assert_null (services);
      g_clear_error (&error);
      service = vmsock_service_registry_register (fixture->registry, "a", NULL, NULL, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_null (service);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}
#endif

#define N_WRITERS 8
#define N_PER_WRITER 10

typedef struct
{
  const char *path;
  guint writer;
} Writer;

static gpointer
write_services (gpointer data)
{
  Writer *writer = data;
  g_autoptr(VmsockServiceRegistry) registry = vmsock_service_registry_new_for_path (writer->path);

  for (guint i = 0; i < N_PER_WRITER; i++)
    {
      g_autofree char *name = g_strdup_printf ("writer%u-service%u", writer->writer, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VmsockService) service =
        vmsock_service_registry_register (registry, name, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (service);
    }
  return NULL;
}

static void
test_concurrent_writers (Fixture       *fixture,
                         gconstpointer  data)
{
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i] = (Writer) { fixture->path, i };
      threads[i] = g_thread_new ("writer", write_services, &writers[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  services = vmsock_service_registry_list (fixture->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, N_WRITERS * N_PER_WRITER);
}

#endif /* HAVE_JSON_GLIB */

static void
test_system_scope_folder (void)
{
  g_autoptr(VmsockServiceRegistry) system = NULL;
  g_autoptr(VmsockServiceRegistry) user = NULL;
  g_autofree char *user_path = g_build_filename (g_get_user_config_dir (), "libvmsock-glib-1",
                                                 "services.json", NULL);

  g_setenv ("VMSOCK_SYSCONFDIR", "/srv/test-etc", TRUE);
  system = vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_SYSTEM);
#ifdef G_OS_WIN32
  /* Hyper-V's own list, wherever tests would rather have it. */
  g_assert_cmpstr (vmsock_service_registry_get_path (system), ==, GUEST_SERVICES_KEY);
#else
  g_assert_cmpstr (vmsock_service_registry_get_path (system), ==,
                   "/srv/test-etc/libvmsock-glib-1/services.json");
#endif
  g_unsetenv ("VMSOCK_SYSCONFDIR");

  user = vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_USER);
  g_assert_cmpstr (vmsock_service_registry_get_path (user), ==, user_path);
}

static void
test_reg_file (void)
{
  g_autoptr(VmsockService) ssh = vmsock_service_new_for_vsock_port ("ssh", 22);
  VmsockGuid quoted_id = guid_from ("c7e8a9b2-0000-4000-8000-000000000001");
  g_autoptr(VmsockService) quoted = vmsock_service_new ("say \"hi\" C:\\ünï", &quoted_id);
  VmsockService *services[] = { ssh, quoted };
  g_autoptr(GBytes) bytes = vmsock_service_format_reg_file (services, G_N_ELEMENTS (services));
  g_autoptr(GBytes) empty = vmsock_service_format_reg_file (NULL, 0);
  const guint8 *data;
  gsize length;
  g_autofree char *text = NULL;
  g_autofree char *empty_text = NULL;
  static const char expected[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\"
    "GuestCommunicationServices\\00000016-facb-11e6-bd58-64006a7986d3]\r\n"
    "\"ElementName\"=\"ssh\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\"
    "GuestCommunicationServices\\c7e8a9b2-0000-4000-8000-000000000001]\r\n"
    "\"ElementName\"=\"say \\\"hi\\\" C:\\\\ünï\"\r\n"
    "\r\n";

  data = g_bytes_get_data (bytes, &length);
  /* UTF-16LE with a byte-order mark. */
  g_assert_cmpuint (length % 2, ==, 0);
  g_assert_cmphex (data[0], ==, 0xff);
  g_assert_cmphex (data[1], ==, 0xfe);
  g_assert_cmphex (data[2], ==, 'W');
  g_assert_cmphex (data[3], ==, 0);

  text = g_convert ((const char *) data + 2, length - 2, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
  g_assert_cmpstr (text, ==, expected);

  data = g_bytes_get_data (empty, &length);
  empty_text = g_convert ((const char *) data + 2, length - 2, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
  g_assert_cmpstr (empty_text, ==, "Windows Registry Editor Version 5.00\r\n\r\n");
}

#ifdef G_OS_WIN32
#define GUEST_SERVICES_SUBKEY \
  "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices\\"

static gunichar2 *
to_utf16 (const char *text)
{
  gunichar2 *wide = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);

  g_assert_nonnull (wide);
  return wide;
}

/* Writes a guest service as another tool would: @name NULL leaves out the
 * ElementName. */
static void
write_guest_service (const char *key_name,
                     const char *name)
{
  g_autofree char *path = g_strconcat (GUEST_SERVICES_SUBKEY, key_name, NULL);
  g_autofree gunichar2 *wide_path = to_utf16 (path);
  HKEY key;

  g_assert_cmpint (RegCreateKeyExW (HKEY_LOCAL_MACHINE, (const wchar_t *) wide_path, 0, NULL, 0,
                                    KEY_SET_VALUE, NULL, &key, NULL), ==, ERROR_SUCCESS);
  if (name != NULL)
    {
      glong units = 0;
      g_autofree gunichar2 *value = g_utf8_to_utf16 (name, -1, NULL, &units, NULL);

      g_assert_cmpint (RegSetValueExW (key, L"ElementName", 0, REG_SZ, (const BYTE *) value,
                                       (DWORD) ((units + 1) * sizeof (gunichar2))), ==, ERROR_SUCCESS);
    }
  RegCloseKey (key);
}

static void
delete_guest_service (const char *key_name)
{
  g_autofree char *path = g_strconcat (GUEST_SERVICES_SUBKEY, key_name, NULL);
  g_autofree gunichar2 *wide_path = to_utf16 (path);

  RegDeleteKeyW (HKEY_LOCAL_MACHINE, (const wchar_t *) wide_path);
}

/* The ElementName of the service @id's key, or NULL when there is no key. */
static char *
read_element_name (const VmsockGuid *id)
{
  g_autofree char *guid = vmsock_guid_to_string (id);
  g_autofree char *path = g_strconcat (GUEST_SERVICES_SUBKEY, guid, NULL);
  g_autofree gunichar2 *wide_path = to_utf16 (path);
  wchar_t value[512];
  DWORD size = sizeof value;

  if (RegGetValueW (HKEY_LOCAL_MACHINE, (const wchar_t *) wide_path, L"ElementName", RRF_RT_REG_SZ,
                    NULL, value, &size) != ERROR_SUCCESS)
    return NULL;
  return g_utf16_to_utf8 ((const gunichar2 *) value, -1, NULL, NULL, NULL);
}

static VmsockService *
find_service (GPtrArray        *services,
              const VmsockGuid *id)
{
  for (guint i = 0; i < services->len; i++)
    if (vmsock_guid_equal (vmsock_service_get_service_id (services->pdata[i]), id))
      return services->pdata[i];
  return NULL;
}

/* The machine's registry is Hyper-V's key: it shows what other tools
 * registered, and registering and removing write the key itself. */
static void
test_hyper_v_registry (void)
{
  g_autoptr(VmsockServiceRegistry) registry = vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_SYSTEM);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(VmsockService) random = NULL;
  g_autoptr(VmsockService) telnet = NULL;
  g_autoptr(VmsockService) removed = NULL;
  g_autoptr(VmsockService) conflict = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  VmsockGuid other_id = guid_from ("5e1d2c3b-0a4f-4e6d-9c8b-7a6f5e4d3c2b");
  VmsockGuid unnamed_id = guid_from ("6f2e3d4c-1b5a-4f7e-8d9c-0b1a2f3e4d5c");
  VmsockGuid telnet_id = guid_from ("00000017-facb-11e6-bd58-64006a7986d3");
  VmsockService *found;
  gboolean added = FALSE;

  write_guest_service ("5e1d2c3b-0a4f-4e6d-9c8b-7a6f5e4d3c2b", "Another tool’s service");
  write_guest_service ("{6f2e3d4c-1b5a-4f7e-8d9c-0b1a2f3e4d5c}", NULL);
  write_guest_service ("not-a-service-id", "ignored");

  services = vmsock_service_registry_list (registry, &error);
  g_assert_no_error (error);
  found = find_service (services, &other_id);
  g_assert_nonnull (found);
  g_assert_cmpstr (vmsock_service_get_name (found), ==, "Another tool’s service");
  /* Without a name, a service goes by its ID. */
  found = find_service (services, &unnamed_id);
  g_assert_nonnull (found);
  g_assert_cmpstr (vmsock_service_get_name (found), ==, "6f2e3d4c-1b5a-4f7e-8d9c-0b1a2f3e4d5c");
  for (guint i = 0; i < services->len; i++)
    g_assert_cmpstr (vmsock_service_get_name (services->pdata[i]), !=, "ignored");
  g_clear_pointer (&services, g_ptr_array_unref);

  random = vmsock_service_registry_register (registry, "vmsock-test-random", NULL, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  name = read_element_name (vmsock_service_get_service_id (random));
  g_assert_cmpstr (name, ==, "vmsock-test-random");
  g_clear_pointer (&name, g_free);

  telnet = vmsock_service_registry_register (registry, "vmsock-test-telnet", &telnet_id, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  name = read_element_name (&telnet_id);
  g_assert_cmpstr (name, ==, "vmsock-test-telnet");
  g_clear_pointer (&name, g_free);

  /* The rules hold against other tools' services too. */
  conflict = vmsock_service_registry_register (registry, "vmsock-test-other", &other_id, NULL, &error);
  g_assert_null (conflict);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_CONFLICT);
  g_clear_error (&error);

  removed = vmsock_service_registry_unregister (registry, "vmsock-test-telnet", &error);
  g_assert_no_error (error);
  g_assert_nonnull (removed);
  name = read_element_name (&telnet_id);
  g_assert_null (name);
  g_clear_object (&removed);

  removed = vmsock_service_registry_unregister (registry, "vmsock-test-random", &error);
  g_assert_no_error (error);
  name = read_element_name (vmsock_service_get_service_id (random));
  g_assert_null (name);
  g_clear_object (&removed);

  /* The service's own calls write the same key. */
  g_assert_true (vmsock_service_register_with_host (telnet, &error));
  g_assert_no_error (error);
  name = read_element_name (&telnet_id);
  g_assert_cmpstr (name, ==, "vmsock-test-telnet");
  g_clear_pointer (&name, g_free);
  g_assert_true (vmsock_service_unregister_from_host (telnet, &error));
  g_assert_no_error (error);
  name = read_element_name (&telnet_id);
  g_assert_null (name);

  delete_guest_service ("5e1d2c3b-0a4f-4e6d-9c8b-7a6f5e4d3c2b");
  delete_guest_service ("{6f2e3d4c-1b5a-4f7e-8d9c-0b1a2f3e4d5c}");
  delete_guest_service ("not-a-service-id");
}

#else

static void
test_host_registration (void)
{
  g_autoptr(VmsockService) ssh = vmsock_service_new_for_vsock_port ("ssh", 22);
  g_autoptr(GError) error = NULL;

  g_assert_false (vmsock_service_register_with_host (ssh, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, ".reg"));
  g_clear_error (&error);
  g_assert_false (vmsock_service_unregister_from_host (ssh, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}
#endif

#ifndef HAVE_JSON_GLIB
/* Without json-glib, registry files are refused, saying why. */
static void
test_files_need_json (void)
{
  g_autoptr(VmsockServiceRegistry) registry = vmsock_service_registry_new_for_path ("services.json");
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;

  services = vmsock_service_registry_list (registry, &error);
  g_assert_null (services);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "json-glib"));
  g_clear_error (&error);

  service = vmsock_service_registry_register (registry, "ssh", NULL, NULL, &error);
  g_assert_null (service);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test ("services.json", G_FILE_TEST_EXISTS));
}

static void
skip_without_json (gconstpointer data)
{
  g_test_skip ("this build has no JSON support (json-glib) for registry files");
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#ifdef HAVE_JSON_GLIB
#define ADD_WITH_DATA(path, data, func) \
  g_test_add ("/service-registry/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
#define ADD(path, func) ADD_WITH_DATA (path, NULL, func)
#else
#define ADD_WITH_DATA(path, data, func) \
  g_test_add_data_func ("/service-registry/" path, NULL, skip_without_json)
#define ADD(path, func) ADD_WITH_DATA (path, NULL, func)
  g_test_add_func ("/service-registry/files-need-json", test_files_need_json);
#endif
  ADD ("register-and-list", test_register_and_list);
  ADD ("idempotent-and-conflicts", test_idempotent_and_conflicts);
  ADD ("bad-names", test_bad_names);
  ADD ("unregister", test_unregister);
  ADD ("malformed-files", test_malformed_files);
  ADD ("unknown-members", test_unknown_members_kept_readable);
  ADD ("unprintable-messages", test_unprintable_messages);
  ADD ("limits", test_limits);
  ADD ("escaped-backslash", test_escaped_backslash);
  ADD ("stale-new-file", test_stale_new_file);
#ifndef G_OS_WIN32
  ADD ("mode-kept", test_mode_kept);
  ADD ("symlinked-file", test_symlinked_file);
  ADD ("lock-file", test_lock_file);
  ADD_WITH_DATA ("not-regular/fifo", "fifo", test_not_regular);
  ADD_WITH_DATA ("not-regular/dev-zero", "dev-zero", test_not_regular);
  ADD_WITH_DATA ("not-regular/folder", "folder", test_not_regular);
#endif
  ADD ("concurrent-writers", test_concurrent_writers);
#undef ADD
#undef ADD_WITH_DATA
  g_test_add_func ("/service-registry/scopes", test_system_scope_folder);
  g_test_add_func ("/service-registry/reg-file", test_reg_file);
#ifdef G_OS_WIN32
  g_test_add_func ("/service-registry/hyper-v-registry", test_hyper_v_registry);
#else
  g_test_add_func ("/service-registry/host-registration", test_host_registration);
#endif

  return g_test_run ();
}
