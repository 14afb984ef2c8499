internal import COpenSSL

/// The choke point for OpenSSL failures: drains the calling thread's OpenSSL error queue into
/// Swift values and turns them into a ``TLSError`` that names the failing function.
///
/// OpenSSL keeps errors in a per-thread queue. Every failure path must drain it, otherwise a
/// stale entry is blamed for the next, unrelated failure (and `SSL_get_error` misreports).
struct OpenSSLErrorStack: Sendable, CustomStringConvertible {
    /// One queued error.
    struct Entry: Sendable {
        /// The packed error code (`ERR_GET_LIB`/`ERR_GET_REASON` pick it apart).
        let packed: UInt
        /// `"<library>: <reason>[: <extra data>]"`, e.g. "SSL routines: certificate verify failed".
        let text: String

        /// The OpenSSL library the error came from (`ERR_LIB_SSL`, `ERR_LIB_X509`, …).
        var library: Int32 { ERR_GET_LIB(packed) }
        /// The library-specific reason (`SSL_R_CERTIFICATE_VERIFY_FAILED`, …).
        var reason: Int32 { ERR_GET_REASON(packed) }
    }

    /// The entries, oldest first (the oldest is usually the root cause).
    let entries: [Entry]

    /// Removes every queued error of the calling thread and returns them.
    static func drain() -> OpenSSLErrorStack {
        var entries: [Entry] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let packed = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if packed == 0 { break }
            var text = ERR_lib_error_string(packed).map { String(cString: $0) } ?? "OpenSSL"
            let reason = ERR_reason_error_string(packed).map { String(cString: $0) }
            text += ": " + (reason ?? "error 0x" + String(packed, radix: 16))
            if flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 {
                text += " (" + String(cString: data) + ")"
            }
            entries.append(Entry(packed: packed, text: text))
            // A bounded loop: a corrupted queue must not spin forever.
            if entries.count >= 64 {
                ERR_clear_error()
                break
            }
        }
        return OpenSSLErrorStack(entries: entries)
    }

    /// Whether any entry has this library and reason.
    func contains(library: Int32, reason: Int32) -> Bool {
        entries.contains { $0.library == library && $0.reason == reason }
    }

    /// The entries joined with "; ", or "no OpenSSL error detail" when the queue was empty.
    var description: String {
        entries.isEmpty ? "no OpenSSL error detail" : entries.map(\.text).joined(separator: "; ")
    }

    /// Drains the queue and returns a ``TLSError`` whose message reads
    /// "`<what>` failed: <OpenSSL stack>".
    static func error(_ code: TLSError.Code, _ what: String) -> TLSError {
        TLSError(code: code, message: "\(what) failed: \(drain())")
    }
}

/// Checks the return value of an OpenSSL call that reports success as 1 (the common
/// convention), throwing a ``TLSError`` that names the function otherwise.
@inline(__always)
func openSSLCheck(_ result: Int32, _ function: String, code: TLSError.Code = .internal) throws(TLSError) {
    if result != 1 { throw OpenSSLErrorStack.error(code, function) }
}

/// Unwraps a pointer returned by an OpenSSL allocator or parser, throwing a ``TLSError`` that
/// names the function when it is `NULL`.
@inline(__always)
func openSSLNonNull<T>(_ pointer: T?, _ function: String, code: TLSError.Code = .internal) throws(TLSError) -> T {
    guard let pointer else { throw OpenSSLErrorStack.error(code, function) }
    return pointer
}
