/* vmsock-libvirt-provider.c: VMs from libvirt
 *
 * Lists the domains of one or more libvirt connections, read-only, with the
 * vsock CID from each domain's live XML.  The URIs come, first found first:
 * from the "uris" property (vmsockctl -c), from LIBVIRT_DEFAULT_URI (as
 * libvirt's own tools honour it over their configuration), from the "uris"
 * key of the [libvirt] group of libvmsock-glib-1/providers.conf in the
 * user's or the system's configuration folders; else libvirt's default
 * connection.  libvirt's calls block, so the listing runs in a worker
 * thread.
 *
 * Watched, it keeps a read-only connection to each URI open and reports the
 * domain events of each (lifecycle, devices added and removed) as
 * vms-changed.  libvirt's events reach it through libvirt-glib's GLib
 * main-loop integration, registered when the plugin loads: they are
 * dispatched by the global default main context, and vms-changed is then
 * emitted in the context of the watch.  A connection that closes is reported
 * as a change too, so the next listing says why, and opened again every few
 * seconds until it works.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-glib/libvirt-glib-event.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-error-private.h"
#include "vmsock-libvirt-domain-xml.h"
#include "vmsock-libvirt-provider.h"
#include "vmsock-plugin-provider.h"

#define PROVIDER_NAME "libvirt"

/* How often, in milliseconds, a watched connection that closed is opened
 * again. */
#define REOPEN_INTERVAL_MS 5000

/* Keepalive of the watched connections: a remote daemon that stops
 * answering is taken for gone after this many seconds times this count. */
#define KEEPALIVE_INTERVAL_S 5
#define KEEPALIVE_COUNT 3

/* A connection kept open to hear its domain events. */
typedef struct
{
  char *uri;                    /* NULL: libvirt's default */
  virConnectPtr connection;     /* NULL: closed, to be opened again */
  int callback_ids[3];
  /* Set by libvirt's close callback, from where libvirt dispatches. */
  gboolean closed;
} WatchedConnection;

struct _VmsockLibvirtProvider
{
  GObject parent_instance;

  /* Guards uris, and the state of the watch that libvirt's callbacks
   * touch: the connections' closed flags and the emission below. */
  GMutex lock;
  GStrv uris;

  /* Watches not unwatched, and the context of the first. */
  guint watches;
  GMainContext *watch_context;
  GPtrArray *watched;           /* of WatchedConnection */
  /* Emits vms-changed in watch_context; set while one is due. */
  GSource *emission;
  /* Opens again the connections that closed. */
  GSource *reopen;
};

enum
{
  PROP_0,
  PROP_URIS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vmsock_libvirt_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (VmsockLibvirtProvider, vmsock_libvirt_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               vmsock_libvirt_provider_iface_init))

static VmsockVmState
state_from_libvirt (int state,
                    int reason)
{
  switch (state)
    {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
      return VMSOCK_VM_STATE_RUNNING;
    case VIR_DOMAIN_PAUSED:
      return VMSOCK_VM_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN:
      return VMSOCK_VM_STATE_STOPPING;
    case VIR_DOMAIN_SHUTOFF:
      return reason == VIR_DOMAIN_SHUTOFF_SAVED ? VMSOCK_VM_STATE_SAVED : VMSOCK_VM_STATE_OFF;
    case VIR_DOMAIN_CRASHED:
      return VMSOCK_VM_STATE_CRASHED;
    case VIR_DOMAIN_PMSUSPENDED:
      return VMSOCK_VM_STATE_SAVED;
    default:
      return VMSOCK_VM_STATE_UNKNOWN;
    }
}

static void
set_libvirt_error (GError     **error,
                   const char  *what)
{
  g_autofree char *reason = vmsock_printable_text (virGetLastErrorMessage (), -1);

  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED, "%s: %s", what, reason);
}

/* The name under which a connection's failures are reported. */
static char *
source_name (const char *uri)
{
  return g_strdup_printf ("%s %s", PROVIDER_NAME, uri != NULL ? uri : _("(default connection)"));
}

