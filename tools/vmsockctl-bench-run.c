/* vmsockctl-bench-run.c: vmsockctl bench run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-address.h"
#include "vmsockctl-bench.h"
#include "vmsockctl-bench-client.h"
#include "vmsockctl-bench-protocol.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-output.h"
#include "vmsockctl-platform.h"

/* The largest random transfer. */
#define MAX_RANDOM_SIZE (G_GUINT64_CONSTANT (1) << 30)
#define MAX_PARALLEL 1024

typedef struct
{
  const char *name;
  VmsockctlBenchMode mode;
  /* What it does when not told otherwise. */
  const char *sizes;
  double duration_seconds;
  guint64 count;
} Mode;

static const Mode modes[] = {
  { "throughput", VMSOCKCTL_BENCH_THROUGHPUT, "4K,64K,1M", 3, 0 },
  { "connect", VMSOCKCTL_BENCH_CONNECT, NULL, 3, 0 },
  { "latency", VMSOCKCTL_BENCH_LATENCY, "64", 3, 0 },
  { "random", VMSOCKCTL_BENCH_RANDOM, "64K", 0, 1000 },
};

static const VmsockctlColumn throughput_columns[] = {
  { "size", N_("SIZE") },
  { "streams", N_("STREAMS") },
  { "direction", N_("DIRECTION") },
  { "microseconds", N_("SECONDS") },
  { "bytes", N_("BYTES") },
  { "bytes-per-second", N_("MiB/s") },
};

static const VmsockctlColumn connect_columns[] = {
  { "streams", N_("STREAMS") },
  { "connections", N_("CONNECTIONS") },
  { "failed", N_("FAILED") },
  { "microseconds", N_("SECONDS") },
  { "connections-per-second", N_("CONN/s") },
};

static const VmsockctlColumn latency_columns[] = {
  { "size", N_("SIZE") },
  { "streams", N_("STREAMS") },
  { "round-trips", N_("ROUND TRIPS") },
  { "min-us", N_("MIN µs") },
  { "p50-us", N_("P50 µs") },
  { "p90-us", N_("P90 µs") },
  { "p99-us", N_("P99 µs") },
  { "max-us", N_("MAX µs") },
};

static const VmsockctlColumn random_columns[] = {
  { "connections", N_("CONNECTIONS") },
  { "streams", N_("STREAMS") },
  { "seed", N_("SEED") },
  { "bytes", N_("BYTES") },
  { "microseconds", N_("SECONDS") },
  { "bytes-per-second", N_("MiB/s") },
  { "corrupt", N_("CORRUPT") },
  { "lost", N_("LOST") },
};

static const Mode *
find_mode (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (modes[i].name, name))
      return &modes[i];
  return NULL;
}

/* "4096", "4K", "64KiB", "1M", "1g": binary multiples. */
static gboolean
parse_size (const char  *text,
            guint64     *value,
            GError     **error)
{
  static const struct { const char *suffix; guint shift; } suffixes[] = {
    { "", 0 }, { "B", 0 }, { "K", 10 }, { "KiB", 10 }, { "M", 20 }, { "MiB", 20 },
    { "G", 30 }, { "GiB", 30 },
  };
  char *end = NULL;
  guint64 number;

  if (!g_ascii_isdigit (text[0]))
    goto bad;
  number = g_ascii_strtoull (text, &end, 10);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_ascii_strcasecmp (end, suffixes[i].suffix) == 0)
      {
        if (number > (G_MAXUINT64 >> suffixes[i].shift))
          goto bad;
        *value = number << suffixes[i].shift;
        return TRUE;
      }

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a size: use a number of bytes, or with K, M or G"), text);
  return FALSE;
}

static GArray *
parse_sizes (const char  *text,
             guint64      min,
             guint64      max,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 size;

      if (!parse_size (g_strstrip (parts[i]), &size, error))
        return NULL;
      if (size < min || size > max)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The size “%s” is not between %llu and %llu bytes"), parts[i],
                       (unsigned long long) min, (unsigned long long) max);
          return NULL;
        }
      g_array_append_val (sizes, size);
    }
  if (sizes->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("No size given"));
      return NULL;
    }
  return g_steal_pointer (&sizes);
}

