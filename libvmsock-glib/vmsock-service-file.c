/* vmsock-service-file.c: a service registry kept in a JSON file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-service-file-private.h"
#include "vmsock-services-private.h"

#ifdef HAVE_JSON_GLIB

#include <json-glib/json-glib.h>

#define FORMAT_VERSION 1

/* A service takes some 120 bytes: no registry comes near this. */
#define MAX_FILE_SIZE (1024 * 1024)

/* json-glib 1.6 parses nested arrays and objects by recursion, with no limit
 * on the depth: some 80,000 levels overflow an 8 MiB stack, and 1 MiB of
 * “[” nests a million deep.  Rather than tokenize JSON to learn the depth,
 * the files count every “[” and “{”, in strings too: nothing nests deeper
 * than it has of them.  A registry has one per service and two more; this
 * many keep json-glib within half a MiB of stack. */
#define MAX_CONTAINERS 4096

/* Writes go to this file beside the registry, then replace it.  The lock
 * makes a fixed name safe, and a writer that died mid-write leaves only
 * this file behind, which the next write replaces. */
#define NEW_SUFFIX ".new"

static gboolean
set_invalid (GError     **error,
             const char  *path,
             const char  *where,
             const char  *message)
{
  g_autofree char *quoted_path = vmsock_printable_quote (path, -1);
  g_autofree char *quoted_message = vmsock_printable_quote (message, -1);

  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
               _("%s: %s: %s; the file was left unchanged"), quoted_path, where, quoted_message);
  return FALSE;
}


static VmsockService *
service_from_node (JsonNode    *node,
                   const char  *path,
                   guint        index,
                   GError     **error)
{
  g_autofree char *where = g_strdup_printf ("services[%u]", index);
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *name;
  VmsockGuid service_id;
  guint32 template_port;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, path, where, _("not an object")), NULL;
  object = json_node_get_object (node);

  member = json_object_get_member (object, "name");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return set_invalid (error, path, where, _("“name” is missing or not a string")), NULL;
  name = json_node_get_string (member);
  if (!vmsock_service_name_is_valid (name, &local_error))
    return set_invalid (error, path, where, local_error->message), NULL;

  member = json_object_get_member (object, "service-id");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return set_invalid (error, path, where, _("“service-id” is missing or not a string")), NULL;
  if (!vmsock_guid_parse (json_node_get_string (member), &service_id, &local_error))
    return set_invalid (error, path, where, local_error->message), NULL;

  service = vmsock_service_new (name, &service_id);

  /* The port is there for readers; the service ID is what counts, so the
   * two have to agree. */
  member = json_object_get_member (object, "port");
  if (member != NULL &&
      (json_node_get_value_type (member) != G_TYPE_INT64 ||
       !vmsock_service_get_vsock_port (service, &template_port) ||
       json_node_get_int (member) != template_port))
    return set_invalid (error, path, where,
                        _("“port” does not match the VSock template service ID")), NULL;

  return g_steal_pointer (&service);
}

static guint
count_containers (const char *text,
                  gsize       length)
{
  guint count = 0;

  for (gsize i = 0; i < length; i++)
    if (text[i] == '[' || text[i] == '{')
      count++;
  return count;
}

static gboolean
fits_limits (const char *text,
             gsize       length)
{
  return length <= MAX_FILE_SIZE && count_containers (text, length) <= MAX_CONTAINERS;
}

/* The line of the first \u0000 in @text, or 0 if there is none.  json-glib
 * turns it into a NUL that cuts its string short, so that a name would be
 * read as another.  A backslash starts an escape unless another escapes it:
 * it takes an odd number of them. */
