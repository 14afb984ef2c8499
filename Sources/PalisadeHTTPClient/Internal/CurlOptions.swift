internal import CCurl

/// Typed `curl_easy_setopt` calls with one failure path.
///
/// `curl_easy_setopt` is variadic, so Swift goes through `CCurl_setopt_*` in the shim. Every
/// call is checked: a rejected option means this libcurl cannot do what we promise (for example
/// `CURLOPT_PROTOCOLS_STR` needs 7.85), and silently continuing would weaken the transfer.
struct CurlOptions {
    let easy: UnsafeMutableRawPointer
    /// "METHOD redacted-url", for messages.
    let subject: String

    func set(_ option: CURLoption, _ value: Int, _ name: String) throws(HTTPClientError) {
        try check(CCurl_setopt_long(easy, option, value), name)
    }

    /// Strings are copied by libcurl (since 7.17), so a temporary C string is enough.
    func set(_ option: CURLoption, _ value: String, _ name: String) throws(HTTPClientError) {
        let rc = value.withCString { CCurl_setopt_ptr(easy, option, $0) }
        try check(rc, name)
    }

    func set(_ option: CURLoption, pointer: UnsafeRawPointer?, _ name: String) throws(HTTPClientError) {
        try check(CCurl_setopt_ptr(easy, option, pointer), name)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?, _ name: String) throws(HTTPClientError) {
        try check(CCurl_setopt_ptr(easy, option, pointer.map(UnsafeRawPointer.init)), name)
    }

    func set(_ option: CURLoption, offset: Int64, _ name: String) throws(HTTPClientError) {
        try check(CCurl_setopt_off(easy, option, curl_off_t(offset)), name)
    }

    func setCallback(
        _ option: CURLoption,
        _ callback: CurlDataCallback,
        _ name: String
    ) throws(HTTPClientError) {
        try check(CCurl_setopt_write(easy, option, callback), name)
    }

    /// Sets a binary-safe body. The size must be set before `CURLOPT_COPYPOSTFIELDS`, which then
    /// copies exactly that many bytes, so curl never reads Swift memory after this returns.
    func setBody(_ body: [UInt8]) throws(HTTPClientError) {
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count), "CURLOPT_POSTFIELDSIZE_LARGE")
        let rc: CURLcode = body.withUnsafeBufferPointer { buffer in
            // curl treats a NULL COPYPOSTFIELDS as "no body at all"; an empty body needs a real pointer.
            var empty: UInt8 = 0
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return withUnsafePointer(to: &empty) { CCurl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0) }
            }
            return CCurl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, base)
        }
        try check(rc, "CURLOPT_COPYPOSTFIELDS")
    }

    /// Builds the request header list and installs it; the caller owns the returned list and
    /// must keep it alive as long as the handle.
    ///
    /// Two curl defaults are switched off unless the caller set them explicitly: `Expect:
    /// 100-continue` (costs a round trip, and some servers never answer it) and the
    /// `application/x-www-form-urlencoded` content type curl assumes for POSTFIELDS bodies.
    func setHeaders(_ headers: HTTPHeaders, hasBody: Bool) throws(HTTPClientError) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = headers.map { field in
            // "Name;" is curl's spelling for a header with an empty value; "Name:" would remove it.
            field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
        }
        if !headers.contains(name: "Expect") { lines.append("Expect:") }
        if hasBody && !headers.contains(name: "Content-Type") { lines.append("Content-Type:") }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines {
            guard let extended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPClientError(code: .transport, message: "\(subject): curl_slist_append failed (out of memory?)")
            }
            list = extended
        }
        let rc = CCurl_setopt_ptr(easy, CURLOPT_HTTPHEADER, UnsafeRawPointer(list))
        guard rc == CURLE_OK else {
            curl_slist_free_all(list)
            throw HTTPClientError.setupFailed(rc, option: "CURLOPT_HTTPHEADER", subject: subject)
        }
        return list
    }

    private func check(_ rc: CURLcode, _ name: String) throws(HTTPClientError) {
        guard rc == CURLE_OK else { throw HTTPClientError.setupFailed(rc, option: name, subject: subject) }
    }
}
