/* vmsock-peer-input-stream.c: what GDBus reads from a peer that is not
 * trusted
 *
 * GDBus reads a message's fixed 16-byte start, allocates as much as it
 * announces (up to 128 MiB), reads that, and parses it into a tree of
 * GVariants, which costs tens of times the message's size for a body of
 * many small values; a message it cannot parse it logs as a warning with a
 * dump of its bytes.  This stream therefore reads each message itself,
 * refuses one that is too long before reading its body, learns the body's
 * signature from the header alone (the message parsed with its body
 * replaced by a few zero bytes), and parses the whole message only when
 * its signature is one that costs no more than its size.  GDBus also makes
 * a quark of the domain named in an error of a domain it has no D-Bus
 * names for, which a peer could repeat without end: such an error of a
 * domain this process does not know yet is passed on as the library's
 * org.libvmsock.Error.Failed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-i18n-private.h"
#include "vmsock-peer-input-stream-private.h"

/* The most the peer may send while authenticating, and the most a header
 * may hold: ours hold a path, an interface, a member, an error name. */
#define AUTHENTICATION_LIMIT 4096
#define HEADER_LIMIT 4096
/* The fixed start of every message, and where in it the header fields'
 * length is. */
#define FIXED_HEADER_SIZE 16
#define BODY_LENGTH_OFFSET 4
#define HEADER_LENGTH_OFFSET 12
/* A body of zero bytes that parses as empty values of most signatures
 * (strings, arrays, a few of them in a row), standing in for the real one
 * so that the header says the body's signature. */
#define STAND_IN_BODY_SIZE 64

struct _VmsockPeerInputStream
{
  GFilterInputStream parent_instance;

  gsize max_message;
  GStrv signatures;
  gboolean authenticated;
  gsize authentication_read;
  GString *line;            /* the authentication line being read */
  GByteArray *message;      /* the message being passed on */
  gsize passed;             /* how much of it was */

  GMutex lock;
  GError *refusal;
};

G_DEFINE_FINAL_TYPE (VmsockPeerInputStream, vmsock_peer_input_stream, G_TYPE_FILTER_INPUT_STREAM)

static void
vmsock_peer_input_stream_finalize (GObject *object)
{
  VmsockPeerInputStream *self = VMSOCK_PEER_INPUT_STREAM (object);

  g_strfreev (self->signatures);
  g_string_free (self->line, TRUE);
  g_byte_array_unref (self->message);
  g_clear_error (&self->refusal);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vmsock_peer_input_stream_parent_class)->finalize (object);
}

/* Records the first refusal, and fails with it. */
static gssize
refuse (VmsockPeerInputStream  *self,
        GError                 *refusal,
        GError                **error)
{
  g_mutex_lock (&self->lock);
  if (self->refusal == NULL)
    self->refusal = refusal;
  else
    g_error_free (refusal);
  g_propagate_error (error, g_error_copy (self->refusal));
  g_mutex_unlock (&self->lock);
  return -1;
}

static gboolean
is_refused (VmsockPeerInputStream  *self,
            GError                **error)
{
  gboolean refused;

  g_mutex_lock (&self->lock);
  refused = self->refusal != NULL;
  if (refused)
    g_propagate_error (error, g_error_copy (self->refusal));
  g_mutex_unlock (&self->lock);
  return refused;
}

/* Reads @count bytes, or fewer only at the end of the stream. */
static gssize
read_fully (GInputStream  *base,
            guint8        *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  gsize done = 0;

  while (done < count)
    {
      gssize n = g_input_stream_read (base, buffer + done, count - done, cancellable, error);

      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }
  return done;
}

/* Passes on one byte of the authentication, noting its end: the server's
 * "OK <guid>" line, after which messages follow. */
static gssize
read_authentication (VmsockPeerInputStream  *self,
                     guint8                 *buffer,
                     GCancellable           *cancellable,
                     GError                **error)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  gssize n;

  if (self->authentication_read >= AUTHENTICATION_LIMIT)
    return refuse (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                      _("The peer said more than %u bytes while authenticating"),
                                      AUTHENTICATION_LIMIT), error);

  /* One byte at a time, so as to stop exactly where the messages start. */
  n = g_input_stream_read (base, buffer, 1, cancellable, error);
  if (n <= 0)
    return n;
  self->authentication_read++;
  if (buffer[0] == '\n')
    {
      self->authenticated = g_str_has_prefix (self->line->str, "OK ");
      g_string_truncate (self->line, 0);
    }
  else
    g_string_append_c (self->line, (char) buffer[0]);
  return 1;
}

static guint32
get_uint32 (const guint8 *data,
            gboolean      big_endian)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return big_endian ? GUINT32_FROM_BE (value) : GUINT32_FROM_LE (value);
}