static guint
find_nul_escape (const char *text,
                 gsize       length)
{
  const char *end = text + length;

  for (const char *p = text; (p = g_strstr_len (p, end - p, "u0000")) != NULL; p++)
    {
      gsize backslashes = 0;
      guint line = 1;

      while (p - backslashes > text && p[-1 - (gssize) backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 0)
        continue;
      for (const char *q = text; q < p; q++)
        if (*q == '\n')
          line++;
      return line;
    }
  return 0;
}

/* json-glib 1.6 reads one object or array after another, keeps the first
 * and drops the rest without a word: count those at the top level. */
typedef struct
{
  guint depth;
  guint n_values;
  guint second_line;
} TopLevel;

static void
on_container_start (JsonParser *parser,
                    gpointer    data)
{
  TopLevel *top = data;

  if (top->depth++ == 0 && top->n_values == 1)
    top->second_line = json_parser_get_current_line (parser);
}

static void
on_container_end (JsonParser *parser,
                  gpointer    container,
                  gpointer    data)
{
  TopLevel *top = data;

  if (--top->depth == 0)
    top->n_values++;
}

static gboolean
parse_registry (JsonParser  *parser,
                const char  *path,
                const char  *text,
                gsize        length,
                GError     **error)
{
  g_autofree char *quoted_path = vmsock_printable_quote (path, -1);
  g_autoptr(GError) local_error = NULL;
  TopLevel top = { 0 };
  guint line;

  if (count_containers (text, length) > MAX_CONTAINERS)
    {
      g_autofree char *message = g_strdup_printf (_("more than %u “[” and “{”, more than "
                                                    "a service registry holds"),
                                                  MAX_CONTAINERS);

      return set_invalid (error, path, "$", message);
    }

  line = find_nul_escape (text, length);
  if (line != 0)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("%s:%u: a string holds \\u0000, which would cut it short; "
                     "the file was left unchanged"), quoted_path, line);
      return FALSE;
    }

  g_signal_connect (parser, "object-start", G_CALLBACK (on_container_start), &top);
  g_signal_connect (parser, "array-start", G_CALLBACK (on_container_start), &top);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_container_end), &top);
  g_signal_connect (parser, "array-end", G_CALLBACK (on_container_end), &top);
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      /* json-glib names the data "<data>", then gives the line and column. */
      const char *position = local_error->message;
      g_autofree char *quoted_position = NULL;

      if (g_str_has_prefix (position, "<data>:"))
        position += strlen ("<data>:");
      quoted_position = vmsock_printable_quote (position, -1);
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("%s:%s; the file was left unchanged"), quoted_path, quoted_position);
      return FALSE;
    }
  g_signal_handlers_disconnect_by_data (parser, &top);

  if (top.n_values > 1)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("%s:%u: more JSON follows the registry’s object; "
                     "the file was left unchanged"), quoted_path, top.second_line);
      return FALSE;
    }
  if (json_parser_has_assignment (parser, NULL))
    return set_invalid (error, path, "$", _("a JavaScript assignment, not plain JSON"));
  return TRUE;
}

/* The regular file @path, read whole; one longer than @max_length fails
 * with G_IO_ERROR_MESSAGE_TOO_LARGE after at most @max_length + 1 bytes
 * were read.  Errors are those of vmsock_platform_open_regular_file(), and
 * leave out @path. */
static GBytes *
read_regular_file (const char  *path,
                   gsize        max_length,
                   GError     **error)
{
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  guint8 buffer[16384];
  int fd;

  fd = vmsock_platform_open_regular_file (path, error);
  if (fd < 0)
    return NULL;

  for (;;)
    {
      gssize n = vmsock_platform_read (fd, buffer, MIN (sizeof buffer, max_length + 1 - contents->len),
                                       error);

      if (n < 0)
        {
          g_close (fd, NULL);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (contents, buffer, n);
      if (contents->len > max_length)
        {
          g_autofree char *limit = g_format_size_full (max_length, G_FORMAT_SIZE_IEC_UNITS);

          g_close (fd, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("it is larger than %s"), limit);
          return NULL;
        }
    }
  g_close (fd, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

/* Reads the registry; a missing file is an empty one. */
GPtrArray *
vmsock_service_file_load (const char  *path,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) contents = NULL;
  const char *text;
  gsize length;
  JsonNode *root;
  JsonObject *object;
  JsonNode *member;
  JsonArray *array;

  contents = read_regular_file (path, MAX_FILE_SIZE, &local_error);
  if (contents == NULL)
    {
      g_autofree char *quoted_path = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return g_steal_pointer (&services);
      quoted_path = vmsock_printable_quote (path, -1);
      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("Could not read the service registry %s: %s"), quoted_path, local_error->message);
      return NULL;
    }

  text = g_bytes_get_data (contents, &length);
  if (text == NULL)
    text = "";
  if (!parse_registry (parser, path, text, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_invalid (error, path, "$", _("not a JSON object")), NULL;
  object = json_node_get_object (root);

  member = json_object_get_member (object, "version");
  if (member != NULL && (json_node_get_value_type (member) != G_TYPE_INT64 ||
                         json_node_get_int (member) < 1))
    return set_invalid (error, path, "version", _("not a format version")), NULL;
  if (member != NULL && json_node_get_int (member) > FORMAT_VERSION)
    return set_invalid (error, path, "version",
                        _("written by a newer version of libvmsock-glib")), NULL;

  member = json_object_get_member (object, "services");
  if (member == NULL)
    return g_steal_pointer (&services);
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return set_invalid (error, path, "services", _("not an array")), NULL;
  array = json_node_get_array (member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      VmsockService *service = service_from_node (json_array_get_element (array, i),
                                                   path, i, error);
      g_autofree char *where = g_strdup_printf ("services[%u]", i);

      if (service == NULL)
        return NULL;
      if (vmsock_services_find_by_name (services, vmsock_service_get_name (service)) != NULL)
        {
          g_object_unref (service);
          return set_invalid (error, path, where, _("the name is used twice")), NULL;
        }
      if (vmsock_services_find_by_id (services, vmsock_service_get_service_id (service)) != NULL)
        {
          g_object_unref (service);
          return set_invalid (error, path, where, _("the service ID is used twice")), NULL;
        }
      g_ptr_array_add (services, service);
    }

  vmsock_services_sort (services);
  return g_steal_pointer (&services);
}

/* Whether @path may be replaced, and the mode to give the new file: the
 * old one's, if there is one, so that a write keeps who may read it.  A
 * symbolic link is refused: replacing it with a file would cut it off from
 * what it points to. */
static gboolean
check_replaceable (const char  *path,
                   const char  *quoted_path,
                   guint32     *mode,
                   gboolean    *keep_mode,
                   GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;

  *mode = 0644;
  *keep_mode = FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_UNIX_MODE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &local_error);
  if (info == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  if (info == NULL)
    {
      reason = vmsock_printable_quote (local_error->message, -1);
      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("Could not write the service registry %s: %s"), quoted_path, reason);
      return FALSE;
    }

  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      break;
    case G_FILE_TYPE_SYMBOLIC_LINK:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Could not write the service registry %s: it is a symbolic link, "
                     "which writing would replace with a file; use the path it points to"),
                   quoted_path);
      return FALSE;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Could not write the service registry %s: it is not a regular file"),
                   quoted_path);
      return FALSE;
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_MODE))
    {
      *mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 07777;
      *keep_mode = TRUE;
    }
  return TRUE;
}