/* @amount a second over @microseconds. */
static double
per_second (guint64 amount,
            gint64  microseconds)
{
  return microseconds > 0 ? amount * (double) G_USEC_PER_SEC / microseconds : 0;
}

/* Microseconds for scripts, seconds for people. */
static void
add_duration (VmsockctlTable *table,
              gint64          microseconds)
{
  g_autofree char *text = g_strdup_printf ("%.2f", microseconds / (double) G_USEC_PER_SEC);

  vmsockctl_table_add_uint_as (table, microseconds, text);
}

/* Bytes a second for scripts, MiB/s for people. */
static void
add_rate (VmsockctlTable *table,
          guint64         bytes,
          gint64          microseconds)
{
  double rate = per_second (bytes, microseconds);
  g_autofree char *text = g_strdup_printf ("%.1f", rate / (1024 * 1024));

  vmsockctl_table_add_uint_as (table, (guint64) rate, text);
}

static void
add_row (VmsockctlTable             *table,
         const VmsockctlBenchPlan   *plan,
         const VmsockctlBenchResult *result)
{
  switch (plan->mode)
    {
    case VMSOCKCTL_BENCH_THROUGHPUT:
      vmsockctl_table_add_uint (table, plan->size);
      vmsockctl_table_add_uint (table, plan->parallel);
      vmsockctl_table_add_string (table, plan->reverse ? "receive" : "send");
      add_duration (table, result->elapsed_us);
      vmsockctl_table_add_uint (table, result->bytes);
      add_rate (table, result->bytes, result->elapsed_us);
      break;
    case VMSOCKCTL_BENCH_CONNECT:
      vmsockctl_table_add_uint (table, plan->parallel);
      vmsockctl_table_add_uint (table, result->connections);
      vmsockctl_table_add_uint (table, result->lost);
      add_duration (table, result->elapsed_us);
      vmsockctl_table_add_uint (table, (guint64) per_second (result->connections, result->elapsed_us));
      break;
    case VMSOCKCTL_BENCH_LATENCY:
      vmsockctl_table_add_uint (table, plan->size);
      vmsockctl_table_add_uint (table, plan->parallel);
      vmsockctl_table_add_uint (table, result->round_trips->len);
      vmsockctl_table_add_uint (table, vmsockctl_bench_result_percentile (result, 0));
      vmsockctl_table_add_uint (table, vmsockctl_bench_result_percentile (result, 50));
      vmsockctl_table_add_uint (table, vmsockctl_bench_result_percentile (result, 90));
      vmsockctl_table_add_uint (table, vmsockctl_bench_result_percentile (result, 99));
      vmsockctl_table_add_uint (table, vmsockctl_bench_result_percentile (result, 100));
      break;
    case VMSOCKCTL_BENCH_RANDOM:
      vmsockctl_table_add_uint (table, result->connections);
      vmsockctl_table_add_uint (table, plan->parallel);
      vmsockctl_table_add_uint (table, plan->seed);
      vmsockctl_table_add_uint (table, result->bytes);
      add_duration (table, result->elapsed_us);
      add_rate (table, result->bytes, result->elapsed_us);
      vmsockctl_table_add_uint (table, result->corrupt);
      vmsockctl_table_add_uint (table, result->lost);
      break;
    }
}

static VmsockctlTable *
new_table (VmsockctlBenchMode mode)
{
  switch (mode)
    {
    case VMSOCKCTL_BENCH_THROUGHPUT:
      return vmsockctl_table_new (throughput_columns, G_N_ELEMENTS (throughput_columns));
    case VMSOCKCTL_BENCH_CONNECT:
      return vmsockctl_table_new (connect_columns, G_N_ELEMENTS (connect_columns));
    case VMSOCKCTL_BENCH_LATENCY:
      return vmsockctl_table_new (latency_columns, G_N_ELEMENTS (latency_columns));
    case VMSOCKCTL_BENCH_RANDOM:
      return vmsockctl_table_new (random_columns, G_N_ELEMENTS (random_columns));
    }
  g_return_val_if_reached (NULL);
}

