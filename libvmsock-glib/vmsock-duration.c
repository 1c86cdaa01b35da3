/* vmsock-duration.c: time limits as messages say them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-duration-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-text-domain-private.h"

char *
_vmsock_duration_to_string (guint milliseconds)
{
  g_autofree char *number = NULL;
  gsize length;

  _vmsock_bind_text_domain ();
  if (milliseconds % 1000 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", milliseconds / 1000),
                            milliseconds / 1000);

  /* Three decimals hold every millisecond; the zeros after the last
   * significant one go. */
  number = g_strdup_printf ("%.3f", milliseconds / 1000.0);
  length = strlen (number);
  while (number[length - 1] == '0')
    number[--length] = '\0';
  /* TRANSLATORS: a time limit that is not a whole number of seconds, such as
   * “1.5 seconds”; %s is the number. */
  return g_strdup_printf (_("%s seconds"), number);
}
