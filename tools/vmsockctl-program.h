/* vmsockctl-program.h: a program that serves one connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VmsockctlProgram VmsockctlProgram;

/* Called in the main context once both the connection and the program have
 * ended. */
typedef void (*VmsockctlProgramDone) (VmsockctlProgram *program,
                                      gpointer          data);

/* Runs @argv (its first element searched in PATH; never through a shell)
 * with what @connection sends as its standard input and its standard output
 * sent back; its standard error is vmsockctl's own.  When the connection
 * ends, by its peer going away, @idle_timeout_ms of silence (0: never) or
 * vmsockctl_program_stop(), a program still running is killed.  NULL with
 * @error set when the program could not start. */
VmsockctlProgram *vmsockctl_program_start (const char * const   *argv,
                                           GSocketConnection    *connection,
                                           guint                 idle_timeout_ms,
                                           VmsockctlProgramDone  done,
                                           gpointer              data,
                                           GError              **error);

/* Ends the connection now, and with it the program; done is still called. */
void vmsockctl_program_stop (VmsockctlProgram *program);

/* What went wrong with the connection, if anything. */
const GError *vmsockctl_program_get_error (VmsockctlProgram *program);

void vmsockctl_program_free (VmsockctlProgram *program);

G_END_DECLS
