/* vmsockctl-output.c: tables for people, JSON for scripts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#ifdef HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif

#include "libvmsock-glib/vmsock-error-private.h"

#include "vmsockctl-output.h"
#include "vmsockctl-platform.h"

/* The narrowest a shortened column gets, in terminal cells. */
#define SHORTENED_MIN_WIDTH 8

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

void
vmsockctl_output_clear (VmsockctlOutput *output)
{
  g_clear_pointer (&output->columns, g_free);
}

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
    cell.text = g_strdup (value);
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

/* What a table shows of @cell: printable text, "-" when empty. */
static char *
cell_text (const Cell *cell)
{
  if (cell->is_number && cell->text == NULL)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, cell->number);
  return cell->text != NULL ? vmsock_printable_quote (cell->text, -1) : g_strdup ("-");
}

/* The columns to print, as indices: those --output names, or all. */
static GArray *
selected_columns (VmsockctlTable         *table,
                  const VmsockctlOutput  *output,
                  GError                **error)
{
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) ids = NULL;

  if (output->columns == NULL)
    {
      for (guint column = 0; column < table->n_columns; column++)
        g_array_append_val (selected, column);
      return g_steal_pointer (&selected);
    }

  /* An empty list names one empty column, which no table has. */
  ids = g_strsplit (output->columns, ",", -1);
  if (ids[0] == NULL)
    {
      g_strfreev (ids);
      ids = g_new0 (char *, 2);
      ids[0] = g_strdup ("");
    }
  for (gsize i = 0; ids[i] != NULL; i++)
    {
      guint column;

      g_strstrip (ids[i]);
      for (column = 0; column < table->n_columns; column++)
        if (g_ascii_strcasecmp (ids[i], table->columns[column].id) == 0)
          break;
      if (column == table->n_columns)
        {
          g_autoptr(GString) valid = g_string_new (NULL);
          g_autofree char *quoted = vmsock_printable_quote (ids[i], -1);

          for (column = 0; column < table->n_columns; column++)
            g_string_append_printf (valid, "%s%s", column > 0 ? ", " : "", table->columns[column].id);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown column “%s” (columns: %s)"), quoted, valid->str);
          return NULL;
        }
      g_array_append_val (selected, column);
    }
  return g_steal_pointer (&selected);
}

gboolean
vmsockctl_table_check_output (VmsockctlTable         *table,
                              const VmsockctlOutput  *output,
                              GError                **error)
{
  g_autoptr(GArray) selected = selected_columns (table, output, error);

  return selected != NULL;
}

/* Whether the locale's character set has @c: g_print() writes a "?" in
 * its place otherwise. */
static gboolean
is_in_charset (gunichar c)
{
  const char *charset;
  char utf8[6];
  g_autofree char *converted = NULL;

  if (g_get_charset (&charset))
    return TRUE;
  converted = g_convert (utf8, g_unichar_to_utf8 (c, utf8), charset, "UTF-8", NULL, NULL, NULL);
  return converted != NULL;
}

