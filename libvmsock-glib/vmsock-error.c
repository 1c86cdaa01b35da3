/* vmsock-error.c: the library's own error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"

/**
 * vmsock_error_quark:
 *
 * Gets the error domain of discovery and the service registry, which
 * [error@Vmsock.Error] describes.
 *
 * Returns: the quark of the domain, `VMSOCK_ERROR`
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vmsock-error-quark, vmsock_error)

GStrv
vmsock_error_table_get_names (GHashTable *errors)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (errors), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

char *
vmsock_printable_text (const char *text,
                       gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  const char *stripped = g_strstrip (valid);
  GString *printable = g_string_sized_new (strlen (stripped));

  for (const char *p = stripped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (printable, "\\n");
      else if (c == '\r')
        g_string_append (printable, "\\r");
      else if (c == '\t')
        g_string_append (printable, "\\t");
      else if (g_unichar_iscntrl (c))
        g_string_append_printf (printable, "\\x%02X", c);
      else
        g_string_append_unichar (printable, c);
    }
  return g_string_free (printable, FALSE);
}
