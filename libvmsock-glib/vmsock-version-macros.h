/* vmsock-version-macros.h: symbol visibility and availability annotations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <glib.h>

#if defined(VMSOCK_STATIC_BUILD)
# define _VMSOCK_EXTERN extern
#elif defined(_WIN32)
# if defined(VMSOCK_COMPILATION)
#  define _VMSOCK_EXTERN __declspec(dllexport) extern
# else
#  define _VMSOCK_EXTERN __declspec(dllimport) extern
# endif
#else
# define _VMSOCK_EXTERN __attribute__((visibility ("default"))) extern
#endif

/**
 * VMSOCK_AVAILABLE_IN_ALL:
 *
 * Marks a symbol that is available in every version of the library.
 */
#define VMSOCK_AVAILABLE_IN_ALL _VMSOCK_EXTERN

/**
 * VMSOCK_AVAILABLE_IN_0_1:
 *
 * Marks a symbol that is available since version 0.1.
 */
#define VMSOCK_AVAILABLE_IN_0_1 _VMSOCK_EXTERN
