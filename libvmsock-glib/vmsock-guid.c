/* vmsock-guid.c: GUIDs as Hyper-V sockets use them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "vmsock-error-private.h"
#include "vmsock-guid.h"
#include "vmsock-i18n-private.h"

G_DEFINE_BOXED_TYPE (VmsockGuid, vmsock_guid, vmsock_guid_copy, vmsock_guid_free)

/* Positions of the dashes in the 36-character text form. */
static const guint dash_positions[] = { 8, 13, 18, 23 };
#define GUID_TEXT_LENGTH 36

static gboolean
is_dash_position (gsize position)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dash_positions); i++)
    if (dash_positions[i] == position)
      return TRUE;
  return FALSE;
}

/* Characters if @text is UTF-8, else bytes. */
static gsize
count_characters (const char *text,
                  gsize       length)
{
  return g_utf8_validate (text, length, NULL) ? (gsize) g_utf8_strlen (text, length) : length;
}

/* The character at @text, whole when it is UTF-8, else its first byte. */
static char *
quote_character (const char *text,
                 gsize       available)
{
  gunichar c = g_utf8_get_char_validated (text, available);
  gboolean whole = c != (gunichar) -1 && c != (gunichar) -2;

  return vmsock_printable_quote (text, whole ? g_utf8_next_char (text) - text : 1);
}

/**
 * vmsock_guid_parse:
 * @text: a GUID in text form
 * @guid: (out caller-allocates): where to store the GUID
 * @error: return location for a #GError
 *
 * Parses the text form of a GUID: 32 hexadecimal digits in groups of 8, 4, 4, 4
 * and 12 separated by dashes, in either case, optionally enclosed in braces as
 * Windows writes them (`{a42e7cda-d03f-480c-9cc2-a4de20abb878}`).
 *
 * On failure, @guid is left unchanged and @error is set to
 * %G_IO_ERROR_INVALID_ARGUMENT with a message that names the offending part.
 * The message is valid UTF-8 whatever @text holds: control characters and
 * bytes that are not UTF-8 appear in it as `\xHH`.
 *
 * Returns: %TRUE if @text is a GUID
 *
 * Since: 0.1
 */
gboolean
vmsock_guid_parse (const char  *text,
                   VmsockGuid  *guid,
                   GError     **error)
{
  g_autofree char *quoted = NULL;
  const char *digits = text;
  gsize length;
  guint8 bytes[16];
  guint n_nibbles = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (guid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  length = strlen (text);
  if (length >= 2 && text[0] == '{' && text[length - 1] == '}')
    {
      digits = text + 1;
      length -= 2;
    }

  /* A length in bytes other than 36 with 36 characters means a character
   * that is not ASCII, which the loop below names. */
  if (length != GUID_TEXT_LENGTH && count_characters (digits, length) != GUID_TEXT_LENGTH)
    {
      quoted = vmsock_printable_quote (text, -1);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a GUID: it has %u characters "
                     "where a GUID has 36 (8-4-4-4-12 hexadecimal digits)"),
                   quoted, (guint) count_characters (digits, length));
      return FALSE;
    }

  for (gsize i = 0; i < GUID_TEXT_LENGTH; i++)
    {
      char c = digits[i];

      if (is_dash_position (i))
        {
          if (c != '-')
            {
              quoted = vmsock_printable_quote (text, -1);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("“%s” is not a GUID: expected “-” at position %u"),
                           quoted, (guint) (i + 1 + (digits - text)));
              return FALSE;
            }
          continue;
        }

      if (!g_ascii_isxdigit (c))
        {
          /* Everything before it is ASCII: the position counts characters. */
          g_autofree char *character = quote_character (digits + i, length - i);

          quoted = vmsock_printable_quote (text, -1);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a GUID: “%s” at position %u is not a hexadecimal digit"),
                       quoted, character, (guint) (i + 1 + (digits - text)));
          return FALSE;
        }

      if (n_nibbles % 2 == 0)
        bytes[n_nibbles / 2] = g_ascii_xdigit_value (c) << 4;
      else
        bytes[n_nibbles / 2] |= g_ascii_xdigit_value (c);
      n_nibbles++;
    }

  /* The text form is big-endian, field by field. */
  guid->data1 = (guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 |
                (guint32) bytes[2] << 8 | bytes[3];
  guid->data2 = (guint16) (bytes[4] << 8 | bytes[5]);
  guid->data3 = (guint16) (bytes[6] << 8 | bytes[7]);
  memcpy (guid->data4, bytes + 8, sizeof guid->data4);
  return TRUE;
}

/**
 * vmsock_guid_new_from_string:
 * @text: a GUID in text form
 * @error: return location for a #GError
 *
 * Parses @text as [func@Vmsock.Guid.parse] does.
 *
 * Returns: (transfer full) (nullable): a new #VmsockGuid, or %NULL on error
 *
 * Since: 0.1
 */
VmsockGuid *
vmsock_guid_new_from_string (const char  *text,
                             GError     **error)
{
  VmsockGuid guid;

  if (!vmsock_guid_parse (text, &guid, error))
    return NULL;
  return vmsock_guid_copy (&guid);
}

/**
 * vmsock_guid_new_random:
 *
 * Makes a fresh random (version 4) GUID, for a new service ID.
 *
 * Returns: (transfer full): a new #VmsockGuid
 *
 * Since: 0.1
 */
