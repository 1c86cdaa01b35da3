/* vmsockctl-output.h: tables for people, JSON for scripts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VMSOCKCTL_FORMAT_TABLE,
  VMSOCKCTL_FORMAT_JSON_PRETTY,
  VMSOCKCTL_FORMAT_JSON_SHORT,
} VmsockctlFormat;

/* The output options of a listing command; the main option group of its
 * GOptionContext has it as user data. */
typedef struct
{
  VmsockctlFormat format;
  gboolean no_legend;
  /* Cells as they are, however wide the terminal. */
  gboolean full;
  /* --output: the ids of the columns to print, comma-separated; NULL: all. */
  char *columns;
} VmsockctlOutput;

/* Frees what parsing the options stored in @output. */
void vmsockctl_output_clear (VmsockctlOutput *output);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VmsockctlOutput, vmsockctl_output_clear)

gboolean vmsockctl_output_parse_json (const char  *option_name,
                                      const char  *value,
                                      gpointer     data,
                                      GError     **error);

#define VMSOCKCTL_JSON_OPTION_ENTRY \
  { "json", 'j', G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, vmsockctl_output_parse_json, \
    N_("Print JSON, “pretty” (the default) or “short”"), N_("FORMAT") }
/* The options of a command that prints a table. */
#define VMSOCKCTL_TABLE_OPTION_ENTRIES(output) \
  { "no-legend", 0, 0, G_OPTION_ARG_NONE, &(output).no_legend, \
    N_("Print neither the column headers nor the footer"), NULL }, \
  { "output", 'o', 0, G_OPTION_ARG_STRING, &(output).columns, \
    N_("Print these columns, in this order (comma-separated JSON keys)"), N_("COLUMNS") }, \
  { "full", 'l', 0, G_OPTION_ARG_NONE, &(output).full, \
    N_("Do not shorten cells to fit the terminal"), NULL }

/* A column: @id is its JSON key, @title (marked with N_()) its header.
 * When a table is wider than its terminal, the widest cells lose their
 * end to an ellipsis: those of the columns that @shorten first (1), then
 * those of the columns that shorten next (2); never those of others (0). */
typedef struct
{
  const char *id;
  const char *title;
  guint shorten;
} VmsockctlColumn;

typedef struct _VmsockctlTable VmsockctlTable;

VmsockctlTable *vmsockctl_table_new (const VmsockctlColumn *columns,
                                     guint                  n_columns);
void vmsockctl_table_free (VmsockctlTable *table);

/* Cells fill rows left to right; NULL or "" is an empty cell ("-", null). */
void vmsockctl_table_add_string (VmsockctlTable *table,
                                 const char     *value);
void vmsockctl_table_add_uint (VmsockctlTable *table,
                               guint64         value);
/* A number that JSON gets exactly and the table shows as @text, such as
 * microseconds shown as seconds. */
void vmsockctl_table_add_uint_as (VmsockctlTable *table,
                                  guint64         value,
                                  const char     *text);

guint vmsockctl_table_get_n_rows (VmsockctlTable *table);

/* Whether the table has the columns that --output names; a
 * G_OPTION_ERROR_BAD_VALUE listing those there are if not. */
gboolean vmsockctl_table_check_output (VmsockctlTable         *table,
                                       const VmsockctlOutput  *output,
                                       GError                **error);

/* Prints the rows: aligned columns with headers, and @footer under them
 * unless the legend is off; or a JSON array of objects, "[]" when empty.
 * Either has the columns --output asked for; a table shows each cell
 * printable (control characters and bytes that are not UTF-8 escaped),
 * shortened to the terminal's width unless --full or stdout is no
 * terminal, while JSON keeps the values as they are. */
void vmsockctl_table_print (VmsockctlTable        *table,
                            const VmsockctlOutput *output,
                            const char            *footer);

/* Prints the first row as "Title: value" lines, or as one JSON object, and
 * after it the members of @extras (an a{sv} dictionary, or NULL): as more
 * lines, or as the object's "extras" member. */
void vmsockctl_table_print_record (VmsockctlTable        *table,
                                   const VmsockctlOutput *output,
                                   GVariant              *extras);

/* Prints one line about a change to the first row: with JSON, the object
 * {"event": @event, @key: @value (when @key is not NULL), "vm": the row};
 * otherwise @text, printable. */
void vmsockctl_table_print_event (VmsockctlTable        *table,
                                  const VmsockctlOutput *output,
                                  const char            *event,
                                  const char            *key,
                                  const char            *value,
                                  const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockctlTable, vmsockctl_table_free)

G_END_DECLS
