internal import CPosix
import Glibc
import Logging

/// The listening socket: accepts connections on its loop and hands them to the server core.
final class Listener: LoopSelectable {
    let fd: Int32
    let address: SocketAddress
    private let core: ServerCore
    private var open = true

    init(fd: Int32, address: SocketAddress, core: ServerCore) {
        self.fd = fd
        self.address = address
        self.core = core
    }

    func start() throws(SocketError) {
        try core.loop.register(fd, events: EPOLLIN.rawValue, self)
    }

    /// Starts giving memory back after bursts, for as long as the listener is open.
    func startTrimming() {
        MemoryTrimmer().start(on: core.loop) { [weak self] in self?.open == true }
    }

    func handleEvents(_ events: UInt32) {
        // Accept a bounded batch per wake-up so a connection storm cannot starve the
        // connections already being served on this loop.
        for _ in 0..<64 where open {
            let result: Posix.AcceptResult
            do {
                result = try Posix.accept(fd)
            } catch {
                core.logger.error("accept failed", metadata: ["error": "\(error.message)"])
                return
            }
            switch result {
            case .accepted(let client, let peer): core.accept(fd: client, peer: peer)
            case .none: return
            case .exhausted(let error):
                pause(because: error)
                return
            }
        }
    }

    /// Stops polling the listening socket for a moment when the process is out of descriptors:
    /// the pending connection stays in the kernel's queue, and polling on would spin the loop.
    private func pause(because error: SocketError) {
        core.logger.warning("not accepting for 100 ms", metadata: ["reason": "\(error.message)"])
        core.loop.unregister(fd)
        core.loop.schedule(at: MonotonicClock.after(.milliseconds(100))) { [weak self] in
            guard let self, self.open else { return }
            do throws(SocketError) {
                try self.start()
            } catch {
                self.core.logger.error("cannot resume accepting", metadata: ["error": "\(error.message)"])
            }
        }
    }

    /// Stops accepting; connections already accepted are unaffected.
    func close() {
        guard open else { return }
        open = false
        core.loop.unregister(fd)
        Glibc.close(fd)
        core.listenerClosed()
    }
}
