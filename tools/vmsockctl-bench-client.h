/* vmsockctl-bench-client.h: the measurements of bench run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  /* Bulk data over one connection per stream. */
  VMSOCKCTL_BENCH_THROUGHPUT,
  /* New connections, each opened and closed at once. */
  VMSOCKCTL_BENCH_CONNECT,
  /* Round trips of messages over one connection per stream. */
  VMSOCKCTL_BENCH_LATENCY,
  /* New connections, each with data of a random size echoed and checked. */
  VMSOCKCTL_BENCH_RANDOM,
} VmsockctlBenchMode;

typedef struct
{
  VmsockctlBenchMode mode;
  GSocketAddress *address;
  /* Buffer or message size; for random, the largest transfer. */
  guint64 size;
  /* Streams or connections at once. */
  guint parallel;
  /* How long to measure, or 0 to count instead: buffers per stream
   * (throughput), round trips per stream (latency), connections in all
   * (connect, random). */
  gint64 duration_us;
  guint64 count;
  /* Throughput: the server sends. */
  gboolean reverse;
  guint32 seed;
  /* How long to wait for the server at most; negative: forever. */
  gint64 timeout_us;
} VmsockctlBenchPlan;

typedef struct
{
  /* Connections that did what they should. */
  guint64 connections;
  /* Connections that failed, or whose data did not all arrive. */
  guint64 lost;
  /* Connections whose data came back changed. */
  guint64 corrupt;
  /* Payload bytes moved one way. */
  guint64 bytes;
  /* From the first stream's start to the last one's end. */
  gint64 elapsed_us;
  /* Latency: every round trip in microseconds, sorted. */
  GArray *round_trips;
  /* The first failure, if any. */
  GError *error;
} VmsockctlBenchResult;

/* Runs @plan against a bench server at @plan->address. */
VmsockctlBenchResult *vmsockctl_bench_measure (const VmsockctlBenchPlan *plan);

void vmsockctl_bench_result_free (VmsockctlBenchResult *result);

/* The round trip that @percent of the round trips take at most. */
gint64 vmsockctl_bench_result_percentile (const VmsockctlBenchResult *result,
                                          double                      percent);

/* A connection to @address, or NULL with @error. */
GSocket *vmsockctl_bench_connect (GSocketAddress  *address,
                                  gint64           timeout_us,
                                  GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockctlBenchResult, vmsockctl_bench_result_free)

G_END_DECLS
