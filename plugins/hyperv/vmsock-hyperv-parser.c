/* vmsock-hyperv-parser.c: reading Msvm_ComputerSystem as PowerShell prints it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vmsock-error-private.h"
#include "vmsock-hyperv-parser.h"
#include "vmsock-hyperv-system.h"
#include "vmsock-plugin-json.h"

gboolean
vmsock_hyperv_output_is_access_denied (const char *output)
{
  return strstr (output, "Access denied") != NULL ||
         strstr (output, "PermissionDenied") != NULL ||
         strstr (output, "0x80041003") != NULL;
}

/* A property of a CIM object, at its top or, when PowerShell serialized the
 * whole CimInstance, among its CimInstanceProperties. */
static JsonNode *
cim_property (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonNode *properties;

  if (node != NULL)
    return node;

  properties = json_object_get_member (object, "CimInstanceProperties");
  if (properties == NULL || !JSON_NODE_HOLDS_ARRAY (properties))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (properties)); i++)
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (properties), i);
      JsonObject *property;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      property = json_node_get_object (entry);
      if (g_strcmp0 (json_object_get_string_member_with_default (property, "Name", NULL), name) == 0)
        return json_object_get_member (property, "Value");
    }
  return NULL;
}

static const char *
string_property (JsonObject *object,
                 const char *name)
{
  JsonNode *node = cim_property (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
add_system (GPtrArray   *vms,
            JsonNode    *node,
            guint        index,
            GError     **error)
{
  JsonObject *object;
  JsonNode *state_node, *pid_node;
  const char *name;
  gint64 enabled_state = -1;
  gint64 process_id = -1;
  VmsockVm *vm;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("PowerShell printed a Hyper-V entry that is not an object (entry %u)"), index + 1);
      return FALSE;
    }
  object = json_node_get_object (node);

  name = string_property (object, "Name");
  if (name == NULL)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("PowerShell printed a Hyper-V entry without a Name (entry %u)"), index + 1);
      return FALSE;
    }

  state_node = cim_property (object, "EnabledState");
  if (state_node != NULL && JSON_NODE_HOLDS_VALUE (state_node))
    {
      if (json_node_get_value_type (state_node) == G_TYPE_INT64)
        enabled_state = json_node_get_int (state_node);
      else if (json_node_get_value_type (state_node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (state_node);
          guint64 number;

          if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT16, &number, NULL))
            enabled_state = (gint64) number;
        }
    }

  pid_node = cim_property (object, "ProcessID");
  if (pid_node != NULL && JSON_NODE_HOLDS_VALUE (pid_node) &&
      json_node_get_value_type (pid_node) == G_TYPE_INT64)
    process_id = json_node_get_int (pid_node);

  vm = vmsock_hyperv_vm_new (name, string_property (object, "ElementName"), enabled_state, process_id);
  if (vm != NULL)
    g_ptr_array_add (vms, vm);
  return TRUE;
}

GPtrArray *
vmsock_hyperv_parse_json (const char  *output,
                          GError     **error)
{
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (output));
  JsonNode *root;

  parser = json_parser_new ();
  if (!vmsock_plugin_json_load (parser, trimmed, &json_error))
    {
      g_autofree char *reason = vmsock_printable_text (json_error->message, -1);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("PowerShell printed malformed JSON for Hyper-V: %s"), reason);
      return NULL;
    }

  /* No result prints nothing, or only a byte-order mark or a comment. */
  root = json_parser_get_root (parser);
  if (root == NULL)
    return g_steal_pointer (&vms);
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!add_system (vms, json_array_get_element (array, i), i, error))
          return NULL;
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      /* One result is a bare object. */
      if (!add_system (vms, root, 0, error))
        return NULL;
    }
  else
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("PowerShell printed JSON for Hyper-V that is neither an object nor an array"));
      return NULL;
    }

  return g_steal_pointer (&vms);
}
