internal import COpenSSL

/// The application protocols a context may negotiate, in preference order, in both forms
/// OpenSSL needs: a list for the server's choice and the length-prefixed wire format
/// (`"\x02h2"`) the client offers.
final class ALPNPreferences: Sendable {
    /// Protocol names as bytes, most preferred first.
    let protocols: [[UInt8]]
    /// The ALPN wire format: each name preceded by its one-byte length.
    let wireFormat: [UInt8]

    /// Validates the names: at least one, each 1…255 bytes (the wire format's limits), and
    /// never `h2c`, which names cleartext HTTP/2 and must not be negotiated over TLS
    /// (RFC 9113 §3.2).
    init(_ names: [String]) throws(TLSError) {
        guard !names.isEmpty else {
            throw TLSError(code: .invalidConfiguration, message: "applicationProtocols is empty; use [\"h2\"]")
        }
        var protocols: [[UInt8]] = []
        var wire: [UInt8] = []
        for name in names {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw TLSError(
                    code: .invalidConfiguration,
                    message: "ALPN protocol name '\(name)' must be 1 to 255 bytes long"
                )
            }
            guard name != "h2c" else {
                throw TLSError(
                    code: .invalidConfiguration,
                    message: "'h2c' is cleartext HTTP/2 and cannot be negotiated over TLS; use 'h2'"
                )
            }
            protocols.append(bytes)
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        self.protocols = protocols
        self.wireFormat = wire
    }

    /// `http/1.1` as bytes: what a client without ALPN speaks.
    static let http11 = Array("http/1.1".utf8)

    /// Whether `name` is one of ours.
    func accepts(_ name: [UInt8]) -> Bool {
        protocols.contains(name)
    }

    /// The server's choice from the client's wire-format offer: our most preferred protocol
    /// that the client offered, as a range into `offer`; `nil` when there is no overlap or
    /// the offer is malformed (it comes from the network, so every length is checked).
    func select(from offer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var offered: [Range<Int>] = []
        var index = 0
        while index < offer.count {
            let length = Int(offer[index])
            let start = index + 1
            guard length > 0, start + length <= offer.count else { return nil }
            offered.append(start..<(start + length))
            index = start + length
        }
        for preferred in protocols {
            if let match = offered.first(where: { offer[$0].elementsEqual(preferred) }) {
                return match
            }
        }
        return nil
    }
}

/// `SSL_CTX_set_alpn_select_cb` callback. It only reads and records (no re-entry into
/// OpenSSL): it points `out` into the client's offer, which OpenSSL copies
/// (`alpn_selected = OPENSSL_memdup(selected, len)`) before `in` goes away.
///
/// With no overlap it returns `SSL_TLSEXT_ERR_ALERT_FATAL`, so the server sends the
/// `no_application_protocol` alert that RFC 7301 §3.2 requires ("the server SHALL respond
/// with a fatal 'no_application_protocol' alert"); a client offering only `http/1.1` then
/// learns why instead of talking HTTP/1.1 to an HTTP/2 server.
func alpnSelectCallback(
    _ ssl: OpaquePointer?,
    _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?,
    _ offer: UnsafePointer<UInt8>?,
    _ offerLength: UInt32,
    _ arg: UnsafeMutableRawPointer?
) -> Int32 {
    guard let out, let outLength, let offer, let arg else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    let preferences = Unmanaged<ALPNPreferences>.fromOpaque(arg).takeUnretainedValue()
    let buffer = UnsafeBufferPointer(start: offer, count: Int(offerLength))
    guard let range = preferences.select(from: buffer) else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    out.pointee = offer + range.lowerBound
    outLength.pointee = UInt8(range.count)
    return SSL_TLSEXT_ERR_OK
}
