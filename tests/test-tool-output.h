/* test-tool-output.h: what every plugin's reader of a tool's output must
 * refuse
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A plugin's reader of what a tool printed: its machines, or NULL and an
 * error. */
typedef GPtrArray *(*TestToolOutputParse) (const char  *output,
                                          GError     **error);

/* What the tool printed, as the file @name of the folder @tool of the tests
 * holds it. */
char *test_tool_output_fixture (const char *tool,
                                const char *name);

typedef struct
{
  const char *output;
  /* What the message of the error holds. */
  const char *in_message;
} TestBadToolOutput;

/* @parse refuses each of the @n_bad outputs @bad with
 * VMSOCK_ERROR_INVALID_DATA and a message that holds its in_message. */
void test_tool_output_refuses (TestToolOutputParse      parse,
                               const TestBadToolOutput *bad,
                               gsize                    n_bad);

/* For a reader of JSON (built with json-glib only): nesting deeper than
 * json-glib's recursion goes is refused before json-glib reads it, in a
 * message that holds @source and the bound; up to the bound, @parse reads
 * the JSON as any other. */
void test_tool_output_json_depth (TestToolOutputParse  parse,
                                  const char          *source);

G_END_DECLS
