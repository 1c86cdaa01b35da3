/* vmsock-hcsdiag-parser.c: reading what `hcsdiag list` prints
 *
 * `hcsdiag list` prints one record per compute system, a blank line between
 * records: the system's Id on the first line, then an indented line
 * "Type, State, RuntimeId[, Owner]".  `hcsdiag list -raw` prints a JSON
 * array of HCS Properties objects.  The Hyper-V socket VM ID is the
 * RuntimeId, which differs from the Id for containers.  Compute systems are
 * VMs, containers and container templates; each VmsockVm says which in its
 * "kind" extra.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#ifdef HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif

#include <libvmsock-glib/vmsock.h>

#include "vmsock-error-private.h"
#include "vmsock-hcsdiag-parser.h"
#ifdef HAVE_JSON_GLIB
#include "vmsock-plugin-json.h"
#endif

#define PROVIDER_NAME "hcsdiag"

/* HCS_E_ACCESS_DENIED and the message that comes with it. */
#define ACCESS_DENIED_CODE "0x8037011B"
#define ACCESS_DENIED_MESSAGE "Insufficient privileges"

gboolean
vmsock_hcsdiag_output_is_access_denied (const char *output)
{
  return strstr (output, ACCESS_DENIED_MESSAGE) != NULL ||
         g_strstr_len (output, -1, ACCESS_DENIED_CODE) != NULL ||
         g_strstr_len (output, -1, "0x8037011b") != NULL;
}

gboolean
vmsock_hcsdiag_output_is_json (const char *output)
{
  while (g_ascii_isspace (*output))
    output++;
  return *output == '[' || *output == '{';
}

static VmsockVmState
state_from_hcs (const char *state)
{
  static const struct
  {
    const char *name;
    VmsockVmState state;
  } states[] = {
    { "Created", VMSOCK_VM_STATE_OFF },
    { "Running", VMSOCK_VM_STATE_RUNNING },
    { "Paused", VMSOCK_VM_STATE_PAUSED },
    { "Stopped", VMSOCK_VM_STATE_OFF },
    { "SavedAsTemplate", VMSOCK_VM_STATE_SAVED },
  };

  /* A system that was never started has no state at all, and hcsdiag
   * says nothing about it either way. */
  if (state == NULL)
    return VMSOCK_VM_STATE_UNKNOWN;
  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_ascii_strcasecmp (state, states[i].name) == 0)
      return states[i].state;
  return VMSOCK_VM_STATE_UNKNOWN;
}

/* The kind of a compute system of @type: "VM", "Hyper-V Container" or
 * "Hyper-V Container Template" in the text form, "VirtualMachine" or
 * "Container" as the JSON's SystemType. */
static const char *
kind_from_type (const char *type)
{
  static const struct
  {
    const char *type;
    const char *kind;
  } kinds[] = {
    { "VM", VMSOCK_HCSDIAG_KIND_VM },
    { "VirtualMachine", VMSOCK_HCSDIAG_KIND_VM },
    { "Hyper-V Container", VMSOCK_HCSDIAG_KIND_CONTAINER },
    { "Container", VMSOCK_HCSDIAG_KIND_CONTAINER },
    { "Hyper-V Container Template", VMSOCK_HCSDIAG_KIND_CONTAINER_TEMPLATE },
  };

  for (gsize i = 0; type != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (type, kinds[i].type) == 0)
      return kinds[i].kind;
  return VMSOCK_HCSDIAG_KIND_OTHER;
}

static VmsockVm *
make_vm (const char  *id,
         const char  *type,
         const char  *state,
         const char  *runtime_id,
         const char  *owner,
         GError     **error)
{
  g_auto(GVariantDict) extras = G_VARIANT_DICT_INIT (NULL);
  VmsockGuid vm_id;
  g_autoptr(GError) guid_error = NULL;

  if (runtime_id != NULL && !vmsock_guid_parse (runtime_id, &vm_id, &guid_error))
    {
      g_autofree char *quoted_id = vmsock_printable_quote (id, -1);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("hcsdiag gave compute system “%s” a RuntimeId that is not a GUID: %s"),
                   quoted_id, guid_error->message);
      return NULL;
    }

  g_variant_dict_insert (&extras, "kind", "s", kind_from_type (type));
  if (type != NULL)
    g_variant_dict_insert (&extras, "type", "s", type);
  if (owner != NULL)
    g_variant_dict_insert (&extras, "owner", "s", owner);

  return vmsock_vm_new (PROVIDER_NAME, id, NULL, state_from_hcs (state), VMSOCK_VSOCK_CID_ANY,
                        runtime_id != NULL ? &vm_id : NULL, g_variant_dict_end (&extras));
}

