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
  /* libvirt URIs: libvirt asked at these only, and no other provider
   * unless named. */
  char **connections;
  int timeout_seconds;
  gboolean verbose;
  gboolean quiet;
} VmsockctlDiscoveryOptions;

/* -c, --connect URI, as virsh has it; also for connect and forward. */
#define VMSOCKCTL_CONNECT_OPTION_ENTRY(connections) \
  { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &(connections), \
    N_("Ask libvirt at this URI only, and no other provider unless named (repeatable)"), N_("URI") }

#define VMSOCKCTL_DISCOVERY_OPTION_ENTRIES(options) \
  VMSOCKCTL_CONNECT_OPTION_ENTRY ((options).connections), \
  { "provider", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &(options).providers, \
    N_("Ask only this provider (repeatable)"), N_("NAME") }, \
  { "timeout", 't', 0, G_OPTION_ARG_INT, &(options).timeout_seconds, \
    N_("Give each provider this long to answer (default: 10)"), N_("SECONDS") }, \
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &(options).verbose, \
    N_("Also say which providers cannot work on this machine"), NULL }, \
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &(options).quiet, \
    N_("Do not warn about providers that failed"), NULL }

/* Frees what parsing the options stored in @options. */
void vmsockctl_discovery_options_clear (VmsockctlDiscoveryOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VmsockctlDiscoveryOptions, vmsockctl_discovery_options_clear)

/* The discovery that @options ask for: every provider that works on this
 * machine, or those named; with --connect, libvirt at those URIs and the
 * providers named.  NULL with G_OPTION_ERROR for a bad timeout, or
 * G_IO_ERROR_NOT_FOUND for a provider that does not exist. */
VmsockDiscovery *vmsockctl_discovery_new (const VmsockctlDiscoveryOptions  *options,
                                          GError                          **error);

/* vmsockctl_discovery_new(), with the error printed and its exit status in
 * @status: VMSOCKCTL_EXIT_NO_ANSWER for a provider that does not exist. */
VmsockDiscovery *vmsockctl_discovery_open (const VmsockctlDiscoveryOptions *options,
                                           VmsockctlExit                   *status);

/* Lists the VMs of the providers @options name, with a spinner on a
 * terminal while they are slow, and reports on stderr the plugins and
 * providers that failed (unless quiet) and those that cannot work here
 * (when verbose); @discovery (optional) gets the discovery asked.  NULL
 * after a usage error or for a provider that does not exist, with *status
 * the exit status. */
VmsockVmListing *vmsockctl_discovery_list (const VmsockctlDiscoveryOptions  *options,
                                           VmsockDiscovery                 **discovery,
                                           VmsockctlExit                    *status);

/* The part of vmsockctl_discovery_list() after opening @discovery. */
VmsockVmListing *vmsockctl_discovery_ask (const VmsockctlDiscoveryOptions *options,
                                          VmsockDiscovery                 *discovery);

/* Whether @listing answers what @options asked: some provider answered,
 * and every provider named with --provider (or implied by --connect) did. */
gboolean vmsockctl_discovery_answered (const VmsockctlDiscoveryOptions *options,
                                       VmsockDiscovery                 *discovery,
                                       VmsockVmListing                 *listing);

/* Whether @options name the providers to ask, with --provider or
 * --connect. */
gboolean vmsockctl_discovery_options_name_providers (const VmsockctlDiscoveryOptions *options);

G_END_DECLS
