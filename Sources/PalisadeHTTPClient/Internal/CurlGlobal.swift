internal import CCurl

/// `curl_global_init` exactly once per process.
///
/// libcurl 7.88 is not built with `CURL_VERSION_THREADSAFE` guarantees for global init on every
/// distribution, so two clients created on two threads must not race into it. A Swift global
/// `let` is initialised lazily under `swift_once`, which gives exactly-once, thread-safe
/// initialisation; `curl_global_cleanup` is deliberately never called because other code in the
/// process (or a later client) may still use libcurl.
enum CurlGlobal {
    private static let initResult: Int32 = Int32(bitPattern: curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)

    /// Runs `curl_global_init` on first use and reports its failure as a typed error.
    static func ensureInitialized() throws(HTTPClientError) {
        let rc = initResult
        guard rc == Int32(bitPattern: CURLE_OK.rawValue) else {
            let reason = String(cString: curl_easy_strerror(CURLcode(UInt32(bitPattern: rc))))
            throw HTTPClientError(
                code: .invalidConfiguration,
                message: "libcurl could not be initialised (curl_global_init: \(reason))"
            )
        }
    }

    /// The linked libcurl and its TLS and HTTP/2 libraries, e.g.
    /// "libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 nghttp2/1.52.0", for diagnostics.
    static var version: String {
        guard let text = curl_version() else { return "libcurl (unknown version)" }
        return String(cString: text)
    }
}
