/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An in-process VM provider whose behaviour each test sets.
 */

#include "test-provider.h"

static void test_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VMSOCK_TYPE_VM_PROVIDER, test_provider_iface_init))

static const char *
test_provider_get_name (VmsockVmProvider *provider)
{
  return TEST_PROVIDER (provider)->name;
}

static void
answer (GTask *task)
{
  TestProvider *self = g_task_get_source_object (task);

  self->started_when_answering = self->started != NULL ? *self->started : 0;
  if (g_task_return_error_if_cancelled (task))
    return;
  self->answered++;
  if (self->behaviour == ANSWER_NOTHING)
    {
      g_task_return_pointer (task, NULL, NULL);
    }
  else if (self->behaviour == FAIL)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA, "%s: garbled output", self->name);
    }
  else
    {
      VmsockVmListing *listing = vmsock_vm_listing_new ();
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "unreachable");

      for (guint i = 0; i < self->vms->len; i++)
        vmsock_vm_listing_add_vm (listing, g_ptr_array_index (self->vms, i));
      for (guint i = 0; i < self->failed_sources->len; i++)
        vmsock_vm_listing_add_error (listing, g_ptr_array_index (self->failed_sources, i), error);
      g_task_return_pointer (task, listing, g_object_unref);
    }
}

static gboolean
on_answer_due (gpointer user_data)
{
  answer (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the thread that cancels; the answer comes in the task's context,
 * from a source that takes over the task.  Not through a
 * GCancellableSource: GLib before 2.84 leaks one that is disposed while
 * another thread is still cancelling its cancellable (GLib issue 3448). */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  TestProvider *self = g_task_get_source_object (task);
  GSource *source = g_idle_source_new ();

  self->saw_cancel = TRUE;
  g_source_set_callback (source, on_answer_due, task, g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
test_provider_list_vms_async (VmsockVmProvider    *provider,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  TestProvider *self = TEST_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GSource *source;

  if (self->started != NULL)
    (*self->started)++;

  if (self->behaviour == HANG_UNTIL_CANCELLED)
    {
      g_assert_nonnull (cancellable);
      g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);
      return;
    }

  source = g_timeout_source_new (self->delay_ms);
  g_source_set_callback (source, on_answer_due, task, g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static VmsockVmListing *
test_provider_list_vms_finish (VmsockVmProvider  *provider,
                               GAsyncResult      *result,
                               GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
test_provider_watch (VmsockVmProvider  *provider,
                     GError           **error)
{
  TestProvider *self = TEST_PROVIDER (provider);

  if (self->watch_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->watch_error));
      return FALSE;
    }
  if (!self->can_watch)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s reports no changes", self->name);
      return FALSE;
    }
  self->watches++;
  return TRUE;
}

static void
test_provider_unwatch (VmsockVmProvider *provider)
{
  TestProvider *self = TEST_PROVIDER (provider);

  g_assert_cmpuint (self->watches, >, 0);
  self->watches--;
}

static void
test_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = test_provider_get_name;
  iface->list_vms_async = test_provider_list_vms_async;
  iface->list_vms_finish = test_provider_list_vms_finish;
  iface->watch = test_provider_watch;
  iface->unwatch = test_provider_unwatch;
}

static void
test_provider_finalize (GObject *object)
{
  TestProvider *self = TEST_PROVIDER (object);

  g_free (self->name);
  g_ptr_array_unref (self->vms);
  g_ptr_array_unref (self->failed_sources);
  g_clear_error (&self->watch_error);
  G_OBJECT_CLASS (test_provider_parent_class)->finalize (object);
}

static void
test_provider_class_init (TestProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_provider_finalize;
}

static void
test_provider_init (TestProvider *self)
{
  self->vms = g_ptr_array_new_with_free_func (g_object_unref);
  self->failed_sources = g_ptr_array_new_with_free_func (g_free);
}

TestProvider *
test_provider_new (const char *name,
                   Behaviour   behaviour,
                   guint       delay_ms,
                   guint      *started)
{
  TestProvider *self = g_object_new (TEST_TYPE_PROVIDER, NULL);

  self->name = g_strdup (name);
  self->behaviour = behaviour;
  self->delay_ms = delay_ms;
  self->started = started;
  return self;
}

void
test_provider_add_vm (TestProvider *provider,
                      const char   *name,
                      guint32       cid)
{
  g_autofree char *id = g_strdup_printf ("%s-%s", provider->name, name);

  g_ptr_array_add (provider->vms, vmsock_vm_new (provider->name, id, name, VMSOCK_VM_STATE_RUNNING,
                                                 cid, NULL, NULL));
}


void
test_provider_report_changes (TestProvider *provider)
{
  g_assert_cmpuint (provider->watches, >, 0);
  g_signal_emit_by_name (provider, "vms-changed");
}
