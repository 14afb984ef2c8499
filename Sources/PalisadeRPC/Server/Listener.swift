import Glibc
internal import CPosix

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

    func handleEvents(_ events: UInt32) {
        // Accept a bounded batch per wake-up so a connection storm cannot starve the
        // connections already being served on this loop.
        for _ in 0..<64 where open {
            let accepted: (fd: Int32, peer: SocketAddress)?
            do {
                accepted = try Posix.accept(fd)
            } catch {
                core.logger.error("accept failed", metadata: ["error": "\(error.message)"])
                return
            }
            guard let accepted else { return }
            core.accept(fd: accepted.fd, peer: accepted.peer)
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
