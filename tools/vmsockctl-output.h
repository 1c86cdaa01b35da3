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
} VmsockctlOutput;

gboolean vmsockctl_output_parse_json (const char  *option_name,
                                      const char  *value,
                                      gpointer     data,
                                      GError     **error);

#define VMSOCKCTL_JSON_OPTION_ENTRY \
  { "json", 'j', G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, vmsockctl_output_parse_json, \
    N_("Print JSON, “pretty” (the default) or “short”"), N_("FORMAT") }
#define VMSOCKCTL_LEGEND_OPTION_ENTRY(output) \
  { "no-legend", 0, 0, G_OPTION_ARG_NONE, &(output).no_legend, \
    N_("Print neither the column headers nor the footer"), NULL }

/* A column: @id is its JSON key, @title (marked with N_()) its header. */
typedef struct
{
  const char *id;
  const char *title;
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

/* Prints the rows: aligned columns with headers, and @footer under them
 * unless the legend is off; or a JSON array of objects, "[]" when empty. */
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
 * otherwise @text. */
void vmsockctl_table_print_event (VmsockctlTable        *table,
                                  const VmsockctlOutput *output,
                                  const char            *event,
                                  const char            *key,
                                  const char            *value,
                                  const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockctlTable, vmsockctl_table_free)

G_END_DECLS
