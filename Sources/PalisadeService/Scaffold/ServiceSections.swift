/// The keys every service's configuration file has: `listen`, `tls`, `log`, `metrics` and
/// `server`. A service's configuration decodes them with ``init(from:defaultPort:)`` next to
/// its own keys, from the same decoder.
public struct ServiceSections: Sendable, Hashable {
    /// Where the RPC service (and `GET /metrics`) listens.
    public var listen: ListenAddress
    /// Our certificate, key and the mesh CA (server, and client identity towards peers), or
    /// `plaintext` on loopback.
    public var tls: TLSFiles
    /// Log level and line format.
    public var log: LogSection
    /// The optional plain HTTP/1.1 metrics listener.
    public var metrics: MetricsSection
    /// The RPC server's limits.
    public var server: ServerSection

    /// Makes the sections from parts (tests); the file is the usual way.
    public init(
        listen: ListenAddress, tls: TLSFiles, log: LogSection = LogSection(), metrics: MetricsSection = MetricsSection(),
        server: ServerSection = ServerSection()
    ) {
        self.listen = listen
        self.tls = tls
        self.log = log
        self.metrics = metrics
        self.server = server
    }

    private enum CodingKeys: String, CodingKey { case listen, tls, log, metrics, server }

    /// Decodes the shared keys of a configuration; `tls` is required, `listen` defaults to
    /// `127.0.0.1:<defaultPort>`, the other sections to their defaults. The service's own keys
    /// are left to its own container (unknown keys are still refused: the loader checks every
    /// key of the file was read by someone).
    public init(from decoder: any Decoder, defaultPort: Int) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaultListen = try ListenAddress(host: "127.0.0.1", port: defaultPort)
        listen = try container.decode(forKey: .listen, default: defaultListen)
        tls = try container.decode(TLSFiles.self, forKey: .tls)
        log = try container.decode(forKey: .log, default: LogSection())
        metrics = try container.decode(forKey: .metrics, default: MetricsSection())
        server = try container.decode(forKey: .server, default: ServerSection())
    }
}
