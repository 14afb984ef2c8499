/// Why ``SMTPMailer`` could not hand a message to the relay, and whether trying again later can
/// help.
///
/// `message` is meant for a person: it names the relay (never credentials), says what went wrong
/// with the relay's own reply where there is one, and hints at what to check. It never contains
/// the password or the message's body.
///
/// ```swift
/// do {
///     try await mailer.send(message)
/// } catch where error.isTransient {
///     // queue it and try again later (the idempotency header lets the receiver drop a duplicate)
/// } catch {
///     logger.error("notification not sent", metadata: ["error": "\(error)"])
/// }
/// ```
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable, meant for `switch`.
    public let code: Code
    /// The relay's reply code for the refused step (e.g. 550, 451, 535), when the relay answered
    /// with a refusal; `nil` for failures before or outside a reply (connect, TLS, timeout).
    public let replyCode: Int?
    /// A sentence a person can act on; safe to log.
    public let message: String

    /// Creates an error; the mailer does this, fakes and tests may too.
    public init(code: Code, replyCode: Int? = nil, message: String) {
        self.code = code
        self.replyCode = replyCode
        self.message = message
    }

    /// Whether sending the same message later may succeed.
    ///
    /// A reply code decides when there is one: 4xx is transient, 5xx permanent (RFC 5321
    /// §4.2.1). Without one: timeouts, refused or dropped connections, DNS failures and TLS
    /// handshake failures are transient (the network or the relay is having a moment); an
    /// untrusted certificate, a relay without STARTTLS, bad configuration and an invalid message
    /// are permanent, because only a person changing something fixes them. Cancellation and
    /// shutdown are not transient: the caller chose to stop.
    public var isTransient: Bool {
        if let replyCode, (400..<600).contains(replyCode) { return replyCode < 500 }
        switch code {
        case .timeout, .couldNotConnect, .couldNotResolveHost, .tlsHandshake, .serverUnavailable, .transport: return true
        default: return false
        }
    }

    /// `code (reply): message`, safe to log.
    public var description: String {
        let reply = replyCode.map { " \($0)" } ?? ""
        return "\(code)\(reply) (\(isTransient ? "transient" : "permanent")): \(message)"
    }

    /// A failure category. A struct rather than an enum, so that adding a code is not a
    /// source-breaking change for callers that `switch` over it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidConfiguration, invalidMessage, timeout, couldNotConnect, couldNotResolveHost
            case tlsCertificate, tlsHandshake, tlsUnavailable, authenticationFailed
            case senderRejected, recipientRejected, messageRejected, serverUnavailable
            case transport, cancelled, shutdown
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The mailer's configuration cannot work (bad relay URL, unreadable CA file, cleartext
        /// to a host that is not loopback).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The message cannot be sent as it is (a line break in a header or address, an invalid
        /// address, no recipient); nothing was sent.
        public static let invalidMessage = Code(.invalidMessage)
        /// The connect timeout or the total timeout ran out.
        public static let timeout = Code(.timeout)
        /// The TCP connection to the relay was refused or unreachable; nothing was sent.
        public static let couldNotConnect = Code(.couldNotConnect)
        /// DNS did not resolve the relay's host name.
        public static let couldNotResolveHost = Code(.couldNotResolveHost)
        /// The relay's certificate was not trusted (wrong name, unknown issuer, expired) or the
        /// CA file could not be used.
        public static let tlsCertificate = Code(.tlsCertificate)
        /// The TLS handshake failed for another reason (protocol version, reset mid-handshake).
        public static let tlsHandshake = Code(.tlsHandshake)
        /// The relay does not offer STARTTLS (or refused it), and the mailer never falls back to
        /// cleartext.
        public static let tlsUnavailable = Code(.tlsUnavailable)
        /// AUTH failed: wrong credentials (535), or no mechanism both sides support.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// `MAIL FROM` was refused (the envelope sender is not allowed to relay, 451/550/553).
        public static let senderRejected = Code(.senderRejected)
        /// `RCPT TO` was refused for a recipient (unknown mailbox or domain, 550; try later, 450/451).
        public static let recipientRejected = Code(.recipientRejected)
        /// `DATA` or the message itself was refused (too big 552, content policy 554, try later 451).
        public static let messageRejected = Code(.messageRejected)
        /// The relay greeted with something other than 220 (421: busy or shutting down).
        public static let serverUnavailable = Code(.serverUnavailable)
        /// Any other network or protocol failure (connection dropped mid-session, garbage reply).
        public static let transport = Code(.transport)
        /// The calling task was cancelled; the session was aborted.
        public static let cancelled = Code(.cancelled)
        /// The mailer was shut down before the message was sent.
        public static let shutdown = Code(.shutdown)

        /// The code's name, e.g. `recipientRejected`.
        public var description: String { value.rawValue }
    }
}
