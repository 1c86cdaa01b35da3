/* vmsock-version.c: the library's version, at run time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-version.h"

/**
 * vmsock_get_major_version:
 *
 * Gets the major version of the library that the program runs with.
 *
 * Returns: the major version of the library loaded at run time
 *
 * Since: 0.1
 */
guint
vmsock_get_major_version (void)
{
  return VMSOCK_MAJOR_VERSION;
}

/**
 * vmsock_get_minor_version:
 *
 * Gets the minor version of the library that the program runs with.
 *
 * Returns: the minor version of the library loaded at run time
 *
 * Since: 0.1
 */
guint
vmsock_get_minor_version (void)
{
  return VMSOCK_MINOR_VERSION;
}

/**
 * vmsock_get_micro_version:
 *
 * Gets the micro version of the library that the program runs with.
 *
 * Returns: the micro version of the library loaded at run time
 *
 * Since: 0.1
 */
guint
vmsock_get_micro_version (void)
{
  return VMSOCK_MICRO_VERSION;
}
