/* vmsockctl-bench-client.c: the measurements of bench run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvmsock-glib/vmsock.h>
#include <string.h>

#include "vmsockctl-address.h"
#include "vmsockctl-bench-client.h"
#include "vmsockctl-bench-protocol.h"

/* What a random transfer generates, sends and receives at once. */
#define CHUNK (64 * 1024)

typedef struct
{
  const VmsockctlBenchPlan *plan;
  /* Guards everything below. */
  GMutex lock;
  /* Connections handed out so far (connect, random). */
  guint64 started;
  gint64 deadline;
  gint64 first_start;
  gint64 last_end;
  VmsockctlBenchResult *result;
} Run;

GSocket *
vmsockctl_bench_connect (GSocketAddress  *address,
                         gint64           timeout_us,
                         GError         **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  GSocketFamily family = g_socket_address_get_family (address);

  if (vmsock_socket_address_is_vm (address))
    socket = vmsock_socket_new (family, G_SOCKET_TYPE_STREAM, &local_error);
  else
    socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &local_error);

  /* The kernel waits as long as the timeout says, not its default (vsock:
   * two seconds), as VmsockDialer has it. */
  if (socket != NULL && timeout_us > 0 && vmsock_socket_address_is_vm (address))
    vmsock_socket_set_option (socket, VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT,
                              MAX (timeout_us / 1000, 1), NULL);

  if (socket != NULL)
    {
      g_socket_set_blocking (socket, FALSE);
      if (!g_socket_connect (socket, address, NULL, &local_error) &&
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PENDING))
        {
          g_clear_error (&local_error);
          if (!g_socket_condition_timed_wait (socket, G_IO_OUT, timeout_us, NULL, &local_error))
            g_clear_object (&socket);
          else if (!g_socket_check_connect_result (socket, &local_error))
            g_clear_object (&socket);
        }
      else if (local_error != NULL)
        g_clear_object (&socket);
    }

  if (socket == NULL)
    {
      g_autofree char *description = vmsockctl_address_to_string (address);

      g_set_error (error, local_error->domain, local_error->code, _("Could not connect to %s: %s"),
                   description, local_error->message);
    }
  return g_steal_pointer (&socket);
}

/* Counts a connection that failed with @error. */
static void
lose (Run    *run,
      GError *error)
{
  g_mutex_lock (&run->lock);
  run->result->lost++;
  if (run->result->error == NULL)
    run->result->error = g_steal_pointer (&error);
  g_mutex_unlock (&run->lock);
  g_clear_error (&error);
}

/* Adds a stream's or connection's share. */
static void
add (Run     *run,
     gint64   start,
     gint64   end,
     guint64  bytes,
     gboolean corrupt)
{
  g_mutex_lock (&run->lock);
  run->result->connections++;
  run->result->bytes += bytes;
  if (corrupt)
    run->result->corrupt++;
  if (run->first_start == 0 || start < run->first_start)
    run->first_start = start;
  run->last_end = MAX (run->last_end, end);
  g_mutex_unlock (&run->lock);
}

/* Whether a stream that started at @start and did @done steps goes on. */
static gboolean
stream_goes_on (const VmsockctlBenchPlan *plan,
                gint64                    start,
                guint64                   done)
{
  if (plan->duration_us > 0)
    return g_get_monotonic_time () - start < plan->duration_us;
  return done < plan->count;
}

/* Takes the next connection to make, if any; its number in @index. */
static gboolean
take_connection (Run     *run,
                 guint64 *index)
{
  gboolean more;

  g_mutex_lock (&run->lock);
  if (run->plan->duration_us > 0)
    more = g_get_monotonic_time () < run->deadline;
  else
    more = run->started < run->plan->count;
  *index = run->started;
  if (more)
    run->started++;
  g_mutex_unlock (&run->lock);
  return more;
}

