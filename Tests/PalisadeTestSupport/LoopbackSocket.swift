#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to a port on 127.0.0.1, for tests that talk to a server byte by
/// byte (hand-made HTTP/2, a GET without an HTTP client). The benchmark's attack connections
/// have their own copy: they connect without blocking, and the benchmark cannot use test code.
public enum LoopbackSocket {
    /// The socket could not be made or connected; `errno` in words.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, e.g. `connect to port 8443: errno 111`.
        public let description: String
    }

    /// Connects to `127.0.0.1:port` and returns the descriptor (close-on-exec), which the
    /// caller closes.
    public static func connect(port: Int) throws(Failure) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(code)")
        }
        return fd
    }
}
