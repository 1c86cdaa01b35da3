/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A loadable module without the entry points of a provider plugin.
 */

#include <gmodule.h>

G_MODULE_EXPORT int not_a_plugin (void);

G_MODULE_EXPORT int
not_a_plugin (void)
{
  return 42;
}