/* How many terminal cells @c takes, as g_print() writes it. */
static guint
char_width (gunichar c)
{
  if (c < 0x80)
    return 1;
  if (!is_in_charset (c))
    return 1;
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/* How many terminal cells @text, valid UTF-8, takes. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* "…", or "..." where the locale's character set has no such character. */
static const char *
ellipsis (void)
{
  return g_get_charset (NULL) ? "…" : "...";
}

/* @text cut to at most @width cells, with an ellipsis when cut. */
static char *
shorten (const char *text,
         guint       width)
{
  const char *mark = ellipsis ();
  guint room, used = 0;
  const char *p;

  if (display_width (text) <= width)
    return g_strdup (text);
  room = width > display_width (mark) ? width - display_width (mark) : 0;
  for (p = text; *p != '\0' && used + char_width (g_utf8_get_char (p)) <= room; p = g_utf8_next_char (p))
    used += char_width (g_utf8_get_char (p));
  {
    g_autofree char *kept = g_strndup (text, p - text);

    return g_strconcat (kept, mark, NULL);
  }
}

/* The widths of the @selected columns that fit @available cells, when
 * shortening the widest cells of the columns that may be shortened can
 * make them fit; as close to it as they get otherwise. */
static void
fit_widths (VmsockctlTable *table,
            GArray         *selected,
            guint          *widths,
            guint           available)
{
  guint total = 0;

  for (guint i = 0; i < selected->len; i++)
    total += widths[i] + (i > 0 ? 2 : 0);

  for (guint order = 1; order <= 2; order++)
    while (total > available)
      {
        gint widest = -1;

        for (guint i = 0; i < selected->len; i++)
          {
            const VmsockctlColumn *column = &table->columns[g_array_index (selected, guint, i)];
            guint minimum = MAX (SHORTENED_MIN_WIDTH, display_width (_(column->title)));

            if (column->shorten > 0 && column->shorten <= order && widths[i] > minimum &&
                (widest < 0 || widths[i] > widths[widest]))
              widest = i;
          }
        if (widest < 0)
          break;
        widths[widest]--;
        total--;
      }
}

/* How wide the table may be: the terminal's width, or unlimited (0) for
 * --full, JSON, or output that is no terminal. */
static guint
available_width (const VmsockctlOutput *output)
{
  const char *columns = g_getenv ("COLUMNS");
  guint64 value;

  if (output->full || !vmsockctl_platform_is_terminal (1))
    return 0;
  /* As systemd and procps do, $COLUMNS wins over what the terminal says. */
  if (columns != NULL && g_ascii_string_to_unsigned (columns, 10, 1, G_MAXUINT, &value, NULL))
    return value;
  return vmsockctl_platform_terminal_width (1);
}

#ifdef HAVE_JSON_GLIB
/* JSON keeps the value as it is, where it can: a string must be UTF-8. */
static JsonNode *
cell_to_json (const Cell *cell)
{
  g_autofree char *valid = NULL;

  if (cell->is_number)
    return json_node_init_int (json_node_alloc (), (gint64) cell->number);
  if (cell->text == NULL)
    return json_node_new (JSON_NODE_NULL);
  valid = g_utf8_make_valid (cell->text, -1);
  return json_node_init_string (json_node_alloc (), valid);
}

/* Row @row as an object with the @selected columns, or all for NULL. */
static JsonNode *
row_to_json (VmsockctlTable *table,
             GArray         *selected,
             guint           row)
{
  g_autoptr(JsonObject) object = json_object_new ();
  guint n = selected != NULL ? selected->len : table->n_columns;

  for (guint i = 0; i < n; i++)
    {
      guint column = selected != NULL ? g_array_index (selected, guint, i) : i;

      json_object_set_member (object, table->columns[column].id,
                              cell_to_json (cell_at (table, row * table->n_columns + column)));
    }
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

/* Prints "Title: value", the title right-aligned to @width cells. */
static void
print_field (const char *title,
             const char *text,
             guint       width)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *printable_title = vmsock_printable_quote (title, -1);

  for (guint pad = display_width (printable_title); pad < width; pad++)
    g_string_append_c (line, ' ');
  g_string_append_printf (line, "%s: %s", printable_title, text);
  g_print ("%s\n", line->str);
}

void
vmsockctl_table_print (VmsockctlTable        *table,
                       const VmsockctlOutput *output,
                       const char            *footer)
{
  guint n_rows = vmsockctl_table_get_n_rows (table);
  g_autoptr(GArray) selected = NULL;
  g_autofree guint *widths = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gboolean legend = !output->no_legend;
  guint available;

  /* Checked when the options were parsed. */
  selected = selected_columns (table, output, NULL);
  g_return_if_fail (selected != NULL);

#ifdef HAVE_JSON_GLIB
  if (output->format != VMSOCKCTL_FORMAT_TABLE)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n_rows);
      g_autoptr(JsonNode) root = NULL;

      for (guint row = 0; row < n_rows; row++)
        json_array_add_element (array, row_to_json (table, selected, row));
      root = json_node_init_array (json_node_alloc (), array);
      print_json (root, output);
      return;
    }
#endif

  /* The texts row by row, the headers first. */
  texts = g_ptr_array_new_with_free_func (g_free);
  widths = g_new0 (guint, selected->len);
  for (gint row = -1; row < (gint) n_rows; row++)
    for (guint i = 0; i < selected->len; i++)
      {
        guint column = g_array_index (selected, guint, i);
        char *text = row < 0 ? g_strdup (_(table->columns[column].title))
                             : cell_text (cell_at (table, row * table->n_columns + column));

        if (row >= 0 || legend)
          widths[i] = MAX (widths[i], display_width (text));
        g_ptr_array_add (texts, text);
      }

  available = available_width (output);
  if (available > 0)
    fit_widths (table, selected, widths, available);

  for (gint row = legend ? -1 : 0; row < (gint) n_rows; row++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint i = 0; i < selected->len; i++)
        {
          g_autofree char *text = shorten (texts->pdata[(row + 1) * selected->len + i], widths[i]);

          g_string_append (line, text);
          if (i + 1 < selected->len)
            for (guint pad = display_width (text); pad < widths[i] + 2; pad++)
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
      g_autoptr(JsonNode) root = row_to_json (table, NULL, 0);

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
        {
          g_autofree char *printable_key = vmsock_printable_quote (key, -1);

          width = MAX (width, display_width (printable_key));
        }
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
          g_autofree char *printable = vmsock_printable_quote (text, -1);

          print_field (key, printable, width);
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
  g_autofree char *printable = NULL;

#ifdef HAVE_JSON_GLIB
  if (output->format != VMSOCKCTL_FORMAT_TABLE)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GArray) selected = selected_columns (table, output, NULL);
      /* One event a line, whatever the format asked for. */
      const VmsockctlOutput lines = { .format = VMSOCKCTL_FORMAT_JSON_SHORT };

      json_object_set_string_member (object, "event", event);
      if (key != NULL)
        json_object_set_string_member (object, key, value);
      if (vmsockctl_table_get_n_rows (table) > 0)
        json_object_set_member (object, "vm", row_to_json (table, selected, 0));
      root = json_node_init_object (json_node_alloc (), object);
      print_json (root, &lines);
      return;
    }
#endif
  printable = vmsock_printable_quote (text, -1);
  g_print ("%s\n", printable);
}
