import Glibc
import PalisadeTLS
import PalisadeWire

/// How a server or client protects its connections.
public enum TransportSecurity: Sendable {
    /// TLS 1.2+ with ALPN `h2`; the context says whether client certificates are required.
    case tls(TLSContext)
    /// Cleartext HTTP/2 (h2c, prior knowledge). Only on loopback addresses: for tests,
    /// benchmarks and local tools, never between machines.
    case plaintext
}

/// Where a server runs its handlers.
public enum HandlerExecution: Sendable, Hashable {
    /// On the connection's event loop thread (the loop is the tasks' executor): parsing, the
    /// handler and serialising the response happen with no thread hop. Handlers must then never
    /// block the thread (no blocking I/O, no long CPU work without `await`); work like that
    /// belongs on another executor, e.g. in a `Task.detached`.
    case eventLoop
    /// On Swift's global concurrent executor: handlers may be CPU-heavy, at the cost of two
    /// thread hops per call.
    case globalPool
}

/// Settings of an `RPCServer`.
public struct RPCServerConfiguration: Sendable {
    /// The address to listen on (`0.0.0.0`, `::`, `127.0.0.1`; empty = every IPv4 interface).
    public var host: String
    /// The port (0 = any free port; read it back from `RPCServer.localAddress`).
    public var port: Int
    /// TLS or (loopback-only) cleartext.
    public var security: TransportSecurity
    /// The largest request message accepted; larger ones get `RESOURCE_EXHAUSTED` before they
    /// are buffered.
    public var maxMessageSize = 4 << 20
    /// HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS: calls in flight per connection.
    public var maxConcurrentStreams: UInt32 = 100
    /// HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE; bigger request headers get `RESOURCE_EXHAUSTED`.
    public var maxHeaderListSize: UInt32 = 16 << 10
    /// How often an idle connection is pinged; an unanswered ping closes it. nil = never.
    public var keepaliveInterval: Duration? = .seconds(60)
    /// A connection with no call in flight for this long is closed (GOAWAY NO_ERROR).
    public var idleTimeout: Duration = .seconds(60)
    /// A connection that has not started its first call within this long (from the end of
    /// the handshake) is closed: connecting costs a client little and holds a descriptor here.
    public var firstRequestTimeout: Duration = .seconds(10)
    /// Connections served at once. The effective cap is also kept `descriptorReserve` below the
    /// process's descriptor limit (`ulimit -n`). At the cap, a new connection evicts the
    /// connection idle the longest (those that never made a request first), or is closed at
    /// once when every connection is busy.
    public var maxConnections = 10_000
    /// Descriptors kept free for everything else the process opens (its database, log files,
    /// outbound HTTPS, `accept` itself).
    public var descriptorReserve = 64
    /// Bytes the whole server may hold for its peers: requests received and not yet handled,
    /// responses queued and not yet written. Past it, new calls are answered
    /// `RESOURCE_EXHAUSTED` and responses wait; calls already running go on.
    public var memoryBudget = 256 << 20
    /// Request bytes one connection may have in unfinished messages (and unary requests waiting
    /// for their end of stream); the call that takes it past this is answered
    /// `RESOURCE_EXHAUSTED`. Never less than one largest message (`maxMessageSize`).
    public var connectionInboundLimit = 9 << 20
    /// Response bytes one connection's handlers may have queued before they wait (one message
    /// may overshoot it). Bounds what a client that stops reading can make the server hold.
    public var connectionOutboundLimit = 1 << 20
    /// Streams a connection may throw away (RST_STREAM from the client, plus streams refused
    /// because reset streams' handlers still run): past this, GOAWAY ENHANCE_YOUR_CALM and the
    /// connection is closed (CVE-2023-44487, "Rapid Reset").
    public var streamResetLimit = StreamResetLimit(burst: 400, perSecond: 100)
    /// How long in-flight calls may run after shutdown begins before they are cancelled.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Event loop threads; connections are spread over them round robin, each staying on one
    /// loop for its life. Default: one per CPU core.
    public var eventLoopCount = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Where handlers run; see `HandlerExecution`. The global pool by default, so a handler
    /// that computes for a while never holds up the connections and listener of its loop.
    public var handlerExecution: HandlerExecution = .globalPool
    /// Serves plain HTTP requests: every stream whose path is not an RPC route goes here
    /// (simulators, metrics, OAuth redirects). nil = such requests get the RPC errors
    /// (405 for a method other than POST, 415 for a non-RPC content type, UNIMPLEMENTED).
    public var httpHandler: HTTPRequestHandler?

    /// A configuration for `host:port` with the given security and default limits.
    public init(host: String, port: Int, security: TransportSecurity) {
        self.host = host
        self.port = port
        self.security = security
    }
}

/// Decides whether a caller may call a method.
public protocol RPCAuthorizer: Sendable {
    /// Returns nil to allow the call, or the error to answer with
    /// (`unauthenticated` without an identity, `permissionDenied` with the wrong one).
    func authorize(_ method: RPCMethodName, allowedCallers: Set<String>?, peer: PeerIdentity?) -> RPCError?
}

/// The default authorizer: each route's allow-list of SPIFFE names.
///
/// `operator/*` in a list admits every operator; a route without a list admits any caller
/// that got through the TLS handshake (which, with `.required` client certificates, means any
/// certificate signed by the mesh CA).
public struct AllowListAuthorizer: RPCAuthorizer {
    /// Makes the authorizer.
    public init() {}

    public func authorize(_ method: RPCMethodName, allowedCallers: Set<String>?, peer: PeerIdentity?) -> RPCError? {
        guard let allowed = allowedCallers else { return nil }
        guard let name = peer?.spiffeName else {
            return RPCError(.unauthenticated, "\(method) requires a client certificate with a spiffe://palisade/ identity")
        }
        if allowed.contains(name) { return nil }
        if let slash = name.firstIndex(of: "/"), allowed.contains(name[..<slash] + "/*") { return nil }
        return RPCError(.permissionDenied, "'\(name)' may not call \(method)")
    }
}