static void
set_uint32 (guint8   *data,
            gboolean  big_endian,
            guint32   value)
{
  value = big_endian ? GUINT32_TO_BE (value) : GUINT32_TO_LE (value);
  memcpy (data, &value, sizeof value);
}

/* The message @data, of @size bytes, parsed with its body replaced by
 * STAND_IN_BODY_SIZE zero bytes: its header, at the cost of its header. */
static GDBusMessage *
parse_header (const guint8  *data,
              gsize          size,
              GError       **error)
{
  gboolean big_endian = data[0] == 'B';
  gsize body_start = (FIXED_HEADER_SIZE + get_uint32 (data + HEADER_LENGTH_OFFSET, big_endian) + 7) & ~(gsize) 7;
  gboolean has_body = get_uint32 (data + BODY_LENGTH_OFFSET, big_endian) > 0;
  g_autofree guint8 *probe = NULL;
  gsize probe_size;

  if (body_start > size)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Its header is cut short"));
      return NULL;
    }
  probe_size = body_start + (has_body ? STAND_IN_BODY_SIZE : 0);
  probe = g_malloc0 (probe_size);
  memcpy (probe, data, body_start);
  if (has_body)
    set_uint32 (probe + BODY_LENGTH_OFFSET, big_endian, STAND_IN_BODY_SIZE);
  return g_dbus_message_new_from_blob (probe, probe_size, G_DBUS_CAPABILITY_FLAGS_NONE, error);
}

/* How GDBus names the errors of a domain that has no D-Bus names: the
 * domain's quark string follows, letters and digits as they are and other
 * bytes as "_" and two hex digits, then ".Code" and the code. */
#define UNMAPPED_ERROR_PREFIX "org.gtk.GDBus.UnmappedGError.Quark._"
#define UNKNOWN_DOMAIN_ERROR_NAME "org.libvmsock.Error.Failed"

/* Whether GDBus would make a new quark to read an error named @name. */
static gboolean
names_an_unknown_domain (const char *name)
{
  g_autoptr(GString) domain = g_string_new (NULL);
  const char *p, *end;

  if (!g_str_has_prefix (name, UNMAPPED_ERROR_PREFIX))
    return FALSE;
  p = name + strlen (UNMAPPED_ERROR_PREFIX);
  end = g_strrstr (p, ".Code");
  if (end == NULL)
    return TRUE;
  while (p < end)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (domain, *p++);
      else if (*p == '_' && end - p >= 3 && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (domain, (char) (g_ascii_xdigit_value (p[1]) << 4 | g_ascii_xdigit_value (p[2])));
          p += 3;
        }
      else
        return TRUE;
    }
  return g_quark_try_string (domain->str) == 0;
}

/* Gives the error in @message, and so in @self->message, the library's
 * generic name instead of that of a domain unknown here. */
static gboolean
rename_error (VmsockPeerInputStream  *self,
              GDBusMessage           *message,
              GError                **error)
{
  g_autofree guchar *blob = NULL;
  gsize size;

  g_dbus_message_set_error_name (message, UNKNOWN_DOMAIN_ERROR_NAME);
  blob = g_dbus_message_to_blob (message, &size, G_DBUS_CAPABILITY_FLAGS_NONE, error);
  if (blob == NULL)
    return FALSE;
  g_byte_array_set_size (self->message, 0);
  g_byte_array_append (self->message, blob, size);
  return TRUE;
}

/* Whether the message in @self->message is one to pass on. */
static gboolean
check_message (VmsockPeerInputStream  *self,
               GError                **error)
{
  g_autoptr(GDBusMessage) header = NULL;
  g_autoptr(GDBusMessage) message = NULL;
  g_autoptr(GError) parse_error = NULL;
  GDBusMessageType type;
  const char *signature;

  header = parse_header (self->message->data, self->message->len, &parse_error);
  if (header == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The peer sent a message that cannot be read: %s"), parse_error->message);
      return FALSE;
    }

  type = g_dbus_message_get_message_type (header);
  if (type != G_DBUS_MESSAGE_TYPE_METHOD_RETURN && type != G_DBUS_MESSAGE_TYPE_ERROR &&
      type != G_DBUS_MESSAGE_TYPE_SIGNAL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The peer sent a message of type %d, not a method return, an error or a signal"),
                   (int) type);
      return FALSE;
    }
  signature = g_dbus_message_get_signature (header);
  if (!g_strv_contains ((const char * const *) self->signatures, signature))
    {
      g_autofree char *shown = g_strndup (signature, 64);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The peer sent a message whose body is of type “%s”%s"),
                   shown, strlen (signature) > 64 ? "…" : "");
      return FALSE;
    }

  /* Now cheap: only the signatures that cost their size are left. */
  message = g_dbus_message_new_from_blob (self->message->data, self->message->len,
                                          G_DBUS_CAPABILITY_FLAGS_NONE, &parse_error);
  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The peer sent a message that cannot be read: %s"), parse_error->message);
      return FALSE;
    }
  if (type == G_DBUS_MESSAGE_TYPE_ERROR && names_an_unknown_domain (g_dbus_message_get_error_name (message)))
    return rename_error (self, message, error);
  return TRUE;
}

