// CPosix: the Linux calls that Glibc's Swift overlay does not expose (epoll, eventfd,
// accept4). Imported only by PalisadeRPC's event loop.
//
// No _GNU_SOURCE here: defining it changes the shape of shared system headers, and Clang then
// rejects the module as a second, different definition of structs Glibc already imported.
// accept4 is therefore declared by hand (glibc >= 2.10 exports it).
#ifndef PALISADE_CPOSIX_H
#define PALISADE_CPOSIX_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <errno.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

static inline int CPosix_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}
static inline int CPosix_errno(void) { return errno; }

#endif
