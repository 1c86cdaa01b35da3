/* vmsockctl-discovery.c: asking the providers, as the VM commands do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-discovery.h"

/* How long providers may take before a terminal shows a spinner. */
#define SPINNER_DELAY_MS 300
#define SPINNER_INTERVAL_MS 100

void
vmsockctl_discovery_options_clear (VmsockctlDiscoveryOptions *options)
{
  g_clear_pointer (&options->providers, g_strfreev);
  g_clear_pointer (&options->connections, g_strfreev);
}

gboolean
vmsockctl_discovery_options_name_providers (const VmsockctlDiscoveryOptions *options)
{
  return options->providers != NULL || options->connections != NULL;
}

/* The provider called @name among those @discovery asks. */
static VmsockVmProvider *
find_provider (VmsockDiscovery *discovery,
               const char      *name)
{
  GPtrArray *providers = vmsock_discovery_get_providers (discovery);

  for (guint i = 0; i < providers->len; i++)
    if (g_str_equal (vmsock_vm_provider_get_name (providers->pdata[i]), name))
      return providers->pdata[i];
  return NULL;
}

/* A discovery of the named providers and libvirt, at @connections. */
static VmsockDiscovery *
discovery_for_connections (char       **providers,
                           char       **connections,
                           GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  VmsockDiscovery *discovery;
  VmsockVmProvider *libvirt;

  if (providers != NULL)
    g_strv_builder_addv (builder, (const char **) providers);
  g_strv_builder_add (builder, "libvirt");
  names = g_strv_builder_end (builder);

  discovery = vmsock_discovery_new_for_names ((const char * const *) names, error);
  if (discovery == NULL)
    return NULL;
  libvirt = find_provider (discovery, "libvirt");
  if (libvirt == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (libvirt), "uris") == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The libvirt provider here takes no connection URIs"));
      g_object_unref (discovery);
      return NULL;
    }
  g_object_set (libvirt, "uris", connections, NULL);
  return discovery;
}

VmsockDiscovery *
vmsockctl_discovery_new (const VmsockctlDiscoveryOptions  *options,
                         GError                          **error)
{
  g_autoptr(VmsockDiscovery) discovery = NULL;

  if (options->timeout_seconds < 0 || options->timeout_seconds > G_MAXINT / 1000)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The timeout must be a number of seconds between 0 and %d"), G_MAXINT / 1000);
      return NULL;
    }

  if (options->connections != NULL)
    discovery = discovery_for_connections (options->providers, options->connections, error);
  else if (options->providers == NULL)
    discovery = vmsock_discovery_new ();
  else
    discovery = vmsock_discovery_new_for_names ((const char * const *) options->providers, error);
  if (discovery == NULL)
    return NULL;

  if (options->timeout_seconds > 0)
    vmsock_discovery_set_provider_timeout (discovery, options->timeout_seconds * 1000);
  return g_steal_pointer (&discovery);
}

VmsockDiscovery *
vmsockctl_discovery_open (const VmsockctlDiscoveryOptions *options,
                          VmsockctlExit                   *status)
{
  g_autoptr(GError) error = NULL;
  VmsockDiscovery *discovery = vmsockctl_discovery_new (options, &error);

  if (discovery == NULL && error->domain == G_IO_ERROR)
    {
      vmsockctl_print_error ("%s", error->message);
      *status = VMSOCKCTL_EXIT_NO_ANSWER;
    }
  else if (discovery == NULL)
    *status = vmsockctl_usage_error ("%s", error->message);
  return discovery;
}

gboolean
vmsockctl_discovery_answered (const VmsockctlDiscoveryOptions *options,
                              VmsockDiscovery                 *discovery,
                              VmsockVmListing                 *listing)
{
  GPtrArray *providers = vmsock_discovery_get_providers (discovery);
  guint answered = 0;

  for (guint i = 0; i < providers->len; i++)
    if (vmsock_vm_listing_get_source_error (listing, vmsock_vm_provider_get_name (providers->pdata[i])) == NULL)
      answered++;
  /* Asked by name, each one must answer. */
  return vmsockctl_discovery_options_name_providers (options) ? answered == providers->len : answered > 0;
}

