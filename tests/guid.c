/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

static void
test_parse_and_format (void)
{
  VmsockGuid guid;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (vmsock_guid_parse ("A42E7CDA-D03F-480C-9CC2-A4DE20ABB878", &guid, &error));
  g_assert_no_error (error);
  g_assert_cmphex (guid.data1, ==, 0xa42e7cda);
  g_assert_cmphex (guid.data2, ==, 0xd03f);
  g_assert_cmphex (guid.data3, ==, 0x480c);
  g_assert_cmphex (guid.data4[0], ==, 0x9c);
  g_assert_cmphex (guid.data4[7], ==, 0x78);

  text = vmsock_guid_to_string (&guid);
  g_assert_cmpstr (text, ==, "a42e7cda-d03f-480c-9cc2-a4de20abb878");
}

static void
test_braces (void)
{
  VmsockGuid plain, braced;

  g_assert_true (vmsock_guid_parse ("90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd", &plain, NULL));
  g_assert_true (vmsock_guid_parse ("{90DB8B89-0D35-4F79-8CE9-49EA0AC8B7CD}", &braced, NULL));
  g_assert_true (vmsock_guid_equal (&plain, &braced));
  g_assert_cmpuint (vmsock_guid_hash (&plain), ==, vmsock_guid_hash (&braced));
}

static void
test_bad (void)
{
  static const struct
  {
    const char *text;
    const char *in_message;
  } cases[] = {
    { "", "it has 0 characters" },
    { "a42e7cda-d03f-480c-9cc2-a4de20abb87", "it has 35 characters" },
    { "a42e7cda-d03f-480c-9cc2-a4de20abb8789", "it has 37 characters" },
    { "a42e7cdad03f-480c-9cc2-a4de20abb878-", "expected “-” at position 9" },
    { "a42e7cda-d03f-480c-9cc2-a4de20abb87g", "“g” at position 36" },
    { "{a42e7cda-d03f-480c-9cc2-a4de20abb87x}", "“x” at position 37" },
    { "{a42e7cda-d03f-480c-9cc2-a4de20abb878", "it has 37 characters" },
    { " a42e7cda-d03f-480c-9cc2-a4de20abb878", "it has 37 characters" },
    { "+42e7cda-d03f-480c-9cc2-a4de20abb878", "“+” at position 1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VmsockGuid guid = { 0x12345678, 0, 0, { 0 } };
      g_autoptr(GError) error = NULL;

      g_test_message ("input: “%s”", cases[i].text);
      g_assert_false (vmsock_guid_parse (cases[i].text, &guid, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      g_assert_nonnull (strstr (error->message, cases[i].text));
      /* Unchanged on failure. */
      g_assert_cmphex (guid.data1, ==, 0x12345678);
    }
}

/* Whatever the text holds, the message is valid UTF-8 with no control
 * characters: those, format characters and bytes that are not UTF-8 are
 * quoted as \xHH, other characters as they are. */
static void
test_bad_unprintable (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "a42e7cda-d03f-480c-9cc2-a4de20abb87\xff",
      "“a42e7cda-d03f-480c-9cc2-a4de20abb87\\xFF” is not a GUID: "
      "“\\xFF” at position 36 is not a hexadecimal digit" },
    { "a42e7cda-d03f-480c-9cc2-a4de20abb87\x01",
      "“a42e7cda-d03f-480c-9cc2-a4de20abb87\\x01” is not a GUID: "
      "“\\x01” at position 36 is not a hexadecimal digit" },
    { "{a42e7cda-d03f-480c-9cc2-a4de20abb87\x7f}",
      "“{a42e7cda-d03f-480c-9cc2-a4de20abb87\\x7F}” is not a GUID: "
      "“\\x7F” at position 37 is not a hexadecimal digit" },
    /* 36 characters in 37 bytes: the character is named whole. */
    { "a42e7cda-d03f-480c-9cc2-a4de20abb87é",
      "“a42e7cda-d03f-480c-9cc2-a4de20abb87é” is not a GUID: "
      "“é” at position 36 is not a hexadecimal digit" },
    { "a42e7cda-d03f-480c-9cc2-a4de20abb87\xc2\x85",
      "“a42e7cda-d03f-480c-9cc2-a4de20abb87\\xC2\\x85” is not a GUID: "
      "“\\xC2\\x85” at position 36 is not a hexadecimal digit" },
    { "a42e7cda\x1b" "d03f-480c-9cc2-a4de20abb878",
      "“a42e7cda\\x1Bd03f-480c-9cc2-a4de20abb878” is not a GUID: expected “-” at position 9" },
    { "\xff\xfe", "“\\xFF\\xFE” is not a GUID: it has 2 characters "
      "where a GUID has 36 (8-4-4-4-12 hexadecimal digits)" },
    { "a\nb\tc\xe2\x80\xae" "d", "“a\\nb\\tc\\xE2\\x80\\xAEd” is not a GUID: it has 7 characters "
      "where a GUID has 36 (8-4-4-4-12 hexadecimal digits)" },
    { "ünï", "“ünï” is not a GUID: it has 3 characters "
      "where a GUID has 36 (8-4-4-4-12 hexadecimal digits)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VmsockGuid guid;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_false (vmsock_guid_parse (cases[i].text, &guid, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_native_layout (void)
{
  /* constants.md: the service ID for vsock port 1234. */
  static const guint8 expected[16] = {
    0xd2, 0x04, 0x00, 0x00, 0xcb, 0xfa, 0xe6, 0x11,
    0xbd, 0x58, 0x64, 0x00, 0x6a, 0x79, 0x86, 0xd3,
  };
  VmsockGuid guid, back;
  guint8 native[VMSOCK_GUID_NATIVE_SIZE];

  g_assert_true (vmsock_guid_parse ("000004d2-facb-11e6-bd58-64006a7986d3", &guid, NULL));
  vmsock_guid_to_native (&guid, native);
  g_assert_cmpmem (native, sizeof native, expected, sizeof expected);

  vmsock_guid_init_from_native (&back, expected);
  g_assert_true (vmsock_guid_equal (&guid, &back));
}

static void
test_boxed (void)
{
  g_autoptr(VmsockGuid) random = vmsock_guid_new_random ();
  g_autoptr(VmsockGuid) other = vmsock_guid_new_random ();
  g_autoptr(VmsockGuid) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VmsockGuid) parsed = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (random);
  g_assert_false (vmsock_guid_is_zero (random));
  g_assert_false (vmsock_guid_equal (random, other));
  /* Version 4, variant 1. */
  g_assert_cmphex (random->data3 >> 12, ==, 4);
  g_assert_cmphex (random->data4[0] >> 6, ==, 2);

  copy = g_boxed_copy (VMSOCK_TYPE_GUID, random);
  g_assert_true (vmsock_guid_equal (random, copy));

  text = vmsock_guid_to_string (random);
  parsed = vmsock_guid_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (vmsock_guid_equal (random, parsed));

  g_assert_null (vmsock_guid_new_from_string ("nope", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guid/parse-and-format", test_parse_and_format);
  g_test_add_func ("/guid/braces", test_braces);
  g_test_add_func ("/guid/bad", test_bad);
  g_test_add_func ("/guid/bad-unprintable", test_bad_unprintable);
  g_test_add_func ("/guid/native-layout", test_native_layout);
  g_test_add_func ("/guid/boxed", test_boxed);

  return g_test_run ();
}
