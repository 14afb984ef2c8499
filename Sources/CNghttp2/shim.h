// CNghttp2: libnghttp2 for Swift. Imported only by PalisadeHTTP2.
// Floor: 1.52 (Debian 12). We code against the ssize_t API that every version since has kept.
#ifndef PALISADE_CNGHTTP2_H
#define PALISADE_CNGHTTP2_H
#include <nghttp2/nghttp2.h>

#if NGHTTP2_VERSION_NUM < 0x013400
#error "Palisade needs libnghttp2 >= 1.52.0"
#endif

#endif