static VmsockVm *
vm_from_domain (virDomainPtr      domain,
                const char       *connection_uri,
                VmsockVmListing  *listing,
                GError          **error)
{
  char uuid[VIR_UUID_STRING_BUFLEN];
  const char *name = virDomainGetName (domain);
  g_autofree char *xml = NULL;
  g_autoptr(GError) xml_error = NULL;
  g_auto(GVariantDict) extras = G_VARIANT_DICT_INIT (NULL);
  guint32 cid = VMSOCK_VSOCK_CID_ANY;
  unsigned int id;
  int state = VIR_DOMAIN_NOSTATE, reason = 0;

  if (name == NULL || virDomainGetUUIDString (domain, uuid) < 0)
    {
      set_libvirt_error (error, _("Could not read a domain's name and UUID"));
      return NULL;
    }
  if (virDomainGetState (domain, &state, &reason, 0) < 0)
    state = VIR_DOMAIN_NOSTATE;

  /* Only the live XML has the CID a running domain got. */
  xml = virDomainGetXMLDesc (domain, 0);
  if (xml == NULL)
    set_libvirt_error (&xml_error, _("Could not read the domain's XML"));
  else
    vmsock_libvirt_domain_xml_get_cid (xml, &cid, &xml_error);
  if (xml_error != NULL)
    {
      g_autofree char *source = g_strdup_printf ("%s %s %s", PROVIDER_NAME, connection_uri, name);
      g_autofree char *quoted_name = vmsock_printable_quote (name, -1);

      g_prefix_error (&xml_error, _("Domain “%s”: "), quoted_name);
      vmsock_vm_listing_add_error (listing, source, xml_error);
    }

  g_variant_dict_insert (&extras, "uri", "s", connection_uri);
  id = virDomainGetID (domain);
  if (id != (unsigned int) -1)
    g_variant_dict_insert (&extras, "domain-id", "u", id);

  return vmsock_vm_new (PROVIDER_NAME, uuid, name, state_from_libvirt (state, reason), cid, NULL,
                        g_variant_dict_end (&extras));
}

/* Opens @uri (NULL: libvirt's default), read-only. */
static virConnectPtr
open_connection (const char  *uri,
                 GError     **error)
{
  virConnectPtr connection = virConnectOpenReadOnly (uri);

  if (connection == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not connect to libvirt at %s"),
                                               uri != NULL ? uri : _("its default URI"));

      set_libvirt_error (error, what);
    }
  return connection;
}

/* Adds the domains of connection @uri (NULL: libvirt's default) to @listing. */
static gboolean
list_connection (const char       *uri,
                 VmsockVmListing  *listing,
                 GCancellable     *cancellable,
                 GError          **error)
{
  virConnectPtr connection;
  virDomainPtr *domains = NULL;
  g_autofree char *connection_uri = NULL;
  gboolean ok = TRUE;
  int n_domains;

  connection = open_connection (uri, error);
  if (connection == NULL)
    return FALSE;

  connection_uri = virConnectGetURI (connection);
  n_domains = virConnectListAllDomains (connection, &domains, 0);
  if (n_domains < 0)
    {
      set_libvirt_error (error, _("Could not list libvirt's domains"));
      virConnectClose (connection);
      return FALSE;
    }

  for (int i = 0; i < n_domains; i++)
    {
      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      if (ok)
        {
          g_autoptr(VmsockVm) vm = vm_from_domain (domains[i],
                                                   connection_uri != NULL ? connection_uri : "",
                                                   listing, error);

          if (vm != NULL)
            vmsock_vm_listing_add_vm (listing, vm);
          else
            ok = FALSE;
        }
      virDomainFree (domains[i]);
    }

  free (domains);
  virConnectClose (connection);
  return ok;
}

#define CONFIG_FILE "libvmsock-glib-1/providers.conf"
#define CONFIG_GROUP "libvirt"

