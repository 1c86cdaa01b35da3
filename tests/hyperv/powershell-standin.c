/* powershell-standin.c: a stand-in for Windows PowerShell
 *
 * Built as powershell.exe, it prints captured Hyper-V query output, and
 * fails on any command that is not that query.  HYPERV_STANDIN says which
 * answer to give:
 *   ps51     Windows PowerShell 5.1: an array, "key":  value, CR LF, the
 *            host's row (the default)
 *   ps7      PowerShell 7: one result, a bare object
 *   cim      whole CimInstances (no Select-Object), a localized caption,
 *            v1 state
 *   empty    no VM at all: no output
 *   denied   run by a user without the rights
 *   garbled  JSON cut short
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standin-fixture.h"

static int
asks_for_vms (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    if (strstr (argv[i], "Msvm_ComputerSystem") != NULL)
      return 1;
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *mode = getenv ("HYPERV_STANDIN");

  if (!asks_for_vms (argc, argv))
    {
      fputs ("unexpected command:", stderr);
      for (int i = 1; i < argc; i++)
        fprintf (stderr, " %s", argv[i]);
      fputc ('\n', stderr);
      return 1;
    }

  if (mode == NULL || *mode == '\0' || strcmp (mode, "ps51") == 0)
    standin_print_fixture ("ps51-array.json", -1);
  else if (strcmp (mode, "ps7") == 0)
    standin_print_fixture ("ps7-single.json", -1);
  else if (strcmp (mode, "cim") == 0)
    standin_print_fixture ("cim-wrapper.json", -1);
  else if (strcmp (mode, "empty") == 0)
    ;
  else if (strcmp (mode, "denied") == 0)
    {
      standin_print_fixture ("access-denied.txt", -1);
      return 1;
    }
  else if (strcmp (mode, "garbled") == 0)
    standin_print_fixture ("ps7-single.json", 120);
  else
    {
      fprintf (stderr, "powershell stand-in: unknown HYPERV_STANDIN mode %s\n", mode);
      return 2;
    }
  return 0;
}