/* Says what went wrong in a measurement; whether anything did. */
static gboolean
report_problems (const VmsockctlBenchResult *result)
{
  if (result->lost > 0)
    vmsockctl_print_error (g_dngettext (GETTEXT_PACKAGE, "%llu connection failed: %s",
                                        "%llu connections failed; the first: %s",
                                        result->lost),
                           (unsigned long long) result->lost, result->error->message);
  if (result->corrupt > 0)
    vmsockctl_print_error (g_dngettext (GETTEXT_PACKAGE,
                                        "%llu connection brought back other data than it sent",
                                        "%llu connections brought back other data than they sent",
                                        result->corrupt),
                           (unsigned long long) result->corrupt);
  return result->lost > 0 || result->corrupt > 0;
}

/* The address that @target names, checked to be a bench server that
 * answers; connections go there without resolving it again. */
static GSocketAddress *
find_server (GSocketConnectable  *target,
             const char          *text,
             VmsockDialer        *dialer,
             gint64               timeout_us,
             GError             **error)
{
  g_autoptr(GSocketAddressEnumerator) enumerator = g_socket_connectable_enumerate (target);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  VmsockctlBenchRequest hello = { VMSOCKCTL_BENCH_OP_CONNECT, 0, 0 };
  GSocket *socket;

  address = g_socket_address_enumerator_next (enumerator, NULL, error);
  if (address == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s has no address"), text);
      return NULL;
    }

  /* The dialer waits and tries again as -t and -r say. */
  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (address), NULL, error);
  if (connection == NULL)
    return NULL;
  socket = g_socket_connection_get_socket (connection);
  if (!vmsockctl_bench_start (socket, &hello, timeout_us, error) ||
      !vmsockctl_bench_receive_end (socket, timeout_us, error))
    {
      g_prefix_error (error, "%s: ", text);
      return NULL;
    }
  return g_steal_pointer (&address);
}

