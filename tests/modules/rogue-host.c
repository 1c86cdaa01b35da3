/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Stands in for vmsock-plugin-host where the tests need a host that fails
 * or sends what a plugin could make it send (a plugin runs in the host's
 * process, so it can send anything the host can).  ROGUE_HOST says what:
 *
 * - fail: exits with status 1 having said nothing;
 * - echo: prints its arguments as echo would, which is no D-Bus;
 * - silent: authenticates, then exits with status 0;
 * - garbage: authenticates, then writes 200,000 "[" on the connection;
 * - huge: answers ListVms with 9 MiB of bytes;
 * - typed: answers ListVms with the listing as D-Bus values, not bytes;
 * - wrong-type: answers ListVms with a string;
 * - deep: answers ListVms with a "v" in a "v" … 200,000 deep, as bytes;
 * - odd-state, bad-vm-id, long-name: answers ListVms with a listing of a
 *   VM in a state the library does not know, with a VM ID that is not a
 *   GUID, or with a 5000-byte name;
 * - calls: calls a method of the library when asked to list.
 *
 * Its VMs are test-a's.  It stays until its connection closes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#ifdef G_OS_WIN32
#include <windows.h>
#include <gio/gwin32inputstream.h>
#include <gio/gwin32outputstream.h>
#else
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#endif

#define LISTING_TYPE "(a(ssssusa{sv})a{s(sus)})"

static const char *mode;
static GDBusConnection *connection;

static GInputStream *
standard_input (void)
{
#ifdef G_OS_WIN32
  return g_win32_input_stream_new (GetStdHandle (STD_INPUT_HANDLE), FALSE);
#else
  return g_unix_input_stream_new (0, FALSE);
#endif
}

static GOutputStream *
standard_output (void)
{
#ifdef G_OS_WIN32
  return g_win32_output_stream_new (GetStdHandle (STD_OUTPUT_HANDLE), FALSE);
#else
  return g_unix_output_stream_new (1, FALSE);
#endif
}

/* @text, a listing in GVariant text form, as ListVms answers: its bytes. */
static GVariant *
listing_bytes (const char *text)
{
  g_autoptr(GVariant) listing = g_variant_parse (G_VARIANT_TYPE (LISTING_TYPE), text, NULL, NULL, NULL);
  g_autoptr(GVariant) normal = g_variant_get_normal_form (listing);
  g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (normal);

  return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
}

/* A "v" holding a "v" holding … 200,000 deep, around an int32. */
static GVariant *
deep_bytes (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  const guint32 one = 1;

  g_byte_array_append (data, (const guint8 *) &one, sizeof one);
  g_byte_array_append (data, (const guint8 *) "\0i", 2);
  for (int i = 0; i < 200000; i++)
    g_byte_array_append (data, (const guint8 *) "\0v", 2);
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data->data, data->len, 1);
}

static GVariant *
long_name_bytes (void)
{
  g_autofree char *name = g_strnfill (5000, 'n');
  g_autofree char *text = g_strdup_printf ("([('test-a', 'vm-1', '%s', 'running', uint32 4294967295, '', "
                                           "@a{sv} {})], @a{s(sus)} {})", name);

  return listing_bytes (text);
}

/* The body of the answer to ListVms. */
static GVariant *
answer (void)
{
  if (g_str_equal (mode, "huge"))
    {
      gsize size = 9 * 1024 * 1024;
      g_autofree guint8 *zeros = g_malloc0 (size);

      return g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, zeros, size, 1));
    }
  if (g_str_equal (mode, "typed"))
    return g_variant_parse (G_VARIANT_TYPE (LISTING_TYPE),
                            "([('test-a', 'vm-1', 'One', 'running', uint32 3, '', @a{sv} {})], @a{s(sus)} {})",
                            NULL, NULL, NULL);
  if (g_str_equal (mode, "wrong-type"))
    return g_variant_new ("(s)", "not a listing");
  if (g_str_equal (mode, "deep"))
    return g_variant_new ("(@ay)", deep_bytes ());
  if (g_str_equal (mode, "odd-state"))
    return g_variant_new ("(@ay)", listing_bytes ("([('test-a', 'vm-1', 'Odd', 'hibernating', uint32 7, '', "
                                                  "@a{sv} {})], @a{s(sus)} {})"));
  if (g_str_equal (mode, "bad-vm-id"))
    return g_variant_new ("(@ay)", listing_bytes ("([('test-a', 'vm-1', 'Bad', 'running', uint32 4294967295, "
                                                  "'not-a-guid', @a{sv} {})], @a{s(sus)} {})"));
  if (g_str_equal (mode, "long-name"))
    return g_variant_new ("(@ay)", long_name_bytes ());
  return NULL;
}

static gboolean
misbehave (gpointer data)
{
  g_autoptr(GDBusMessage) call = data;
  g_autoptr(GDBusMessage) reply = NULL;
  GVariant *body;

  if (g_str_equal (mode, "calls"))
    {
      g_dbus_connection_call (connection, NULL, "/", "org.example.Library", "Obey", NULL, NULL,
                              G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
      return G_SOURCE_REMOVE;
    }
  if (g_str_equal (mode, "unknown-domain"))
    {
      /* GDBus's name for an error of a domain the caller has never seen. */
      reply = g_dbus_message_new_method_error_literal (call,
                                                       "org.gtk.GDBus.UnmappedGError.Quark._vmsock_2dnever_2dseen_2dquark.Code3",
                                                       "Its own\tfailure");
      g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
      return G_SOURCE_REMOVE;
    }
  body = answer ();
  if (body == NULL)
    return G_SOURCE_REMOVE;
  reply = g_dbus_message_new_method_reply (call);
  g_dbus_message_set_body (reply, body);
  g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* In GDBus's thread: each method call goes to the main loop, unanswered by
 * GDBus itself. */
static GDBusMessage *
take_calls (GDBusConnection *bus,
            GDBusMessage    *message,
            gboolean         incoming,
            gpointer         data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_idle_add (misbehave, message);
      return NULL;
    }
  return message;
}

static void
on_closed (GDBusConnection *bus,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         loop)
{
  g_main_loop_quit (loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GDBusAuthObserver) observer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *guid = NULL;
  g_autoptr(GError) error = NULL;

  mode = g_getenv ("ROGUE_HOST");
  if (mode == NULL || g_str_equal (mode, "fail"))
    return 1;
  if (g_str_equal (mode, "echo"))
    {
      for (int i = 1; i < argc; i++)
        printf ("%s%s", argv[i], i + 1 < argc ? " " : "\n");
      return 0;
    }

  input = standard_input ();
  output = standard_output ();
  stream = g_simple_io_stream_new (input, output);
  observer = g_dbus_auth_observer_new ();
  guid = g_dbus_generate_guid ();
  connection = g_dbus_connection_new_sync (stream, guid,
                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER |
                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS |
                                           G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                                           observer, NULL, &error);
  if (connection == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (g_str_equal (mode, "silent"))
    return 0;
  if (g_str_equal (mode, "garbage"))
    {
      g_autoptr(GOutputStream) raw = standard_output ();
      g_autofree char *brackets = g_strnfill (200000, '[');

      g_output_stream_write_all (raw, brackets, 200000, NULL, NULL, NULL);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), loop);
  g_dbus_connection_add_filter (connection, take_calls, NULL, NULL);
  g_dbus_connection_start_message_processing (connection);
  g_main_loop_run (loop);
  return 0;
}
