/* vmsockctl-listen.c: vmsockctl listen
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-acceptor.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-program.h"
#include "vmsockctl-relay.h"

/* As ncat: how many connections --keep-open serves at once unless told. */
#define DEFAULT_MAX_CONNECTIONS 100

typedef struct
{
  VmsockctlAcceptor *acceptor;
  /* NULL: the connection is relayed with standard input and output. */
  const char * const *program_argv;
  gboolean keep_open;
  guint max_connections;
  guint idle_timeout_ms;
  gboolean verbose;

  /* The one connection that standard input and output serve. */
  GSocketConnection *connection;
  /* The programs running, each with its connection. */
  GHashTable *programs;
  guint served;
  gboolean stopping;
  gboolean failed;
} Listen;

/* Whether to accept another connection now. */
static void
accept_more (Listen *listen)
{
  if (listen->stopping || (!listen->keep_open && listen->served > 0))
    return;
  if (g_hash_table_size (listen->programs) < listen->max_connections)
    vmsockctl_acceptor_next (listen->acceptor);
}

static void
program_done (VmsockctlProgram *program,
              gpointer          data)
{
  Listen *listen = data;
  const GError *error = vmsockctl_program_get_error (program);

  /* One connection of many that failed is said with --verbose, as forward
   * does; the only one is the command's outcome. */
  if (error != NULL && !listen->stopping && (listen->verbose || !listen->keep_open))
    vmsockctl_print_error ("%s", error->message);
  if (error != NULL && !listen->keep_open)
    listen->failed = TRUE;
  g_hash_table_remove (listen->programs, program);
  accept_more (listen);
}

static void
accepted (GSocketConnection *connection,
          gpointer           data)
{
  Listen *listen = data;
  g_autoptr(GError) error = NULL;
  VmsockctlProgram *program;

  listen->served++;
  /* Without --keep-open, nobody else may connect any more. */
  if (!listen->keep_open)
    vmsockctl_acceptor_stop (listen->acceptor);

  if (listen->program_argv == NULL)
    {
      listen->connection = connection;
      return;
    }

  program = vmsockctl_program_start (listen->program_argv, connection, listen->idle_timeout_ms,
                                     program_done, listen, &error);
  g_object_unref (connection);
  if (program == NULL)
    {
      vmsockctl_print_error (_("Could not start the program: %s"), error->message);
      listen->failed = TRUE;
    }
  else
    g_hash_table_add (listen->programs, program);
  accept_more (listen);
}

static gboolean
stop (gpointer data)
{
  Listen *listen = data;
  GHashTableIter iter;
  gpointer program;

  listen->stopping = TRUE;
  vmsockctl_acceptor_stop (listen->acceptor);
  g_hash_table_iter_init (&iter, listen->programs);
  while (g_hash_table_iter_next (&iter, &program, NULL))
    vmsockctl_program_stop (program);
  return G_SOURCE_CONTINUE;
}

/* Whether the command has more to do in the main context. */
static gboolean
is_running (Listen *listen)
{
  if (g_hash_table_size (listen->programs) > 0)
    return TRUE;
  if (listen->stopping || listen->connection != NULL)
    return FALSE;
  return listen->keep_open || listen->served == 0;
}

/* Takes "--exec PROGRAM [ARGUMENT…]" (or "-e") off the end of @argv: what
 * follows belongs to the program, options included. */
static char **
split_program (int   *argc,
               char **argv)
{
  for (int i = 1; i < *argc; i++)
    {
      char **program;

      if (g_str_equal (argv[i], "--"))
        break;
      if (!g_str_equal (argv[i], "--exec") && !g_str_equal (argv[i], "-e"))
        continue;

      program = g_strdupv (argv + i + 1);
      argv[i] = NULL;
      *argc = i;
      return program;
    }
  return NULL;
}

VmsockctlExit
vmsockctl_listen (int   argc,
                  char *argv[])
{
  gboolean verbose = FALSE;
  gboolean keep_open = FALSE;
  int max_connections = DEFAULT_MAX_CONNECTIONS;
  double idle_seconds = 0;
  g_autofree char *exec_placeholder = NULL;
  const GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Say on standard error where it listens and who connected"), NULL },
    { "keep-open", 'k', 0, G_OPTION_ARG_NONE, &keep_open,
      N_("Accept connection after connection, several at once, until SIGINT or SIGTERM"), NULL },
    { "max-connections", 'm', 0, G_OPTION_ARG_INT, &max_connections,
      N_("With --keep-open, serve at most this many connections at once; others wait "
         "(default: 100)"), N_("COUNT") },
    VMSOCKCTL_IDLE_OPTION_ENTRY (idle_seconds),
    /* Taken off the command line before parsing; here for --help. */
    { "exec", 'e', 0, G_OPTION_ARG_STRING, &exec_placeholder,
      N_("Last option: run PROGRAM with its ARGUMENTs for each connection, connected to "
         "its standard input and output (never through a shell)"), N_("PROGRAM [ARGUMENT…]") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(VmsockctlAcceptor) acceptor = NULL;
  g_autoptr(GHashTable) programs = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) program_argv = NULL;
  Listen listen = { 0 };
  guint idle_timeout_ms;
  gboolean exec_given;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("listen", _("ADDRESS [--exec PROGRAM [ARGUMENT…]]"),
                                          _("Waits for a connection on ADDRESS and relays standard "
                                            "input to it and what it sends to standard output, like "
                                            "“connect”; or, with --exec, runs a program for it.  "
                                            "With --keep-open and --exec, connections are served "
                                            "at once, each by a program of its own."),
                                          entries, NULL);
  g_option_context_set_description (context, vmsockctl_dial_address_help ());
  program_argv = split_program (&argc, argv);
  exec_given = program_argv != NULL;
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (exec_given && program_argv[0] == NULL)
    return vmsockctl_usage_error (_("--exec needs the program to run"));
  if (exec_placeholder != NULL)
    return vmsockctl_usage_error (_("--exec must come last, after the address"));
  if (keep_open && !exec_given)
    return vmsockctl_usage_error (_("--keep-open needs --exec: standard input and output serve "
                                    "one connection"));
  if (max_connections < 1)
    return vmsockctl_usage_error (_("The number of connections at once must be at least 1"));
  if (!vmsockctl_relay_idle_option (idle_seconds, &idle_timeout_ms, &error))
    return vmsockctl_usage_error ("%s", error->message);

  vmsockctl_platform_prepare_relay (verbose);
  listener = vmsockctl_listener_new (argv[1], verbose, stop, &listen, &status);
  if (listener == NULL)
    return status;

  programs = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) vmsockctl_program_free, NULL);
  acceptor = vmsockctl_acceptor_new (listener, verbose, accepted, &listen);
  listen = (Listen) {
    .acceptor = acceptor,
    .program_argv = (const char * const *) program_argv,
    .keep_open = keep_open,
    .max_connections = max_connections,
    .idle_timeout_ms = idle_timeout_ms,
    .verbose = verbose,
    .programs = programs,
  };
  accept_more (&listen);
  while (is_running (&listen))
    g_main_context_iteration (NULL, TRUE);

  if (listen.connection != NULL)
    {
      status = vmsockctl_relay_stdio (listen.connection, idle_timeout_ms, &error)
                 ? VMSOCKCTL_EXIT_SUCCESS : vmsockctl_fail (error);
      g_object_unref (listen.connection);
      return status;
    }
  return listen.failed ? VMSOCKCTL_EXIT_FAILURE : VMSOCKCTL_EXIT_SUCCESS;
}
