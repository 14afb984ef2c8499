import PalisadeHTTP2
import PalisadeWire

/// The calls multiplexed on one client connection, on the client's loop.
final class ClientConnectionHandler: ConnectionDelegate {
    let connection: Connection
    private unowned let manager: ClientConnectionManager
    private var calls: [Int32: ClientCall] = [:]
    private(set) var isActive = false
    /// Set by GOAWAY: the server takes no new streams here; new calls need a new connection.
    private(set) var isDraining = false

    init(connection: Connection, manager: ClientConnectionManager) {
        self.connection = connection
        self.manager = manager
    }

    /// Whether another call can be opened now (HTTP/2 concurrency limit of the server).
    var hasFreeStream: Bool {
        guard isActive, !isDraining, let session = connection.session else { return false }
        return calls.count < Int(min(session.remoteMaxConcurrentStreams, 1 << 20))
    }

    var isIdle: Bool { calls.isEmpty }

    /// Opens `call` on this connection.
    func open(_ call: ClientCall) {
        guard let session = connection.session else { return }
        let scheme = connection.tls == nil ? "http" : "https"
        if call.open(on: self, session: session, authority: manager.authority, scheme: scheme) {
            calls[call.streamID] = call
        }
        connection.flushLater()
    }

    func connectionBecameActive(_ connection: Connection) {
        isActive = true
        manager.connectionReady(self)
    }

    func connection(_ connection: Connection, received events: [H2Event]) {
        var freed = false
        for event in events {
            switch event {
            case .headers(let id, let fields, let kind, let endStream):
                calls[id]?.receiveHeaders(fields, kind: kind, endStream: endStream)
            case .data(let id, let bytes):
                if let call = calls[id] {
                    call.receive(bytes)
                } else {
                    connection.session?.consume(streamID: id, count: bytes.count)
                }
            case .endStream(let id):
                calls[id]?.receiveEnd()
            case .streamClosed(let id, let code):
                calls.removeValue(forKey: id)?.closed(errorCode: code)
                freed = true
            case .outboundDrained(let id):
                calls[id]?.outboundDrained()
            case .goAway:
                isDraining = true
                freed = true
            case .remoteSettingsChanged:
                freed = true
            case .headersTooLarge(let id):
                calls[id]?.fail(RPCError(.resourceExhausted, "response headers too large"), resetCode: 11)
            case .pingAck:
                break
            }
        }
        if freed { manager.streamsFreed(self) }
        connection.flushLater()
    }

    func connectionClosed(_ connection: Connection, error: RPCError?) {
        let reason = error ?? RPCError(.unavailable, "connection to \(connection.peer) closed")
        let open = calls.values
        calls.removeAll()
        for call in open { call.connectionLost(reason) }
        manager.connectionClosed(self, error: error, wasActive: isActive)
    }
}
