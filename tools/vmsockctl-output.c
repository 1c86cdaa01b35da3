/* vmsockctl-output.c: tables for people, JSON for scripts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#ifdef HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif

#include "vmsockctl-output.h"

/* A cell: text, a number (which the table may show as text), or neither
 * when empty. */
typedef struct
{
  char *text;
  guint64 number;
  gboolean is_number;
} Cell;

struct _VmsockctlTable
{
  const VmsockctlColumn *columns;
  guint n_columns;
  /* Cells row by row. */
  GArray *cells;
};

gboolean
vmsockctl_output_parse_json (const char  *option_name,
                             const char  *value,
                             gpointer     data,
                             GError     **error)
{
  VmsockctlOutput *output = data;

#ifndef HAVE_JSON_GLIB
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("JSON output needs json-glib, which this build of vmsockctl does not have"));
  return FALSE;
#endif
  if (value == NULL || g_str_equal (value, "pretty"))
    output->format = VMSOCKCTL_FORMAT_JSON_PRETTY;
  else if (g_str_equal (value, "short"))
    output->format = VMSOCKCTL_FORMAT_JSON_SHORT;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown JSON format “%s”; use “pretty” or “short”"), value);
      return FALSE;
    }
  return TRUE;
}

static void
cell_clear (gpointer data)
{
  Cell *cell = data;

  g_free (cell->text);
}

static Cell *
cell_at (VmsockctlTable *table,
         guint           index)
{
  return &g_array_index (table->cells, Cell, index);
}

VmsockctlTable *
vmsockctl_table_new (const VmsockctlColumn *columns,
                     guint                  n_columns)
{
  VmsockctlTable *table = g_new0 (VmsockctlTable, 1);

  table->columns = columns;
  table->n_columns = n_columns;
  table->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  g_array_set_clear_func (table->cells, cell_clear);
  return table;
}

void
vmsockctl_table_free (VmsockctlTable *table)
{
  g_array_unref (table->cells);
  g_free (table);
}

void
vmsockctl_table_add_string (VmsockctlTable *table,
                            const char     *value)
{
  Cell cell = { 0 };

  if (value != NULL && *value != '\0')
    cell.text = g_utf8_make_valid (value, -1);
  g_array_append_val (table->cells, cell);
}

void
vmsockctl_table_add_uint (VmsockctlTable *table,
                          guint64         value)
{
  Cell cell = { .number = value, .is_number = TRUE };

  g_array_append_val (table->cells, cell);
}

void
vmsockctl_table_add_uint_as (VmsockctlTable *table,
                             guint64         value,
                             const char     *text)
{
  Cell cell = { .number = value, .is_number = TRUE, .text = g_utf8_make_valid (text, -1) };

  g_array_append_val (table->cells, cell);
}

guint
vmsockctl_table_get_n_rows (VmsockctlTable *table)
{
  return table->cells->len / table->n_columns;
}

static char *
cell_text (const Cell *cell)
{
  if (cell->is_number && cell->text == NULL)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, cell->number);
  return g_strdup (cell->text != NULL ? cell->text : "-");
}

/* How many terminal columns @text takes. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

#ifdef HAVE_JSON_GLIB
static JsonNode *
cell_to_json (const Cell *cell)
{
  if (cell->is_number)
    return json_node_init_int (json_node_alloc (), (gint64) cell->number);
  if (cell->text == NULL)
    return json_node_new (JSON_NODE_NULL);
  return json_node_init_string (json_node_alloc (), cell->text);
}

static JsonNode *
row_to_json (VmsockctlTable *table,
             guint           row)
{
  g_autoptr(JsonObject) object = json_object_new ();

  for (guint column = 0; column < table->n_columns; column++)
    json_object_set_member (object, table->columns[column].id,
                            cell_to_json (cell_at (table, row * table->n_columns + column)));
  return json_node_init_object (json_node_alloc (), object);
}

static void
print_json (JsonNode              *root,
            const VmsockctlOutput *output)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, output->format == VMSOCKCTL_FORMAT_JSON_PRETTY);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}
#endif /* HAVE_JSON_GLIB */

