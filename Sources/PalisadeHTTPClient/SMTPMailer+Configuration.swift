import Foundation

extension SMTPMailer {
    /// Where and how a mailer hands messages to its relay.
    ///
    /// The relay URL decides the transport: `smtp://host:port` (usually 587) upgrades with
    /// STARTTLS and refuses a relay that does not offer it, `smtps://host:port` (usually 465)
    /// speaks TLS from the first byte. Cleartext needs ``allowCleartextOnLoopback`` and a loopback
    /// relay, for a local sink in development; mail never crosses a network in cleartext.
    ///
    /// ```swift
    /// var configuration = SMTPMailer.Configuration(relay: "smtp://mail.corp.example:587", sender: "palisade@corp.example")
    /// configuration.credentials = .init(username: "palisade", password: secret)
    /// let mailer = try SMTPMailer(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// `smtp://host[:port]` (STARTTLS) or `smtps://host[:port]` (implicit TLS); no user
        /// info, path or query. The port defaults to 25 and 465.
        public var relay: String
        /// The envelope sender (`MAIL FROM`), where bounces go; usually the `From` address.
        public var sender: String
        /// A PEM file of CA certificates to trust instead of the system trust store; `nil` uses
        /// the system store. Checked when the mailer is created.
        public var caFile: String?
        /// AUTH credentials; `nil` sends without authenticating.
        public var credentials: Credentials?
        /// The limit for the TCP connection and the TLS handshake.
        public var connectTimeout: Duration
        /// The limit for a whole session: connect, greeting, STARTTLS, AUTH, the message, QUIT.
        public var timeout: Duration
        /// The name this machine gives in `EHLO`; `nil` lets curl choose.
        public var heloName: String?
        /// Allows an `smtp://` relay on a loopback address (`localhost`, `127.0.0.0/8`, `::1`)
        /// to be used without TLS when it does not offer STARTTLS. Any other host is refused
        /// at creation.
        public var allowCleartextOnLoopback: Bool

        /// Creates a configuration; production defaults for everything but the relay and sender.
        public init(
            relay: String,
            sender: String,
            caFile: String? = nil,
            credentials: Credentials? = nil,
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(60),
            heloName: String? = nil,
            allowCleartextOnLoopback: Bool = false
        ) {
            self.relay = relay
            self.sender = sender
            self.caFile = caFile
            self.credentials = credentials
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.heloName = heloName
            self.allowCleartextOnLoopback = allowCleartextOnLoopback
        }
    }

    /// A user name and password for SMTP AUTH (PLAIN or LOGIN, whichever the relay offers;
    /// curl prefers the strongest it knows). A relay that advertises no AUTH at all is sent to
    /// without authenticating (curl's behaviour): it is the relay that decides whether it relays.
    public struct Credentials: Sendable, CustomStringConvertible {
        /// The user name.
        public var username: String
        /// The password; never logged or put into an error.
        public var password: String

        /// Names the credentials.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// The user name only.
        public var description: String { "\(username) (password redacted)" }
    }

    /// A parsed, checked relay URL.
    struct Relay: Sendable, CustomStringConvertible {
        /// `smtp` or `smtps`.
        let scheme: String
        /// The host as curl wants it in a URL (IPv6 literals in brackets).
        let host: String
        let port: Int
        var implicitTLS: Bool { scheme == "smtps" }
        var description: String { "\(scheme)://\(host):\(port)" }

        /// Whether the host is this machine: a name or address that cannot leave it.
        var isLoopback: Bool {
            let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
            if bare == "localhost" || bare == "::1" { return true }
            let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        }

        init(_ url: String) throws(SMTPError) {
            func invalid(_ why: String) -> SMTPError {
                SMTPError(
                    code: .invalidConfiguration,
                    message: "relay \(RedactedURL(url)) \(why); use smtp://host:port (STARTTLS) or smtps://host:port (TLS)")
            }
            guard !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }),
                let components = URLComponents(string: url),
                let scheme = components.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps"
            else { throw invalid("is not an smtp:// or smtps:// URL") }
            guard let host = components.host, !host.isEmpty else { throw invalid("has no host") }
            guard components.user == nil, components.password == nil else {
                throw invalid("must not carry credentials (set Configuration.credentials)")
            }
            guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil
            else { throw invalid("must not have a path or query (set Configuration.heloName for EHLO)") }
            let port = components.port ?? (scheme == "smtps" ? 465 : 25)
            guard (1...65_535).contains(port) else { throw invalid("has an invalid port") }
            self.scheme = scheme
            self.host = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            self.port = port
        }
    }
}
