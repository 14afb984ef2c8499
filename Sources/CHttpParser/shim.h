// CHttpParser: Debian's libhttp-parser (nodejs/http-parser 2.9) for Swift. Imported only by
// PalisadeHTTP1. The shim exists for the one macro Swift cannot import.
#ifndef PALISADE_CHTTPPARSER_H
#define PALISADE_CHTTPPARSER_H
#include <http_parser.h>

#if HTTP_PARSER_VERSION_MAJOR < 2 || (HTTP_PARSER_VERSION_MAJOR == 2 && HTTP_PARSER_VERSION_MINOR < 9)
#error "Palisade needs libhttp-parser >= 2.9 (it refuses Content-Length with Transfer-Encoding)"
#endif

/// HTTP_PARSER_ERRNO(p) as a function.
static inline enum http_errno palisade_http_errno(const http_parser *parser) {
    return HTTP_PARSER_ERRNO(parser);
}

#endif
