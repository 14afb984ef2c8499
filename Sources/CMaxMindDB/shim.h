// CMaxMindDB: libmaxminddb (the reader of MaxMind DB `.mmdb` files) for Swift. Imported only by
// PalisadeGeoIP. Debian puts maxminddb.h in the multiarch include directory
// (/usr/include/x86_64-linux-gnu); the package's pkg-config file adds that path.
#ifndef PALISADE_CMAXMINDDB_H
#define PALISADE_CMAXMINDDB_H
#include <maxminddb.h>
#endif
