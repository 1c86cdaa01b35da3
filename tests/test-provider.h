/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An in-process VM provider whose behaviour each test sets.
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

typedef enum
{
  ANSWER,
  FAIL,
  HANG_UNTIL_CANCELLED,
  /* Answers no listing and no error, as a broken provider might. */
  ANSWER_NOTHING,
} Behaviour;

#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject parent_instance;

  char *name;
  Behaviour behaviour;
  GPtrArray *vms;
  /* Parts of the provider that fail while the rest answers. */
  GPtrArray *failed_sources;
  guint delay_ms;
  /* Shared between the providers of a test: how many were asked so far. */
  guint *started;
  guint started_when_answering;
  gboolean saw_cancel;
  /* How many listings it answered. */
  guint answered;

  /* Whether it can be watched; a watch fails with watch_error if set. */
  gboolean can_watch;
  GError *watch_error;
  /* Watches that were not unwatched. */
  guint watches;
};

TestProvider *test_provider_new (const char *name,
                                 Behaviour   behaviour,
                                 guint       delay_ms,
                                 guint      *started);

/* Adds a running VM called @name with @cid (VMSOCK_VSOCK_CID_ANY: none). */
void test_provider_add_vm (TestProvider *provider,
                           const char   *name,
                           guint32       cid);

/* Says that @provider's VMs changed, as a watched provider does. */
void test_provider_report_changes (TestProvider *provider);

G_END_DECLS
