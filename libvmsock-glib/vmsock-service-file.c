/* vmsock-service-file.c: a service registry kept in a JSON file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-service-file-private.h"
#include "vmsock-services-private.h"

#ifdef HAVE_JSON_GLIB

#include <json-glib/json-glib.h>

#define FORMAT_VERSION 1

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

/* Reads the registry; a missing file is an empty one. */
GPtrArray *
vmsock_service_file_load (const char  *path,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;
  JsonObject *object;
  JsonNode *member;
  JsonArray *array;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_autofree char *quoted_path = NULL;
      g_autofree char *reason = NULL;

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&services);
      quoted_path = vmsock_printable_quote (path, -1);
      reason = vmsock_printable_quote (local_error->message, -1);
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read the service registry %s: %s"), quoted_path, reason);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      /* json-glib names the data "<data>", then gives the line and column. */
      const char *position = local_error->message;
      g_autofree char *quoted_path = vmsock_printable_quote (path, -1);
      g_autofree char *quoted_position = NULL;

      if (g_str_has_prefix (position, "<data>:"))
        position += strlen ("<data>:");
      quoted_position = vmsock_printable_quote (position, -1);
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("%s:%s; the file was left unchanged"), quoted_path, quoted_position);
      return NULL;
    }

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

  if (!g_file_set_contents_full (path, text->str, text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_autofree char *reason = vmsock_printable_quote (local_error->message, -1);

      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not write the service registry: %s"), reason);
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