#ifdef HAVE_JSON_GLIB
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

GPtrArray *
vmsock_hcsdiag_parse_json (const char  *output,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;
  JsonArray *array;

  if (!vmsock_plugin_json_load (parser, output, &json_error))
    {
      g_autofree char *reason = vmsock_printable_text (json_error->message, -1);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("hcsdiag list -raw printed malformed JSON: %s"), reason);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("hcsdiag list -raw printed JSON that is not an array"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *id;
      VmsockVm *vm;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("hcsdiag list -raw printed an entry that is not an object (entry %u)"), i + 1);
          return NULL;
        }
      object = json_node_get_object (element);
      id = string_member (object, "Id");
      if (id == NULL)
        {
          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("hcsdiag list -raw printed an entry without an Id (entry %u)"), i + 1);
          return NULL;
        }

      vm = make_vm (id, string_member (object, "SystemType"), string_member (object, "State"),
                    string_member (object, "RuntimeId"), string_member (object, "Owner"), error);
      if (vm == NULL)
        return NULL;
      g_ptr_array_add (vms, vm);
    }

  return g_steal_pointer (&vms);
}
#endif /* HAVE_JSON_GLIB */

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

GPtrArray *
vmsock_hcsdiag_parse_text (const char  *output,
                           GError     **error)
{
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  gsize i = 0;

  /* Windows ends lines with CR LF. */
  for (gsize j = 0; lines[j] != NULL; j++)
    g_strchomp (lines[j]);

  while (lines[i] != NULL)
    {
      g_auto(GStrv) fields = NULL;
      const char *id;
      VmsockVm *vm;
      guint n_fields;

      if (is_blank (lines[i]))
        {
          i++;
          continue;
        }

      id = lines[i];
      if (g_ascii_isspace (id[0]))
        {
          g_autofree char *line = vmsock_printable_text (lines[i], -1);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("hcsdiag list printed a details line without a compute system before it: “%s”"),
                       line);
          return NULL;
        }
      if (lines[i + 1] == NULL || is_blank (lines[i + 1]) || !g_ascii_isspace (lines[i + 1][0]))
        {
          g_autofree char *quoted_id = vmsock_printable_quote (id, -1);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("hcsdiag list printed compute system “%s” without its details line"),
                       quoted_id);
          return NULL;
        }

      /* "Type, State, RuntimeId[, Owner]", the type padded with spaces. */
      fields = g_strsplit (lines[i + 1], ",", -1);
      n_fields = g_strv_length (fields);
      for (guint f = 0; f < n_fields; f++)
        g_strstrip (fields[f]);
      if (n_fields < 3 || n_fields > 4)
        {
          g_autofree char *quoted_id = vmsock_printable_quote (id, -1);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("hcsdiag list printed details of compute system “%s” with %u fields "
                         "instead of “Type, State, RuntimeId[, Owner]”"),
                       quoted_id, n_fields);
          return NULL;
        }

      vm = make_vm (id, fields[0], fields[1], fields[2], n_fields == 4 ? fields[3] : NULL, error);
      if (vm == NULL)
        return NULL;
      g_ptr_array_add (vms, vm);

      /* Anything further in the record is for other uses of hcsdiag. */
      for (i += 2; lines[i] != NULL && !is_blank (lines[i]); i++)
        ;
    }

  return g_steal_pointer (&vms);
}

void
vmsock_hcsdiag_keep_only_vms (GPtrArray *systems)
{
  guint i = 0;

  while (i < systems->len)
    {
      const char *kind = NULL;

      if (g_variant_lookup (vmsock_vm_get_extras (systems->pdata[i]), "kind", "&s", &kind) &&
          g_str_equal (kind, VMSOCK_HCSDIAG_KIND_VM))
        i++;
      else
        g_ptr_array_remove_index (systems, i);
    }
}
