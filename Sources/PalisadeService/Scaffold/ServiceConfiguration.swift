/// What every service's configuration file has, so that `ServiceMain` and `ServiceHost` can
/// load, check and serve it: the RPC address, TLS files, logging, metrics and server limits.
///
/// A service adds its own keys (its database, its peers) and checks them in `validate()`,
/// calling ``validateServiceSections()`` for the shared ones.
public protocol ServiceConfiguration: Decodable, Sendable, ValidatableConfig {
    /// The environment prefix of overrides, e.g. `PALISADE_CONNECTOR` for
    /// `PALISADE_CONNECTOR_SYNC__PAGE_SIZE=500`.
    static var environmentPrefix: String { get }
    /// Where the RPC service (and `GET /metrics`) listens.
    var listen: ListenAddress { get }
    /// Our certificate, key and the mesh CA (server, and client identity towards peers), or
    /// `plaintext` on loopback.
    var tls: TLSFiles { get }
    /// Log level and line format.
    var log: LogSection { get }
    /// The optional plain HTTP/1.1 metrics listener.
    var metrics: MetricsSection { get }
    /// The RPC server's limits.
    var server: ServerSection { get }
}

extension ServiceConfiguration {
    /// Checks the shared sections: TLS files readable (or cleartext on loopback only), the
    /// metrics listener on a port of its own, server limits in range.
    public func validateServiceSections() throws(ConfigError) {
        try tls.validate(address: listen)
        try metrics.validate(rpcListen: listen)
        try server.validate()
    }
}
