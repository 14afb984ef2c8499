internal import DequeModule
import Glibc
import PalisadeHTTP2
import PalisadeTLS
import PalisadeWire

/// Keeps one multiplexed connection to the target, on the client's loop.
///
/// Calls queue here until a connection is up and a stream slot is free. A failed connect fails
/// the queued calls with `UNAVAILABLE` (naming the cause) and starts a capped exponential
/// backoff with jitter; calls made during the backoff fail fast with the same cause, as gRPC
/// clients do in TRANSIENT_FAILURE. A connection that received GOAWAY keeps serving its calls
/// while new calls go to a fresh connection.
final class ClientConnectionManager {
    let loop: EventLoop
    let configuration: RPCClientConfiguration
    let authority: String
    private var current: ClientConnectionHandler?
    private var draining: [ObjectIdentifier: ClientConnectionHandler] = [:]
    private var waiting = Deque<ClientCall>()
    private var failures = 0
    private var retryAt: UInt64 = 0
    private var lastError: RPCError?
    private var connectTimer: UInt64?
    private var closed = false

    init(loop: EventLoop, configuration: RPCClientConfiguration) {
        self.loop = loop
        self.configuration = configuration
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        self.authority = "\(host):\(configuration.port)"
    }

    /// Takes a new call: opens it now or queues it.
    func start(_ call: ClientCall) {
        guard !closed else {
            call.finish(with: RPCError(.unavailable, "the client is closed"))
            return
        }
        call.armDeadline(on: loop)
        waiting.append(call)
        pump()
    }

    /// Opens queued calls while there is a usable connection with free streams.
    private func pump() {
        guard !waiting.isEmpty else { return }
        if current == nil || current?.isDraining == true {
            if let c = current { draining[ObjectIdentifier(c)] = c }
            current = nil
            connect()
        }
        guard let connection = current else { return }
        while connection.hasFreeStream, let call = waiting.popFirst() {
            connection.open(call)
        }
    }

    private func connect() {
        let now = MonotonicClock.now
        if now < retryAt, let lastError {
            failWaiting(RPCError(.unavailable, "\(lastError.message) (retrying in \((retryAt - now) / 1_000_000) ms)"))
            return
        }
        let address: SocketAddress
        let fd: Int32
        do {
            address = try SocketAddress(host: configuration.host, port: configuration.port)
            fd = try Posix.connect(to: address)
        } catch {
            connectFailed(RPCError(.unavailable, "cannot connect to \(authority): \(error.message)"))
            return
        }
        var tls: TLSConnection?
        if case .tls(let context) = configuration.security {
            do {
                tls = try TLSConnection(context: context, serverName: configuration.serverName ?? configuration.host)
            } catch {
                Glibc.close(fd)
                connectFailed(RPCError(.unavailable, "cannot start TLS to \(authority): \(error)"))
                return
            }
        }
        var settings = H2Session.Settings()
        settings.maxHeaderListSize = 64 << 10
        let connection = Connection(
            loop: loop, fd: fd, peer: address, role: .client, tls: tls,
            settings: settings, connecting: true)
        let handler = ClientConnectionHandler(connection: connection, manager: self)
        connection.delegate = handler
        current = handler
        do {
            try connection.start()
        } catch {
            connection.close(RPCError(.unavailable, "cannot connect to \(authority): \(error.message)"))
            return
        }
        connectTimer = loop.schedule(at: MonotonicClock.after(configuration.connectTimeout)) { [weak handler] in
            guard let handler, !handler.isActive else { return }
            handler.connection.close(RPCError(.unavailable, "connecting to \(self.authority) timed out"))
        }
    }

    // MARK: Connection events

    func connectionReady(_ handler: ClientConnectionHandler) {
        if let t = connectTimer { loop.cancelTimer(t) }
        connectTimer = nil
        failures = 0
        lastError = nil
        retryAt = 0
        pump()
    }

    func streamsFreed(_ handler: ClientConnectionHandler) {
        if handler.isDraining, handler === current {
            current = nil
            draining[ObjectIdentifier(handler)] = handler
        }
        if handler.isDraining, handler.isIdle {
            draining[ObjectIdentifier(handler)] = nil
            handler.connection.close(nil)
        }
        pump()
    }

    func connectionClosed(_ handler: ClientConnectionHandler, error: RPCError?, wasActive: Bool) {
        draining[ObjectIdentifier(handler)] = nil
        guard handler === current else { return }
        current = nil
        if let t = connectTimer { loop.cancelTimer(t) }
        connectTimer = nil
        if !wasActive {
            connectFailed(error ?? RPCError(.unavailable, "connection to \(authority) closed during setup"))
        } else {
            pump()
        }
    }

    private func connectFailed(_ error: RPCError) {
        failures += 1
        lastError = error
        let backoff = configuration.backoff.delay(afterFailures: failures)
        retryAt = MonotonicClock.after(backoff)
        failWaiting(error)
    }

    private func failWaiting(_ error: RPCError) {
        let calls = waiting
        waiting.removeAll()
        for call in calls { call.finish(with: error) }
    }

    /// Closes every connection; in-flight and queued calls fail with `UNAVAILABLE`.
    func close() {
        closed = true
        failWaiting(RPCError(.unavailable, "the client is closed"))
        current?.connection.close(RPCError(.unavailable, "the client is closed"))
        for d in draining.values { d.connection.close(RPCError(.unavailable, "the client is closed")) }
        current = nil
        draining.removeAll()
    }
}
