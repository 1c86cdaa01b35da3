/* vmsockctl.h: what the subcommands of vmsockctl share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* The exit status of every subcommand, documented in vmsockctl(1). */
typedef enum
{
  VMSOCKCTL_EXIT_SUCCESS = 0,
  VMSOCKCTL_EXIT_FAILURE = 1,
  VMSOCKCTL_EXIT_USAGE = 2,
  /* No VM could be listed as asked: every provider failed, or one named
   * with --provider failed or does not exist. */
  VMSOCKCTL_EXIT_NO_ANSWER = 3,
} VmsockctlExit;

/* Prints "vmsockctl: MESSAGE" on stderr, with control characters and bytes
 * that are not UTF-8 escaped. */
void vmsockctl_print_error (const char *format,
                            ...) G_GNUC_PRINTF (1, 2);

/* Prints MESSAGE (one line, escaped the same way) on stderr: what --verbose
 * tells. */
void vmsockctl_print_note (const char *format,
                           ...) G_GNUC_PRINTF (1, 2);

/* Sets @error from a C library failure: "WHAT: strerror"; returns FALSE. */
gboolean vmsockctl_set_errno_error (GError     **error,
                                    int          saved_errno,
                                    const char  *what);

/* Prints @error as a failure and returns VMSOCKCTL_EXIT_FAILURE. */
VmsockctlExit vmsockctl_fail (const GError *error);

/* A subcommand's option parser: "vmsockctl COMMAND [OPTION…] PARAMETERS";
 * callbacks among @entries get @data. */
GOptionContext *vmsockctl_option_context_new (const char         *command,
                                              const char         *parameters,
                                              const char         *summary,
                                              const GOptionEntry *entries,
                                              gpointer            data);

/* Parses the options and checks that between @min_args and @max_args
 * (-1: any number) arguments remain.  On failure prints why and returns
 * FALSE; *status is then the exit status. */
gboolean vmsockctl_parse (GOptionContext  *context,
                          int             *argc,
                          char          ***argv,
                          int              min_args,
                          int              max_args,
                          VmsockctlExit   *status);

/* Reports a wrong argument the parser could not see and returns
 * VMSOCKCTL_EXIT_USAGE. */
VmsockctlExit vmsockctl_usage_error (const char *format,
                                     ...) G_GNUC_PRINTF (1, 2);

/* Whether to decorate output for a person: stdout and stderr are terminals. */
gboolean vmsockctl_is_interactive (void);

/* A subcommand: gets its own name as argv[0]. */
typedef VmsockctlExit (*VmsockctlHandler) (int argc, char **argv);

VmsockctlExit vmsockctl_list_vms (int argc, char **argv);
VmsockctlExit vmsockctl_show_vm (int argc, char **argv);
VmsockctlExit vmsockctl_resolve (int argc, char **argv);
VmsockctlExit vmsockctl_providers (int argc, char **argv);
VmsockctlExit vmsockctl_register_service (int argc, char **argv);
VmsockctlExit vmsockctl_unregister_service (int argc, char **argv);
VmsockctlExit vmsockctl_list_services (int argc, char **argv);
VmsockctlExit vmsockctl_connect (int argc, char **argv);
VmsockctlExit vmsockctl_listen (int argc, char **argv);
VmsockctlExit vmsockctl_forward (int argc, char **argv);
VmsockctlExit vmsockctl_bench (int argc, char **argv);

G_END_DECLS
