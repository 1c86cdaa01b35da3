/* test-limits.h: the limits tests set on themselves, fit to the build
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#if defined (__SANITIZE_ADDRESS__)
#define TEST_WITH_ASAN 1
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define TEST_WITH_ASAN 1
#endif
#endif

/* How many times longer than usual a test lets code take, and how many
 * times more memory: AddressSanitizer makes code that allocates a lot
 * several times slower (creating 100,000 GObjects, about 8 times), and
 * adds redzones and a quarantine to the heap (they double the plugin
 * host's 150 MB for those objects, and more). */
#ifdef TEST_WITH_ASAN
#define TEST_TIME_SCALE 5
#define TEST_MEMORY_SCALE 4
#else
#define TEST_TIME_SCALE 1
#define TEST_MEMORY_SCALE 1
#endif

/* Lets this process, and what it starts, map at most @bytes (times
 * TEST_MEMORY_SCALE) more private writable memory than it has mapped now
 * (RLIMIT_DATA), so that code that buffers without bound fails instead of
 * taking the machine's memory.  The limit counts from what
 * is mapped already, as AddressSanitizer maps terabytes of shadow memory
 * at start.  Does nothing on Windows. */
void test_limit_heap_growth (guint64 bytes);

G_END_DECLS
