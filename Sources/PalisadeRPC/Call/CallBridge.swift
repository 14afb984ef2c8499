internal import DequeModule
import PalisadeWire
import Synchronization

/// The meeting point of one call's two halves: the loop side (nghttp2 stream) and the task side
/// (a handler on the server, the caller on the client).
///
/// Inbound messages flow loop → task through a bounded queue; outbound messages flow task → loop
/// through an outbox. Both directions are bounded so that a slow peer or a slow handler never
/// makes the process buffer without limit:
/// - inbound: the loop acknowledges DATA to nghttp2 (`consume`) only while the queue holds less
///   than `inboundHighWater`; past that, HTTP/2 flow control stops the peer.
/// - outbound: `send` suspends while the outbox plus the stream's nghttp2 queue exceed
///   `outboundHighWater`, and resumes when the loop reports the stream drained.
final class CallBridge: Sendable {
    /// Small: what sits here was acknowledged to the peer, so it adds to what the window
    /// allows; 64 KiB still batches the acknowledgements of small streamed messages.
    static let inboundHighWater = 64 << 10
    static let outboundHighWater = 256 << 10

    private struct State {
        var owner: LoopBound<any CallLoopSide>?
        // Inbound
        var inbound = Deque<[UInt8]>()
        var inboundBytes = 0
        var inboundEnded = false
        var inboundError: RPCError?
        var reader: CheckedContinuation<[UInt8]?, any Error>?
        var unreleasedBytes = 0
        var releasePosted = false
        // Outbound
        var outbox: [[UInt8]] = []
        var outboxBytes = 0
        var loopQueuedBytes = 0
        var outboundFinished = false
        var drainPosted = false
        var writer: CheckedContinuation<Void, any Error>?
        var finalStatus: RPCError?
        var roomWaiter: CheckedContinuation<Void, any Error>?
        var roomSignaled = false
        // Either side
        var failure: RPCError?
    }

    private let state = Mutex(State())
    /// The connection's outbound bound (server calls); nil on the client.
    private let gate: OutboundGate?

    init(gate: OutboundGate? = nil) {
        self.gate = gate
    }

    /// Connects the bridge to its loop side. Called on the loop when the stream exists.
    func attach(_ owner: LoopBound<any CallLoopSide>) {
        state.withLock { $0.owner = owner }
    }

    /// Breaks the reference cycle once the stream is gone; what it still had queued is gone too.
    /// (What the gate was charged is always the outbox plus the loop's queue, while attached.)
    func detach() {
        let held = state.withLock { s -> Int in
            defer { s.owner = nil }
            return s.owner == nil ? 0 : s.outboxBytes + s.loopQueuedBytes
        }
        gate?.release(held)
        gate?.forget(self)
    }

    private func post(_ action: CallLoopAction, to owner: LoopBound<any CallLoopSide>?) {
        guard let owner else { return }
        // A task running on the loop (the loop is its executor) acts at once: it runs between
        // nghttp2 calls, never inside one, so touching the session here is safe.
        if owner.loop.inLoop {
            owner.value.perform(action)
        } else {
            owner.loop.execute { owner.value.perform(action) }
        }
    }

    // MARK: Inbound, loop side

    /// Queues messages for the task side. Returns whether the `rawBytes` that carried them may be
    /// acknowledged to the peer now; if not, they are remembered (atomically with the check) and
    /// released through `.releaseInbound` once the task has caught up.
    func deliver(_ messages: [[UInt8]], rawBytes: Int) -> Bool {
        var handed: (CheckedContinuation<[UInt8]?, any Error>, [UInt8])?
        let release = state.withLock { s -> Bool in
            var rest = messages[...]
            if let reader = s.reader, let first = rest.first {
                s.reader = nil
                handed = (reader, first)
                rest = rest.dropFirst()
            }
            for m in rest {
                s.inbound.append(m)
                s.inboundBytes += m.count
            }
            if s.inboundBytes <= Self.inboundHighWater { return true }
            s.unreleasedBytes += rawBytes
            return false
        }
        if let (reader, message) = handed { reader.resume(returning: message) }
        return release
    }