/* A connection that has sent its request and had it accepted. */
static GSocket *
open_stream (Run                   *run,
             VmsockctlBenchOp       op,
             guint64                size,
             guint64                seed,
             GError               **error)
{
  const VmsockctlBenchPlan *plan = run->plan;
  VmsockctlBenchRequest request = { op, size, seed };
  g_autoptr(GSocket) socket = vmsockctl_bench_connect (plan->address, plan->timeout_us, error);

  if (socket == NULL || !vmsockctl_bench_start (socket, &request, plan->timeout_us, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static void
throughput_stream (Run *run)
{
  const VmsockctlBenchPlan *plan = run->plan;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *buffer = g_malloc0 (plan->size);
  guint64 bytes = 0;
  guint64 steps = 0;
  gint64 start;

  socket = open_stream (run, plan->reverse ? VMSOCKCTL_BENCH_OP_SOURCE : VMSOCKCTL_BENCH_OP_SINK,
                        plan->size, plan->seed, &error);
  if (socket == NULL)
    {
      lose (run, g_steal_pointer (&error));
      return;
    }

  start = g_get_monotonic_time ();
  if (plan->reverse)
    {
      while (stream_goes_on (plan, start, steps))
        {
          /* With a count, no more than its buffers' worth. */
          gsize wanted = plan->duration_us > 0 ? plan->size
                                               : MIN (plan->size, plan->count * plan->size - bytes);
          gssize received = vmsockctl_bench_receive (socket, buffer, wanted, plan->timeout_us,
                                                     &error);

          if (received <= 0)
            break;
          bytes += received;
          steps = bytes / plan->size;
        }
      if (error == NULL && stream_goes_on (plan, start, steps))
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                             _("The server stopped sending early"));
    }
  else
    {
      guint64 counted_be = 0;
      guint64 counted;

      for (; stream_goes_on (plan, start, steps); steps++)
        {
          if (!vmsockctl_bench_send_all (socket, buffer, plan->size, plan->timeout_us, &error))
            break;
          bytes += plan->size;
        }
      if (error == NULL && g_socket_shutdown (socket, FALSE, TRUE, &error) &&
          vmsockctl_bench_receive_exact (socket, &counted_be, sizeof counted_be, plan->timeout_us,
                                         &error))
        {
          counted = GUINT64_FROM_BE (counted_be);
          if (counted != bytes)
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The server received %llu of the %llu bytes sent"),
                         (unsigned long long) counted, (unsigned long long) bytes);
        }
    }

  if (error != NULL)

    {
      lose (run, g_steal_pointer (&error));
      return;

    }
  add (run, start, g_get_monotonic_time (), bytes, FALSE);
}

/* One step of sending @out while receiving into @in, which keeps an echo
 * of any size from filling both sides' buffers: moves what either way can
 * without waiting, or waits until either can.  Adds to *@sent and
 * *@received; the other side's end before all of @in is an error. */
static gboolean
exchange_step (GSocket     *socket,
               const char  *out,
               gsize        out_size,
               gsize       *sent,
               char        *in,
               gsize        in_size,
               gsize       *received,
               gint64       timeout_us,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean moved = FALSE;
  gssize n;

  if (*sent < out_size)
    {
      n = g_socket_send_with_blocking (socket, out + *sent, out_size - *sent, FALSE, NULL,
                                       &local_error);
      if (n < 0 && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
      if (n > 0)
        {
          *sent += n;
          moved = TRUE;
        }
    }

  if (*received < in_size)
    {
      n = g_socket_receive_with_blocking (socket, in + *received, in_size - *received, FALSE, NULL,
                                          &local_error);
      if (n < 0 && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("The connection ended before everything came back"));
          return FALSE;
        }
      if (n > 0)
        {
          *received += n;
          moved = TRUE;
        }
    }

  return moved || vmsockctl_bench_wait (socket, *sent < out_size ? G_IO_IN | G_IO_OUT : G_IO_IN,
                                        timeout_us, error);
}

static void
latency_stream (Run *run)
{
  const VmsockctlBenchPlan *plan = run->plan;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *message = g_malloc (plan->size);
  g_autofree char *answer = g_malloc (plan->size);
  g_autoptr(GArray) round_trips = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean corrupt = FALSE;
  gint64 start;

  for (guint64 i = 0; i < plan->size; i++)
    message[i] = (char) (plan->seed + i);
  socket = open_stream (run, VMSOCKCTL_BENCH_OP_ECHO, plan->size, plan->seed, &error);
  if (socket == NULL)
    {
      lose (run, g_steal_pointer (&error));
      return;
    }

  start = g_get_monotonic_time ();
  while (stream_goes_on (plan, start, round_trips->len))
    {
      gint64 sent_at = g_get_monotonic_time ();
      gsize sent = 0, received = 0;
      gint64 round_trip;

      while (received < plan->size &&
             exchange_step (socket, message, plan->size, &sent, answer, plan->size, &received,
                            plan->timeout_us, &error))
        ;
      if (error != NULL)
        break;
      round_trip = g_get_monotonic_time () - sent_at;
      g_array_append_val (round_trips, round_trip);
      corrupt |= memcmp (message, answer, plan->size) != 0;
    }

  if (error == NULL && g_socket_shutdown (socket, FALSE, TRUE, &error))
    vmsockctl_bench_receive_end (socket, plan->timeout_us, &error);
  if (error != NULL)
    {
      lose (run, g_steal_pointer (&error));
      return;
    }

  g_mutex_lock (&run->lock);
  g_array_append_vals (run->result->round_trips, round_trips->data, round_trips->len);
  g_mutex_unlock (&run->lock);
  add (run, start, g_get_monotonic_time (), round_trips->len * plan->size, corrupt);
}

static void
connect_connections (Run *run)
{
  guint64 index;

  while (take_connection (run, &index))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = NULL;
      gint64 start = g_get_monotonic_time ();

      socket = open_stream (run, VMSOCKCTL_BENCH_OP_CONNECT, 0, run->plan->seed, &error);
      if (socket == NULL || !vmsockctl_bench_receive_end (socket, run->plan->timeout_us, &error))
        lose (run, g_steal_pointer (&error));
      else
        add (run, start, g_get_monotonic_time (), 0, FALSE);
    }
}

