/// What every service's configuration file has, so that `ServiceMain` and `ServiceHost` can
/// load, check and serve it: the shared sections (`listen`, `tls`, `log`, `metrics`,
/// `server`) and an environment prefix.
///
/// A service adds its own keys (its database, its peers) and checks them in `validate()`,
/// calling ``validateServiceSections()`` for the shared ones:
///
/// ```swift
/// struct SampleConfiguration: ServiceConfiguration {
///     static let environmentPrefix = "PALISADE_SAMPLE"
///     var sections: ServiceSections
///     var database: String
///     init(from decoder: any Decoder) throws {
///         sections = try ServiceSections(from: decoder, defaultPort: 7199)
///         database = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .database)
///     }
///     private enum CodingKeys: String, CodingKey { case database }
///     func validate() throws(ConfigError) {
///         try validateServiceSections()
///         try checkCreatableFile(database, key: "database")
///     }
/// }
/// ```
public protocol ServiceConfiguration: Decodable, Sendable, ValidatableConfig {
    /// The environment prefix of overrides, e.g. `PALISADE_CONNECTOR` for
    /// `PALISADE_CONNECTOR_SYNC__PAGE_SIZE=500`.
    static var environmentPrefix: String { get }
    /// The shared keys.
    var sections: ServiceSections { get set }
}

extension ServiceConfiguration {
    /// Where the RPC service (and `GET /metrics`) listens.
    public var listen: ListenAddress { sections.listen }
    /// Our TLS files, or `plaintext` on loopback.
    public var tls: TLSFiles { sections.tls }
    /// Log level and line format.
    public var log: LogSection { sections.log }
    /// The optional plain HTTP/1.1 metrics listener.
    public var metrics: MetricsSection { sections.metrics }
    /// The RPC server's limits.
    public var server: ServerSection { sections.server }

    /// Checks the shared sections: TLS files readable (or cleartext on loopback only), the
    /// metrics listener on a port of its own, server limits in range.
    public func validateServiceSections() throws(ConfigError) {
        try tls.validate(address: listen)
        try metrics.validate(rpcListen: listen)
        try server.validate()
    }
}
