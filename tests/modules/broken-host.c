/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Stands in for vmsock-plugin-host where the tests need a host that fails:
 * BROKEN_HOST=fail exits 1 having said nothing, BROKEN_HOST=echo prints its
 * arguments as echo would, not the answer the library expects.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main (int    argc,
      char **argv)
{
  const char *mode = getenv ("BROKEN_HOST");

  if (mode != NULL && strcmp (mode, "echo") == 0)
    {
      for (int i = 1; i < argc; i++)
        printf ("%s%s", argv[i], i + 1 < argc ? " " : "\n");
      return 0;
    }
  return 1;
}
