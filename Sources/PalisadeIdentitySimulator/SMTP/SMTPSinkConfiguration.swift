import PalisadeTLS

/// What an ``SMTPSink`` offers, requires and bounds.
///
/// The defaults are a permissive local sink: any recipient, no TLS, no AUTH. Give it a
/// ``tls`` context to offer STARTTLS, ``users`` to require AUTH, ``requireTLS`` to refuse mail
/// before STARTTLS. The bounds keep a misbehaving client from holding unbounded memory or a
/// thread for long.
///
/// ```swift
/// var configuration = SMTPSinkConfiguration()
/// configuration.tls = try TLSContext(server: pki.serverConfiguration(clientCertificate: .none))
/// configuration.users = ["palisade": "s3cret"]
/// configuration.requireTLS = true
/// let sink = try SMTPSink(configuration: configuration)
/// ```
public struct SMTPSinkConfiguration: Sendable {
    /// The address to listen on (an IPv4 or IPv6 literal, or `localhost`).
    public var host: String
    /// The port; 0 picks a free one (see ``SMTPSink/port``).
    public var port: Int
    /// The name the sink gives in its greeting and EHLO reply.
    public var hostname: String
    /// The server side of STARTTLS; `nil` does not offer it. A TLS server context built with
    /// ``TLSConfiguration/server(certificateChain:privateKey:trustRoots:clientCertificate:)``
    /// works: SMTP clients offer no ALPN, which such a context accepts.
    public var tls: TLSContext?
    /// Speaks TLS from the first byte (`smtps://`, port 465 style, RFC 8314) instead of offering
    /// STARTTLS; needs ``tls``.
    public var implicitTLS: Bool
    /// Accounts for AUTH PLAIN and LOGIN, user name to password. Non-empty: AUTH is advertised
    /// and required before MAIL (530), and wrong credentials get 535.
    public var users: [String: String]
    /// Refuses MAIL (and AUTH) before STARTTLS with 530.
    public var requireTLS: Bool
    /// Recipient domains accepted (case-insensitive); others get 550. Empty accepts any.
    public var acceptedDomains: [String]
    /// The longest line, command or message text, without its CRLF; longer ones get 500.
    /// RFC 5321 §4.5.3.1.6 allows 998 in message text.
    public var maxLineLength: Int
    /// The largest message (DATA bytes after unstuffing), advertised as SIZE; larger get 552.
    public var maxMessageSize: Int
    /// Recipients per message; more get 452.
    public var maxRecipients: Int
    /// Connections at once; more are greeted with 421 and closed.
    public var maxConnections: Int
    /// How long the sink waits for a client's next line (or TLS handshake) before 421 and close.
    public var idleTimeout: Duration
    /// Messages kept for inspection; the oldest are dropped beyond this.
    public var maxStoredMessages: Int
    /// Bytes of message data kept for inspection; the oldest messages are dropped beyond this.
    public var maxStoredBytes: Int
    /// Faults active from the start (more can be injected with ``SMTPSink/inject(_:)``).
    public var faults: [SMTPSinkFault]

    /// A local sink with the default bounds.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        hostname: String = "smtp.palisade-sim.test",
        tls: TLSContext? = nil,
        implicitTLS: Bool = false,
        users: [String: String] = [:],
        requireTLS: Bool = false,
        acceptedDomains: [String] = [],
        maxLineLength: Int = 998,
        maxMessageSize: Int = 10 << 20,
        maxRecipients: Int = 100,
        maxConnections: Int = 32,
        idleTimeout: Duration = .seconds(30),
        maxStoredMessages: Int = 1000,
        maxStoredBytes: Int = 64 << 20,
        faults: [SMTPSinkFault] = []
    ) {
        self.host = host
        self.port = port
        self.hostname = hostname
        self.tls = tls
        self.implicitTLS = implicitTLS
        self.users = users
        self.requireTLS = requireTLS
        self.acceptedDomains = acceptedDomains
        self.maxLineLength = maxLineLength
        self.maxMessageSize = maxMessageSize
        self.maxRecipients = maxRecipients
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.maxStoredMessages = maxStoredMessages
        self.maxStoredBytes = maxStoredBytes
        self.faults = faults
    }
}
