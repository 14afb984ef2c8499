extension HTTPClient {
    /// Settings shared by every request a client sends.
    ///
    /// The defaults suit the production APIs (Slack, Microsoft Graph, Okta): system trust store,
    /// proxy from the environment, HTTP/2 when the server offers it, no redirects (these APIs
    /// do not redirect API calls, and following one could forward a request to an unexpected
    /// host).
    ///
    /// ```swift
    /// var configuration = HTTPClient.Configuration()
    /// configuration.caFile = "/etc/palisade/simulator-ca.pem"  // tests against the simulators
    /// let client = try HTTPClient(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// A PEM file of CA certificates to trust instead of the system trust store; `nil` uses
        /// the system store. Checked when the client is created.
        public var caFile: String?
        /// The limit for establishing a connection (TCP, proxy and TLS handshake).
        public var connectTimeout: Duration
        /// The largest response (headers plus decoded body) accepted; larger ones fail with
        /// `.responseTooLarge` instead of exhausting memory.
        public var maxResponseSize: Int
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String
        /// Whether 3xx responses are followed (up to ``maxRedirects``). curl does not forward
        /// `Authorization` or `Cookie` headers to another host when it does.
        public var followRedirects: Bool
        /// The redirect limit when ``followRedirects`` is on.
        public var maxRedirects: Int
        /// Where to find a proxy; by default the standard environment variables.
        public var proxy: Proxy
        /// Whether HTTP/2 is offered to https servers through ALPN; cleartext http always uses
        /// HTTP/1.1.
        public var allowHTTP2: Bool
        /// A certificate to present when a server asks for one (mutual TLS, e.g. a Palisade
        /// service's port); `nil` presents none. Checked when the client is created.
        public var clientCertificate: ClientCertificate?

        /// Creates a configuration; every parameter has a production default.
        public init(
            caFile: String? = nil,
            connectTimeout: Duration = .seconds(10),
            maxResponseSize: Int = 64 * 1024 * 1024,
            userAgent: String = "palisade/0.1",
            followRedirects: Bool = false,
            maxRedirects: Int = 5,
            proxy: Proxy = .environment,
            allowHTTP2: Bool = true,
            clientCertificate: ClientCertificate? = nil
        ) {
            self.caFile = caFile
            self.connectTimeout = connectTimeout
            self.maxResponseSize = maxResponseSize
            self.userAgent = userAgent
            self.followRedirects = followRedirects
            self.maxRedirects = maxRedirects
            self.proxy = proxy
            self.allowHTTP2 = allowHTTP2
            self.clientCertificate = clientCertificate
        }
    }

    /// A client certificate and its private key, as PEM files (a chain may follow the
    /// certificate in its file). Paths rather than PEM text because that is how certificates
    /// are configured everywhere else, and libcurl reads them on each new connection.
    public struct ClientCertificate: Sendable, Hashable {
        /// The certificate (PEM), optionally followed by intermediates.
        public var certificateFile: String
        /// Its private key (PEM, unencrypted).
        public var keyFile: String

        /// Names the two files.
        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    /// How requests reach a proxy.
    public struct Proxy: Sendable, CustomStringConvertible {
        enum Kind: Sendable {
            case environment, direct
            case url(String)
        }

        let kind: Kind

        /// `https_proxy`, `http_proxy`, `all_proxy` and `no_proxy` as curl reads them.
        public static let environment = Proxy(kind: .environment)
        /// Connect directly, whatever the environment says.
        public static let direct = Proxy(kind: .direct)
        /// Always use this proxy, e.g. `http://proxy.corp:3128`.
        public static func url(_ url: String) -> Proxy { Proxy(kind: .url(url)) }

        /// The proxy without credentials, safe to log.
        public var description: String {
            switch kind {
            case .environment: "environment"
            case .direct: "direct"
            case .url(let url): RedactedURL(url).description
            }
        }
    }
}