    /// Whether the peer has ended the inbound direction (its status or end is known; messages
    /// before it may still be queued).
    var inboundHasEnded: Bool { state.withLock { $0.inboundEnded } }

    /// Ends the inbound direction: cleanly (`error == nil`) or with a status.
    func finishInbound(_ error: RPCError?) {
        let reader = state.withLock { s -> CheckedContinuation<[UInt8]?, any Error>? in
            guard !s.inboundEnded else { return nil }
            s.inboundEnded = true
            s.inboundError = error
            guard s.inbound.isEmpty, let reader = s.reader else { return nil }
            s.reader = nil
            return reader
        }
        if let error { reader?.resume(throwing: error) } else { reader?.resume(returning: nil) }
    }

    /// Bytes whose acknowledgement was held back; called by the loop on `.releaseInbound`.
    func takeUnreleasedBytes() -> Int {
        state.withLock { s in
            s.releasePosted = false
            let n = s.unreleasedBytes
            s.unreleasedBytes = 0
            return n
        }
    }

    // MARK: Inbound, task side

    /// The next inbound message; nil at a clean end. Throws the call's error.
    func next() async throws -> [UInt8]? {
        enum Step { case message([UInt8], post: LoopBound<any CallLoopSide>?), end, fail(RPCError), wait }
        let step = state.withLock { s -> Step in
            if let message = s.inbound.popFirst() {
                s.inboundBytes -= message.count
                var owner: LoopBound<any CallLoopSide>?
                if s.unreleasedBytes > 0, !s.releasePosted, s.inboundBytes <= Self.inboundHighWater / 2 {
                    s.releasePosted = true
                    owner = s.owner
                }
                return .message(message, post: owner)
            }
            if let failure = s.failure { return .fail(failure) }
            if s.inboundEnded { return s.inboundError.map { .fail($0) } ?? .end }
            return .wait
        }
        switch step {
        case .message(let message, let owner):
            post(.releaseInbound, to: owner)
            return message
        case .end: return nil
        case .fail(let error): throw error
        case .wait: break
        }
        return try await withCheckedThrowingContinuation { continuation in
            let immediate = state.withLock { s -> Result<[UInt8]?, any Error>? in
                if let message = s.inbound.popFirst() {
                    s.inboundBytes -= message.count
                    return .success(message)
                }
                if let failure = s.failure { return .failure(failure) }
                if s.inboundEnded { return s.inboundError.map { .failure($0) } ?? .success(nil) }
                s.reader = continuation
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    // MARK: Outbound, task side

    /// Waits until this call may queue another message: its own queue is under
    /// `outboundHighWater` and its connection's `OutboundGate` admits it. Called before the
    /// message is even framed, so a blocked peer does not make handlers hold framed copies.
    func waitForRoom() async throws {
        while true {
            let own = try state.withLock { s throws(RPCError) -> Bool in
                if let failure = s.failure { throw failure }
                s.roomSignaled = false
                return s.outboxBytes + s.loopQueuedBytes <= Self.outboundHighWater
            }
            if own, gate?.admit(self) ?? true { return }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let result = state.withLock { s -> Result<Void, any Error>? in
                    if let failure = s.failure { return .failure(failure) }
                    if s.roomSignaled || s.outboxBytes + s.loopQueuedBytes <= Self.outboundHighWater && !own {
                        return .success(())
                    }
                    s.roomWaiter = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        }
    }

    /// The gate has room again (called by `OutboundGate.release`).
    func gateOpened() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            s.roomSignaled = true
            defer { s.roomWaiter = nil }
            return s.roomWaiter
        }
        waiter?.resume()
    }

    /// Queues an already-framed message for the peer, waiting while too much is in flight.
    func send(_ framed: [UInt8]) async throws {
        let (owner, mustWait) = try state.withLock { s throws(RPCError) -> (LoopBound<any CallLoopSide>?, Bool) in
            if let failure = s.failure { throw failure }
            guard !s.outboundFinished else {
                throw RPCError(.internalError, "message sent after the stream was finished")
            }
            s.outbox.append(framed)
            s.outboxBytes += framed.count
            var owner: LoopBound<any CallLoopSide>?
            if !s.drainPosted {
                s.drainPosted = true
                owner = s.owner
            }
            return (owner, s.outboxBytes + s.loopQueuedBytes > Self.outboundHighWater)
        }
        gate?.charge(framed.count)
        post(.drainOutbox, to: owner)
        guard mustWait else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result = state.withLock { s -> Result<Void, any Error>? in
                if let failure = s.failure { return .failure(failure) }
                if s.outboxBytes + s.loopQueuedBytes <= Self.outboundHighWater { return .success(()) }
                s.writer = continuation
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// Marks the end of the outbound messages, optionally with a last message; on the server,
    /// `status` is what the trailers will say (nil = OK).
    func finishOutbound(last framed: [UInt8]? = nil, status: RPCError? = nil) {
        let owner = state.withLock { s -> LoopBound<any CallLoopSide>? in
            guard !s.outboundFinished, s.failure == nil else { return nil }
            if let framed {
                s.outbox.append(framed)
                s.outboxBytes += framed.count
                gate?.charge(framed.count)
            }
            s.outboundFinished = true
            s.finalStatus = status
            guard !s.drainPosted else { return nil }
            s.drainPosted = true
            return s.owner
        }
        post(.drainOutbox, to: owner)
    }

    /// Asks the loop side to reset the stream (task cancelled or gave up).
    func cancel(_ error: RPCError) {
        let owner = state.withLock { $0.owner }
        fail(error)
        post(.cancel(RPCErrorBox(code: error.code, message: error.message)), to: owner)
    }

    // MARK: Outbound, loop side

    /// Takes everything queued so far; `finished` once the task side will send nothing more.
    func takeOutbox() -> (messages: [[UInt8]], finished: Bool, status: RPCError?) {
        state.withLock { s in
            s.drainPosted = false
            let messages = s.outbox
            s.outbox.removeAll(keepingCapacity: true)
            s.loopQueuedBytes += s.outboxBytes
            s.outboxBytes = 0
            return (messages, s.outboundFinished, s.finalStatus)
        }
    }

    /// Records how many bytes still wait in nghttp2 for this stream; wakes a waiting sender.
    func updateLoopQueued(_ bytes: Int) {
        let (writer, room, released) = state.withLock {
            s -> (CheckedContinuation<Void, any Error>?, CheckedContinuation<Void, any Error>?, Int) in
            let before = s.outboxBytes + s.loopQueuedBytes
            s.loopQueuedBytes = bytes
            let held = s.outboxBytes + bytes
            // Bytes nghttp2 took from the stream's queue leave the gate (not after `detach`,
            // which released everything).
            let released = s.owner == nil ? 0 : max(0, before - held)
            guard held <= Self.outboundHighWater else { return (nil, nil, released) }
            let w = s.writer, r = s.roomWaiter
            s.writer = nil
            s.roomWaiter = nil
            return (w, r, released)
        }
        gate?.release(released)
        writer?.resume()
        room?.resume()
    }

    /// Fails both directions: pending and future reads and sends throw `error`.
    func fail(_ error: RPCError) {
        let (reader, writer, room) = state.withLock { s in
            if s.failure == nil { s.failure = error }
            let r = s.reader, w = s.writer, room = s.roomWaiter
            s.reader = nil
            s.writer = nil
            s.roomWaiter = nil
            return (r, w, room)
        }
        reader?.resume(throwing: error)
        writer?.resume(throwing: error)
        room?.resume(throwing: error)
    }

    /// Whether the call already failed.
    var failure: RPCError? { state.withLock { $0.failure } }
}
