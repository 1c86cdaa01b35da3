/* standin-fixture.c: what the stand-ins for Windows tools print
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "standin-fixture.h"

void
standin_print_fixture (const char *name,
                       long        limit)
{
  char path[4096];
  char buffer[4096];
  FILE *file;

  if (snprintf (path, sizeof path, "%s/%s", STANDIN_FIXTURES, name) >= (int) sizeof path ||
      (file = fopen (path, "rb")) == NULL)
    {
      fprintf (stderr, "stand-in: cannot open the fixture %s\n", name);
      exit (2);
    }

#ifdef _WIN32
  /* Windows' own line ends are in the fixtures already. */
  _setmode (_fileno (stdout), _O_BINARY);
#endif

  for (;;)
    {
      size_t wanted = sizeof buffer;
      size_t size;

      if (limit >= 0 && (unsigned long) limit < wanted)
        wanted = (size_t) limit;
      if (wanted == 0 || (size = fread (buffer, 1, wanted, file)) == 0)
        break;
      if (fwrite (buffer, 1, size, stdout) != size)
        break;
      if (limit >= 0)
        limit -= (long) size;
    }

  if (ferror (file) || ferror (stdout) || fflush (stdout) != 0)
    {
      fprintf (stderr, "stand-in: cannot copy the fixture %s\n", name);
      exit (2);
    }
  fclose (file);
}
