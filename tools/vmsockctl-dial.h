/* vmsockctl-dial.h: how connect and forward reach their target
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

#include "vmsockctl-discovery.h"

G_BEGIN_DECLS

typedef struct
{
  double timeout_seconds;
  int retries;
  /* libvirt URIs to look VM names up at (-c). */
  char **connections;
} VmsockctlDialOptions;

#define VMSOCKCTL_DIAL_OPTIONS_INIT { 10.0, 0, NULL }

/* Frees what parsing the options stored in @options. */
void vmsockctl_dial_options_clear (VmsockctlDialOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VmsockctlDialOptions, vmsockctl_dial_options_clear)

#define VMSOCKCTL_DIAL_OPTION_ENTRIES(options) \
  VMSOCKCTL_CONNECT_OPTION_ENTRY ((options).connections), \
  { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &(options).timeout_seconds, \
    N_("Give up connecting after this long, retries included (default: 10; 0: never)"), N_("SECONDS") }, \
  { "retries", 'r', 0, G_OPTION_ARG_INT, &(options).retries, \
    N_("Try again this many times while the other side is not there yet"), N_("COUNT") }

/* A dialer set up from @options; NULL with @error set (G_OPTION_ERROR). */
VmsockDialer *vmsockctl_dialer_new (const VmsockctlDialOptions  *options,
                                    GError                     **error);

/* What the help of a command that takes addresses says about them. */
const char *vmsockctl_dial_address_help (void);

G_END_DECLS
