/* vmsockctl-bench-protocol.c: what bench run and bench serve say to each other
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vmsockctl-bench-protocol.h"

/* Apart, so that an echo of the request is no reply. */
#define REQUEST_MAGIC "VMSB"
#define REPLY_MAGIC "VMSR"
#define MAGIC_SIZE 4

/* What the server reads and writes at once. */
#define SERVER_CHUNK (256 * 1024)

gint64
vmsockctl_bench_timeout_from_seconds (double seconds)
{
  return seconds > 0 ? (gint64) (seconds * G_USEC_PER_SEC) : -1;
}

gboolean
vmsockctl_bench_wait (GSocket       *socket,
                      GIOCondition   condition,
                      gint64         timeout_us,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_socket_condition_timed_wait (socket, condition, timeout_us, NULL, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 condition & G_IO_OUT ? _("The other side took no data for %g seconds")
                                      : _("Nothing came from the other side for %g seconds"),
                 timeout_us / (double) G_USEC_PER_SEC);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
vmsockctl_bench_send_all (GSocket     *socket,
                          const void  *data,
                          gsize        size,
                          gint64       timeout_us,
                          GError     **error)
{
  const char *next = data;

  while (size > 0)
    {
      g_autoptr(GError) local_error = NULL;
      gssize sent = g_socket_send_with_blocking (socket, next, size, FALSE, NULL, &local_error);

      if (sent < 0)
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (!vmsockctl_bench_wait (socket, G_IO_OUT, timeout_us, error))
            return FALSE;
          continue;
        }
      next += sent;
      size -= sent;
    }
  return TRUE;
}

gssize
vmsockctl_bench_receive (GSocket  *socket,
                         void     *buffer,
                         gsize     size,
                         gint64    timeout_us,
                         GError  **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize received = g_socket_receive_with_blocking (socket, buffer, size, FALSE, NULL,
                                                        &local_error);

      if (received >= 0)
        return received;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      if (!vmsockctl_bench_wait (socket, G_IO_IN, timeout_us, error))
        return -1;
    }
}

gboolean
vmsockctl_bench_receive_exact (GSocket  *socket,
                               void     *buffer,
                               gsize     size,
                               gint64    timeout_us,
                               GError  **error)
{
  gsize done = 0;

  while (done < size)
    {
      gssize received = vmsockctl_bench_receive (socket, (char *) buffer + done, size - done,
                                                 timeout_us, error);

      if (received < 0)
        return FALSE;
      if (received == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       _("The connection ended early: %llu of %llu bytes came"),
                       (unsigned long long) done, (unsigned long long) size);
          return FALSE;
        }
      done += received;
    }
  return TRUE;
}

gboolean
vmsockctl_bench_receive_end (GSocket  *socket,
                             gint64    timeout_us,
                             GError  **error)
{
  char byte;
  gssize received = vmsockctl_bench_receive (socket, &byte, 1, timeout_us, error);

  if (received < 0)
    return FALSE;
  if (received > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The other side sent more than the protocol allows"));
      return FALSE;
    }
  return TRUE;
}

const char *
vmsockctl_bench_op_to_string (VmsockctlBenchOp op)
{
  switch (op)
    {
    case VMSOCKCTL_BENCH_OP_CONNECT:
      return "connect";
    case VMSOCKCTL_BENCH_OP_SINK:
      return "sink";
    case VMSOCKCTL_BENCH_OP_SOURCE:
      return "source";
    case VMSOCKCTL_BENCH_OP_ECHO:
      return "echo";
    case VMSOCKCTL_BENCH_OP_CHECK:
      return "check";
    }
  return "?";
}

static gboolean
op_is_known (guint op)
{
  return op >= VMSOCKCTL_BENCH_OP_CONNECT && op <= VMSOCKCTL_BENCH_OP_CHECK;
}

static gboolean
not_the_protocol (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The other side does not speak the vmsockctl bench protocol"));
  return FALSE;
}

void
vmsockctl_bench_format_request (const VmsockctlBenchRequest  *request,
                                guint8                        header[VMSOCKCTL_BENCH_REQUEST_SIZE])
{
  guint64 size_be = GUINT64_TO_BE (request->size);
  guint64 seed_be = GUINT64_TO_BE (request->seed);

  memset (header, 0, VMSOCKCTL_BENCH_REQUEST_SIZE);
  memcpy (header, REQUEST_MAGIC, MAGIC_SIZE);
  header[4] = VMSOCKCTL_BENCH_VERSION;
  header[5] = request->op;
  memcpy (header + 8, &size_be, sizeof size_be);
  memcpy (header + 16, &seed_be, sizeof seed_be);
}