/* The URIs of the first configuration file that exists, NULL with no error
 * when none does or it names none. */
static GStrv
configured_uris (GError **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  const char * const *system_dirs = g_get_system_config_dirs ();

  g_ptr_array_add (candidates, g_build_filename (g_get_user_config_dir (), CONFIG_FILE, NULL));
  for (gsize i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (candidates, g_build_filename (system_dirs[i], CONFIG_FILE, NULL));

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *path = g_ptr_array_index (candidates, i);
      g_autoptr(GKeyFile) config = g_key_file_new ();
      g_autoptr(GError) local_error = NULL;
      GStrv uris;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (!g_key_file_load_from_file (config, path, G_KEY_FILE_NONE, &local_error))
        {
          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("Could not read the configuration %s: %s"), path, local_error->message);
          return NULL;
        }
      uris = g_key_file_get_string_list (config, CONFIG_GROUP, "uris", NULL, NULL);
      return uris;
    }
  return NULL;
}

/* LIBVIRT_DEFAULT_URI as a list, NULL when it is not set or empty. */
static GStrv
environment_uris (void)
{
  const char *uri = g_getenv ("LIBVIRT_DEFAULT_URI");
  g_autoptr(GStrvBuilder) builder = NULL;

  if (uri == NULL || *uri == '\0')
    return NULL;
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  return g_strv_builder_end (builder);
}

/* The URIs to ask: those set, else LIBVIRT_DEFAULT_URI, else those
 * configured; NULL with no error for libvirt's default connection. */
static GStrv
uris_to_ask (VmsockLibvirtProvider  *self,
             GError                **error)
{
  GStrv uris;

  g_mutex_lock (&self->lock);
  uris = g_strdupv (self->uris);
  g_mutex_unlock (&self->lock);

  if (uris == NULL)
    uris = environment_uris ();
  return uris != NULL ? uris : configured_uris (error);
}

static void
list_vms_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VmsockLibvirtProvider *self = source_object;
  g_auto(GStrv) uris = NULL;
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  g_autoptr(GError) first_error = NULL;
  GError *error = NULL;
  guint n_answered = 0, n_uris;

  uris = uris_to_ask (self, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  n_uris = uris != NULL ? g_strv_length (uris) : 1;
  for (guint i = 0; i < n_uris; i++)
    {
      const char *uri = uris != NULL ? uris[i] : NULL;
      g_autoptr(GError) connection_error = NULL;

      if (list_connection (uri, listing, cancellable, &connection_error))
        {
          n_answered++;
          continue;
        }
      if (g_error_matches (connection_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&connection_error));
          return;
        }
      {
        g_autofree char *source = source_name (uri);

        vmsock_vm_listing_add_error (listing, source, connection_error);
      }
      if (first_error == NULL)
        first_error = g_steal_pointer (&connection_error);
    }

  /* Some connections answered: their VMs, and the others' errors.  None did:
   * the provider failed. */
  if (n_answered == 0 && first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&first_error));
  else
    g_task_return_pointer (task, g_steal_pointer (&listing), g_object_unref);
}

static const char *
vmsock_libvirt_provider_get_name (VmsockVmProvider *provider)
{
  return PROVIDER_NAME;
}

static void
vmsock_libvirt_provider_list_vms_async (VmsockVmProvider    *provider,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, vmsock_libvirt_provider_list_vms_async);
  g_task_run_in_thread (task, list_vms_in_thread);
}


static void drop_closed_connections (VmsockLibvirtProvider *self);

/* Emits vms-changed, in the context of the watch; drops the connections
 * that closed, to be opened again. */
static gboolean
emit_vms_changed (gpointer data)
{
  VmsockLibvirtProvider *self = data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->emission, g_source_unref);
  g_mutex_unlock (&self->lock);

  drop_closed_connections (self);
  g_signal_emit_by_name (self, "vms-changed");
  return G_SOURCE_REMOVE;
}

