/* vmsockctl-copy-linux.c: moving a relay's data on Linux
 *
 * Two ways.  vmsockctl_platform_copy() waits in a thread of its own: for
 * standard input and output, which other processes share and which must
 * therefore stay blocking.  Between sockets, watched copies need no thread:
 * one source in the main context, two edge-triggered epoll sets behind it,
 * drives them all.  Either moves data with splice(2) through a pipe, so that
 * it never passes through user space; a watched copy holds its pipe only
 * while data is on its way, and gives it back to a few spare ones for the
 * next copy, so that connections cost no pipes of their own.  Spare pipes
 * that nobody takes for a while are closed: an idle forward holds none.
 *
 * Data for a VM socket goes through user space instead: Linux splices into
 * one a page at a time, each page a packet of its own, where a large write
 * makes packets of up to 64 KiB; reading and writing a large buffer moves
 * more.  Watched copies share a few such buffers the way they share pipes,
 * and splice when all are taken.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* splice(), pipe2(), F_SETPIPE_SZ and F_GETPIPE_SZ. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vmsockctl.h"
#include "vmsockctl-platform.h"

/* How much one system call moves at most; also the size of each pipe,
 * kernel memory that many pipes at once add up. */
#define CHUNK_SIZE (256 * 1024)

/* How much one read or write moves when data goes through user space. */
#define BUFFER_SIZE (1024 * 1024)

/* Whether to say that pipes stay smaller than CHUNK_SIZE. */
static gboolean verbose_relay;

void
vmsockctl_platform_prepare_relay (gboolean verbose)
{
  struct rlimit limit;

  verbose_relay = verbose;
  signal (SIGPIPE, SIG_IGN);
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}


/* Whether splicing into @out moves data as well as writing does: not into
 * a VM socket, which takes spliced data a page at a time. */
static gboolean
splices_well (VmsockctlEndpoint out)
{
  return out.family != AF_VSOCK;
}

/* Whether @saved_errno means the other side is gone, which ends a copy. */
static gboolean
is_hang_up (int saved_errno)
{
  return saved_errno == EPIPE || saved_errno == ECONNRESET || saved_errno == ENOTCONN ||
         saved_errno == ESHUTDOWN;
}

