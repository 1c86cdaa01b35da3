/* fuzz-common.h: what every fuzz target shares
 *
 * Each target defines LLVMFuzzerTestOneInput(), which takes one input.  In
 * a build with -Dfuzzing=true libFuzzer calls it; otherwise replay-main.c
 * does, once for each file of the target's corpus.  A GLib warning or
 * critical, a GError whose message is not fit to show, and a property that
 * does not hold all abort: libFuzzer keeps the input as a finding, and a
 * replay fails.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stddef.h>
#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* Says what does not hold, and aborts. */
G_NORETURN void fuzz_fail (const char *format,
                           ...) G_GNUC_PRINTF (1, 2);

/* Fails unless @error is set, and its message is valid UTF-8 without
 * control characters. */
void fuzz_check_error (const GError *error);

/* Fails unless @vms, a provider's answer, reach the library the way a
 * plugin host sends them (as a listing in a GVariant) unchanged: a VM's
 * strings may be too long to cross, nothing else may be lost. */
void fuzz_check_vms (GPtrArray *vms);

/* Fails unless a provider's parser either returned @vms that pass
 * fuzz_check_vms() without an error, or returned NULL and set @error as
 * fuzz_check_error() demands. */
void fuzz_check_parse (GPtrArray    *vms,
                       const GError *error);

/* A provider's parser of what a tool printed: its VMs, or NULL and an
 * error.  It may first ask what else it needs of the output (whether it
 * says access was denied, for one). */
typedef GPtrArray *(*FuzzParseOutput) (const char  *output,
                                       GError     **error);

/* Makes @data valid UTF-8, as a plugin makes a tool's output, and fails
 * unless @parse, given that, passes fuzz_check_parse(). */
void fuzz_check_tool_output (const guint8    *data,
                             size_t           size,
                             FuzzParseOutput  parse);

/* Fails unless @address, a VM socket address, comes back equal (with an
 * equal hash) from its text form, its URI and its native form. */
void fuzz_check_address (GSocketAddress *address);

G_END_DECLS