VmsockctlExit
vmsockctl_bench_run_command (int   argc,
                             char *argv[])
{
  g_auto(VmsockctlDialOptions) dial_options = VMSOCKCTL_DIAL_OPTIONS_INIT;
  g_auto(VmsockctlOutput) output = { 0 };
  g_autofree char *mode_name = NULL;
  g_autofree char *sizes_text = NULL;
  double duration_seconds = 0;
  gint64 count = 0;
  gint parallel = 1;
  gboolean reverse = FALSE;
  gint64 seed = -1;
  const GOptionEntry entries[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode_name,
      N_("What to measure: throughput (the default), connect, latency or random"), N_("MODE") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &sizes_text,
      N_("Buffer sizes (throughput) or message sizes (latency), comma-separated, such as "
         "4K,64K,1M; the largest transfer (random)"), N_("SIZES") },
    { "duration", 'd', 0, G_OPTION_ARG_DOUBLE, &duration_seconds,
      N_("Measure for this long (default: 3, for each size)"), N_("SECONDS") },
    { "count", 'n', 0, G_OPTION_ARG_INT64, &count,
      N_("Measure this many buffers or round trips per stream, or connections in all "
         "(connect, random; default for random: 1000)"), N_("COUNT") },
    { "parallel", 'P', 0, G_OPTION_ARG_INT, &parallel,
      N_("Streams or connections at once (default: 1)"), N_("N") },
    { "reverse", 'R', 0, G_OPTION_ARG_NONE, &reverse,
      N_("Throughput: the server sends and this side receives"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Random: the seed of sizes and data, to repeat a run (default: a random one)"),
      N_("NUMBER") },
    VMSOCKCTL_DIAL_OPTION_ENTRIES (dial_options),
    VMSOCKCTL_JSON_OPTION_ENTRY,
    VMSOCKCTL_TABLE_OPTION_ENTRIES (output),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketConnectable) target = NULL;
  g_autoptr(VmsockDialer) dialer = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *footer = NULL;
  VmsockctlBenchPlan plan = { 0 };
  const Mode *mode;
  gboolean problems = FALSE;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("bench run", _("ADDRESS"),
                                          _("Measures against “vmsockctl bench serve” at ADDRESS: "
                                            "throughput at each buffer size, the rate of new "
                                            "connections, round-trip latency, or random transfers "
                                            "checked with SHA-256.  Fails if any connection "
                                            "failed or brought back other data."),
                                          entries, &output);
  g_option_context_set_description (context, vmsockctl_dial_address_help ());
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  mode = find_mode (mode_name != NULL ? mode_name : "throughput");
  if (mode == NULL)
    return vmsockctl_usage_error (_("Unknown mode “%s”; use throughput, connect, latency or random"),
                                  mode_name);
  if (duration_seconds != 0 && count != 0)
    return vmsockctl_usage_error (_("Give a duration or a count, not both"));
  if (duration_seconds != 0 && !(duration_seconds > 0 && duration_seconds <= 86400))
    return vmsockctl_usage_error (_("The duration must be a number of seconds above 0 and at most %d"),
                                  86400);
  if (count < 0)
    return vmsockctl_usage_error (_("The count must be a positive number"));
  if (parallel < 1 || parallel > MAX_PARALLEL)
    return vmsockctl_usage_error (_("The number of parallel streams must be between 1 and %d"),
                                  MAX_PARALLEL);
  if (reverse && mode->mode != VMSOCKCTL_BENCH_THROUGHPUT)
    return vmsockctl_usage_error (_("--reverse is for the throughput mode only"));
  if (seed >= 0 && mode->mode != VMSOCKCTL_BENCH_RANDOM)
    return vmsockctl_usage_error (_("--seed is for the random mode only"));
  if (seed > (gint64) G_MAXUINT32 || seed < -1)
    return vmsockctl_usage_error (_("The seed must be a number between 0 and %u"), G_MAXUINT32);

  if (mode->mode == VMSOCKCTL_BENCH_CONNECT)
    {
      guint64 none = 0;

      if (sizes_text != NULL)
        return vmsockctl_usage_error (_("The connect mode sends no data: it takes no size"));
      sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_array_append_val (sizes, none);
    }
  else
    {
      gboolean is_random = mode->mode == VMSOCKCTL_BENCH_RANDOM;

      sizes = parse_sizes (sizes_text != NULL ? sizes_text : mode->sizes, is_random ? 0 : 1,
                           is_random ? MAX_RANDOM_SIZE : VMSOCKCTL_BENCH_MAX_BUFFER, &error);
      if (sizes == NULL)
        return vmsockctl_usage_error ("%s", error->message);
      if (is_random && sizes->len > 1)
        return vmsockctl_usage_error (_("The random mode takes one size, the largest transfer"));
    }

  dialer = vmsockctl_dialer_new (&dial_options, &error);
  if (dialer == NULL)
    return vmsockctl_usage_error ("%s", error->message);
  target = vmsockctl_address_parse_target (argv[1], dial_options.connections, &error);
  if (target == NULL)
    return vmsockctl_usage_error ("%s", error->message);

  plan.mode = mode->mode;
  plan.parallel = parallel;
  plan.reverse = reverse;
  plan.seed = seed >= 0 ? (guint32) seed : g_random_int ();
  plan.timeout_us = vmsockctl_bench_timeout_from_seconds (dial_options.timeout_seconds);
  if (count > 0)
    plan.count = count;
  else if (duration_seconds > 0 || mode->count == 0)
    plan.duration_us = (duration_seconds > 0 ? duration_seconds : mode->duration_seconds) * G_USEC_PER_SEC;
  else
    plan.count = mode->count;

  vmsockctl_platform_prepare_relay (FALSE);
  address = find_server (target, argv[1], dialer, plan.timeout_us, &error);
  if (address == NULL)
    return vmsockctl_fail (error);
  plan.address = address;

  table = new_table (plan.mode);
  if (!vmsockctl_table_check_output (table, &output, &error))
    return vmsockctl_usage_error ("%s", error->message);
  for (guint i = 0; i < sizes->len; i++)
    {
      g_autoptr(VmsockctlBenchResult) result = NULL;

      plan.size = g_array_index (sizes, guint64, i);
      result = vmsockctl_bench_measure (&plan);
      add_row (table, &plan, result);
      problems |= report_problems (result);
    }

  if (plan.mode == VMSOCKCTL_BENCH_RANDOM)
    footer = g_strdup_printf (_("Each connection sent 0 to %llu bytes and checked "
                                "their echo and SHA-256 digest."),
                              (unsigned long long) plan.size);
  else if (plan.mode == VMSOCKCTL_BENCH_LATENCY)
    footer = g_strdup (_("Round trips in microseconds, sent one after the other on each stream."));
  vmsockctl_table_print (table, &output, footer);
  return problems ? VMSOCKCTL_EXIT_FAILURE : VMSOCKCTL_EXIT_SUCCESS;
}