/* Waits until @fd can take data, for descriptors that do not wait. */
static void
wait_writable (int fd)
{
  struct pollfd pfd = { fd, POLLOUT, 0 };

  poll (&pfd, 1, -1);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           gboolean    *hung_up,
           GError     **error)
{
  while (length > 0)
    {
      ssize_t written = write (fd, data, length);

      if (written < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          if (saved_errno == EAGAIN)
            {
              wait_writable (fd);
              continue;
            }
          if (is_hang_up (saved_errno))
            return *hung_up = TRUE;
          return vmsockctl_set_errno_error (error, saved_errno, _("Could not send data"));
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

/* Moves @length bytes out of @pipe_fd into @out_fd. */
static gboolean
drain_pipe (int          pipe_fd,
            int          out_fd,
            gsize        length,
            gboolean    *hung_up,
            GError     **error)
{
  while (length > 0)
    {
      ssize_t moved = splice (pipe_fd, NULL, out_fd, NULL, length, SPLICE_F_MOVE);

      if (moved < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          if (saved_errno == EAGAIN)
            {
              wait_writable (out_fd);
              continue;
            }
          if (is_hang_up (saved_errno))
            return *hung_up = TRUE;
          if (saved_errno == EINVAL)
            {
              /* @out_fd takes no splice: copy what the pipe holds. */
              g_autofree char *buffer = g_malloc (length);
              ssize_t n = read (pipe_fd, buffer, length);

              if (n < 0)
                return vmsockctl_set_errno_error (error, errno, _("Could not send data"));
              if (!write_all (out_fd, buffer, n, hung_up, error) || *hung_up)
                return !*hung_up ? FALSE : TRUE;
              length -= n;
              continue;
            }
          return vmsockctl_set_errno_error (error, saved_errno, _("Could not send data"));
        }
      length -= moved;
    }
  return TRUE;
}

/* Asks for a pipe of CHUNK_SIZE and returns the size it has: the kernel
 * refuses more than fs.pipe-max-size to an unprivileged user, and anything
 * larger once the user's pipes hold fs.pipe-user-pages-soft, when new pipes
 * have just two pages.  Said once, when verbose. */
static gsize
grow_pipe (int pipe_fd)
{
  static gsize reported = 0;
  int saved_errno;
  int size;

  size = fcntl (pipe_fd, F_SETPIPE_SZ, CHUNK_SIZE);
  if (size >= 0)
    return MIN (size, CHUNK_SIZE);
  saved_errno = errno;
  size = fcntl (pipe_fd, F_GETPIPE_SZ);
  if (size <= 0)
    size = PIPE_BUF;

  if (verbose_relay && g_once_init_enter (&reported))
    {
      g_autofree char *wanted = g_format_size_full (CHUNK_SIZE, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *got = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

      vmsockctl_print_error (_("Pipes could not grow to %s (%s): data moves %s at a time"),
                             wanted, g_strerror (saved_errno), got);
      g_once_init_leave (&reported, 1);
    }
  return size;
}

gboolean
vmsockctl_platform_copy (VmsockctlEndpoint   in,
                         VmsockctlEndpoint   out,
                         gint               *activity,
                         GError            **error)
{
  /* splice(), read() and write() take sockets and files alike. */
  int in_fd = in.fd;
  int out_fd = out.fd;
  int pipe_fds[2] = { -1, -1 };
  gsize pipe_size = 0;
  gboolean use_splice;
  g_autofree char *buffer = NULL;
  gboolean hung_up = FALSE;
  gboolean ok = TRUE;

  use_splice = splices_well (out) && pipe2 (pipe_fds, O_CLOEXEC) == 0;
  if (use_splice)
    pipe_size = grow_pipe (pipe_fds[1]);

  while (ok && !hung_up)
    {
      struct pollfd fds[2] = { { in_fd, POLLIN, 0 }, { out_fd, 0, 0 } };
      ssize_t n;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          ok = vmsockctl_set_errno_error (error, errno, "poll");
          break;
        }
      /* The reader of @out_fd went away: nothing more can be sent. */
      if (fds[1].revents & (POLLERR | POLLHUP | POLLNVAL))
        break;
      if (fds[0].revents == 0)
        continue;

      if (use_splice)
        {
          n = splice (in_fd, NULL, pipe_fds[1], NULL, pipe_size, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
          if (n < 0 && errno == EINVAL)
            {
              /* @in_fd gives no splice (a terminal, say): copy by hand. */
              use_splice = FALSE;
              continue;
            }
        }
      else
        {
          if (buffer == NULL)
            buffer = g_malloc (BUFFER_SIZE);
          n = read (in_fd, buffer, BUFFER_SIZE);
        }

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR || saved_errno == EAGAIN)
            continue;
          if (is_hang_up (saved_errno))
            break;
          ok = vmsockctl_set_errno_error (error, saved_errno, _("Could not receive data"));
          break;
        }
      if (n == 0)
        break;

      g_atomic_int_inc (activity);
      ok = use_splice ? drain_pipe (pipe_fds[0], out_fd, n, &hung_up, error)
                      : write_all (out_fd, buffer, n, &hung_up, error);
    }

  if (pipe_fds[0] >= 0)
    {
      close (pipe_fds[0]);
      close (pipe_fds[1]);
    }
  return ok;
}

void
vmsockctl_platform_end_writing (VmsockctlEndpoint out)
{
  if (out.is_socket)
    shutdown (out.fd, SHUT_WR);
  else
    close (out.fd);
}

void
vmsockctl_platform_shutdown (int fd)
{
  shutdown (fd, SHUT_RDWR);
}

/* --- Watched copies --- */

/* How much one copy receives before the others get their turn. */
#define TURN_SIZE (4 * CHUNK_SIZE)

/* How many empty pipes wait for the next copies: enough for the copies of
 * many connections that move data at once, few enough to hold little. */
#define SPARE_PIPES 16

/* How many buffers copies into VM sockets hold at once; copies beyond them
 * splice.  All of them wait empty for the next copies. */
#define SHARED_BUFFERS 2

/* Spare pipes and buffers that no copy took for this long (one to two of
 * them) are freed. */
#define SPARE_IDLE_SECONDS 1

/* How many readiness events one epoll_wait() takes; more wait for the next. */
#define EVENTS_PER_WAIT 64

typedef struct
{
  int read_fd;
  int write_fd;
  gsize size;
} Pipe;

typedef struct
{
  GSource source;
  /* Edge-triggered epoll sets of the copies' inputs (readable or ended)
   * and of their outputs (writable or gone): a socket that one copy reads
   * and another writes is in both, as epoll takes it only once a set. */
  int inputs;
  int outputs;
  gpointer inputs_tag;
  gpointer outputs_tag;
  /* Copies that can move data now, and copies that ended, whose done is
   * yet to be called. */
  GQueue ready;
  GQueue ended;
  /* Empty pipes and buffers for the next copies; how many buffers copies
   * hold; whether a spare one was taken since the idle check last ran,
   * which frees them otherwise. */
  GArray *spare_pipes;
  GPtrArray *spare_buffers;
  guint buffers_taken;
  gboolean spare_taken;
  GSource *idle_check;
} Splicer;

struct _VmsockctlWatchedCopy
{
  VmsockctlEndpoint in;
  VmsockctlEndpoint out;
  gint *activity;
  VmsockctlCopyDone done;
  gpointer data;

  /* In splicer->ready or splicer->ended when queue is set. */
  GList link;
  GQueue *queue;

  /* What the events said, until a try says otherwise. */
  gboolean readable;
  gboolean writable;
  gboolean out_gone;
  /* @in ended, or its peer went away; what came may still be on its way. */
  gboolean eof;
  gboolean ended;

  /* The data received and not sent yet: in the pipe, which takes more as
   * it goes out, or in the buffer from buffer_offset.  The copy holds
   * either only while data is on its way. */
  gsize pending;
  Pipe pipe;
  char *buffer;
  gsize buffer_offset;
  GError *error;
};

typedef enum
{
  STEP_GO_ON,
  STEP_WAIT,
  STEP_END,
} Step;

/* The one splicer, in the main context of the first watched copy. */
static Splicer *splicer;

gboolean
vmsockctl_platform_can_watch (VmsockctlEndpoint endpoint)
{
  return endpoint.is_socket;
}

static void
close_pipe (Pipe *ends)
{
  close (ends->read_fd);
  close (ends->write_fd);
}

static gboolean
free_idle_spares (gpointer data)
{
  GArray *spare = splicer->spare_pipes;

  if (splicer->spare_taken)
    {
      splicer->spare_taken = FALSE;
      return G_SOURCE_CONTINUE;
    }
  for (guint i = 0; i < spare->len; i++)
    close_pipe (&g_array_index (spare, Pipe, i));
  g_array_set_size (spare, 0);
  g_ptr_array_set_size (splicer->spare_buffers, 0);
  g_clear_pointer (&splicer->idle_check, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Frees the spare pipes and buffers unless a copy takes one soon. */
static void
check_idle_spares (void)
{
  if (splicer->idle_check != NULL)
    return;
  if (splicer->spare_pipes->len == 0 && splicer->spare_buffers->len == 0)
    return;
  splicer->idle_check = g_timeout_source_new_seconds (SPARE_IDLE_SECONDS);
  g_source_set_callback (splicer->idle_check, free_idle_spares, NULL, NULL);
  g_source_set_static_name (splicer->idle_check, "[vmsockctl] idle spare pipes and buffers");
  g_source_attach (splicer->idle_check, g_source_get_context (&splicer->source));
}

/* A pipe for @copy, spare or new: FALSE when none can be had (no
 * descriptor left). */
static gboolean
take_pipe (VmsockctlWatchedCopy *copy)
{
  GArray *spare = splicer->spare_pipes;
  int fds[2];

  if (spare->len > 0)
    {
      copy->pipe = g_array_index (spare, Pipe, spare->len - 1);
      g_array_set_size (spare, spare->len - 1);
      splicer->spare_taken = TRUE;
      return TRUE;
    }
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return FALSE;
  copy->pipe = (Pipe) { fds[0], fds[1], grow_pipe (fds[1]) };
  return TRUE;
}

/* A buffer for @copy, spare or new; unless @needed, FALSE when copies hold
 * SHARED_BUFFERS already. */
static gboolean
take_buffer (VmsockctlWatchedCopy *copy,
             gboolean              needed)
{
  GPtrArray *spare = splicer->spare_buffers;

  if (!needed && splicer->buffers_taken >= SHARED_BUFFERS)
    return FALSE;
  if (spare->len > 0)
    {
      copy->buffer = g_ptr_array_steal_index_fast (spare, spare->len - 1);
      splicer->spare_taken = TRUE;
    }
  else
    copy->buffer = g_malloc (BUFFER_SIZE);
  splicer->buffers_taken++;
  return TRUE;
}

/* Gives what holds @copy's data back, once it is empty: a pipe to the spare
 * ones if they are not enough yet, a buffer to the spare ones unless copies
 * took more than SHARED_BUFFERS; frees it otherwise. */
static void
release_holder (VmsockctlWatchedCopy *copy)
{
  if (copy->pipe.read_fd >= 0)
    {
      if (copy->pending == 0 && splicer->spare_pipes->len < SPARE_PIPES)
        g_array_append_val (splicer->spare_pipes, copy->pipe);
      else
        close_pipe (&copy->pipe);
      copy->pipe = (Pipe) { -1, -1, 0 };
    }
  else if (copy->buffer != NULL)
    {
      if (splicer->spare_buffers->len + splicer->buffers_taken <= SHARED_BUFFERS)
        g_ptr_array_add (splicer->spare_buffers, g_steal_pointer (&copy->buffer));
      else
        g_clear_pointer (&copy->buffer, g_free);
      splicer->buffers_taken--;
    }
  copy->pending = 0;
  check_idle_spares ();
}

/* Takes a buffer or a pipe for the data @copy receives next: a buffer if
 * its output splices badly and one is free, a pipe otherwise, and with no descriptor
 * left for a pipe a buffer anyway. */
static void
take_holder (VmsockctlWatchedCopy *copy)
{
  if (copy->pipe.read_fd >= 0 || copy->buffer != NULL)
    return;
  if (!splices_well (copy->out) && take_buffer (copy, FALSE))
    return;
  if (!take_pipe (copy))
    take_buffer (copy, TRUE);
}

static void
queue_ready (VmsockctlWatchedCopy *copy)
{
  if (copy->queue != NULL)
    return;
  copy->queue = &splicer->ready;
  g_queue_push_tail_link (copy->queue, &copy->link);
}

/* Whether receive() can take more now. */
static gboolean
has_room (VmsockctlWatchedCopy *copy)
{
  if (copy->buffer != NULL)
    return copy->pending == 0;
  return copy->pipe.read_fd < 0 || copy->pending < copy->pipe.size;
}

/* What a receive or send that failed with @saved_errno means for @copy:
 * interrupted, it tries again; with nothing to move, it waits until
 * *@ready is set again; with its peer gone, it ends; on any other failure
 * it ends with an error that begins with @what. */
static Step
failed_step (VmsockctlWatchedCopy *copy,
             int                   saved_errno,
             gboolean             *ready,
             const char           *what)
{
  if (saved_errno == EINTR)
    return STEP_GO_ON;
  if (saved_errno == EAGAIN)
    {
      *ready = FALSE;
      return STEP_WAIT;
    }
  if (!is_hang_up (saved_errno))
    vmsockctl_set_errno_error (&copy->error, saved_errno, what);
  return STEP_END;
}

/* Receives what @in has, as much as the pipe (or the empty buffer) takes;
 * adds it to *@moved.  Its end, or its peer gone, sets @eof. */
static Step
receive (VmsockctlWatchedCopy *copy,
         gsize                *moved)
{
  gssize n;

  take_holder (copy);
  if (copy->buffer != NULL)
    n = recv (copy->in.fd, copy->buffer, BUFFER_SIZE, MSG_DONTWAIT);
  else
    n = splice (copy->in.fd, NULL, copy->pipe.write_fd, NULL, copy->pipe.size - copy->pending,
                SPLICE_F_MOVE | SPLICE_F_NONBLOCK);

  /* The peer gone ends the data as its end does. */
  if (n < 0 && is_hang_up (errno))
    n = 0;
  if (n < 0)
    return failed_step (copy, errno, &copy->readable, _("Could not receive data"));
  if (n == 0)
    {
      copy->eof = TRUE;
      return STEP_GO_ON;
    }

  g_atomic_int_inc (copy->activity);
  if (copy->buffer != NULL)
    copy->buffer_offset = 0;
  copy->pending += n;
  *moved += n;
  return STEP_GO_ON;
}

/* Sends what was received, as much as @out takes now. */
static Step
send_pending (VmsockctlWatchedCopy *copy)
{
  gssize n;

  if (copy->buffer != NULL)
    n = send (copy->out.fd, copy->buffer + copy->buffer_offset, copy->pending,
              MSG_DONTWAIT | MSG_NOSIGNAL);
  else
    n = splice (copy->pipe.read_fd, NULL, copy->out.fd, NULL, copy->pending,
                SPLICE_F_MOVE | SPLICE_F_NONBLOCK);

  if (n < 0)
    return failed_step (copy, errno, &copy->writable, _("Could not send data"));

  copy->pending -= n;
  copy->buffer_offset += n;
  return STEP_GO_ON;
}

/* Stops watching @copy and ends the writing side of its output; its done
 * is called once the others have had their turn. */
static void
end_copy (VmsockctlWatchedCopy *copy)
{
  copy->ended = TRUE;
  epoll_ctl (splicer->inputs, EPOLL_CTL_DEL, copy->in.fd, NULL);
  epoll_ctl (splicer->outputs, EPOLL_CTL_DEL, copy->out.fd, NULL);
  vmsockctl_platform_end_writing (copy->out);
  release_holder (copy);

  if (copy->queue != NULL)
    g_queue_unlink (copy->queue, &copy->link);
  copy->queue = &splicer->ended;
  g_queue_push_tail_link (copy->queue, &copy->link);
}

/* Moves what can move without waiting, receiving up to TURN_SIZE, then
 * waits for events, or is ready again, or ends. */
static void
run_copy (VmsockctlWatchedCopy *copy)
{
  gsize moved = 0;

  /* The reader of @out went away: nothing more can be sent. */
  while (!copy->out_gone)
    {
      Step sent = STEP_WAIT;
      Step received = STEP_WAIT;

      if (copy->pending > 0 && copy->writable && (sent = send_pending (copy)) == STEP_END)
        break;
      if (copy->eof && copy->pending == 0)
        break;
      if (!copy->eof && copy->readable && has_room (copy))
        {
          if (moved >= TURN_SIZE)
            {
              queue_ready (copy);
              return;
            }
          if ((received = receive (copy, &moved)) == STEP_END)
            break;
        }
      if (sent == STEP_WAIT && received == STEP_WAIT)
        {
          /* A pipe or buffer waiting for data serves others meanwhile. */
          if (copy->pending == 0)
            release_holder (copy);
          return;
        }
    }
  end_copy (copy);
}

/* Notes what the events of @epoll_fd say, and which copies can go on. */
static void
take_events (int      epoll_fd,
             gpointer tag,
             gboolean outputs)
{
  struct epoll_event events[EVENTS_PER_WAIT];
  int n;

  if ((g_source_query_unix_fd (&splicer->source, tag) & G_IO_IN) == 0)
    return;

  n = epoll_wait (epoll_fd, events, G_N_ELEMENTS (events), 0);
  for (int i = 0; i < n; i++)
    {
      VmsockctlWatchedCopy *copy = events[i].data.ptr;

      if (!outputs)
        copy->readable = TRUE;
      else if (events[i].events & (EPOLLERR | EPOLLHUP))
        copy->out_gone = TRUE;
      else
        copy->writable = TRUE;
      queue_ready (copy);
    }
}

static gboolean
splicer_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     data)
{
  GList *link;

  take_events (splicer->inputs, splicer->inputs_tag, FALSE);
  take_events (splicer->outputs, splicer->outputs_tag, TRUE);

  /* One turn for each copy ready now; those that could go on queue again. */
  for (guint turns = splicer->ready.length; turns > 0; turns--)
    {
      VmsockctlWatchedCopy *copy = g_queue_pop_head_link (&splicer->ready)->data;

      copy->queue = NULL;
      run_copy (copy);
    }

  /* Last, as done may free copies: its own, and its relay's other one. */
  while ((link = g_queue_pop_head_link (&splicer->ended)) != NULL)
    {
      VmsockctlWatchedCopy *copy = link->data;

      copy->queue = NULL;
      copy->done (copy->error, copy->data);
    }

  return G_SOURCE_CONTINUE;
}

/* Copies that could go on have their turn in the next iteration. */
static gboolean
splicer_prepare (GSource *source,
                 gint    *timeout)
{
  *timeout = -1;
  return splicer->ready.length > 0;
}

static GSourceFuncs splicer_funcs = {
  .prepare = splicer_prepare,
  .dispatch = splicer_dispatch,
};

/* The splicer of the thread-default main context, made on first use. */
static Splicer *
get_splicer (GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  int inputs;
  int outputs;

  if (splicer != NULL)
    {
      g_return_val_if_fail (g_source_get_context (&splicer->source) == context, NULL);
      return splicer;
    }

  inputs = epoll_create1 (EPOLL_CLOEXEC);
  outputs = inputs < 0 ? -1 : epoll_create1 (EPOLL_CLOEXEC);
  if (outputs < 0)
    {
      int saved_errno = errno;

      if (inputs >= 0)
        close (inputs);
      vmsockctl_set_errno_error (error, saved_errno, _("Could not watch connections"));
      return NULL;
    }

  splicer = (Splicer *) g_source_new (&splicer_funcs, sizeof (Splicer));
  splicer->inputs = inputs;
  splicer->outputs = outputs;
  splicer->inputs_tag = g_source_add_unix_fd (&splicer->source, inputs, G_IO_IN);
  splicer->outputs_tag = g_source_add_unix_fd (&splicer->source, outputs, G_IO_IN);
  splicer->spare_pipes = g_array_new (FALSE, FALSE, sizeof (Pipe));
  splicer->spare_buffers = g_ptr_array_new_with_free_func (g_free);
  g_source_set_static_name (&splicer->source, "[vmsockctl] relayed data");
  /* Nothing it calls runs the main context, and a source that may not
   * recurse has its descriptors taken out of the context and put back
   * around each dispatch, waking the context up each time. */
  g_source_set_can_recurse (&splicer->source, TRUE);
  /* Lives as long as the process. */
  g_source_attach (&splicer->source, context);
  return splicer;
}

VmsockctlWatchedCopy *
vmsockctl_platform_watch_copy (VmsockctlEndpoint    in,
                               VmsockctlEndpoint    out,
                               gint                *activity,
                               VmsockctlCopyDone    done,
                               gpointer             data,
                               GError             **error)
{
  VmsockctlWatchedCopy *copy;
  struct epoll_event event = { 0 };
  int saved_errno;

  g_return_val_if_fail (vmsockctl_platform_can_watch (in) && vmsockctl_platform_can_watch (out), NULL);

  if (get_splicer (error) == NULL)
    return NULL;

  copy = g_new0 (VmsockctlWatchedCopy, 1);
  *copy = (VmsockctlWatchedCopy) {
    .in = in,
    .out = out,
    .activity = activity,
    .done = done,
    .data = data,
    .link = { .data = copy },
    .pipe = { -1, -1, 0 },
  };

  /* Added ready, they report at once what is ready already. */
  event = (struct epoll_event) { EPOLLIN | EPOLLRDHUP | EPOLLET, { .ptr = copy } };
  if (epoll_ctl (splicer->inputs, EPOLL_CTL_ADD, in.fd, &event) == 0)
    {
      event = (struct epoll_event) { EPOLLOUT | EPOLLET, { .ptr = copy } };
      if (epoll_ctl (splicer->outputs, EPOLL_CTL_ADD, out.fd, &event) == 0)
        return copy;
      saved_errno = errno;
      epoll_ctl (splicer->inputs, EPOLL_CTL_DEL, in.fd, NULL);
    }
  else
    saved_errno = errno;

  vmsockctl_set_errno_error (error, saved_errno, _("Could not watch the connection"));
  g_free (copy);
  return NULL;
}

void
vmsockctl_platform_watched_copy_free (VmsockctlWatchedCopy *copy)
{
  g_return_if_fail (copy->ended);

  if (copy->queue != NULL)
    g_queue_unlink (copy->queue, &copy->link);
  g_clear_error (&copy->error);
  g_free (copy);
}
