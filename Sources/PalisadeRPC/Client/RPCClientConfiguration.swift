import Foundation

/// Settings of an `RPCClient`.
public struct RPCClientConfiguration: Sendable {
    /// The server's host: a numeric address or `localhost`.
    public var host: String
    /// The server's port.
    public var port: Int
    /// TLS (with the CA to trust and, for mTLS, our certificate) or loopback cleartext.
    public var security: TransportSecurity
    /// The name the server certificate must carry; defaults to `host`. Also sent as SNI.
    public var serverName: String?
    /// The largest response message accepted.
    public var maxMessageSize = 4 << 20
    /// How long a TCP + TLS + HTTP/2 setup may take.
    public var connectTimeout: Duration = .seconds(5)
    /// Reconnection backoff after failed connects.
    public var backoff = Backoff()

    /// A configuration for `host:port`.
    public init(host: String, port: Int, security: TransportSecurity, serverName: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.serverName = serverName
    }

    /// Capped exponential backoff with jitter.
    public struct Backoff: Sendable {
        /// The first delay.
        public var initial: Duration = .milliseconds(100)
        /// The largest delay.
        public var maximum: Duration = .seconds(5)
        /// The growth per failure.
        public var multiplier: Double = 2
        /// The random spread, as a fraction of the delay (0.2 = ±20 %).
        public var jitter: Double = 0.2

        /// Default backoff: 100 ms doubling to 5 s, ±20 %.
        public init() {}

        /// The delay before the next attempt after `failures` consecutive failures (≥ 1).
        public func delay(afterFailures failures: Int) -> Duration {
            let base = initial.seconds * pow(multiplier, Double(max(0, failures - 1)))
            let capped = min(base, maximum.seconds)
            let spread = capped * jitter
            let value = max(0, capped + Double.random(in: -spread...spread))
            return .nanoseconds(Int64(value * 1e9))
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
