/* vmsockctl-bench-protocol.h: what bench run and bench serve say to each other
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every connection starts with a request from the client:
 *
 *   offset size
 *        0    4  magic "VMSB"
 *        4    1  version, 1
 *        5    1  operation (VmsockctlBenchOp)
 *        6    2  zero
 *        8    8  size, big-endian: buffer, message or transfer size
 *       16    8  seed, big-endian: how the client made its data (for logs)
 *
 * and the server's reply: "VMSR", its version, a status (VmsockctlBenchStatus)
 * and two zero bytes.  After a refusal the server closes the connection.
 * vmsockctl(1) describes what each operation does next. */
#define VMSOCKCTL_BENCH_VERSION 1
#define VMSOCKCTL_BENCH_REQUEST_SIZE 24
#define VMSOCKCTL_BENCH_REPLY_SIZE 8
#define VMSOCKCTL_BENCH_COUNT_SIZE 8
#define VMSOCKCTL_BENCH_DIGEST_SIZE 32

/* The largest buffer or message size of sink, source and echo. */
#define VMSOCKCTL_BENCH_MAX_BUFFER (16 * 1024 * 1024)

typedef enum
{
  /* The server replies and closes. */
  VMSOCKCTL_BENCH_OP_CONNECT = 1,
  /* The client sends until it shuts down its sending side; the server then
   * sends the number of bytes it received (8 bytes, big-endian). */
  VMSOCKCTL_BENCH_OP_SINK = 2,
  /* The server sends buffers of size bytes until the client closes. */
  VMSOCKCTL_BENCH_OP_SOURCE = 3,
  /* The server sends back what it receives until the client shuts down
   * its sending side. */
  VMSOCKCTL_BENCH_OP_ECHO = 4,
  /* The client sends size bytes; the server sends them back as they come,
   * then their SHA-256 digest (32 bytes), and closes. */
  VMSOCKCTL_BENCH_OP_CHECK = 5,
} VmsockctlBenchOp;

typedef enum
{
  VMSOCKCTL_BENCH_STATUS_OK = 0,
  VMSOCKCTL_BENCH_STATUS_BAD_VERSION = 1,
  VMSOCKCTL_BENCH_STATUS_BAD_OP = 2,
  VMSOCKCTL_BENCH_STATUS_BAD_SIZE = 3,
} VmsockctlBenchStatus;

typedef struct
{
  VmsockctlBenchOp op;
  guint64 size;
  guint64 seed;
} VmsockctlBenchRequest;

/* How long to wait for the other side at most, in microseconds; negative:
 * forever.  @seconds 0 means forever, as the tool's --timeout options do. */
gint64 vmsockctl_bench_timeout_from_seconds (double seconds);

/* Waits until @socket is ready for @condition, at most @timeout_us; an
 * error that says how long nothing happened otherwise. */
gboolean vmsockctl_bench_wait (GSocket       *socket,
                               GIOCondition   condition,
                               gint64         timeout_us,
                               GError       **error);

/* Sends all of @data, waiting at most @timeout_us each time the other side
 * takes nothing. */
gboolean vmsockctl_bench_send_all (GSocket     *socket,
                                   const void  *data,
                                   gsize        size,
                                   gint64       timeout_us,
                                   GError     **error);

/* Receives up to @size bytes, at least one unless the other side ended its
 * sending (0), waiting at most @timeout_us.  -1 with @error on failure. */
gssize vmsockctl_bench_receive (GSocket  *socket,
                                void     *buffer,
                                gsize     size,
                                gint64    timeout_us,
                                GError  **error);

/* Receives exactly @size bytes; that the other side ended before is an
 * error. */
gboolean vmsockctl_bench_receive_exact (GSocket  *socket,
                                        void     *buffer,
                                        gsize     size,
                                        gint64    timeout_us,
                                        GError  **error);

/* Waits until the other side closes; that it sends more is an error. */
gboolean vmsockctl_bench_receive_end (GSocket  *socket,
                                      gint64    timeout_us,
                                      GError  **error);

/* The request as it goes on the wire, for clients of their own. */
void vmsockctl_bench_format_request (const VmsockctlBenchRequest  *request,
                                     guint8                        header[VMSOCKCTL_BENCH_REQUEST_SIZE]);

/* Checks the server's reply to @request: FALSE with an error that says
 * why the server refused it, or that it does not speak the protocol. */
gboolean vmsockctl_bench_check_reply (const guint8                  reply[VMSOCKCTL_BENCH_REPLY_SIZE],
                                      const VmsockctlBenchRequest  *request,
                                      GError                      **error);

/* The client's side of the start of a connection: sends @request and checks
 * the reply; a refusal or a peer that does not speak the protocol is an
 * error that says so. */
gboolean vmsockctl_bench_start (GSocket                      *socket,
                                const VmsockctlBenchRequest  *request,
                                gint64                        timeout_us,
                                GError                      **error);

/* The server's side, for servers of their own: checks a request; FALSE
 * with @error if it cannot be served.  *status is then the refusal to
 * send, or VMSOCKCTL_BENCH_STATUS_OK when the peer does not speak the
 * protocol and gets no reply. */
gboolean vmsockctl_bench_parse_request (const guint8            header[VMSOCKCTL_BENCH_REQUEST_SIZE],
                                        VmsockctlBenchRequest  *request,
                                        VmsockctlBenchStatus   *status,
                                        GError                **error);

void vmsockctl_bench_format_reply (VmsockctlBenchStatus status,
                                   guint8               reply[VMSOCKCTL_BENCH_REPLY_SIZE]);

/* Reads a request from a client and checks it.  A request the server
 * cannot serve gets the refusal reply; the result is then FALSE with
 * @error set, as for a peer that does not speak the protocol.  With TRUE,
 * the OK reply has been sent. */
gboolean vmsockctl_bench_accept_request (GSocket                *socket,
                                         VmsockctlBenchRequest  *request,
                                         gint64                  timeout_us,
                                         GError                **error);

/* The server's side of one connection, after vmsockctl_bench_accept_request(). */
gboolean vmsockctl_bench_serve_request (GSocket                      *socket,
                                        const VmsockctlBenchRequest  *request,
                                        gint64                        timeout_us,
                                        GError                      **error);

/* Both: everything a server does with one connection but closing it. */
gboolean vmsockctl_bench_serve (GSocket  *socket,
                                gint64    timeout_us,
                                GError  **error);

/* The operation's name, for messages: "connect", "sink", … */
const char *vmsockctl_bench_op_to_string (VmsockctlBenchOp op);

G_END_DECLS
