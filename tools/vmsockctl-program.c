/* vmsockctl-program.c: a program that serves one connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vmsockctl-platform.h"
#include "vmsockctl-program.h"
#include "vmsockctl-relay.h"

struct _VmsockctlProgram
{
  GSubprocess *subprocess;
  VmsockctlRelay *relay;
  /* The program's standard output, which the relay reads; its standard
   * input the relay closes itself. */
  int output_fd;
  VmsockctlProgramDone done;
  gpointer data;

  gboolean relay_ended;
  gboolean exited;
};

static void
maybe_done (VmsockctlProgram *program)
{
  if (program->relay_ended && program->exited)
    program->done (program, program->data);
}

static void
exited (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  VmsockctlProgram *program = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  program->exited = TRUE;
  maybe_done (program);
}

static void
relay_ended (VmsockctlRelay *relay,
             gpointer        data)
{
  VmsockctlProgram *program = data;

  program->relay_ended = TRUE;
  /* The connection is over: whatever the program still does serves nobody. */
  if (!program->exited)
    g_subprocess_force_exit (program->subprocess);
  maybe_done (program);
}

VmsockctlProgram *
vmsockctl_program_start (const char * const   *argv,
                         GSocketConnection    *connection,
                         guint                 idle_timeout_ms,
                         VmsockctlProgramDone  done,
                         gpointer              data,
                         GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  VmsockctlProgram *program;
  int input_fd;
  int output_fd;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (subprocess == NULL)
    return NULL;

  input_fd = vmsockctl_platform_take_pipe (G_OBJECT (g_subprocess_get_stdin_pipe (subprocess)), error);
  output_fd = input_fd < 0 ? -1
                           : vmsockctl_platform_take_pipe (G_OBJECT (g_subprocess_get_stdout_pipe (subprocess)),
                                                           error);
  if (output_fd < 0)
    {
      if (input_fd >= 0)
        g_close (input_fd, NULL);
      g_subprocess_force_exit (subprocess);
      return NULL;
    }

  program = g_new0 (VmsockctlProgram, 1);
  program->subprocess = g_steal_pointer (&subprocess);
  program->output_fd = output_fd;
  program->done = done;
  program->data = data;
  program->relay = vmsockctl_relay_new_local (connection, (VmsockctlEndpoint) { .fd = output_fd },
                                              (VmsockctlEndpoint) { .fd = input_fd },
                                              relay_ended, program);
  vmsockctl_relay_set_idle_timeout (program->relay, idle_timeout_ms);
  g_subprocess_wait_async (program->subprocess, NULL, exited, program);
  vmsockctl_relay_start (program->relay);
  return program;
}

void
vmsockctl_program_stop (VmsockctlProgram *program)
{
  vmsockctl_relay_abort (program->relay);
}

const GError *
vmsockctl_program_get_error (VmsockctlProgram *program)
{
  return vmsockctl_relay_get_error (program->relay);
}

void
vmsockctl_program_free (VmsockctlProgram *program)
{
  vmsockctl_relay_free (program->relay);
  g_close (program->output_fd, NULL);
  g_object_unref (program->subprocess);
  g_free (program);
}
