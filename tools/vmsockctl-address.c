/* vmsockctl-address.c: the addresses that connect, listen and forward take
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <libvmsock-glib/vmsock.h>

#include "libvmsock-glib/vmsock-error-private.h"

#include "vmsockctl-address.h"
#include "vmsockctl-discovery.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-unix-socket.h"

static gboolean
bad_address (const char  *text,
             GError     **error)
{
  g_autofree char *quoted = vmsock_printable_quote (text, -1);

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not an address: use vsock:CID:PORT, vsock:VM:PORT, hvsock:VM-ID:SERVICE, "
                 "tcp:HOST:PORT or unix:PATH"), quoted);
  return FALSE;
}

/* Whether @text has the scheme of a VM socket address, in either case. */
static gboolean
is_vm_address (const char *text)
{
  return g_ascii_strncasecmp (text, "vsock:", strlen ("vsock:")) == 0 ||
         g_ascii_strncasecmp (text, "hvsock:", strlen ("hvsock:")) == 0;
}

GSocketConnectable *
vmsockctl_address_parse_vm (const char       *text,
                            VmsockDiscovery  *discovery,
                            GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  GSocketConnectable *connectable;

  connectable = vmsock_vm_connectable_parse (text, discovery, &local_error);
  if (connectable != NULL)
    return connectable;

  if (is_vm_address (text))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local_error->message);
  else
    {
      /* NAME:PORT and NAME are what people type first. */
      g_autofree char *quoted = vmsock_printable_quote (text, -1);
      g_autofree char *meant = g_strconcat ("vsock:", quoted, strchr (text, ':') == NULL ? ":PORT" : "", NULL);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a VM socket address; did you mean “%s”?"), quoted, meant);
    }
  return NULL;
}

/* The part after "tcp:" or "tcp://". */
static const char *
tcp_part (const char *text)
{
  if (g_str_has_prefix (text, "tcp://"))
    return text + strlen ("tcp://");
  if (g_str_has_prefix (text, "tcp:"))
    return text + strlen ("tcp:");
  return NULL;
}

static const char *
unix_part (const char *text)
{
  if (g_str_has_prefix (text, "unix://"))
    return text + strlen ("unix://");
  if (g_str_has_prefix (text, "unix:"))
    return text + strlen ("unix:");
  return NULL;
}

static gboolean
parse_tcp_port (const char  *text,
                const char  *port,
                guint16     *value,
                GError     **error)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (port, 10, 0, G_MAXUINT16, &number, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: a TCP port is a number from 0 to 65535"), text);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

GSocketConnectable *
vmsockctl_address_parse_target (const char   *text,
                                char        **connections,
                                GError      **error)
{
  const VmsockctlDiscoveryOptions options = { .connections = connections };
  const char *rest;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VmsockDiscovery) discovery = NULL;
  GSocketConnectable *connectable;

  if ((rest = tcp_part (text)) != NULL)
    {
      connectable = g_network_address_parse (rest, 0, &local_error);
      if (connectable == NULL || g_network_address_get_port (G_NETWORK_ADDRESS (connectable)) == 0)
        {
          g_clear_object (&connectable);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a TCP address: use tcp:HOST:PORT"), text);
          return NULL;
        }
      return connectable;
    }

  if ((rest = unix_part (text)) != NULL)
    {
      if (*rest == '\0')
        return bad_address (text, error), NULL;
      return G_SOCKET_CONNECTABLE (vmsockctl_unix_socket_address_new (text, rest, error));
    }

  if (!is_vm_address (text))
    return bad_address (text, error), NULL;

  /* Discovery only for what is not a literal address. */
  connectable = vmsock_vm_connectable_parse (text, NULL, NULL);
  if (connectable != NULL)
    return connectable;
  discovery = vmsockctl_discovery_new (&options, &local_error);
  if (discovery == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local_error->message);
      return NULL;
    }
  return vmsockctl_address_parse_vm (text, discovery, error);
}

GSocketAddress *
vmsockctl_address_listen (GSocketListener  *listener,
                          const char       *text,
                          GError          **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  GSocketAddress *effective = NULL;
  const char *rest;

  if ((rest = tcp_part (text)) != NULL)
    {
      const char *colon = strrchr (rest, ':');
      g_autofree char *host = NULL;
      guint16 port;

      if (colon == NULL)
        colon = rest - 1;
      if (!parse_tcp_port (text, colon + 1, &port, error))
        return NULL;
      host = g_strndup (rest, colon < rest ? 0 : colon - rest);

      if (*host == '\0' || g_str_equal (host, "*"))
        {
          /* Every interface, IPv4 and IPv6 alike. */
          if (port == 0)
            port = g_socket_listener_add_any_inet_port (listener, NULL, error);
          else if (!g_socket_listener_add_inet_port (listener, port, NULL, error))
            port = 0;
          if (port == 0)
            return NULL;
          return g_inet_socket_address_new_from_string ("::", port);
        }

      if (host[0] == '[' && host[strlen (host) - 1] == ']')
        {
          memmove (host, host + 1, strlen (host) - 2);
          host[strlen (host) - 2] = '\0';
        }
      address = g_inet_socket_address_new_from_string (host, port);
      if (address == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s”: listening needs an IP address, not a host name"), text);
          return NULL;
        }
    }
  else if ((rest = unix_part (text)) != NULL)
    {
      if (*rest == '\0')
        return bad_address (text, error), NULL;
      address = vmsockctl_unix_socket_address_new (text, rest, error);
      if (address == NULL)
        return NULL;
    }
  else if (is_vm_address (text))
    {
      address = vmsock_socket_address_parse (text, &local_error);
      if (address == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local_error->message);
          return NULL;
        }
    }
  else
    return bad_address (text, error), NULL;

  if (!vmsockctl_listener_add_address (listener, address, &effective, error))
    return NULL;
  return effective;
}

char *
vmsockctl_address_to_string (GSocketAddress *address)
{
  g_autoptr(GSocketAddress) converted = NULL;

  if (vmsock_socket_address_is_vm (address))
    return vmsock_socket_address_to_uri (address);
  converted = vmsock_socket_address_convert (address, NULL);
  if (converted != NULL)
    return vmsock_socket_address_to_uri (converted);
  if (G_IS_UNIX_SOCKET_ADDRESS (address))
    return g_strconcat ("unix:", g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address)), NULL);
  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      g_autofree char *inet = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      return g_strconcat ("tcp:", inet, NULL);
    }
  return g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
}
