/* vmsockctl.c: the command table, help, and what every subcommand shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>

#include "libvmsock-glib/vmsock-error-private.h"
#include "libvmsock-glib/vmsock-text-domain-private.h"

#include "vmsockctl.h"
#include "vmsockctl-platform.h"

typedef struct
{
  /* NULL for a heading. */
  const char *name;
  VmsockctlHandler handler;
  const char *summary;
  /* Takes a command of its own: "help NAME COMMAND" is its help. */
  gboolean has_commands;
} Command;

static const Command commands[] = {
  { NULL, NULL, N_("VM Commands:") },
  { "list-vms", vmsockctl_list_vms, N_("List the VMs that the providers know") },
  { "show-vm", vmsockctl_show_vm, N_("Show everything known about one VM") },
  { "resolve", vmsockctl_resolve, N_("Show the address that a VM name resolves to") },
  { "providers", vmsockctl_providers, N_("List the discovery providers and why any failed to load") },
  { NULL, NULL, N_("Service Commands:") },
  { "register-service", vmsockctl_register_service, N_("Register a service with its Hyper-V service ID") },
  { "unregister-service", vmsockctl_unregister_service, N_("Remove a registered service") },
  { "list-services", vmsockctl_list_services, N_("List the registered services") },
  { NULL, NULL, N_("Socket Commands:") },
  { "connect", vmsockctl_connect, N_("Connect to an address and relay standard input and output") },
  { "listen", vmsockctl_listen, N_("Accept one connection and relay standard input and output") },
  { "forward", vmsockctl_forward, N_("Forward every connection from one address to another") },
  { "bench", vmsockctl_bench, N_("Measure throughput, latency and integrity between two addresses"),
    TRUE },
};

gboolean
vmsockctl_set_errno_error (GError     **error,
                           int          saved_errno,
                           const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

/* What a message says, fit for a terminal whatever went into it: names,
 * paths and other programs' text can hold anything. */
static char *printable_vprintf (const char *format,
                                va_list     args) G_GNUC_PRINTF (1, 0);

static char *
printable_vprintf (const char *format,
                   va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  return vmsock_printable_quote (message, -1);
}

void
vmsockctl_print_error (const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  g_autofree char *printable = NULL;
  va_list args;

  va_start (args, format);
  message = printable_vprintf (format, args);
  va_end (args);

  /* Whatever the message quotes, names from other programs included, it
   * reaches the terminal printable. */
  printable = vmsock_printable_quote (message, -1);
  g_printerr ("vmsockctl: %s\n", printable);
}

void
vmsockctl_print_note (const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = printable_vprintf (format, args);
  va_end (args);

  g_printerr ("%s\n", message);
}

VmsockctlExit
vmsockctl_fail (const GError *error)
{
  vmsockctl_print_error ("%s", error->message);
  return VMSOCKCTL_EXIT_FAILURE;
}

gboolean
vmsockctl_is_interactive (void)
{
  return vmsockctl_platform_is_terminal (1) && vmsockctl_platform_is_terminal (2) &&
         g_getenv ("G_MESSAGES_DEBUG") == NULL;
}

GOptionContext *
vmsockctl_option_context_new (const char         *command,
                              const char         *parameters,
                              const char         *summary,
                              const GOptionEntry *entries,
                              gpointer            data)
{
  g_autofree char *prgname = g_strconcat ("vmsockctl ", command, NULL);
  GOptionContext *context;
  GOptionGroup *group;

  g_set_prgname (prgname);
  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, summary);

  group = g_option_group_new (NULL, NULL, NULL, data, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

static VmsockctlExit
usage_error_literal (const char *message)
{
  const char *prgname = g_get_prgname ();
  const char *command = g_str_has_prefix (prgname, "vmsockctl ") ? prgname + strlen ("vmsockctl ") : NULL;
  g_autofree char *printable = vmsock_printable_quote (message, -1);

  g_printerr ("%s: %s\n", prgname, printable);
  if (command != NULL)
    g_printerr (_("Try “vmsockctl help %s” for more information.\n"), command);
  else
    g_printerr (_("Try “vmsockctl --help” for more information.\n"));
  return VMSOCKCTL_EXIT_USAGE;
}

VmsockctlExit
vmsockctl_usage_error (const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return usage_error_literal (message);
}

gboolean
vmsockctl_parse (GOptionContext  *context,
                 int             *argc,
                 char          ***argv,
                 int              min_args,
                 int              max_args,
                 VmsockctlExit   *status)
{
  g_autoptr(GError) error = NULL;
  int n_args;

  /* An optional value must follow "=": "--json NAME" is the default format
   * and an argument, never the format "NAME". */
  for (int i = 1; i < *argc && !g_str_equal ((*argv)[i], "--"); i++)
    if (g_str_equal ((*argv)[i], "--json") || g_str_equal ((*argv)[i], "-j"))
      (*argv)[i] = (char *) "--json=pretty";

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error_literal (error->message);
      return FALSE;
    }

  /* A lone "--" ends the options; it is not an argument. */
  if (*argc > 1 && g_str_equal ((*argv)[1], "--"))
    {
      memmove (&(*argv)[1], &(*argv)[2], (*argc - 1) * sizeof (char *));
      (*argc)--;
    }

  n_args = *argc - 1;
  if (n_args < min_args)
    {
      *status = usage_error_literal (_("Too few arguments"));
      return FALSE;
    }
  if (max_args >= 0 && n_args > max_args)
    {
      *status = vmsockctl_usage_error (_("Unexpected argument “%s”"), (*argv)[max_args + 1]);
      return FALSE;
    }
  return TRUE;
}

static void
print_usage (FILE *out)
{
  int width = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].name != NULL)
      width = MAX (width, (int) strlen (commands[i].name));

  fprintf (out, "%s\n  vmsockctl %s\n", _("Usage:"), _("COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (out, "\n%s\n", _("List VMs, register VM socket services, and talk over VM sockets."));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (commands[i].name == NULL)
        fprintf (out, "\n%s\n", _(commands[i].summary));
      else
        fprintf (out, "  %-*s  %s\n", width, commands[i].name, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-*s  %s\n", width, "-h, --help", _("Show this help"));
  fprintf (out, "  %-*s  %s\n", width, "--version", _("Show the version"));
  fprintf (out, "\n%s\n", _("Use “vmsockctl help COMMAND” for the options and arguments of a command."));
}

static const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].name != NULL && g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize len_b = strlen (b);
  g_autofree guint *row = g_new (guint, len_b + 1);

  for (gsize j = 0; j <= len_b; j++)
    row[j] = j;
  for (gsize i = 1; a[i - 1] != '\0'; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (gsize j = 1; j <= len_b; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1),
                        diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }
  return row[len_b];
}

