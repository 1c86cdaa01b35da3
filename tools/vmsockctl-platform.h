/* vmsockctl-platform.h: the one seam between vmsockctl and the OS
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vmsockctl_platform_is_terminal (int fd);

/* Readies the process to relay data: a closed peer must not kill it
 * (SIGPIPE), and many connections need many descriptors. */
void vmsockctl_platform_prepare_relay (void);

/* Calls @callback in the main context when SIGINT or SIGTERM arrives. */
void vmsockctl_platform_on_termination (GSourceFunc callback,
                                        gpointer    data);

/* Makes I/O on @fd wait rather than fail with EAGAIN. */
void vmsockctl_platform_set_blocking (int fd);

/* Copies from @in_fd to @out_fd until @in_fd ends or @out_fd can take no
 * more (its reader went away), without touching the data in user space
 * where the OS allows it.  FALSE with @error set on any other failure. */
gboolean vmsockctl_platform_copy (int       in_fd,
                                  int       out_fd,
                                  GError  **error);

/* Tells the reader of @fd that no more data comes: shuts down the writing
 * side of a socket, closes anything else. */
void vmsockctl_platform_end_writing (int      fd,
                                     gboolean is_socket);

/* Shuts a socket down both ways, so that copies blocked on it return. */
void vmsockctl_platform_shutdown (int fd);

G_END_DECLS
