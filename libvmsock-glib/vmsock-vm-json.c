/* vmsock-vm-json.c: a VM listing as JSON, to cross a process boundary
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-enum-types.h"
#include "vmsock-error.h"
#include "vmsock-i18n-private.h"
#include "vmsock-vm-json-private.h"
#include "vmsock-vsock-address.h"

static JsonNode *
vm_to_json (VmsockVm *vm)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const VmsockGuid *vm_id = vmsock_vm_get_vm_id (vm);
  guint32 cid;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, vmsock_vm_get_provider (vm));
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, vmsock_vm_get_id (vm));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, vmsock_vm_get_name (vm));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, vmsock_vm_state_to_string (vmsock_vm_get_state (vm)));
  json_builder_set_member_name (builder, "cid");
  if (vmsock_vm_get_cid (vm, &cid))
    json_builder_add_int_value (builder, cid);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "vm-id");
  if (vm_id != NULL)
    {
      g_autofree char *text = vmsock_guid_to_string (vm_id);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "extras");
  json_builder_add_value (builder, json_gvariant_serialize (vmsock_vm_get_extras (vm)));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
vmsock_error_to_json (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, g_quark_to_string (error->domain));
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, error->code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
vmsock_vm_listing_to_json (VmsockVmListing *listing)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "vms");
  json_builder_begin_array (builder);
  for (guint i = 0; i < vms->len; i++)
    json_builder_add_value (builder, vm_to_json (g_ptr_array_index (vms, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (gsize i = 0; failed[i] != NULL; i++)
    {
      const GError *error = vmsock_vm_listing_get_source_error (listing, failed[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, failed[i]);
      json_builder_set_member_name (builder, "error");
      json_builder_add_value (builder, vmsock_error_to_json (error));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
vmsock_vm_json_invalid (GError     **error,
                        const char  *what)
{
  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
               _("The plugin host sent a malformed listing: %s"), what);
  return FALSE;
}

/* The string member @name of @object, or NULL if it has none. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* The array member @name of @object, or NULL if it has none. */
static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

GError *
vmsock_error_from_json (JsonNode *node)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *domain = object != NULL ? string_member (object, "domain") : NULL;
  const char *message = object != NULL ? string_member (object, "message") : NULL;

  if (domain == NULL || message == NULL)
    return NULL;
  return g_error_new_literal (g_quark_from_string (domain),
                              json_object_get_int_member_with_default (object, "code", 0), message);
}

static VmsockVm *
vm_from_json (JsonNode  *node,
              GError   **error)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);
  g_autoptr(VmsockGuid) vm_id = NULL;
  g_autoptr(GVariant) extras = NULL;
  JsonObject *object;
  JsonNode *cid_node;
  const char *provider, *id, *name, *state_name, *vm_id_text;
  GEnumValue *state;
  gint64 cid = VMSOCK_VSOCK_CID_ANY;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return vmsock_vm_json_invalid (error, "a VM is not an object"), NULL;
  object = json_node_get_object (node);
  provider = string_member (object, "provider");
  id = string_member (object, "id");
  name = string_member (object, "name");
  state_name = string_member (object, "state");
  state = state_name != NULL ? g_enum_get_value_by_nick (states, state_name) : NULL;
  if (provider == NULL || id == NULL || name == NULL || state == NULL)
    return vmsock_vm_json_invalid (error, "a VM lacks its provider, id, name or state"), NULL;

  cid_node = json_object_get_member (object, "cid");
  if (cid_node != NULL && !JSON_NODE_HOLDS_NULL (cid_node))
    {
      cid = json_node_get_int (cid_node);
      if (json_node_get_value_type (cid_node) != G_TYPE_INT64 || cid < 0 || cid >= VMSOCK_VSOCK_CID_ANY)
        return vmsock_vm_json_invalid (error, "a CID is not a 32-bit number"), NULL;
    }
  vm_id_text = string_member (object, "vm-id");
  if (vm_id_text != NULL && (vm_id = vmsock_guid_new_from_string (vm_id_text, NULL)) == NULL)
    return vmsock_vm_json_invalid (error, "a VM ID is not a GUID"), NULL;
  if (json_object_has_member (object, "extras"))
    {
      extras = json_gvariant_deserialize (json_object_get_member (object, "extras"), "a{sv}", NULL);
      if (extras == NULL)
        return vmsock_vm_json_invalid (error, "extras are not a dictionary"), NULL;
    }

  return vmsock_vm_new (provider, id, name, state->value, cid, vm_id, g_steal_pointer (&extras));
}

VmsockVmListing *
vmsock_vm_listing_from_json (JsonObject  *root,
                             GError     **error)
{
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  JsonArray *vms, *errors;

  vms = array_member (root, "vms");
  errors = array_member (root, "errors");
  if (vms == NULL || errors == NULL)
    return vmsock_vm_json_invalid (error, "no “vms” or “errors” array"), NULL;

  for (guint i = 0; i < json_array_get_length (vms); i++)
    {
      g_autoptr(VmsockVm) vm = vm_from_json (json_array_get_element (vms, i), error);

      if (vm == NULL)
        return NULL;
      vmsock_vm_listing_add_vm (listing, vm);
    }

  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *source = object != NULL ? string_member (object, "source") : NULL;
      g_autoptr(GError) source_error = NULL;

      if (source != NULL)
        source_error = vmsock_error_from_json (json_object_get_member (object, "error"));
      if (source_error == NULL)
        return vmsock_vm_json_invalid (error, "an error lacks its source, domain or message"), NULL;
      vmsock_vm_listing_add_error (listing, source, source_error);
    }

  return g_steal_pointer (&listing);
}
