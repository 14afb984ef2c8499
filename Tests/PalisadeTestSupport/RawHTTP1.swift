import Foundation
import Glibc

/// A blocking cleartext connection to 127.0.0.1 for HTTP/1.1 tests that need exact bytes on the
/// wire (smuggling shapes, pipelining, a head sent slowly, a half-close), which an HTTP client
/// will not send. Reads give up after the timeout, so a server bug fails a test, not hangs it.
public final class RawHTTP1 {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout`.
    public init(port: Int, timeout: Int = 10) throws {
        fd = try LoopbackSocket.connect(port: port)
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Writes all of `text`.
    public func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Writes all of `bytes`; false when the server closed or reset the connection first.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Closes the sending side (the server sees the end of the input).
    public func finishSending() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads until the server closes (or the read timeout passes): everything it sent, and
    /// whether it closed.
    public func readToEnd() -> (text: String, closed: Bool) {
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return (String(decoding: answer, as: UTF8.self), count == 0 || errno == ECONNRESET) }
            answer += buffer[..<count]
        }
    }

    /// Reads until `count` complete responses arrived (heads plus `content-length` bodies), or
    /// the server closes: the responses read.
    public func readResponses(_ count: Int) -> [String] {
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let responses = Self.split(answer)
            if responses.count >= count { return responses }
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return responses }
            answer += buffer[..<got]
        }
    }

    /// The complete responses at the start of `bytes`.
    public static func split(_ bytes: [UInt8]) -> [String] {
        var responses: [String] = []
        var rest = bytes[...]
        let separator = Array("\r\n\r\n".utf8)
        while let end = rest.firstRange(of: separator) {
            let head = String(decoding: rest[..<end.lowerBound], as: UTF8.self)
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            guard rest.distance(from: end.upperBound, to: rest.endIndex) >= length else { break }
            let bodyEnd = rest.index(end.upperBound, offsetBy: length)
            responses.append(String(decoding: rest[rest.startIndex..<bodyEnd], as: UTF8.self))
            rest = rest[bodyEnd...]
        }
        return responses
    }
}
