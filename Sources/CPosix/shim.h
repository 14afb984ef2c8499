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
#include <malloc.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

static inline int CPosix_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}
static inline int CPosix_errno(void) { return errno; }
/* Bytes malloc holds free (not returned to the system), and giving them back (glibc). */
static inline size_t CPosix_mallocFreeBytes(void) { struct mallinfo2 m = mallinfo2(); return m.fordblks; }
static inline int CPosix_mallocTrim(void) { return malloc_trim(0); }

#endif
