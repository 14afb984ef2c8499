import Foundation
import Glibc

/// A minimal blocking HTTP client for the OAuth listener tests: one connection per request,
/// written whole, then half-closed so the listener never waits for more.
///
/// The async entry points block a thread of their own, never one of the cooperative pool: the
/// task that starts the listener's wait needs a pool thread, and the pool may be two threads.
enum LoopbackClient {
    /// Connects to 127.0.0.1:`port`, sends `request`, closes its sending side, and returns
    /// everything the listener answered before closing (empty if it reset the connection);
    /// nil when the connection could not be made.
    static func exchange(port: UInt16, _ request: [UInt8]) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var limit = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var offset = 0
        while offset < request.count {
            let sent = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { break }
            offset += sent
        }
        _ = shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            answer += buffer[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// `exchange` on a dedicated thread.
    static func ask(port: UInt16, _ request: [UInt8]) async -> String? {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: exchange(port: port, request)) }
            thread.name = "loopback-client"
            thread.start()
        }
    }

    /// `ask` with a request given as text (CRLFs included by the caller).
    static func ask(port: UInt16, _ request: String) async -> String? {
        await ask(port: port, Array(request.utf8))
    }
}
