/* vmsock-hyperv-parser.c: reading Msvm_ComputerSystem as PowerShell prints it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vmsock-hyperv-parser.h"

#define PROVIDER_NAME "hyperv"

VmsockVmState
vmsock_hyperv_state_from_enabled_state (gint64 enabled_state)
{
  switch (enabled_state)
    {
    case 2:                         /* Running (v2) */
      return VMSOCK_VM_STATE_RUNNING;
    case 3:                         /* Off */
      return VMSOCK_VM_STATE_OFF;
    case 4:                         /* Shutting down */
    case 32773:                     /* Saving */
    case 32774:                     /* Stopping (v1) */
    case 32776:                     /* Pausing */
    case 32780:                     /* FastSaving */
      return VMSOCK_VM_STATE_STOPPING;
    case 6:                         /* Saved (Enabled but offline) */
    case 32769:                     /* Suspended (v1) */
    case 32779:                     /* FastSaved */
      return VMSOCK_VM_STATE_SAVED;
    case 9:                         /* Paused (quiesce) */
    case 32768:                     /* Paused (v1) */
      return VMSOCK_VM_STATE_PAUSED;
    case 10:                        /* Starting */
    case 32770:                     /* Starting (v1) */
    case 32777:                     /* Resuming */
      return VMSOCK_VM_STATE_STARTING;
    case 32771:                     /* Snapshotting: still running */
      return VMSOCK_VM_STATE_RUNNING;
    default:                        /* Unknown, Other, Not applicable, ... */
      return VMSOCK_VM_STATE_UNKNOWN;
    }
}

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
  g_auto(GVariantDict) extras = G_VARIANT_DICT_INIT (NULL);
  JsonObject *object;
  JsonNode *state_node, *pid_node;
  const char *name, *element_name;
  VmsockVmState state = VMSOCK_VM_STATE_UNKNOWN;
  VmsockGuid vm_id;
  g_autofree char *id = NULL;

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
  /* The host's own row is named after the computer; VMs after their GUID.
   * Captions would tell them apart too, but they are localized. */
  if (!vmsock_guid_parse (name, &vm_id, NULL))
    return TRUE;

  state_node = cim_property (object, "EnabledState");
  if (state_node != NULL && JSON_NODE_HOLDS_VALUE (state_node))
    {
      if (json_node_get_value_type (state_node) == G_TYPE_INT64)
        state = vmsock_hyperv_state_from_enabled_state (json_node_get_int (state_node));
      else if (json_node_get_value_type (state_node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (state_node);
          guint64 number;

          if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT16, &number, NULL))
            state = vmsock_hyperv_state_from_enabled_state ((gint64) number);
        }
    }

  pid_node = cim_property (object, "ProcessID");
  if (pid_node != NULL && JSON_NODE_HOLDS_VALUE (pid_node) &&
      json_node_get_value_type (pid_node) == G_TYPE_INT64)
    g_variant_dict_insert (&extras, "process-id", "x", json_node_get_int (pid_node));

  id = vmsock_guid_to_string (&vm_id);
  element_name = string_property (object, "ElementName");
  g_ptr_array_add (vms, vmsock_vm_new (PROVIDER_NAME, id, element_name, state, VMSOCK_VSOCK_CID_ANY,
                                       &vm_id, g_variant_dict_end (&extras)));
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

  /* No result at all prints nothing. */
  if (*trimmed == '\0')
    return g_steal_pointer (&vms);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, trimmed, -1, &json_error))
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("PowerShell printed malformed JSON for Hyper-V: %s"), json_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
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
