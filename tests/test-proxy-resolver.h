/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A proxy resolver that counts the lookups asked of it and answers that no
 * proxy is needed.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TEST_TYPE_PROXY_RESOLVER (test_proxy_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestProxyResolver, test_proxy_resolver, TEST, PROXY_RESOLVER, GObject)

TestProxyResolver *test_proxy_resolver_new (void);

/* How many lookups, synchronous or not, were asked so far. */
guint test_proxy_resolver_get_lookups (TestProxyResolver *resolver);

G_END_DECLS