/* splitmix64: the data and sizes of random transfers, reproducible from the
 * seed and the connection's number. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
fill_random (guint64 *state,
             char    *buffer,
             gsize    size)
{
  for (gsize i = 0; i < size; i += sizeof (guint64))
    {
      guint64 value = next_random (state);

      memcpy (buffer + i, &value, MIN (sizeof value, size - i));
    }
}

static gboolean
digests_equal (GChecksum    *checksum,
               const guint8 *digest)
{
  guint8 own[VMSOCKCTL_BENCH_DIGEST_SIZE];
  gsize own_size = sizeof own;

  g_checksum_get_digest (checksum, own, &own_size);
  return memcmp (own, digest, sizeof own) == 0;
}

/* One connection: data of a random size goes out while it comes back; the
 * echo and the server's digest must match what was sent. */
static void
random_connection (Run     *run,
                   guint64  index)
{
  const VmsockctlBenchPlan *plan = run->plan;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *out = g_malloc (CHUNK);
  g_autofree char *in = g_malloc (CHUNK);
  g_autoptr(GChecksum) sent_digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) echo_digest = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 server_digest[VMSOCKCTL_BENCH_DIGEST_SIZE];
  guint64 seed = ((guint64) plan->seed << 32) ^ index;
  guint64 state = seed;
  guint64 size = next_random (&state) % (plan->size + 1);
  guint64 generated = 0, echoed = 0;
  gsize out_length = 0, out_sent = 0;
  gint64 start = g_get_monotonic_time ();
  gboolean corrupt;

  socket = open_stream (run, VMSOCKCTL_BENCH_OP_CHECK, size, seed, &error);
  while (socket != NULL && error == NULL && echoed < size)
    {
      gsize received = 0;

      if (out_sent == out_length && generated < size)
        {
          out_length = MIN (CHUNK, size - generated);
          out_sent = 0;
          fill_random (&state, out, out_length);
          g_checksum_update (sent_digest, (const guchar *) out, out_length);
          generated += out_length;
        }
      exchange_step (socket, out, out_length, &out_sent, in, MIN (CHUNK, size - echoed), &received,
                     plan->timeout_us, &error);
      g_checksum_update (echo_digest, (const guchar *) in, received);
      echoed += received;
    }

  if (socket == NULL || error != NULL ||
      !vmsockctl_bench_receive_exact (socket, server_digest, sizeof server_digest, plan->timeout_us,
                                      &error) ||
      !vmsockctl_bench_receive_end (socket, plan->timeout_us, &error))
    {
      lose (run, g_steal_pointer (&error));
      return;
    }

  corrupt = !digests_equal (echo_digest, server_digest) || !digests_equal (sent_digest, server_digest);
  add (run, start, g_get_monotonic_time (), size, corrupt);
}

static void
random_connections (Run *run)
{
  guint64 index;

  while (take_connection (run, &index))
    random_connection (run, index);
}

static gpointer
worker (gpointer data)
{
  Run *run = data;

  switch (run->plan->mode)
    {
    case VMSOCKCTL_BENCH_THROUGHPUT:
      throughput_stream (run);
      break;
    case VMSOCKCTL_BENCH_CONNECT:
      connect_connections (run);
      break;
    case VMSOCKCTL_BENCH_LATENCY:
      latency_stream (run);
      break;
    case VMSOCKCTL_BENCH_RANDOM:
      random_connections (run);
      break;
    }
  return NULL;
}

static int
compare_round_trips (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

VmsockctlBenchResult *
vmsockctl_bench_measure (const VmsockctlBenchPlan *plan)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Run run = { .plan = plan };
  gint64 start = g_get_monotonic_time ();

  run.result = g_new0 (VmsockctlBenchResult, 1);
  run.result->round_trips = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.deadline = start + plan->duration_us;
  g_mutex_init (&run.lock);

  for (guint i = 0; i < plan->parallel; i++)
    g_ptr_array_add (threads, g_thread_new ("bench", worker, &run));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);

  /* Connections are timed as a whole, streams from their first byte. */
  if (plan->mode == VMSOCKCTL_BENCH_CONNECT || plan->mode == VMSOCKCTL_BENCH_RANDOM)
    run.result->elapsed_us = g_get_monotonic_time () - start;
  else if (run.first_start != 0)
    run.result->elapsed_us = run.last_end - run.first_start;
  g_array_sort (run.result->round_trips, compare_round_trips);
  g_mutex_clear (&run.lock);
  return run.result;
}

gint64
vmsockctl_bench_result_percentile (const VmsockctlBenchResult *result,
                                   double                      percent)
{
  guint n = result->round_trips->len;
  double exact;
  guint rank;

  if (n == 0)
    return 0;
  /* The nearest rank: the smallest value that many are at or below. */
  exact = percent / 100.0 * n;
  rank = (guint) exact;
  if (rank < exact)
    rank++;
  rank = CLAMP (rank, 1, n);
  return g_array_index (result->round_trips, gint64, rank - 1);
}

void
vmsockctl_bench_result_free (VmsockctlBenchResult *result)
{
  g_array_unref (result->round_trips);
  g_clear_error (&result->error);
  g_free (result);
}
