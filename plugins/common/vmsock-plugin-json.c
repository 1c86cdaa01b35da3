/* vmsock-plugin-json.c: reading the JSON that a program printed
 *
 * Before json-glib parses the text, a scan measures how deep its arrays and
 * objects nest: it counts each "[" and "{" and each "]" and "}" outside
 * strings.  It is no parser, and only has to know where strings are.
 * json-glib reads more than JSON, though, and its versions differ: 1.6
 * takes single-quoted strings, all of them skip comments, which start with
 * a slash, and where a \u escape has fewer than four digits or is half a
 * surrogate pair, some read on past a quote.  A quote there could start a
 * string for the scan that json-glib does not see, and hide the nesting
 * after it.  So from the first of these on, the scan no longer looks for
 * strings, and counts every "[" and "{" as one level deeper: it may then
 * overestimate the depth, never underestimate it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-plugin-json.h"

/* Whether the four characters at @text are hexadecimal digits; their value
 * goes to *@unit. */
static gboolean
read_hex4 (const char *text,
           guint      *unit)
{
  guint value = 0;

  /* A digit is never the end of the text, so each next one can be read. */
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (guint) digit;
    }
  *unit = value;
  return TRUE;
}

/* How many characters follow "\u" at @text in an escape that every
 * json-glib reads the same way: four digits, or a surrogate pair
 * "XXXX\uXXXX"; 0 for any other. */
static gsize
unicode_escape_length (const char *text)
{
  guint unit;
  guint low;

  if (!read_hex4 (text, &unit))
    return 0;
  if (unit < 0xd800 || unit > 0xdfff)
    return 4;
  if (unit <= 0xdbff && text[4] == '\\' && text[5] == 'u' &&
      read_hex4 (text + 6, &low) && low >= 0xdc00 && low <= 0xdfff)
    return 10;
  return 0;
}

/* Skips a string from @p, just past its opening quote, to just past its
 * closing quote or to the end of the text.  At an escape that json-glib
 * versions may read differently, sets *@lost and stops there. */
static const char *
skip_string (const char *p,
             gboolean   *lost)
{
  while (*p != '\0')
    {
      char c = *p++;

      if (c == '"')
        return p;
      if (c != '\\')
        continue;
      if (*p == 'u')
        {
          gsize length = unicode_escape_length (p + 1);

          if (length == 0)
            {
              *lost = TRUE;
              return p;
            }
          p += 1 + length;
        }
      else if (*p != '\0')
        p++;
    }
  return p;
}

static gboolean
check_depth (const char  *text,
             GError     **error)
{
  /* Set once the scan no longer knows where strings are. */
  gboolean lost = FALSE;
  guint depth = 0;
  const char *p = text;

  while (*p != '\0')
    {
      char c = *p++;

      if (c == '[' || c == '{')
        {
          if (++depth > VMSOCK_PLUGIN_JSON_MAX_DEPTH)
            {
              g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("arrays and objects nest deeper than %u levels"),
                           VMSOCK_PLUGIN_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if (lost)
        continue;
      else if (c == ']' || c == '}')
        {
          /* Unbalanced, json-glib stops there. */
          if (depth > 0)
            depth--;
        }
      else if (c == '"')
        p = skip_string (p, &lost);
      else if (c == '\'' || c == '/')
        lost = TRUE;
    }
  return TRUE;
}

gboolean
vmsock_plugin_json_load (JsonParser  *parser,
                         const char  *text,
                         GError     **error)
{
  return check_depth (text, error) && json_parser_load_from_data (parser, text, -1, error);
}