/* Writes @text to @new_path, with @mode exactly when @keep_mode (the umask
 * narrows the mode of a new file), and moves it over @path. */
static gboolean
write_and_replace (const char  *path,
                   const char  *new_path,
                   GString     *text,
                   guint32      mode,
                   gboolean     keep_mode,
                   GError     **error)
{
  int saved_errno;

  /* A crashed writer's file, whatever it became, is replaced. */
  if (g_unlink (new_path) < 0 && errno != ENOENT)
    goto failed;
  if (!g_file_set_contents_full (new_path, text->str, text->len,
                                 G_FILE_SET_CONTENTS_DURABLE, mode, error))
    {
      g_unlink (new_path);
      return FALSE;
    }
  if ((keep_mode && g_chmod (new_path, mode) < 0) || g_rename (new_path, path) < 0)
    goto failed;
  return TRUE;

failed:
  saved_errno = errno;
  g_unlink (new_path);
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

gboolean
vmsock_service_file_save (const char  *path,
                          GPtrArray   *services,
                          GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *quoted_path = NULL;
  g_autofree char *new_path = NULL;
  gboolean keep_mode;
  guint32 mode;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < services->len; i++)
    {
      VmsockService *service = services->pdata[i];
      g_autofree char *service_id = vmsock_guid_to_string (vmsock_service_get_service_id (service));
      guint32 port;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, vmsock_service_get_name (service));
      json_builder_set_member_name (builder, "service-id");
      json_builder_add_string_value (builder, service_id);
      if (vmsock_service_get_vsock_port (service, &port))
        {
          json_builder_set_member_name (builder, "port");
          json_builder_add_int_value (builder, port);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (text, '\n');

  quoted_path = vmsock_printable_quote (path, -1);
  if (!fits_limits (text->str, text->len))
    {
      g_autofree char *limit = g_format_size_full (MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Could not write the service registry %s: it would be larger than %s "
                     "or hold more than %u “[” and “{”, more than a registry may"),
                   quoted_path, limit, MAX_CONTAINERS);
      return FALSE;
    }

  if (!check_replaceable (path, quoted_path, &mode, &keep_mode, error))
    return FALSE;

  new_path = g_strconcat (path, NEW_SUFFIX, NULL);
  if (!write_and_replace (path, new_path, text, mode, keep_mode, &local_error))
    {
      g_autofree char *reason = vmsock_printable_quote (local_error->message, -1);

      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not write the service registry %s: %s"), quoted_path, reason);
      return FALSE;
    }
  return TRUE;
}


#else /* !HAVE_JSON_GLIB */

static void
set_not_supported (GError     **error,
                   const char  *path)
{
  g_autofree char *quoted_path = vmsock_printable_quote (path, -1);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Registry files such as %s need JSON support, which this build of "
                 "libvmsock-glib does not have (it was built without json-glib)"), quoted_path);
}

GPtrArray *
vmsock_service_file_load (const char  *path,
                          GError     **error)
{
  set_not_supported (error, path);
  return NULL;
}

gboolean
vmsock_service_file_save (const char  *path,
                          GPtrArray   *services,
                          GError     **error)
{
  set_not_supported (error, path);
  return FALSE;
}

#endif /* HAVE_JSON_GLIB */
