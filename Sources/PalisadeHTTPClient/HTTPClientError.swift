/// Why ``HTTPClient`` could not produce a response.
///
/// `message` is meant for a person: it names the method and the URL (never its query string or
/// credentials, which can hold tokens), says what went wrong in curl's own words where it has
/// them, and hints at what to check. It never contains header values or bodies.
///
/// ```swift
/// do {
///     let response = try await client.send(request)
/// } catch where error.code == .timeout {
///     // try later
/// }
/// ```
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable, meant for `switch` and retry decisions.
    public let code: Code
    /// A sentence a person can act on; safe to log.
    public let message: String

    /// Creates an error; the client does this, fakes and tests may too.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`, safe to log.
    public var description: String { "\(code): \(message)" }

    /// A failure category. A struct rather than an enum, so that adding a code is not a
    /// source-breaking change for callers that `switch` over it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case timeout, couldNotConnect, couldNotResolveHost, tlsCertificate, tlsHandshake
            case tooManyRedirects, responseTooLarge, invalidURL, invalidRequest, invalidConfiguration
            case cancelled, shutdown, transport
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The request's `timeout` (or the connect timeout) ran out.
        public static let timeout = Code(.timeout)
        /// The TCP connection (to the server or the proxy) was refused or unreachable.
        /// Nothing was sent, so retrying is safe.
        public static let couldNotConnect = Code(.couldNotConnect)
        /// DNS did not resolve the host (or the proxy). Nothing was sent.
        public static let couldNotResolveHost = Code(.couldNotResolveHost)
        /// The server's certificate was not trusted (expired, wrong name, unknown issuer) or the
        /// CA file could not be used.
        public static let tlsCertificate = Code(.tlsCertificate)
        /// The TLS handshake failed for another reason (protocol version, cipher, reset).
        public static let tlsHandshake = Code(.tlsHandshake)
        /// Redirects were being followed and there were too many.
        public static let tooManyRedirects = Code(.tooManyRedirects)
        /// The response was larger than `Configuration.maxResponseSize`.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The URL is malformed or its scheme is not `http`/`https`.
        public static let invalidURL = Code(.invalidURL)
        /// The method or a header is not valid on the wire (e.g. contains a line break).
        public static let invalidRequest = Code(.invalidRequest)
        /// The client's configuration cannot work (e.g. the CA file does not exist).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The calling task was cancelled; the transfer was aborted.
        public static let cancelled = Code(.cancelled)
        /// The client was shut down before the request completed.
        public static let shutdown = Code(.shutdown)
        /// Any other network or protocol failure (connection reset, malformed response, ...).
        public static let transport = Code(.transport)

        /// The code's name, e.g. `timeout`.
        public var description: String { value.rawValue }
    }
}
