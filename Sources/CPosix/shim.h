// CPosix: the Linux system calls that Glibc's Swift overlay does not expose
// (epoll, eventfd, accept4). Imported only by PalisadeRPC's event loop.
#ifndef PALISADE_CPOSIX_H
#define PALISADE_CPOSIX_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>

static inline int CPosix_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}
static inline int CPosix_errno(void) { return errno; }

#endif