typedef struct
{
  VmsockVmListing *listing;
  gboolean done;
  guint frame;
  gboolean spinning;
  gint64 started;
} Listing;

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  Listing *listing = data;

  /* Only cancellation fails a whole listing, and nothing cancels this one. */
  listing->listing = vmsock_discovery_list_vms_finish (VMSOCK_DISCOVERY (source), result, NULL);
  listing->done = TRUE;
}

static gboolean
spin (gpointer data)
{
  static const char * const frames[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
  Listing *listing = data;
  gint64 elapsed = g_get_monotonic_time () - listing->started;
  guint seconds = elapsed / G_USEC_PER_SEC;

  if (elapsed < SPINNER_DELAY_MS * 1000)
    return G_SOURCE_CONTINUE;
  listing->spinning = TRUE;
  g_printerr ("\r%s ", frames[listing->frame++ % G_N_ELEMENTS (frames)]);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Asking the providers… %u second",
                           "Asking the providers… %u seconds", seconds), seconds);
  /* Clear to the end of the line. */
  g_printerr ("\033[K");
  return G_SOURCE_CONTINUE;
}

static void
report (const char   *source,
        const GError *error)
{
  vmsockctl_print_error (_("%s: %s"), source, error->message);
}

VmsockVmListing *
vmsockctl_discovery_list (const VmsockctlDiscoveryOptions  *options,
                          VmsockDiscovery                 **discovery_out,
                          VmsockctlExit                    *status)
{
  g_autoptr(VmsockDiscovery) discovery = NULL;
  VmsockVmListing *listing;

  discovery = vmsockctl_discovery_open (options, status);
  if (discovery == NULL)
    return NULL;

  listing = vmsockctl_discovery_ask (options, discovery);
  if (discovery_out != NULL)
    *discovery_out = g_steal_pointer (&discovery);
  return listing;
}

VmsockVmListing *
vmsockctl_discovery_ask (const VmsockctlDiscoveryOptions *options,
                         VmsockDiscovery                 *discovery)
{
  g_auto(GStrv) failed_plugins = NULL;
  g_auto(GStrv) failed_sources = NULL;
  Listing listing = { .started = g_get_monotonic_time () };
  guint spinner_source = 0;

  if (!options->quiet)
    {
      failed_plugins = vmsock_discovery_get_failed_plugins (discovery);
      for (gsize i = 0; failed_plugins[i] != NULL; i++)
        report (failed_plugins[i], vmsock_discovery_get_plugin_error (discovery, failed_plugins[i]));
    }
  if (options->verbose)
    {
      g_auto(GStrv) inapplicable = vmsock_discovery_get_inapplicable_providers (discovery);

      for (gsize i = 0; inapplicable[i] != NULL; i++)
        vmsockctl_print_error (_("%s: not asked, as %s"), inapplicable[i],
                               vmsock_discovery_get_inapplicable_reason (discovery, inapplicable[i]));
    }

  vmsock_discovery_list_vms_async (discovery, NULL, listed, &listing);
  if (vmsockctl_is_interactive ())
    spinner_source = g_timeout_add (SPINNER_INTERVAL_MS, spin, &listing);
  while (!listing.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&spinner_source, g_source_remove);
  if (listing.spinning)
    g_printerr ("\r\033[K");

  failed_sources = vmsock_vm_listing_get_failed_sources (listing.listing);
  for (gsize i = 0; failed_sources[i] != NULL && !options->quiet; i++)
    report (failed_sources[i], vmsock_vm_listing_get_source_error (listing.listing, failed_sources[i]));

  return listing.listing;
}
