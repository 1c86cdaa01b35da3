/* vmsockctl-bench.h: the subcommands of vmsockctl bench
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsockctl.h"

G_BEGIN_DECLS

VmsockctlExit vmsockctl_bench_serve_command (int argc, char **argv);
VmsockctlExit vmsockctl_bench_run_command (int argc, char **argv);

G_END_DECLS