/* The command a mistyped @name most likely meant, if any is close. */
static const char *
suggest_command (const char *name)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      guint distance;

      if (commands[i].name == NULL)
        continue;
      distance = edit_distance (name, commands[i].name);
      if (distance < best_distance)
        {
          best = commands[i].name;
          best_distance = distance;
        }
    }
  return best_distance <= MAX (2, strlen (name) / 3) ? best : NULL;
}

static VmsockctlExit
unknown_command (const char *name)
{
  const char *suggestion = suggest_command (name);

  if (suggestion != NULL)
    vmsockctl_print_error (_("Unknown command “%s”; did you mean “%s”?"), name, suggestion);
  else
    vmsockctl_print_error (_("Unknown command “%s”"), name);
  g_printerr (_("Try “vmsockctl --help” for more information.\n"));
  return VMSOCKCTL_EXIT_USAGE;
}

static VmsockctlExit
run_help (int   argc,
          char *argv[])
{
  const Command *command;
  char *help_argv[] = { NULL, NULL, (char *) "--help", NULL };

  if (argc < 3 || g_str_equal (argv[2], "help"))
    {
      print_usage (stdout);
      return VMSOCKCTL_EXIT_SUCCESS;
    }
  command = find_command (argv[2]);
  if (command == NULL)
    return unknown_command (argv[2]);
  if (argc > (command->has_commands ? 4 : 3))
    return vmsockctl_usage_error (_("Unexpected argument “%s”"), argv[command->has_commands ? 4 : 3]);

  help_argv[0] = (char *) command->name;
  if (argc == 4)
    {
      help_argv[1] = argv[3];
      return command->handler (3, help_argv);
    }
  help_argv[1] = help_argv[2];
  help_argv[2] = NULL;
  return command->handler (2, help_argv);
}

int
main (int   argc,
      char *argv[])
{
  const Command *command;

  setlocale (LC_ALL, "");
  _vmsock_bind_text_domain ();
  g_set_prgname ("vmsockctl");

  if (argc < 2)
    {
      print_usage (stderr);
      return VMSOCKCTL_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    return run_help (argc, argv);

  if (g_str_equal (argv[1], "--version"))
    {
      if (argc > 2)
        return vmsockctl_usage_error (_("Unexpected argument “%s”"), argv[2]);
      g_print ("vmsockctl %s\n", PACKAGE_VERSION);
      return VMSOCKCTL_EXIT_SUCCESS;
    }

  if (argv[1][0] == '-')
    return vmsockctl_usage_error (_("Unknown option “%s”"), argv[1]);

  command = find_command (argv[1]);
  if (command == NULL)
    return unknown_command (argv[1]);

  return command->handler (argc - 1, argv + 1);
}
