import Foundation
import Glibc
import Synchronization

/// What every session of one ``SMTPSink`` shares: the recorded messages, the faults still to
/// fire, counters, and the open sockets (so ``SMTPSink/stop()`` can wake every blocked thread).
///
/// Sockets are shut down only under the lock and removed from it before they are closed, so
/// `stop` can never shut down a descriptor number that was closed and reused meanwhile.
final class SMTPSinkState: Sendable {
    struct Inner {
        var messages: [SMTPRecordedMessage] = []
        /// The data bytes of `messages`.
        var storedBytes = 0
        var nextID = 1
        /// `reply(code:count:)` faults with their remaining counts, oldest first.
        var pendingReplies: [(code: Int, remaining: Int)] = []
        var delay: Duration = .zero
        var offerSTARTTLS = true
        /// Open session sockets.
        var sockets: Set<Int32> = []
        var listener: Int32?
        var stopping = false
        var stats = SMTPSinkStats()
    }

    let configuration: SMTPSinkConfiguration
    let inner: Mutex<Inner>

    init(configuration: SMTPSinkConfiguration) {
        self.configuration = configuration
        inner = Mutex(Inner())
        for fault in configuration.faults { inject(fault) }
    }

    func inject(_ fault: SMTPSinkFault) {
        inner.withLock { inner in
            switch fault {
            case .reply(let code, let count): inner.pendingReplies.append((code, count))
            case .slow(let delay): inner.delay = delay
            case .noSTARTTLS: inner.offerSTARTTLS = false
            }
        }
    }

    /// The reply code of the next pending fault, consuming one use of it.
    func takeReplyFault() -> Int? {
        inner.withLock { inner in
            guard !inner.pendingReplies.isEmpty else { return nil }
            let code = inner.pendingReplies[0].code
            inner.pendingReplies[0].remaining -= 1
            if inner.pendingReplies[0].remaining <= 0 { inner.pendingReplies.removeFirst() }
            inner.stats.messagesRefused += 1
            return code
        }
    }

    /// Records an accepted message and returns its id.
    func record(_ make: (Int) -> SMTPRecordedMessage) -> Int {
        inner.withLock { inner in
            let message = make(inner.nextID)
            inner.nextID += 1
            inner.messages.append(message)
            inner.storedBytes += message.data.count
            var drop = 0
            while inner.messages.count - drop > 1,
                inner.messages.count - drop > configuration.maxStoredMessages || inner.storedBytes > configuration.maxStoredBytes
            {
                inner.storedBytes -= inner.messages[drop].data.count
                drop += 1
            }
            inner.messages.removeFirst(drop)
            inner.stats.messagesAccepted += 1
            return message.id
        }
    }

    /// Registers an accepted connection; `false` (and nothing registered) when the sink is
    /// stopping or full.
    func admit(_ fd: Int32) -> Bool {
        inner.withLock { inner in
            inner.stats.connections += 1
            guard !inner.stopping, inner.sockets.count < configuration.maxConnections else {
                inner.stats.connectionsRefused += 1
                return false
            }
            inner.sockets.insert(fd)
            return true
        }
    }

    /// Forgets and closes a socket.
    func close(_ fd: Int32) {
        inner.withLock { inner in
            inner.sockets.remove(fd)
            Glibc.close(fd)
        }
    }

    /// Marks the sink stopping and wakes every thread blocked on one of its sockets (a shut
    /// down listening socket makes a blocked `accept` return on Linux).
    func stop() {
        inner.withLock { inner in
            inner.stopping = true
            if let listener = inner.listener { shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in inner.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Remembers the listening socket so ``stop()`` can wake the accept loop.
    func setListener(_ fd: Int32) {
        inner.withLock { $0.listener = fd }
    }

    /// Forgets and closes the listening socket (the accept loop, on its way out).
    func closeListener() {
        inner.withLock { inner in
            if let listener = inner.listener { Glibc.close(listener) }
            inner.listener = nil
        }
    }

    func count(_ update: (inout SMTPSinkStats) -> Void) {
        inner.withLock { update(&$0.stats) }
    }
}

/// Counters of one ``SMTPSink``.
public struct SMTPSinkStats: Sendable, Hashable {
    /// Connections accepted (including refused ones).
    public var connections = 0
    /// Connections refused because the sink was full.
    public var connectionsRefused = 0
    /// Sessions upgraded with STARTTLS.
    public var tlsSessions = 0
    /// AUTH attempts that failed.
    public var authenticationFailures = 0
    /// Messages recorded.
    public var messagesAccepted = 0
    /// Messages answered by a `reply` fault.
    public var messagesRefused = 0
    /// Sessions closed by the idle timeout.
    public var idleTimeouts = 0
}
