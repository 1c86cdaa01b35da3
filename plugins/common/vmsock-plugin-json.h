/* vmsock-plugin-json.h: reading the JSON that a program printed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How deep arrays and objects may nest in the JSON a plugin reads: far
 * deeper than hcsdiag and PowerShell's ConvertTo-Json nest them (a few
 * levels), and far shallower than json-glib can go.  json-glib parses each
 * level by a recursive call, without a limit: 200,000 levels overflow the
 * stack of the plugin host. */
#define VMSOCK_PLUGIN_JSON_MAX_DEPTH 64

/* Loads @text into @parser as json_parser_load_from_data() does, unless its
 * arrays and objects nest deeper than VMSOCK_PLUGIN_JSON_MAX_DEPTH: that
 * fails with VMSOCK_ERROR_INVALID_DATA before json-glib sees @text. */
gboolean vmsock_plugin_json_load (JsonParser  *parser,
                                  const char  *text,
                                  GError     **error);

G_END_DECLS
