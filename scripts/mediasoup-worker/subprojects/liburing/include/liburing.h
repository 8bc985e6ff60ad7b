// liburing 2.4 additions over Debian's liburing 2.3.
//
// mediasoup's worker calls three functions that liburing added in 2.4. This header is
// found before the system one (it is on the -I path of the shim dependency), includes
// the real header and adds them with the same behaviour as liburing 2.4.
#pragma once

#include_next <liburing.h>

#ifndef IO_URING_VERSION_MAJOR
// Debian bookworm's liburing-dev is 2.3.
#define LINKROOM_LIBURING_VERSION_MAJOR 2
#define LINKROOM_LIBURING_VERSION_MINOR 3

static inline int io_uring_major_version(void)
{
	return LINKROOM_LIBURING_VERSION_MAJOR;
}

static inline int io_uring_minor_version(void)
{
	return LINKROOM_LIBURING_VERSION_MINOR;
}

static inline void io_uring_prep_sendto(
  struct io_uring_sqe* sqe,
  int sockfd,
  const void* buf,
  size_t len,
  int flags,
  const struct sockaddr* addr,
  socklen_t addrlen)
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, addrlen);
}
#endif
