import Foundation
import Synchronization

/// An SMTP server that records what it is sent: the relay Palisade's mailer talks to in tests
/// and the demo (`palisade-sim smtp`).
///
/// It speaks ESMTP (RFC 5321) with STARTTLS (RFC 3207) through PalisadeTLS, AUTH PLAIN and
/// LOGIN, SIZE, 8BITMIME and PIPELINING, answers bad sequences with 503, unknown commands with
/// 500, and injects faults on demand (``SMTPSinkFault``). Every connection runs on a thread of
/// its own with blocking sockets, capped by ``SMTPSinkConfiguration/maxConnections``; lines,
/// messages, recipients and idle time are bounded.
///
/// ```swift
/// let sink = SMTPSink(configuration: configuration)
/// let port = try sink.start()
/// // … send mail to smtp://127.0.0.1:\(port) …
/// let message = sink.messages.last
/// sink.stop()
/// ```
public final class SMTPSink: Sendable {
    /// Why the sink could not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// What failed, e.g. `bind 127.0.0.1:25: Permission denied`.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// The settings the sink was made with.
    public var configuration: SMTPSinkConfiguration { state.configuration }
    private let state: SMTPSinkState
    private let boundPort = Mutex<Int?>(nil)
    /// Every thread the sink started, so ``stop()`` can wait for them.
    private let threads = DispatchGroup()

    /// Makes a sink; nothing is bound until ``start()``.
    public init(configuration: SMTPSinkConfiguration = SMTPSinkConfiguration()) {
        state = SMTPSinkState(configuration: configuration)
    }

    deinit {
        stop()
    }

    /// Binds, starts accepting and returns the port (the real one when 0 was asked). A second
    /// call returns the same port; a stopped sink does not start again.
    @discardableResult
    public func start() throws(StartError) -> Int {
        if let port = boundPort.withLock({ $0 }) { return port }
        if state.inner.withLock({ $0.stopping }) { throw StartError(message: "the sink was stopped; make a new one") }
        let listener: (fd: Int32, port: Int)
        do throws(SMTPSinkSocket.Failure) {
            listener = try SMTPSinkSocket.listen(host: configuration.host, port: configuration.port)
        } catch {
            throw StartError(message: error.message)
        }
        state.setListener(listener.fd)
        boundPort.withLock { $0 = listener.port }
        threads.enter()
        let (state, threads) = (self.state, self.threads)
        Thread { Self.acceptLoop(listener.fd, state: state, threads: threads) }.start()
        return listener.port
    }

    /// The bound port, once started.
    public var port: Int? { boundPort.withLock { $0 } }

    /// Stops accepting, closes every connection and waits (up to 5 s) for their threads; blocks,
    /// so call it from tests' teardown or a command's exit, not a hot async path. Idempotent.
    public func stop() {
        state.stop()
        _ = threads.wait(timeout: .now() + 5)
    }

    /// The messages recorded so far (within ``SMTPSinkConfiguration/maxStoredMessages`` and
    /// ``SMTPSinkConfiguration/maxStoredBytes``; the latest is always kept), oldest first.
    public var messages: [SMTPRecordedMessage] { state.inner.withLock { $0.messages } }

    /// Forgets the recorded messages.
    public func removeAllMessages() {
        state.inner.withLock { inner in
            inner.messages.removeAll()
            inner.storedBytes = 0
        }
    }

    /// Adds a fault; `reply` faults queue up, `slow` replaces an earlier delay.
    public func inject(_ fault: SMTPSinkFault) {
        state.inject(fault)
    }

    /// Removes every fault: replies are normal, prompt, and STARTTLS is offered again.
    public func clearFaults() {
        state.inner.withLock { inner in
            inner.pendingReplies = []
            inner.delay = .zero
            inner.offerSTARTTLS = true
        }
    }

    /// The counters so far.
    public var stats: SMTPSinkStats { state.inner.withLock { $0.stats } }

    // MARK: Threads

    private static func acceptLoop(_ listener: Int32, state: SMTPSinkState, threads: DispatchGroup) {
        defer {
            state.closeListener()
            threads.leave()
        }
        while let fd = SMTPSinkSocket.accept(listener) {
            guard state.admit(fd) else {
                // Full (or stopping): say so rather than leave the client waiting for a greeting.
                SMTPSinkSocket.setSendTimeout(fd, milliseconds: 1000)
                try? SMTPSinkSocket.sendAll(fd, Array("421 4.3.2 Too many connections, try again later\r\n".utf8))
                close(fd)
                if state.inner.withLock({ $0.stopping }) { return }
                continue
            }
            threads.enter()
            Thread {
                SMTPSinkSession(state: state, fd: fd).run()
                threads.leave()
            }
            .start()
        }
    }
}
