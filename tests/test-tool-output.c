/* test-tool-output.c: what every plugin's reader of a tool's output must
 * refuse
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "test-tool-output.h"

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#ifdef HAVE_JSON_GLIB
#include "vmsock-plugin-json.h"
#endif

char *
test_tool_output_fixture (const char *tool,
                          const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, tool, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

void
test_tool_output_refuses (TestToolOutputParse      parse,
                          const TestBadToolOutput *bad,
                          gsize                    n_bad)
{
  for (gsize i = 0; i < n_bad; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) vms = NULL;

      g_test_message ("output: %s", bad[i].output);
      vms = parse (bad[i].output, &error);
      g_assert_null (vms);
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, bad[i].in_message));
    }
}

#ifdef HAVE_JSON_GLIB
void
test_tool_output_json_depth (TestToolOutputParse  parse,
                             const char          *source)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *opening = g_strnfill (VMSOCK_PLUGIN_JSON_MAX_DEPTH, '[');
  g_autofree char *closing = g_strnfill (VMSOCK_PLUGIN_JSON_MAX_DEPTH, ']');
  g_autofree char *at_limit = g_strconcat (opening, closing, NULL);
  g_autofree char *message = g_strdup_printf ("nest deeper than %u levels", VMSOCK_PLUGIN_JSON_MAX_DEPTH);
  g_autoptr(GPtrArray) vms = NULL;
  g_autoptr(GError) error = NULL;

  vms = parse (deep, &error);
  g_assert_null (vms);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, source));
  g_assert_nonnull (strstr (error->message, message));
  g_clear_error (&error);

  vms = parse (at_limit, &error);
  g_assert_null (vms);
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "not an object (entry 1)"));
}
#endif
