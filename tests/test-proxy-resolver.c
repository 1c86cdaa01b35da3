/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "test-proxy-resolver.h"

struct _TestProxyResolver
{
  GObject parent_instance;

  guint lookups;
};

static void test_proxy_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProxyResolver, test_proxy_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      test_proxy_resolver_iface_init))

static gboolean
test_proxy_resolver_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
test_proxy_resolver_lookup (GProxyResolver  *resolver,
                            const char      *uri,
                            GCancellable    *cancellable,
                            GError         **error)
{
  const char *direct[] = { "direct://", NULL };

  TEST_PROXY_RESOLVER (resolver)->lookups++;
  return g_strdupv ((char **) direct);
}

static void
test_proxy_resolver_lookup_async (GProxyResolver      *resolver,
                                  const char          *uri,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_pointer (task, test_proxy_resolver_lookup (resolver, uri, cancellable, NULL),
                         (GDestroyNotify) g_strfreev);
}

static char **
test_proxy_resolver_lookup_finish (GProxyResolver  *resolver,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_proxy_resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = test_proxy_resolver_is_supported;
  iface->lookup = test_proxy_resolver_lookup;
  iface->lookup_async = test_proxy_resolver_lookup_async;
  iface->lookup_finish = test_proxy_resolver_lookup_finish;
}

static void
test_proxy_resolver_class_init (TestProxyResolverClass *klass)
{
}

static void
test_proxy_resolver_init (TestProxyResolver *self)
{
}

TestProxyResolver *
test_proxy_resolver_new (void)
{
  return g_object_new (TEST_TYPE_PROXY_RESOLVER, NULL);
}

guint
test_proxy_resolver_get_lookups (TestProxyResolver *resolver)
{
  g_return_val_if_fail (TEST_IS_PROXY_RESOLVER (resolver), 0);

  return resolver->lookups;
}