/* Has vms-changed emitted in the context of the watch, once for however
 * many calls come before it is; called from where libvirt dispatches its
 * events. */
static void
schedule_emission (VmsockLibvirtProvider *self)
{
  g_mutex_lock (&self->lock);
  if (self->emission == NULL && self->watch_context != NULL)
    {
      self->emission = g_idle_source_new ();
      g_source_set_callback (self->emission, emit_vms_changed, self, NULL);
      g_source_set_static_name (self->emission, "[vmsock] libvirt changes");
      g_source_attach (self->emission, self->watch_context);
    }
  g_mutex_unlock (&self->lock);
}

static int
on_lifecycle_event (virConnectPtr  connection,
                    virDomainPtr   domain,
                    int            event,
                    int            detail,
                    void          *data)
{
  schedule_emission (data);
  return 0;
}

static void
on_device_event (virConnectPtr  connection,
                 virDomainPtr   domain,
                 const char    *alias,
                 void          *data)
{
  schedule_emission (data);
}

static void
on_connection_closed (virConnectPtr  connection,
                      int            reason,
                      void          *data)
{
  VmsockLibvirtProvider *self = data;

  g_mutex_lock (&self->lock);
  for (guint i = 0; self->watched != NULL && i < self->watched->len; i++)
    {
      WatchedConnection *watched = g_ptr_array_index (self->watched, i);

      if (watched->connection == connection)
        watched->closed = TRUE;
    }
  g_mutex_unlock (&self->lock);
  schedule_emission (self);
}

/* The domain events a watched connection reports as changes: domains that
 * come, go, start, stop or change, and devices (such as a vsock device)
 * added or removed. */
static const int watched_events[G_N_ELEMENTS (((WatchedConnection *) NULL)->callback_ids)] = {
  VIR_DOMAIN_EVENT_ID_LIFECYCLE,
  VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
  VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
};

static void
close_watched_connection (virConnectPtr  connection,
                          const int     *callback_ids,
                          guint          n_callbacks)
{
  for (guint i = 0; i < n_callbacks; i++)
    virConnectDomainEventDeregisterAny (connection, callback_ids[i]);
  virConnectUnregisterCloseCallback (connection, on_connection_closed);
  virConnectClose (connection);
  virResetLastError ();
}

/* Whether @connection's events can report every change to its domains.
 * libvirt's test driver reads a file given in its URI anew for each
 * connection: nothing that changes the file is an event, so such a
 * connection is asked at an interval instead.  (test:///default keeps its
 * domains in the process, where its events report them.) */
static gboolean
check_events_complete (virConnectPtr   connection,
                       GError        **error)
{
  g_autofree char *uri_string = virConnectGetURI (connection);
  g_autoptr(GUri) uri = uri_string != NULL ? g_uri_parse (uri_string, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "test") != 0
      || g_strcmp0 (g_uri_get_path (uri), "/default") == 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("libvirt's test driver at %s reads its file anew on each connection; changes to it are no events"),
               uri_string);
  return FALSE;
}

