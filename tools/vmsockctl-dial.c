/* vmsockctl-dial.c: how connect and forward reach their target
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl-dial.h"

void
vmsockctl_dial_options_clear (VmsockctlDialOptions *options)
{
  g_clear_pointer (&options->connections, g_strfreev);
}

VmsockDialer *
vmsockctl_dialer_new (const VmsockctlDialOptions  *options,
                      GError                     **error)
{
  VmsockDialer *dialer;

  if (!(options->timeout_seconds >= 0 && options->timeout_seconds <= G_MAXUINT / 1000))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The timeout must be a number of seconds between 0 and %u"), G_MAXUINT / 1000);
      return NULL;
    }
  if (options->retries < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("The number of retries cannot be negative"));
      return NULL;
    }

  dialer = vmsock_dialer_new ();
  /* Rounded: 2.3 seconds are 2300 ms, though 2.3 × 1000 falls just short. */
  vmsock_dialer_set_timeout (dialer, (guint) (options->timeout_seconds * 1000 + 0.5));
  vmsock_dialer_set_retries (dialer, options->retries);
  return dialer;
}

const char *
vmsockctl_dial_address_help (void)
{
  return _("Addresses:\n"
           "  vsock:CID:PORT        AF_VSOCK; CID may be any, hypervisor, local or host\n"
           "  vsock:VM:PORT         a VM's CID, found by the discovery providers; VM is\n"
           "                        a name, an id, or NAME@HOST, NAME@URI, NAME@PROVIDER\n"
           "  hvsock:VM-ID:SERVICE  AF_HYPERV; SERVICE may be a vsock port\n"
           "  tcp:HOST:PORT         TCP; to listen, tcp::PORT takes every interface\n"
           "  unix:PATH             a Unix socket\n"
           "Each has a URI form too: vsock://VM:PORT, hvsock://VM-ID/SERVICE.");
}
