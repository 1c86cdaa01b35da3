/* vmsock-i18n.c: the library's text domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-text-domain-private.h"

#define LOCALEDIR_VARIABLE "VMSOCK_LOCALEDIR"

void
_vmsock_bind_text_domain (void)
{
  static gsize bound = 0;

  if (g_once_init_enter (&bound))
    {
      /* A catalog supplies format strings: a setuid or setgid program must
       * not read one that the caller names. */
      const char *dir = vmsock_platform_is_setuid () ? NULL : g_getenv (LOCALEDIR_VARIABLE);

      bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0'
                                      ? dir : vmsock_platform_get_installed_path (VMSOCK_PLATFORM_LOCALE_DIR));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }
}

const char *
vmsock_gettext (const char *msgid)
{
  _vmsock_bind_text_domain ();
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}
