import PalisadeRPC

/// `server:` the RPC server's limits, for the rare deployment that must change them. Every key
/// is optional (the synthesized decoding leaves an absent one nil); an absent key keeps
/// `RPCServerConfiguration`'s default (documented in `Protocol/README.md` §5, where each
/// limit's reason is given). Unknown keys are refused by `ConfigLoader`, as everywhere.
///
/// ```yaml
/// server:
///   maxConnections: 10000
///   maxConcurrentStreams: 100
///   maxMessageBytes: 4194304
///   memoryBudgetBytes: 268435456
///   idleTimeoutSeconds: 60
/// ```
public struct ServerSection: Decodable, Sendable, Hashable {
    /// The largest request message accepted.
    public var maxMessageBytes: Int?
    /// Calls in flight per connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
    public var maxConcurrentStreams: Int?
    /// The largest request header list.
    public var maxHeaderListBytes: Int?
    /// Connections served at once.
    public var maxConnections: Int?
    /// Bytes the whole server may hold for its peers (requests not yet handled, responses not
    /// yet written).
    public var memoryBudgetBytes: Int?
    /// Bytes one connection may hold in unfinished request messages.
    public var connectionInboundBytes: Int?
    /// Response bytes one connection's handlers may queue before they wait.
    public var connectionOutboundBytes: Int?
    /// Seconds a connection without calls stays open.
    public var idleTimeoutSeconds: Int?
    /// Seconds a new connection has to start its first call.
    public var firstRequestTimeoutSeconds: Int?
    /// Seconds in-flight calls may run after shutdown begins.
    public var shutdownGraceSeconds: Int?
    /// Event loop threads (default: one per core).
    public var eventLoops: Int?
    /// Streams a connection may throw away at once before it is closed (Rapid Reset).
    public var streamResetBurst: Int?
    /// Streams per second a connection may throw away in the long run.
    public var streamResetPerSecond: Int?

    /// Every limit at its default.
    public init() {}

    /// Checks each given value is in a range that leaves the server working: a limit of zero
    /// would refuse everything, and one past these bounds would stop bounding anything.
    public func validate() throws(ConfigError) {
        let mib = 1 << 20
        let checks: [(Int?, ClosedRange<Int>, String)] = [
            (maxMessageBytes, 1_024...(256 * mib), "maxMessageBytes"),
            (maxConcurrentStreams, 1...10_000, "maxConcurrentStreams"),
            (maxHeaderListBytes, 1_024...(1 * mib), "maxHeaderListBytes"),
            (maxConnections, 1...1_000_000, "maxConnections"),
            (memoryBudgetBytes, (1 * mib)...(64 * 1_024 * mib), "memoryBudgetBytes"),
            (connectionInboundBytes, (64 * 1_024)...(1_024 * mib), "connectionInboundBytes"),
            (connectionOutboundBytes, (16 * 1_024)...(1_024 * mib), "connectionOutboundBytes"),
            (idleTimeoutSeconds, 1...86_400, "idleTimeoutSeconds"),
            (firstRequestTimeoutSeconds, 1...3_600, "firstRequestTimeoutSeconds"),
            (shutdownGraceSeconds, 0...3_600, "shutdownGraceSeconds"),
            (eventLoops, 1...256, "eventLoops"),
            (streamResetBurst, 1...1_000_000, "streamResetBurst"),
            (streamResetPerSecond, 1...1_000_000, "streamResetPerSecond"),
        ]
        for (value, range, key) in checks {
            guard let value, !range.contains(value) else { continue }
            throw ConfigError(
                code: .invalidValue,
                message: "'server.\(key)' is \(value); expected \(range.lowerBound)…\(range.upperBound)")
        }
    }

    /// Applies the given limits to `configuration`, keeping its defaults for the rest.
    public func apply(to configuration: inout RPCServerConfiguration) {
        if let maxMessageBytes { configuration.maxMessageSize = maxMessageBytes }
        if let maxConcurrentStreams { configuration.maxConcurrentStreams = UInt32(maxConcurrentStreams) }
        if let maxHeaderListBytes { configuration.maxHeaderListSize = UInt32(maxHeaderListBytes) }
        if let maxConnections { configuration.maxConnections = maxConnections }
        if let memoryBudgetBytes { configuration.memoryBudget = memoryBudgetBytes }
        if let connectionInboundBytes { configuration.connectionInboundLimit = connectionInboundBytes }
        if let connectionOutboundBytes { configuration.connectionOutboundLimit = connectionOutboundBytes }
        if let idleTimeoutSeconds { configuration.idleTimeout = .seconds(idleTimeoutSeconds) }
        if let firstRequestTimeoutSeconds { configuration.firstRequestTimeout = .seconds(firstRequestTimeoutSeconds) }
        if let shutdownGraceSeconds { configuration.shutdownGracePeriod = .seconds(shutdownGraceSeconds) }
        if let eventLoops { configuration.eventLoopCount = eventLoops }
        if let streamResetBurst { configuration.streamResetLimit.burst = streamResetBurst }
        if let streamResetPerSecond { configuration.streamResetLimit.perSecond = streamResetPerSecond }
    }
}