/* Opens @watched's connection and hears its events. */
static gboolean
open_watched_connection (VmsockLibvirtProvider  *self,
                         WatchedConnection      *watched,
                         GError                **error)
{
  virConnectDomainEventGenericCallback callbacks[G_N_ELEMENTS (watched_events)] = {
    VIR_DOMAIN_EVENT_CALLBACK (on_lifecycle_event),
    VIR_DOMAIN_EVENT_CALLBACK (on_device_event),
    VIR_DOMAIN_EVENT_CALLBACK (on_device_event),
  };
  virConnectPtr connection = open_connection (watched->uri, error);

  if (connection == NULL)
    return FALSE;
  if (!check_events_complete (connection, error))
    {
      virConnectClose (connection);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  watched->connection = connection;
  watched->closed = FALSE;
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < G_N_ELEMENTS (watched_events); i++)
    {
      watched->callback_ids[i] = virConnectDomainEventRegisterAny (connection, NULL, watched_events[i],
                                                                   callbacks[i], self, NULL);
      if (watched->callback_ids[i] < 0)
        {
          const char *uri = watched->uri != NULL ? watched->uri : _("its default URI");

          if (virGetLastErrorCode () == VIR_ERR_NO_SUPPORT)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("libvirt at %s reports no domain events"), uri);
          else
            {
              g_autofree char *what = g_strdup_printf (_("Could not hear libvirt's domain events at %s"), uri);

              set_libvirt_error (error, what);
            }
          g_mutex_lock (&self->lock);
          watched->connection = NULL;
          g_mutex_unlock (&self->lock);
          close_watched_connection (connection, watched->callback_ids, i);
          return FALSE;
        }
    }

  /* Connections to a daemon say when it goes (other drivers have no close
   * callback); keepalive notices a remote one that stops answering. */
  virConnectRegisterCloseCallback (connection, on_connection_closed, self, NULL);
  virConnectSetKeepAlive (connection, KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT);
  virResetLastError ();
  return TRUE;
}

static gboolean
on_reopen (gpointer data)
{
  VmsockLibvirtProvider *self = data;
  gboolean reopened = FALSE, closed = FALSE;

  for (guint i = 0; i < self->watched->len; i++)
    {
      WatchedConnection *watched = g_ptr_array_index (self->watched, i);

      if (watched->connection != NULL)
        continue;
      if (open_watched_connection (self, watched, NULL))
        reopened = TRUE;
      else
        closed = TRUE;
    }

  if (!closed)
    g_clear_pointer (&self->reopen, g_source_unref);
  /* What happened while it was closed is listed now. */
  if (reopened)
    g_signal_emit_by_name (self, "vms-changed");
  return closed ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
drop_closed_connections (VmsockLibvirtProvider *self)
{
  for (guint i = 0; self->watched != NULL && i < self->watched->len; i++)
    {
      WatchedConnection *watched = g_ptr_array_index (self->watched, i);
      virConnectPtr connection = NULL;

      g_mutex_lock (&self->lock);
      if (watched->closed)
        {
          connection = g_steal_pointer (&watched->connection);
          watched->closed = FALSE;
        }
      g_mutex_unlock (&self->lock);
      if (connection == NULL)
        continue;

      close_watched_connection (connection, watched->callback_ids, G_N_ELEMENTS (watched_events));
      if (self->reopen == NULL)
        {
          self->reopen = g_timeout_source_new (REOPEN_INTERVAL_MS);
          g_source_set_callback (self->reopen, on_reopen, self, NULL);
          g_source_set_static_name (self->reopen, "[vmsock] libvirt reconnection");
          g_source_attach (self->reopen, self->watch_context);
        }
    }
}

static void
watched_connection_free (WatchedConnection *watched)
{
  if (watched->connection != NULL)
    close_watched_connection (watched->connection, watched->callback_ids, G_N_ELEMENTS (watched_events));
  g_free (watched->uri);
  g_free (watched);
}

/* What the first watch starts; the others only count. */
static gboolean
start_watching (VmsockVmProvider  *provider,
                GError           **error)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (provider);
  g_autoptr(GPtrArray) connections = NULL;
  g_auto(GStrv) uris = NULL;
  GError *uris_error = NULL;
  guint n_uris;

  uris = uris_to_ask (self, &uris_error);
  if (uris_error != NULL)
    {
      g_propagate_error (error, uris_error);
      return FALSE;
    }

  /* Until the watch is set up, events have nowhere to go. */
  connections = g_ptr_array_new_with_free_func ((GDestroyNotify) watched_connection_free);
  g_mutex_lock (&self->lock);
  self->watched = g_ptr_array_ref (connections);
  g_mutex_unlock (&self->lock);

  n_uris = uris != NULL ? g_strv_length (uris) : 1;
  for (guint i = 0; i < n_uris; i++)
    {
      WatchedConnection *watched = g_new0 (WatchedConnection, 1);

      watched->uri = uris != NULL ? g_strdup (uris[i]) : NULL;
      g_ptr_array_add (connections, watched);
      if (!open_watched_connection (self, watched, error))
        {
          g_mutex_lock (&self->lock);
          g_clear_pointer (&self->watched, g_ptr_array_unref);
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
    }

  g_mutex_lock (&self->lock);
  self->watch_context = g_main_context_ref_thread_default ();
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
vmsock_libvirt_provider_watch (VmsockVmProvider  *provider,
                               GError           **error)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (provider);

  return vmsock_plugin_watch_counted (provider, &self->watches, start_watching, error);
}

static void
stop_watching (VmsockVmProvider *provider)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (provider);
  g_autoptr(GPtrArray) connections = NULL;

  if (self->reopen != NULL)
    {
      g_source_destroy (self->reopen);
      g_clear_pointer (&self->reopen, g_source_unref);
    }

  g_mutex_lock (&self->lock);
  connections = g_steal_pointer (&self->watched);
  if (self->emission != NULL)
    {
      g_source_destroy (self->emission);
      g_clear_pointer (&self->emission, g_source_unref);
    }
  g_clear_pointer (&self->watch_context, g_main_context_unref);
  g_mutex_unlock (&self->lock);
}

