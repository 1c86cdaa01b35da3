/* vmsock-plugin-host-main.c: the program that runs a plugin's queries for
 * the discovery, in a process of their own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "vmsock-plugin-host-private.h"

int
main (int   argc,
      char *argv[])
{
  return _vmsock_plugin_host_main (argc, argv);
}
