/* vmsockctl-connect.c: vmsockctl connect
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-address.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-relay.h"

VmsockctlExit
vmsockctl_connect (int   argc,
                   char *argv[])
{
  g_auto(VmsockctlDialOptions) dial_options = VMSOCKCTL_DIAL_OPTIONS_INIT;
  double idle_seconds = 0;
  gboolean probe = FALSE;
  const GOptionEntry entries[] = {
    VMSOCKCTL_DIAL_OPTION_ENTRIES (dial_options),
    VMSOCKCTL_IDLE_OPTION_ENTRY (idle_seconds),
    { "zero-io", 'z', 0, G_OPTION_ARG_NONE, &probe,
      N_("Only find out whether something listens: connect, send nothing and close; "
         "the exit status says"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketConnectable) target = NULL;
  g_autoptr(VmsockDialer) dialer = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint idle_timeout_ms;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("connect", _("ADDRESS"),
                                          _("Connects to ADDRESS and relays standard input to it "
                                            "and what it sends to standard output.  The end of "
                                            "standard input shuts down the sending side only; "
                                            "the command ends when both sides have ended."),
                                          entries, NULL);
  g_option_context_set_description (context, vmsockctl_dial_address_help ());
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  dialer = vmsockctl_dialer_new (&dial_options, &error);
  if (dialer == NULL || !vmsockctl_relay_idle_option (idle_seconds, &idle_timeout_ms, &error))
    return vmsockctl_usage_error ("%s", error->message);
  target = vmsockctl_address_parse_target (argv[1], dial_options.connections, &error);
  if (target == NULL)
    return vmsockctl_usage_error ("%s", error->message);

  vmsockctl_platform_prepare_relay (FALSE);
  connection = vmsock_dialer_connect (dialer, target, NULL, &error);
  if (connection == NULL)
    return vmsockctl_fail (error);
  /* Something listens; closing tells it that nothing comes. */
  if (probe)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return VMSOCKCTL_EXIT_SUCCESS;
    }

  if (!vmsockctl_relay_stdio (connection, idle_timeout_ms, &error))
    return vmsockctl_fail (error);
  return VMSOCKCTL_EXIT_SUCCESS;
}