gboolean
vmsockctl_bench_check_reply (const guint8                  reply[VMSOCKCTL_BENCH_REPLY_SIZE],
                             const VmsockctlBenchRequest  *request,
                             GError                      **error)
{
  if (memcmp (reply, REPLY_MAGIC, MAGIC_SIZE) != 0)
    return not_the_protocol (error);

  switch (reply[5])
    {
    case VMSOCKCTL_BENCH_STATUS_OK:
      return TRUE;
    case VMSOCKCTL_BENCH_STATUS_BAD_VERSION:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The server speaks version %u of the bench protocol, not %u"),
                   reply[4], VMSOCKCTL_BENCH_VERSION);
      return FALSE;
    case VMSOCKCTL_BENCH_STATUS_BAD_OP:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The server does not know the operation “%s”"),
                   vmsockctl_bench_op_to_string (request->op));
      return FALSE;
    case VMSOCKCTL_BENCH_STATUS_BAD_SIZE:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The server refused the size %llu for the operation “%s”"),
                   (unsigned long long) request->size, vmsockctl_bench_op_to_string (request->op));
      return FALSE;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The server refused the request (status %u)"), reply[5]);
      return FALSE;
    }
}

gboolean
vmsockctl_bench_start (GSocket                      *socket,
                       const VmsockctlBenchRequest  *request,
                       gint64                        timeout_us,
                       GError                      **error)
{
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  g_autoptr(GError) local_error = NULL;

  vmsockctl_bench_format_request (request, header);
  if (!vmsockctl_bench_send_all (socket, header, sizeof header, timeout_us, error))
    return FALSE;

  if (!vmsockctl_bench_receive_exact (socket, reply, sizeof reply, timeout_us, &local_error))
    {
      /* Whoever closes at once, or answers with less, is no bench server. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
        return not_the_protocol (error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return vmsockctl_bench_check_reply (reply, request, error);
}

void
vmsockctl_bench_format_reply (VmsockctlBenchStatus status,
                              guint8               reply[VMSOCKCTL_BENCH_REPLY_SIZE])
{
  memset (reply, 0, VMSOCKCTL_BENCH_REPLY_SIZE);
  memcpy (reply, REPLY_MAGIC, MAGIC_SIZE);
  reply[4] = VMSOCKCTL_BENCH_VERSION;
  reply[5] = status;
}

gboolean
vmsockctl_bench_parse_request (const guint8            header[VMSOCKCTL_BENCH_REQUEST_SIZE],
                               VmsockctlBenchRequest  *request,
                               VmsockctlBenchStatus   *status,
                               GError                **error)
{
  guint64 size_be, seed_be;

  *status = VMSOCKCTL_BENCH_STATUS_OK;
  if (memcmp (header, REQUEST_MAGIC, MAGIC_SIZE) != 0)
    return not_the_protocol (error);

  memcpy (&size_be, header + 8, sizeof size_be);
  memcpy (&seed_be, header + 16, sizeof seed_be);
  request->op = header[5];
  request->size = GUINT64_FROM_BE (size_be);
  request->seed = GUINT64_FROM_BE (seed_be);

  if (header[4] != VMSOCKCTL_BENCH_VERSION)
    {
      *status = VMSOCKCTL_BENCH_STATUS_BAD_VERSION;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The client speaks version %u of the bench protocol, not %u"),
                   header[4], VMSOCKCTL_BENCH_VERSION);
    }
  else if (!op_is_known (header[5]))
    {
      *status = VMSOCKCTL_BENCH_STATUS_BAD_OP;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The client asked for the unknown operation %u"), header[5]);
    }
  else if (request->op != VMSOCKCTL_BENCH_OP_CHECK && request->size > VMSOCKCTL_BENCH_MAX_BUFFER)
    {
      *status = VMSOCKCTL_BENCH_STATUS_BAD_SIZE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The client asked for buffers of %llu bytes, more than %u"),
                   (unsigned long long) request->size, VMSOCKCTL_BENCH_MAX_BUFFER);
    }
  else if (request->op == VMSOCKCTL_BENCH_OP_SOURCE && request->size == 0)
    {
      *status = VMSOCKCTL_BENCH_STATUS_BAD_SIZE;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The client asked for empty buffers"));
    }
  return *status == VMSOCKCTL_BENCH_STATUS_OK;
}

gboolean
vmsockctl_bench_accept_request (GSocket                *socket,
                                VmsockctlBenchRequest  *request,
                                gint64                  timeout_us,
                                GError                **error)
{
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  g_autoptr(GError) local_error = NULL;
  VmsockctlBenchStatus status;

  if (!vmsockctl_bench_receive_exact (socket, header, sizeof header, timeout_us, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
        return not_the_protocol (error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!vmsockctl_bench_parse_request (header, request, &status, &local_error) &&
      status == VMSOCKCTL_BENCH_STATUS_OK)
    {
      /* Not the protocol: nothing to answer. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A refusal is sent on a best-effort basis: the client may be gone. */
  vmsockctl_bench_format_reply (status, reply);
  if (!vmsockctl_bench_send_all (socket, reply, sizeof reply, timeout_us,
                                 status == VMSOCKCTL_BENCH_STATUS_OK ? error : NULL))
    return FALSE;
  if (status != VMSOCKCTL_BENCH_STATUS_OK)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_gone (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

static gboolean
serve_sink (GSocket  *socket,
            gint64    timeout_us,
            GError  **error)
{
  g_autofree char *buffer = g_malloc (SERVER_CHUNK);
  guint64 total = 0;
  guint64 total_be;
  gssize received;

  while ((received = vmsockctl_bench_receive (socket, buffer, SERVER_CHUNK, timeout_us, error)) > 0)
    total += received;
  if (received < 0)
    return FALSE;
  total_be = GUINT64_TO_BE (total);
  return vmsockctl_bench_send_all (socket, &total_be, sizeof total_be, timeout_us, error);
}

static gboolean
serve_source (GSocket  *socket,
              gsize     size,
              gint64    timeout_us,
              GError  **error)
{
  g_autofree char *buffer = g_malloc0 (size);
  g_autoptr(GError) local_error = NULL;

  /* Until the client has had enough and closes. */
  while (vmsockctl_bench_send_all (socket, buffer, size, timeout_us, &local_error))
    ;
  if (is_gone (local_error))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
serve_echo (GSocket  *socket,
            gint64    timeout_us,
            GError  **error)
{
  g_autofree char *buffer = g_malloc (SERVER_CHUNK);
  gssize received;

  while ((received = vmsockctl_bench_receive (socket, buffer, SERVER_CHUNK, timeout_us, error)) > 0)
    if (!vmsockctl_bench_send_all (socket, buffer, received, timeout_us, error))
      return FALSE;
  return received == 0;
}

static gboolean
serve_check (GSocket  *socket,
             guint64   size,
             gint64    timeout_us,
             GError  **error)
{
  g_autofree char *buffer = g_malloc (SERVER_CHUNK);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[VMSOCKCTL_BENCH_DIGEST_SIZE];
  gsize digest_size = sizeof digest;
  guint64 done = 0;

  while (done < size)
    {
      gssize received = vmsockctl_bench_receive (socket, buffer, MIN (size - done, SERVER_CHUNK),
                                                 timeout_us, error);

      if (received < 0)
        return FALSE;
      if (received == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       _("The connection ended early: %llu of %llu bytes came"),
                       (unsigned long long) done, (unsigned long long) size);
          return FALSE;
        }
      g_checksum_update (checksum, (const guchar *) buffer, received);
      if (!vmsockctl_bench_send_all (socket, buffer, received, timeout_us, error))
        return FALSE;
      done += received;
    }
  g_checksum_get_digest (checksum, digest, &digest_size);
  return vmsockctl_bench_send_all (socket, digest, digest_size, timeout_us, error);
}

gboolean
vmsockctl_bench_serve_request (GSocket                      *socket,
                               const VmsockctlBenchRequest  *request,
                               gint64                        timeout_us,
                               GError                      **error)
{
  switch (request->op)
    {
    case VMSOCKCTL_BENCH_OP_CONNECT:
      return TRUE;
    case VMSOCKCTL_BENCH_OP_SINK:
      return serve_sink (socket, timeout_us, error);
    case VMSOCKCTL_BENCH_OP_SOURCE:
      return serve_source (socket, request->size, timeout_us, error);
    case VMSOCKCTL_BENCH_OP_ECHO:
      return serve_echo (socket, timeout_us, error);
    case VMSOCKCTL_BENCH_OP_CHECK:
      return serve_check (socket, request->size, timeout_us, error);
    }
  g_return_val_if_reached (FALSE);
}

gboolean
vmsockctl_bench_serve (GSocket  *socket,
                       gint64    timeout_us,
                       GError  **error)
{
  VmsockctlBenchRequest request;

  return vmsockctl_bench_accept_request (socket, &request, timeout_us, error) &&
         vmsockctl_bench_serve_request (socket, &request, timeout_us, error);
}
