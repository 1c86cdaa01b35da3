/* splice-relay.c: the least a TCP → vsock forwarder can do, as a benchmark's
 * upper bound
 *
 * One thread, one edge-triggered epoll loop: accept a TCP connection, connect
 * to the vsock service without blocking, and move each direction with
 * splice(2) through its own pipe, half-close included.  No options, no
 * logging, no limits: it exists to show what forwarding itself costs.
 *
 * Usage: guest-splice-relay TCP-PORT CID VSOCK-PORT
 * It listens on 127.0.0.1:TCP-PORT until killed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/vm_sockets.h>

#include "guest-check.h"

#define PIPE_SIZE (256 * 1024)

/* One direction: src → pipe → dst. */
typedef struct
{
  int src, dst;
  int pipe[2];
  size_t in_pipe;
  size_t capacity;
  int eof;
  int shut;
} Direction;

typedef struct Connection Connection;
struct Connection
{
  int tcp, vsock;
  int connected;
  Direction up, down;
  /* Closed, to be freed once no event of this round can name it. */
  Connection *next_closed;
};

static Connection *closed;

static size_t
make_pipe (int fds[2])
{
  static int warned;
  int size;

  if (pipe2 (fds, O_NONBLOCK | O_CLOEXEC) < 0)
    return 0;
  if (fcntl (fds[1], F_SETPIPE_SZ, PIPE_SIZE) < 0 && !warned)
    {
      warned = 1;
      fprintf (stderr, "splice-relay: pipes stay at their default size: %s\n", strerror (errno));
    }
  size = fcntl (fds[1], F_GETPIPE_SZ);
  return size > 0 ? (size_t) size : 4096;
}

static void
close_connection (Connection *c)
{
  int fds[] = { c->tcp, c->vsock, c->up.pipe[0], c->up.pipe[1], c->down.pipe[0], c->down.pipe[1] };

  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  c->tcp = -1;
  c->next_closed = closed;
  closed = c;
}

static void
free_closed (void)
{
  while (closed != NULL)
    {
      Connection *next = closed->next_closed;

      free (closed);
      closed = next;
    }
}

/* Moves what it can without blocking; -1 on an error, 1 once done. */
static int
pump (Direction *d)
{
  for (;;)
    {
      int progress = 0;

      if (!d->eof && d->in_pipe < d->capacity)
        {
          ssize_t n = splice (d->src, NULL, d->pipe[1], NULL, d->capacity - d->in_pipe,
                              SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
          if (n > 0)
            d->in_pipe += n, progress = 1;
          else if (n == 0)
            d->eof = 1, progress = 1;
          else if (errno != EAGAIN)
            return -1;
        }
      if (d->in_pipe > 0)
        {
          ssize_t n = splice (d->pipe[0], NULL, d->dst, NULL, d->in_pipe,
                              SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
          if (n > 0)
            d->in_pipe -= n, progress = 1;
          else if (n < 0 && errno != EAGAIN)
            return -1;
        }
      if (d->eof && d->in_pipe == 0)
        {
          if (!d->shut)
            shutdown (d->dst, SHUT_WR), d->shut = 1;
          return 1;
        }
      if (!progress)
        return 0;
    }
}

/* Whatever happened on either socket: move what can move, close when done. */
static void
serve (Connection *c)
{
  int up, down;

  if (c->tcp < 0)
    return;
  if (!c->connected)
    {
      struct sockaddr_vm peer;
      socklen_t length = sizeof peer;
      int error = 0;
      socklen_t error_length = sizeof error;

      if (getsockopt (c->vsock, SOL_SOCKET, SO_ERROR, &error, &error_length) < 0 || error != 0)
        {
          close_connection (c);
          return;
        }
      /* Still connecting: an event on the TCP side came first. */
      if (getpeername (c->vsock, (struct sockaddr *) &peer, &length) < 0)
        return;
      c->connected = 1;
    }
  up = pump (&c->up);
  down = pump (&c->down);
  if (up < 0 || down < 0 || (up == 1 && down == 1))
    close_connection (c);
}

static void
accept_all (int listener,
            int epoll,
            const struct sockaddr_vm *target)
{
  for (;;)
    {
      Connection *c;
      struct epoll_event event = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET };
      int tcp = accept4 (listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

      if (tcp < 0)
        return;
      c = calloc (1, sizeof *c);
      c->tcp = tcp;
      c->up.pipe[0] = c->up.pipe[1] = c->down.pipe[0] = c->down.pipe[1] = -1;
      c->vsock = socket (AF_VSOCK, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      c->up.src = c->down.dst = c->tcp;
      c->up.dst = c->down.src = c->vsock;
      c->up.capacity = make_pipe (c->up.pipe);
      c->down.capacity = make_pipe (c->down.pipe);
      if (c->vsock < 0 || c->up.capacity == 0 || c->down.capacity == 0 ||
          (connect (c->vsock, (const struct sockaddr *) target, sizeof *target) < 0 &&
           errno != EINPROGRESS))
        {
          perror ("splice-relay: connection");
          close_connection (c);
          continue;
        }
      event.data.ptr = c;
      epoll_ctl (epoll, EPOLL_CTL_ADD, c->tcp, &event);
      epoll_ctl (epoll, EPOLL_CTL_ADD, c->vsock, &event);
    }
}

int
main (int   argc,
      char *argv[])
{
  struct sockaddr_in local = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  struct sockaddr_vm target = { .svm_family = AF_VSOCK };
  struct epoll_event event = { .events = EPOLLIN | EPOLLET };
  int listener, epoll, one = 1;

  if (argc != 4)
    {
      fprintf (stderr, "Usage: %s TCP-PORT CID VSOCK-PORT\n", argv[0]);
      return 2;
    }
  vmsock_test_require_guest (argv[0]);
  signal (SIGPIPE, SIG_IGN);
  local.sin_port = htons (atoi (argv[1]));
  target.svm_cid = strtoul (argv[2], NULL, 10);
  target.svm_port = strtoul (argv[3], NULL, 10);

  listener = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listener < 0 || setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
      bind (listener, (struct sockaddr *) &local, sizeof local) < 0 ||
      listen (listener, 1024) < 0)
    {
      perror ("splice-relay: listen");
      return 1;
    }
  epoll = epoll_create1 (EPOLL_CLOEXEC);
  event.data.ptr = NULL;
  epoll_ctl (epoll, EPOLL_CTL_ADD, listener, &event);

  for (;;)
    {
      struct epoll_event events[64];
      int n = epoll_wait (epoll, events, 64, -1);

      if (n < 0 && errno != EINTR)
        {
          perror ("splice-relay: epoll_wait");
          return 1;
        }
      for (int i = 0; i < n; i++)
        {
          if (events[i].data.ptr == NULL)
            accept_all (listener, epoll, &target);
          else
            serve (events[i].data.ptr);
        }
      free_closed ();
    }
}