static void
print_field (const char *title,
             const char *text,
             guint       width)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint pad = display_width (title); pad < width; pad++)
    g_string_append_c (line, ' ');
  g_string_append_printf (line, "%s: %s", title, text);
  g_print ("%s\n", line->str);
}

void
vmsockctl_table_print (VmsockctlTable        *table,
                       const VmsockctlOutput *output,
                       const char            *footer)
{
  guint n_rows = vmsockctl_table_get_n_rows (table);
  g_autofree guint *widths = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gboolean legend = !output->no_legend;

#ifdef HAVE_JSON_GLIB
  if (output->format != VMSOCKCTL_FORMAT_TABLE)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n_rows);
      g_autoptr(JsonNode) root = NULL;

      for (guint row = 0; row < n_rows; row++)
        json_array_add_element (array, row_to_json (table, row));
      root = json_node_init_array (json_node_alloc (), array);
      print_json (root, output);
      return;
    }
#endif

  texts = g_ptr_array_new_with_free_func (g_free);
  widths = g_new0 (guint, table->n_columns);
  for (guint column = 0; column < table->n_columns; column++)
    widths[column] = legend ? display_width (_(table->columns[column].title)) : 0;
  for (guint i = 0; i < table->cells->len; i++)
    {
      char *text = cell_text (cell_at (table, i));

      widths[i % table->n_columns] = MAX (widths[i % table->n_columns], display_width (text));
      g_ptr_array_add (texts, text);
    }

  for (gint row = legend ? -1 : 0; row < (gint) n_rows; row++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint column = 0; column < table->n_columns; column++)
        {
          const char *text = row < 0 ? _(table->columns[column].title)
                                     : texts->pdata[row * table->n_columns + column];

          g_string_append (line, text);
          if (column + 1 < table->n_columns)
            for (guint pad = display_width (text); pad < widths[column] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      g_print ("%s\n", line->str);
    }

  if (legend && footer != NULL)
    g_print ("\n%s\n", footer);
}

void
vmsockctl_table_print_record (VmsockctlTable        *table,
                              const VmsockctlOutput *output,
                              GVariant              *extras)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;
  guint width = 0;

  g_return_if_fail (vmsockctl_table_get_n_rows (table) > 0);

#ifdef HAVE_JSON_GLIB
  if (output->format != VMSOCKCTL_FORMAT_TABLE)
    {
      g_autoptr(JsonNode) root = row_to_json (table, 0);

      if (extras != NULL)
        json_object_set_member (json_node_get_object (root), "extras", json_gvariant_serialize (extras));
      print_json (root, output);
      return;
    }
#endif

  for (guint column = 0; column < table->n_columns; column++)
    width = MAX (width, display_width (_(table->columns[column].title)));
  if (extras != NULL)
    {
      g_variant_iter_init (&iter, extras);
      while (g_variant_iter_loop (&iter, "{&sv}", &key, NULL))
        width = MAX (width, display_width (key));
    }

  for (guint column = 0; column < table->n_columns; column++)
    {
      g_autofree char *text = cell_text (cell_at (table, column));

      print_field (_(table->columns[column].title), text, width);
    }
  if (extras != NULL)
    {
      g_variant_iter_init (&iter, extras);
      while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
        {
          g_autofree char *text = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                                    ? g_variant_dup_string (value, NULL)
                                    : g_variant_print (value, FALSE);

          print_field (key, text, width);
        }
    }
}

void
vmsockctl_table_print_event (VmsockctlTable        *table,
                             const VmsockctlOutput *output,
                             const char            *event,
                             const char            *key,
                             const char            *value,
                             const char            *text)
{
#ifdef HAVE_JSON_GLIB
  if (output->format != VMSOCKCTL_FORMAT_TABLE)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = NULL;
      /* One event a line, whatever the format asked for. */
      const VmsockctlOutput lines = { .format = VMSOCKCTL_FORMAT_JSON_SHORT };

      json_object_set_string_member (object, "event", event);
      if (key != NULL)
        json_object_set_string_member (object, key, value);
      if (vmsockctl_table_get_n_rows (table) > 0)
        json_object_set_member (object, "vm", row_to_json (table, 0));
      root = json_node_init_object (json_node_alloc (), object);
      print_json (root, &lines);
      return;
    }
#endif
  g_print ("%s\n", text);
}
