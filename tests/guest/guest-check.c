/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdio.h>
#include <stdlib.h>

#include "guest-check.h"

/* Set on the kernel command line by vmsock-guest-run. */
#define GUEST_MARKER "vmsock_test_guest=1"

static gboolean
inside_test_guest (void)
{
  g_autofree char *cmdline = NULL;
  g_auto(GStrv) words = NULL;

  if (!g_file_test ("/sys/module/vsock_loopback", G_FILE_TEST_IS_DIR))
    return FALSE;
  if (!g_file_get_contents ("/proc/cmdline", &cmdline, NULL, NULL))
    return FALSE;

  words = g_strsplit_set (g_strstrip (cmdline), " \t", -1);
  return g_strv_contains ((const char * const *) words, GUEST_MARKER);
}

void
vmsock_test_require_guest (const char *argv0)
{
  g_autofree char *name = NULL;

  if (inside_test_guest ())
    return;

  name = g_path_get_basename (argv0);
  /* "Bail out!" stops a TAP consumer; the message explains why. */
  printf ("Bail out! not inside the vmsock test guest\n");
  fflush (stdout);
  g_printerr ("%s: refusing to run: this program opens AF_VSOCK sockets and runs only "
              "inside the project's QEMU test guest (tests/guest/vmsock-guest-run), "
              "never directly on a host.\n", name);
  exit (EXIT_FAILURE);
}
