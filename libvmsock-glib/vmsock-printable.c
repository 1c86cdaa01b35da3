/* vmsock-printable.c: text from elsewhere made fit for a message
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error-private.h"

static void
append_escaped_bytes (GString    *out,
                      const char *bytes,
                      gsize       length)
{
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "\\x%02X", (guchar) bytes[i]);
}

char *
vmsock_printable_quote (const char *text,
                        gssize      length)
{
  const char *end;
  GString *printable;

  if (length < 0)
    length = strlen (text);
  end = text + length;
  printable = g_string_sized_new (length);

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize size;

      /* Not UTF-8, cut short, or a NUL byte. */
      if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0)
        {
          append_escaped_bytes (printable, p, 1);
          p++;
          continue;
        }

      size = g_utf8_next_char (p) - p;
      if (c == '\n')
        g_string_append (printable, "\\n");
      else if (c == '\r')
        g_string_append (printable, "\\r");
      else if (c == '\t')
        g_string_append (printable, "\\t");
      else if (!g_unichar_isprint (c))
        append_escaped_bytes (printable, p, size);
      else
        g_string_append_len (printable, p, size);
      p += size;
    }
  return g_string_free (printable, FALSE);
}

char *
vmsock_printable_text (const char *text,
                       gssize      length)
{
  const char *end;

  if (length < 0)
    length = strlen (text);
  end = text + length;

  while (text < end && g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  return vmsock_printable_quote (text, end - text);
}
