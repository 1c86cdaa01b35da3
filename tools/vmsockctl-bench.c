/* vmsockctl-bench.c: vmsockctl bench, a server and a client that measure
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "vmsockctl.h"
#include "vmsockctl-bench.h"

typedef struct
{
  const char *name;
  VmsockctlHandler handler;
  const char *summary;
} BenchCommand;

static const BenchCommand bench_commands[] = {
  { "serve", vmsockctl_bench_serve_command,
    N_("Serve bench clients on an address until interrupted") },
  { "run", vmsockctl_bench_run_command,
    N_("Measure throughput, connection rate, latency or data integrity") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n  vmsockctl bench %s\n", _("Usage:"), _("COMMAND [OPTION…] ADDRESS"));
  fprintf (out, "\n%s\n",
           _("Measure connections over any address vmsockctl takes (VM sockets, TCP, Unix): "
             "“bench serve” on one side, “bench run” on the other."));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (bench_commands); i++)
    fprintf (out, "  %-5s  %s\n", bench_commands[i].name, _(bench_commands[i].summary));
  fprintf (out, "\n%s\n", _("Use “vmsockctl help bench COMMAND” for the options of a command."));
}

VmsockctlExit
vmsockctl_bench (int   argc,
                 char *argv[])
{
  g_set_prgname ("vmsockctl bench");
  if (argc < 2)
    {
      print_usage (stderr);
      return VMSOCKCTL_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (stdout);
      return VMSOCKCTL_EXIT_SUCCESS;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bench_commands); i++)
    if (g_str_equal (argv[1], bench_commands[i].name))
      return bench_commands[i].handler (argc - 1, argv + 1);

  if (argv[1][0] == '-')
    return vmsockctl_usage_error (_("Unknown option “%s”"), argv[1]);
  return vmsockctl_usage_error (_("Unknown command “%s”; use “serve” or “run”"), argv[1]);
}
