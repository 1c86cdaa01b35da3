/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bound on the depth of the JSON the plugins read, before json-glib,
 * which would overflow its stack on deep enough nesting, parses it.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-plugin-json.h"

/* Far deeper than json-glib's recursion goes on an 8 MiB stack. */
#define DEEP 200000

/* @prefix, @depth times @open, then @suffix. */
static char *
nested (const char *prefix,
        guint       depth,
        char        open,
        const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, open);
  g_string_append (text, suffix);
  return g_string_free (text, FALSE);
}

/* @depth arrays, each in the one before. */
static char *
balanced (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
assert_too_deep (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_strdup_printf ("deeper than %u levels", VMSOCK_PLUGIN_JSON_MAX_DEPTH);

  g_assert_false (vmsock_plugin_json_load (parser, text, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, message));
  g_assert_null (json_parser_get_root (parser));
}

static JsonNode *
assert_loads (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("JSON: %.200s", text);
  g_assert_true (vmsock_plugin_json_load (parser, text, &error));
  g_assert_no_error (error);
  return json_parser_get_root (parser);
}

static void
test_depth (void)
{
  g_autofree char *at_limit = balanced (VMSOCK_PLUGIN_JSON_MAX_DEPTH);
  g_autofree char *past_limit = balanced (VMSOCK_PLUGIN_JSON_MAX_DEPTH + 1);
  g_autofree char *deep_arrays = nested ("", DEEP, '[', "");
  g_autofree char *deep_objects = nested ("", DEEP, '{', "");
  g_autofree char *mixed = nested ("{\"a\": [{\"b\": ", VMSOCK_PLUGIN_JSON_MAX_DEPTH, '[', "");
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (assert_loads (parser, at_limit));
  assert_too_deep (past_limit);
  assert_too_deep (deep_arrays);
  assert_too_deep (deep_objects);
  assert_too_deep (mixed);
}

/* Side by side, arrays and objects are one level deep however many there are. */
static void
test_width (void)
{
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  for (guint i = 0; i < 10000; i++)
    g_string_append (text, i == 0 ? "{\"a\": [1]}" : ", {\"a\": [1]}");
  g_string_append_c (text, ']');
  root = assert_loads (parser, text->str);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 10000);
}

/* Brackets in strings nest nothing, whatever the escapes around them. */
static void
test_strings (void)
{
  g_autofree char *brackets = nested ("[\"", 1000, '[', "\"]");
  g_autofree char *escaped_quote = nested ("[\"\\\"", 1000, '{', "\"]");
  g_autofree char *escaped_backslash = nested ("[\"\\\\\", \"", 1000, '[', "\"]");
  g_autofree char *pair = nested ("[\"\\uD83D\\uDE00", 1000, '[', "\"]");
  g_autofree char *escapes = nested ("[\"\\u00e9\\n\\/", 1000, '[', "\"]");
  const char *texts[] = { brackets, escaped_quote, escaped_backslash, pair, escapes };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root = assert_loads (parser, texts[i]);

      g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
    }
}

/* What json-glib reads beyond JSON, or reads differently from one version
 * to another, cannot hide nesting from the bound behind a quote that
 * json-glib does not take for the start of a string. */
static void
test_beyond_json (void)
{
  static const char * const prefixes[] = {
    /* json-glib 1.6 reads single-quoted strings. */
    "['\"', ",
    /* A comment, or what json-glib takes for one. */
    "[/* \" */ ",
    "[/ \" / ",
    /* json-glib 1.6 takes the quote for the escape's last digit... */
    "[\"\\u1\", \", ",
    /* ... and for the start of the other half of a surrogate pair. */
    "[\"\\uD800\", \", ",
    "[\"\\uD800\\u0041\", \", ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *deep = nested (prefixes[i], DEEP, '[', "");

      g_test_message ("after: %s", prefixes[i]);
      assert_too_deep (deep);
    }
}

/* Nothing but a comment is no JSON at all, as json-glib reads it. */
static void
test_comment_only (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_null (assert_loads (parser, "/* [[[[ */"));
}

/* What json-glib refuses is refused with json-glib's own error. */
static void
test_malformed (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (vmsock_plugin_json_load (parser, "[1, ", &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (vmsock_plugin_json_load (parser, "]]]]", &error));
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plugin-json/depth", test_depth);
  g_test_add_func ("/plugin-json/width", test_width);
  g_test_add_func ("/plugin-json/strings", test_strings);
  g_test_add_func ("/plugin-json/beyond-json", test_beyond_json);
  g_test_add_func ("/plugin-json/comment-only", test_comment_only);
  g_test_add_func ("/plugin-json/malformed", test_malformed);
  return g_test_run ();
}