static void
vmsock_libvirt_provider_unwatch (VmsockVmProvider *provider)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (provider);

  vmsock_plugin_unwatch_counted (provider, &self->watches, stop_watching);
}

static void
vmsock_libvirt_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_libvirt_provider_get_name;
  iface->list_vms_async = vmsock_libvirt_provider_list_vms_async;
  iface->list_vms_finish = vmsock_plugin_list_vms_finish;
  iface->watch = vmsock_libvirt_provider_watch;
  iface->unwatch = vmsock_libvirt_provider_unwatch;
}

static void
vmsock_libvirt_provider_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_URIS:
      g_mutex_lock (&self->lock);
      g_value_set_boxed (value, self->uris);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_libvirt_provider_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_URIS:
      g_mutex_lock (&self->lock);
      g_strfreev (self->uris);
      self->uris = g_value_dup_boxed (value);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_libvirt_provider_finalize (GObject *object)
{
  VmsockLibvirtProvider *self = VMSOCK_LIBVIRT_PROVIDER (object);

  /* A provider dropped while watched lets go of its connections. */
  if (self->watches > 0)
    stop_watching (VMSOCK_VM_PROVIDER (self));
  g_strfreev (self->uris);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vmsock_libvirt_provider_parent_class)->finalize (object);
}

static void
vmsock_libvirt_provider_class_init (VmsockLibvirtProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vmsock_libvirt_provider_finalize;
  object_class->get_property = vmsock_libvirt_provider_get_property;
  object_class->set_property = vmsock_libvirt_provider_set_property;

  /* The libvirt URIs to list, such as `qemu:///system` or
   * `qemu+ssh://host/system`; %NULL for libvirt's default connection. */
  properties[PROP_URIS] =
    g_param_spec_boxed ("uris", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_libvirt_provider_class_finalize (VmsockLibvirtProviderClass *klass)
{
}

static void
vmsock_libvirt_provider_init (VmsockLibvirtProvider *self)
{
  g_mutex_init (&self->lock);
}

static void
ignore_libvirt_error (void        *user_data,
                      virErrorPtr  error)
{
  /* Errors reach callers as GErrors; libvirt must not print them. */
}

void
vmsock_libvirt_provider_register (GIOModule *module)
{
  virInitialize ();
  virSetErrorFunc (NULL, ignore_libvirt_error);
  /* libvirt's events through the GLib main loop: this must come before the
   * process opens any connection. */
  gvir_event_register ();

  vmsock_libvirt_provider_register_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  VMSOCK_TYPE_LIBVIRT_PROVIDER, PROVIDER_NAME, 10);
}
