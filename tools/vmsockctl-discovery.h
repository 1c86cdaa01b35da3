/* vmsockctl-discovery.h: asking the providers, as the VM commands do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

#include "vmsockctl.h"

G_BEGIN_DECLS

/* The options every VM command takes. */
typedef struct
{
  char **providers;
  int timeout_seconds;
  gboolean verbose;
} VmsockctlDiscoveryOptions;

#define VMSOCKCTL_DISCOVERY_OPTION_ENTRIES(options) \
  { "provider", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &(options).providers, \
    N_("Ask only this provider (repeatable)"), N_("NAME") }, \
  { "timeout", 't', 0, G_OPTION_ARG_INT, &(options).timeout_seconds, \
    N_("Give each provider this long to answer (default: 10)"), N_("SECONDS") }, \
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &(options).verbose, \
    N_("Also say which providers cannot work on this machine"), NULL }

/* A discovery over the providers @options name; NULL with @error set (a
 * usage error, G_OPTION_ERROR) when a name or the timeout is wrong. */
VmsockDiscovery *vmsockctl_discovery_new (const VmsockctlDiscoveryOptions  *options,
                                          GError                          **error);

/* Lists the VMs of the providers @options name, with a spinner on a
 * terminal while they are slow, and reports on stderr the plugins and
 * providers that failed; @discovery (optional) gets the discovery asked.
 * NULL after a usage error, with *status its exit status. */
VmsockVmListing *vmsockctl_discovery_list (const VmsockctlDiscoveryOptions  *options,
                                           VmsockDiscovery                 **discovery,
                                           VmsockctlExit                    *status);

G_END_DECLS
