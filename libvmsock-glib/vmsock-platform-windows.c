/* vmsock-platform-windows.c: the OS seam on Windows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <winsock2.h>
#include <windows.h>

#include "vmsock-i18n-private.h"
#include "vmsock-wsa-error-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket-family.h"

/* hvsocket.h: the protocol for AF_HYPERV sockets, also the option level. */
#define HV_PROTOCOL_RAW 1

gboolean
_vmsock_set_wsa_error (GError     **error,
                       int          wsa_error,
                       const char  *what)
{
  g_autofree char *message = g_win32_error_message (wsa_error);

  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (wsa_error),
               "%s: %s", what, message);
  return FALSE;
}

static gboolean
set_not_supported (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("AF_VSOCK sockets do not exist on Windows; use a Hyper-V socket "
                         "address with a VSock template service ID instead"));
  return FALSE;
}

gboolean
vmsock_platform_has_family (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_HYPERV;
}

int
vmsock_platform_socket_protocol (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_HYPERV ? HV_PROTOCOL_RAW : 0;
}

gboolean
vmsock_platform_get_fd_family (gint     fd,
                               int     *family,
                               GError **error)
{
  SOCKADDR_STORAGE address = { 0 };
  int length = sizeof address;

  if (getsockname ((SOCKET) fd, (struct sockaddr *) &address, &length) != 0)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), _("Not a usable socket"));
  *family = address.ss_family;
  return TRUE;
}

gboolean
vmsock_platform_getsockopt (GSocket   *socket,
                            int        level,
                            int        name,
                            gpointer   value,
                            gsize     *size,
                            GError   **error)
{
  int length = (int) *size;

  if (getsockopt ((SOCKET) g_socket_get_fd (socket), level, name, value, &length) != 0)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), _("Could not read the socket option"));
  *size = (gsize) length;
  return TRUE;
}

gboolean
vmsock_platform_setsockopt (GSocket        *socket,
                            int             level,
                            int             name,
                            gconstpointer   value,
                            gsize           size,
                            GError        **error)
{
  if (setsockopt ((SOCKET) g_socket_get_fd (socket), level, name, value, (int) size) != 0)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), _("Could not set the socket option"));
  return TRUE;
}

gboolean
vmsock_platform_get_vsock_connect_timeout (GSocket  *socket,
                                           guint64  *usec,
                                           GError  **error)
{
  return set_not_supported (error);
}

gboolean
vmsock_platform_set_vsock_connect_timeout (GSocket  *socket,
                                           guint64   usec,
                                           GError  **error)
{
  return set_not_supported (error);
}

gboolean
vmsock_platform_is_setuid (void)
{
  return FALSE;
}

gboolean
vmsock_platform_get_local_cid (guint32  *cid,
                               GError  **error)
{
  return set_not_supported (error);
}

/* The part of VMSOCK_PLATFORM_GUEST_SERVICES_KEY below HKEY_LOCAL_MACHINE. */
#define GUEST_SERVICES_SUBKEY \
  "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices"

static gboolean
set_registry_error (GError     **error,
                    LSTATUS      status,
                    const char  *guid)
{
  g_autofree char *message = NULL;

  if (status == ERROR_ACCESS_DENIED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Registering the service %s with Hyper-V needs administrator rights; "
                     "run from an elevated prompt"), guid);
      return FALSE;
    }

  message = g_win32_error_message (status);
  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (status),
               _("Could not write the service %s to the registry: %s"), guid, message);
  return FALSE;
}

gboolean
vmsock_platform_set_guest_service (const char  *guid,
                                   const char  *name,
                                   GError     **error)
{
  g_autofree gunichar2 *subkey = NULL;
  g_autofree gunichar2 *value = NULL;
  g_autofree char *path = g_strconcat (GUEST_SERVICES_SUBKEY "\\", guid, NULL);
  glong value_units = 0;
  HKEY key;
  LSTATUS status;

  subkey = g_utf8_to_utf16 (path, -1, NULL, NULL, error);
  if (subkey == NULL)
    return FALSE;

  if (name == NULL)
    {
      status = RegDeleteKeyW (HKEY_LOCAL_MACHINE, subkey);
      return status == ERROR_SUCCESS || status == ERROR_FILE_NOT_FOUND ||
             set_registry_error (error, status, guid);
    }

  value = g_utf8_to_utf16 (name, -1, NULL, &value_units, error);
  if (value == NULL)
    return FALSE;

  status = RegCreateKeyExW (HKEY_LOCAL_MACHINE, subkey, 0, NULL, REG_OPTION_NON_VOLATILE,
                            KEY_SET_VALUE, NULL, &key, NULL);
  if (status != ERROR_SUCCESS)
    return set_registry_error (error, status, guid);

  status = RegSetValueExW (key, L"ElementName", 0, REG_SZ, (const BYTE *) value,
                           (DWORD) ((value_units + 1) * sizeof (gunichar2)));
  RegCloseKey (key);
  return status == ERROR_SUCCESS || set_registry_error (error, status, guid);
}

struct _VmsockPlatformLock
{
  HANDLE file;
};

VmsockPlatformLock *
vmsock_platform_lock_file (const char  *path,
                           GError     **error)
{
  g_autofree gunichar2 *wide_path = g_utf8_to_utf16 (path, -1, NULL, NULL, error);
  OVERLAPPED whole_file = { 0 };
  VmsockPlatformLock *lock;
  HANDLE file;

  if (wide_path == NULL)
    return NULL;

  file = CreateFileW (wide_path, GENERIC_READ | GENERIC_WRITE,
                      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (file == INVALID_HANDLE_VALUE)
    {
      g_autofree char *message = g_win32_error_message (GetLastError ());

      g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (GetLastError ()),
                   _("Could not open the lock file %s: %s"), path, message);
      return NULL;
    }

  if (!LockFileEx (file, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole_file))
    {
      g_autofree char *message = g_win32_error_message (GetLastError ());

      CloseHandle (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not lock %s: %s"), path, message);
      return NULL;
    }

  lock = g_new (VmsockPlatformLock, 1);
  lock->file = file;
  return lock;
}

void
vmsock_platform_unlock_file (VmsockPlatformLock *lock)
{
  /* Closing the handle releases the lock. */
  CloseHandle (lock->file);
  g_free (lock);
}

const char *
vmsock_platform_get_system_config_dir (void)
{
  /* The common application data folder. */
  return g_get_system_config_dirs ()[0];
}

void
vmsock_platform_isolate_process (GSubprocessLauncher *launcher)
{
}

void
vmsock_platform_kill_process_tree (GSubprocess *process)
{
  /* A job object would reach the children too; the process itself is what
   * holds the query. */
  g_subprocess_force_exit (process);
}

void
vmsock_platform_set_stdout_binary (void)
{
  _setmode (_fileno (stdout), _O_BINARY);
}
