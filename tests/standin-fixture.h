/* standin-fixture.h: what the stand-ins for Windows tools print
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Copies the fixture @name, from the folder the stand-in was built for
 * (STANDIN_FIXTURES), to standard output byte for byte: at most @limit bytes,
 * or all of it when @limit is negative.  Exits with status 2 when it cannot. */
void standin_print_fixture (const char *name,
                            long        limit);
