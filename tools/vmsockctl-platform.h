/* vmsockctl-platform.h: the one seam between vmsockctl and the OS
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean vmsockctl_platform_is_terminal (int fd);

/* How many columns the terminal at @fd has; 0 when @fd is no terminal or
 * does not say. */
guint vmsockctl_platform_terminal_width (int fd);

/* Whether services belong in the machine's registry unless the user says
 * otherwise: on Windows, where that registry is Hyper-V's own. */
gboolean vmsockctl_platform_services_belong_to_system (void);

/* Readies the process to relay data: a closed peer must not kill it
 * (SIGPIPE), and many connections need many descriptors.  With @verbose,
 * the relays say (once) when the OS gives them less than they ask for. */
void vmsockctl_platform_prepare_relay (gboolean verbose);

/* Calls @callback in the main context when SIGINT or SIGTERM arrives. */
void vmsockctl_platform_on_termination (GSourceFunc callback,
                                        gpointer    data);

/* Binds @socket to @address; the error says only what the system said.  A
 * TCP port that old connections still hold (TIME_WAIT) is taken again where
 * that lets no other program take it. */
gboolean vmsockctl_platform_bind (GSocket         *socket,
                                  GSocketAddress  *address,
                                  GError         **error);

/* Which file a path names: its volume and its number there. */
typedef struct
{
  guint64 volume;
  guint64 file;
} VmsockctlFileId;

/* Whether @path (not followed if a link) is a Unix socket file, and which. */
gboolean vmsockctl_platform_socket_file_id (const char      *path,
                                            VmsockctlFileId *id);

/* A descriptor of its own for the pipe that @stream (a GSubprocess's
 * standard input or output pipe) reads or writes, not inherited by programs
 * started later; @stream is closed, so that only the descriptor holds the
 * pipe.  -1 with @error set on failure. */
int vmsockctl_platform_take_pipe (GObject  *stream,
                                  GError  **error);

/* Makes I/O on @fd wait rather than fail with EAGAIN. */
void vmsockctl_platform_set_blocking (int fd);

/* One end of a copy: a socket (as g_socket_get_fd() gives it) or a file
 * descriptor such as standard input, which some systems handle apart. */
typedef struct
{
  int fd;
  gboolean is_socket;
  /* The socket's family (g_socket_get_family()), or
   * G_SOCKET_FAMILY_INVALID where it does not matter. */
  GSocketFamily family;
} VmsockctlEndpoint;

/* Copies from @in to @out until @in ends or @out can take no more (its
 * reader went away), without touching the data in user space where the OS
 * allows it, and atomically bumps *@activity whenever data moved.  FALSE
 * with @error set on any other failure.  It waits as long as it takes: run
 * it in a thread of its own. */
gboolean vmsockctl_platform_copy (VmsockctlEndpoint   in,
                                  VmsockctlEndpoint   out,
                                  gint               *activity,
                                  GError            **error);

/* A copy that the main context drives, with no thread of its own. */
typedef struct _VmsockctlWatchedCopy VmsockctlWatchedCopy;

/* Called in the main context once a watched copy ended, after the writing
 * side of its output was ended; @error says why it failed, if it did. */
typedef void (*VmsockctlCopyDone) (const GError *error,
                                   gpointer      data);

/* Whether vmsockctl_platform_watch_copy() can move data from or to
 * @endpoint: on Linux, sockets (non-blocking, as GSocket leaves them);
 * elsewhere nothing. */
gboolean vmsockctl_platform_can_watch (VmsockctlEndpoint endpoint);

/* Does what vmsockctl_platform_copy() does, from the thread-default main
 * context (the same for every watched copy), as data comes; @done is
 * called there once it ended.  NULL with @error set when it cannot start.
 * @in must be the input of no other watched copy, @out the output of none. */
VmsockctlWatchedCopy *vmsockctl_platform_watch_copy (VmsockctlEndpoint    in,
                                                     VmsockctlEndpoint    out,
                                                     gint                *activity,
                                                     VmsockctlCopyDone    done,
                                                     gpointer             data,
                                                     GError             **error);

/* Frees @copy, from @done or after it. */
void vmsockctl_platform_watched_copy_free (VmsockctlWatchedCopy *copy);

/* Tells the reader of @out that no more data comes: shuts down the writing
 * side of a socket, closes anything else. */
void vmsockctl_platform_end_writing (VmsockctlEndpoint out);

/* Shuts a socket down both ways, so that copies blocked on it return. */
void vmsockctl_platform_shutdown (int fd);

G_END_DECLS
