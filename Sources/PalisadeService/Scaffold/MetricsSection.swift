/// `metrics:` a plain HTTP/1.1 listener for Prometheus, besides `GET /metrics` on the RPC
/// port (which speaks HTTP/2 only, and so cannot be scraped by Prometheus when plaintext).
///
/// ```yaml
/// metrics:
///   listen: 127.0.0.1:9101
/// ```
public struct MetricsSection: Decodable, Sendable, Hashable {
    /// Where `GET /metrics` is served over HTTP/1.1, or nil (the default) for no such
    /// listener. Cleartext and unauthenticated, like any exporter's.
    public var listen: ListenAddress?

    /// No metrics listener unless `listen` is given.
    public init(listen: ListenAddress? = nil) {
        self.listen = listen
    }

    private enum CodingKeys: String, CodingKey { case listen }

    /// Decodes; `listen` is optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listen = try container.decodeIfPresent(ListenAddress.self, forKey: .listen)
    }

    /// The metrics listener cannot share the RPC server's port: the second bind would fail at
    /// start-up, and saying so now lets `--check-config` catch it.
    public func validate(rpcListen listen: ListenAddress) throws(ConfigError) {
        guard let metricsListen = self.listen, metricsListen.port != 0, metricsListen.port == listen.port else { return }
        let overlapping =
            metricsListen.host.lowercased() == listen.host.lowercased()
            || metricsListen.isAllInterfaces || listen.isAllInterfaces
            || (metricsListen.isLoopback && listen.isLoopback)
        guard overlapping else { return }
        throw ConfigError(
            code: .invalidValue,
            message: "'metrics.listen' is \(metricsListen), the port of 'listen' (\(listen)); "
                + "the metrics listener needs a port of its own, e.g. 127.0.0.1:9101")
    }
}
