/* vmsock-peer-input-stream-private.h: what GDBus reads from a peer that is
 * not trusted
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_PEER_INPUT_STREAM (vmsock_peer_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (VmsockPeerInputStream, vmsock_peer_input_stream, VMSOCK, PEER_INPUT_STREAM,
                      GFilterInputStream)

/* The input side of a peer-to-peer D-Bus connection, placed between @base
 * and GDBus on the client's side so that the peer can make GDBus neither
 * allocate nor parse more than this allows.  It passes on the peer's side
 * of the authentication, at most 4 KiB of it, then one whole message at a
 * time, each only once it was read whole and parsed (GDBus would log the
 * whole of a message it cannot parse): at most @max_message bytes, a method
 * return, an error or a signal, whose body has one of the D-Bus
 * @signatures.  The body's signature is checked before the body is parsed,
 * as a message of many small values costs GDBus many times its size.
 *
 * Anything else fails that read and every later one: with
 * G_IO_ERROR_MESSAGE_TOO_LARGE for a message above the limit, otherwise
 * with G_IO_ERROR_INVALID_DATA; vmsock_peer_input_stream_dup_refusal() tells
 * which. */
G_GNUC_INTERNAL
GInputStream *vmsock_peer_input_stream_new (GInputStream       *base,
                                            gsize               max_message,
                                            const char * const *signatures);

/* Why the stream refused what the peer sent, or NULL when it did not;
 * callable from any thread. */
G_GNUC_INTERNAL
GError *vmsock_peer_input_stream_dup_refusal (VmsockPeerInputStream *stream);

G_END_DECLS
