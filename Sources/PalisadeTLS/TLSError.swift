/// An error from the TLS layer or the certificate authority.
///
/// `code` is stable and meant for programs (retry or not, which status to report);
/// `message` is meant for a person: it says what failed and, where OpenSSL had something
/// to say, includes the drained OpenSSL error stack and the certificate verification
/// result (for example "certificate has expired").
///
/// ```swift
/// do { _ = try connection.handshake() }
/// catch let error where error.code == .hostnameMismatch { log(error.message) }
/// ```
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare against the `static let`s of ``Code``.
    public let code: Code
    /// A sentence a person can act on, including OpenSSL's own explanation when there is one.
    public let message: String

    /// Makes an error from a code and a human-readable message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `"<code>: <message>"`.
    public var description: String { "TLSError.\(code.rawValue): \(message)" }

    /// The kind of a ``TLSError``. A struct rather than an enum so that new codes are not an
    /// API break for code that switches over them.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, for logs and metrics.
        public let rawValue: String

        /// Makes a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The code's name.
        public var description: String { rawValue }

        /// The TLS handshake failed for a reason not covered by a more specific code.
        public static let handshakeFailed = Code(rawValue: "handshakeFailed")
        /// The peer's certificate chain did not verify (untrusted issuer, expired, wrong usage…).
        public static let certificateVerifyFailed = Code(rawValue: "certificateVerifyFailed")
        /// The server's certificate is valid but not for the name or IP address we dialled.
        public static let hostnameMismatch = Code(rawValue: "hostnameMismatch")
        /// The server requires a client certificate and none was sent.
        public static let peerCertificateRequired = Code(rawValue: "peerCertificateRequired")
        /// The peers did not agree on the application protocol `h2` (ALPN).
        public static let noALPN = Code(rawValue: "noALPN")
        /// The configuration is inconsistent or a certificate/key could not be used.
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// A certificate, key or trust-bundle file could not be read (or written).
        public static let fileNotReadable = Code(rawValue: "fileNotReadable")
        /// The peer sent bytes that are not valid TLS, or the connection was used out of order.
        public static let protocolError = Code(rawValue: "protocolError")
        /// The connection has been closed; no more application data can be sent.
        public static let closed = Code(rawValue: "closed")
        /// OpenSSL failed in a way that points at a bug or resource exhaustion.
        public static let `internal` = Code(rawValue: "internal")
        /// A sealed secret did not open: wrong key file, or the stored value was altered.
        public static let secretUnreadable = Code(rawValue: "secretUnreadable")
    }
}