/* Reads the next message whole into @self->message; FALSE at the end of
 * the stream or with @error set. */
static gboolean
read_message (VmsockPeerInputStream  *self,
              GCancellable           *cancellable,
              GError                **error)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  g_autoptr(GError) local_error = NULL;
  gssize needed, n;

  g_byte_array_set_size (self->message, FIXED_HEADER_SIZE);
  self->passed = 0;
  n = read_fully (base, self->message->data, FIXED_HEADER_SIZE, cancellable, error);
  if (n <= 0)
    {
      g_byte_array_set_size (self->message, 0);
      return FALSE;
    }
  if (n < FIXED_HEADER_SIZE)
    goto cut_short;

  needed = g_dbus_message_bytes_needed (self->message->data, FIXED_HEADER_SIZE, &local_error);
  if (needed < 0)
    {
      refuse (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("The peer sent something that is not a D-Bus message: %s"),
                                 local_error->message), error);
      return FALSE;
    }
  if ((gsize) needed > self->max_message)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GSSIZE_FORMAT, needed);
      g_autofree char *limit = g_strdup_printf ("%" G_GSIZE_FORMAT, self->max_message);

      refuse (self, g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                 _("The peer sent a message of %s bytes, more than the limit of %s"),
                                 size, limit), error);
      return FALSE;
    }
  if (get_uint32 (self->message->data + HEADER_LENGTH_OFFSET, self->message->data[0] == 'B') > HEADER_LIMIT)
    {
      refuse (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("The peer sent a message whose header is longer than %u bytes"),
                                 HEADER_LIMIT), error);
      return FALSE;
    }

  g_byte_array_set_size (self->message, needed);
  n = read_fully (base, self->message->data + FIXED_HEADER_SIZE, needed - FIXED_HEADER_SIZE,
                  cancellable, error);
  if (n < 0)
    return FALSE;
  if (n < needed - FIXED_HEADER_SIZE)
    goto cut_short;

  if (!check_message (self, &local_error))
    {
      refuse (self, g_steal_pointer (&local_error), error);
      return FALSE;
    }
  return TRUE;

cut_short:
  refuse (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     _("The peer stopped in the middle of a message")), error);
  return FALSE;
}

static gssize
vmsock_peer_input_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  VmsockPeerInputStream *self = VMSOCK_PEER_INPUT_STREAM (stream);
  GError *local_error = NULL;
  gsize n;

  if (is_refused (self, error))
    return -1;
  if (count == 0)
    return 0;
  if (!self->authenticated)
    return read_authentication (self, buffer, cancellable, error);

  if (self->passed == self->message->len && !read_message (self, cancellable, &local_error))
    {
      if (local_error == NULL)
        return 0;
      g_propagate_error (error, local_error);
      return -1;
    }
  n = MIN (count, self->message->len - self->passed);
  memcpy (buffer, self->message->data + self->passed, n);
  self->passed += n;
  return n;
}

/* Skipping reads too: the filter's own would skip on the base stream. */
static gssize
vmsock_peer_input_stream_skip (GInputStream  *stream,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  guint8 scratch[4096];

  return vmsock_peer_input_stream_read (stream, scratch, MIN (count, sizeof scratch), cancellable, error);
}

static void
vmsock_peer_input_stream_class_init (VmsockPeerInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = vmsock_peer_input_stream_finalize;
  stream_class->read_fn = vmsock_peer_input_stream_read;
  stream_class->skip = vmsock_peer_input_stream_skip;
}

static void
vmsock_peer_input_stream_init (VmsockPeerInputStream *self)
{
  self->line = g_string_new (NULL);
  self->message = g_byte_array_new ();
  g_mutex_init (&self->lock);
}

GInputStream *
vmsock_peer_input_stream_new (GInputStream       *base,
                              gsize               max_message,
                              const char * const *signatures)
{
  VmsockPeerInputStream *self = g_object_new (VMSOCK_TYPE_PEER_INPUT_STREAM, "base-stream", base, NULL);

  self->max_message = max_message;
  self->signatures = g_strdupv ((char **) signatures);
  return G_INPUT_STREAM (self);
}

GError *
vmsock_peer_input_stream_dup_refusal (VmsockPeerInputStream *stream)
{
  GError *refusal;

  g_mutex_lock (&stream->lock);
  refusal = stream->refusal != NULL ? g_error_copy (stream->refusal) : NULL;
  g_mutex_unlock (&stream->lock);
  return refusal;
}