VmsockGuid *
vmsock_guid_new_random (void)
{
  g_autofree char *text = g_uuid_string_random ();

  return vmsock_guid_new_from_string (text, NULL);
}

/**
 * vmsock_guid_copy:
 * @guid: a #VmsockGuid
 *
 * Copies a GUID.
 *
 * Returns: (transfer full): a copy of @guid
 *
 * Since: 0.1
 */
VmsockGuid *
vmsock_guid_copy (const VmsockGuid *guid)
{
  g_return_val_if_fail (guid != NULL, NULL);

  return g_memdup2 (guid, sizeof *guid);
}

/**
 * vmsock_guid_free:
 * @guid: (nullable): a #VmsockGuid
 *
 * Frees a GUID made by [ctor@Vmsock.Guid.new_from_string] or
 * [method@Vmsock.Guid.copy].
 *
 * Since: 0.1
 */
void
vmsock_guid_free (VmsockGuid *guid)
{
  g_free (guid);
}

/**
 * vmsock_guid_to_string:
 * @guid: a #VmsockGuid
 *
 * Formats @guid in lower case, without braces.
 *
 * Returns: (transfer full): the text form of @guid
 *
 * Since: 0.1
 */
char *
vmsock_guid_to_string (const VmsockGuid *guid)
{
  g_return_val_if_fail (guid != NULL, NULL);

  return g_strdup_printf ("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          guid->data1, guid->data2, guid->data3,
                          guid->data4[0], guid->data4[1], guid->data4[2],
                          guid->data4[3], guid->data4[4], guid->data4[5],
                          guid->data4[6], guid->data4[7]);
}

/**
 * vmsock_guid_to_native:
 * @guid: a #VmsockGuid
 * @native: (array fixed-size=16) (out caller-allocates): 16 bytes to fill
 *
 * Writes @guid in the Windows in-memory layout that `SOCKADDR_HV` uses:
 * @data1, @data2 and @data3 little-endian, then @data4 as it is.
 *
 * Since: 0.1
 */
void
vmsock_guid_to_native (const VmsockGuid *guid,
                       guint8           *native)
{
  guint32 data1;
  guint16 data2, data3;

  g_return_if_fail (guid != NULL);
  g_return_if_fail (native != NULL);

  data1 = GUINT32_TO_LE (guid->data1);
  data2 = GUINT16_TO_LE (guid->data2);
  data3 = GUINT16_TO_LE (guid->data3);
  memcpy (native, &data1, 4);
  memcpy (native + 4, &data2, 2);
  memcpy (native + 6, &data3, 2);
  memcpy (native + 8, guid->data4, 8);
}

/**
 * vmsock_guid_init_from_native:
 * @guid: (out caller-allocates): the GUID to fill
 * @native: (array fixed-size=16): 16 bytes in the Windows in-memory layout
 *
 * The inverse of [method@Vmsock.Guid.to_native].
 *
 * Since: 0.1
 */
void
vmsock_guid_init_from_native (VmsockGuid   *guid,
                              const guint8 *native)
{
  guint32 data1;
  guint16 data2, data3;

  g_return_if_fail (guid != NULL);
  g_return_if_fail (native != NULL);

  memcpy (&data1, native, 4);
  memcpy (&data2, native + 4, 2);
  memcpy (&data3, native + 6, 2);
  guid->data1 = GUINT32_FROM_LE (data1);
  guid->data2 = GUINT16_FROM_LE (data2);
  guid->data3 = GUINT16_FROM_LE (data3);
  memcpy (guid->data4, native + 8, 8);
}

/**
 * vmsock_guid_equal:
 * @a: (type Vmsock.Guid): a #VmsockGuid
 * @b: (type Vmsock.Guid): another #VmsockGuid
 *
 * Compares two GUIDs; usable as a #GEqualFunc.
 *
 * Returns: %TRUE if @a and @b are the same GUID
 *
 * Since: 0.1
 */
gboolean
vmsock_guid_equal (gconstpointer a,
                   gconstpointer b)
{
  const VmsockGuid *x = a, *y = b;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return x->data1 == y->data1 && x->data2 == y->data2 && x->data3 == y->data3 &&
         memcmp (x->data4, y->data4, sizeof x->data4) == 0;
}

/**
 * vmsock_guid_hash:
 * @guid: (type Vmsock.Guid): a #VmsockGuid
 *
 * Hashes a GUID; usable as a #GHashFunc with [method@Vmsock.Guid.equal].
 *
 * Returns: a hash value for @guid
 *
 * Since: 0.1
 */
guint
vmsock_guid_hash (gconstpointer guid)
{
  const VmsockGuid *g = guid;
  guint32 tail[2];

  g_return_val_if_fail (guid != NULL, 0);

  memcpy (tail, g->data4, sizeof tail);
  return g->data1 ^ ((guint32) g->data2 << 16 | g->data3) ^ tail[0] ^ (tail[1] * 31);
}

/**
 * vmsock_guid_is_zero:
 * @guid: a #VmsockGuid
 *
 * Tells whether a GUID is all zeros.
 *
 * Returns: %TRUE if @guid is all zeros (the wildcard VM ID)
 *
 * Since: 0.1
 */
gboolean
vmsock_guid_is_zero (const VmsockGuid *guid)
{
  static const VmsockGuid zero = { 0 };

  return vmsock_guid_equal (guid, &zero);
}
