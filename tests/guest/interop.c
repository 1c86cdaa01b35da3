/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <libvmsock-glib/vmsock.h>
#include "guest-check.h"
int main (int argc, char **argv) { vmsock_test_require_guest (); g_test_init (&argc, &argv, NULL); return g_test_run (); }
