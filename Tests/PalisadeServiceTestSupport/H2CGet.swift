import Foundation
import PalisadeTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// One `GET` over cleartext HTTP/2 with prior knowledge (h2c), frames written by hand.
///
/// Why by hand: a service configured with `tls.plaintext` serves `GET /metrics` on its RPC
/// port, which speaks h2c only, and neither client the tests have can ask for it there:
/// `HTTPClient` (libcurl) sends HTTP/1.1 to `http://` URLs, and `RPCClient` only makes gRPC
/// POSTs. This is just enough HTTP/2 for a small response to one request: no HPACK decoder
/// (the status is read when it is a static-table index, as nghttp2 encodes 200 and 404),
/// no CONTINUATION frames, blocking socket I/O.
/// (For a service with mutual TLS, ``MutualTLSGet``.)
public enum H2CGet {
    /// The answer to the one request.
    public struct Response: Sendable {
        /// The `:status`, or nil when it was not encoded as a static-table index.
        public let status: Int?
        /// The body, whole.
        public let body: [UInt8]
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// No whole response: the connection, a reset stream or GOAWAY, in words.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// GETs `path` from `127.0.0.1:port`; fails after `timeout` without a whole response.
    public static func get(port: Int, path: String, timeout: Duration = .seconds(5)) throws -> Response {
        let fd = try LoopbackSocket.connect(port: port)
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        // HPACK: :method GET (static index 2), :scheme http (6), then :path and :authority as
        // literals without indexing whose names are static indexes 4 and 1; no Huffman coding.
        var block: [UInt8] = [0x82, 0x86]
        for (nameIndex, value) in [(UInt8(4), path), (UInt8(1), "127.0.0.1:\(port)")] {
            let bytes = Array(value.utf8)
            guard bytes.count < 127 else { throw Failure(description: "header value too long") }
            block += [nameIndex, UInt8(bytes.count)] + bytes
        }
        var out = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
        out += frame(type: 0x4, flags: 0, stream: 0, [])  // SETTINGS, all defaults
        out += frame(type: 0x1, flags: 0x5, stream: 1, block)  // HEADERS, END_STREAM | END_HEADERS
        try send(fd, out)

        var input: [UInt8] = []
        var status: Int?
        var body: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            // Complete frames first; read more only when none is buffered.
            if input.count >= 9 {
                let length = Int(input[0]) << 16 | Int(input[1]) << 8 | Int(input[2])
                if input.count >= 9 + length {
                    let type = input[3], flags = input[4]
                    let stream =
                        (UInt32(input[5]) << 24 | UInt32(input[6]) << 16 | UInt32(input[7]) << 8 | UInt32(input[8]))
                        & 0x7FFF_FFFF
                    let payload = Array(input[9..<(9 + length)])
                    input.removeFirst(9 + length)
                    let endStream = flags & 0x1 != 0 && stream == 1
                    switch type {
                    case 0x0 where stream == 1:  // DATA: take it, and give the window back
                        body += unpadded(payload, flags: flags)
                        if !payload.isEmpty {
                            let increment = windowIncrement(payload.count)
                            try send(
                                fd, frame(type: 0x8, flags: 0, stream: 0, increment) + frame(type: 0x8, flags: 0, stream: 1, increment))
                        }
                    case 0x1 where stream == 1:  // HEADERS (flags 0x20: PRIORITY fields first)
                        let fields = unpadded(payload, flags: flags)
                        status = staticStatus(Array(fields.dropFirst(flags & 0x20 != 0 ? 5 : 0)))
                    case 0x3 where stream == 1:
                        throw Failure(description: "the server reset the stream: \(payload)")
                    case 0x4 where flags & 0x1 == 0:  // SETTINGS: acknowledge
                        try send(fd, frame(type: 0x4, flags: 0x1, stream: 0, []))
                    case 0x6 where flags & 0x1 == 0:  // PING: answer
                        try send(fd, frame(type: 0x6, flags: 0x1, stream: 0, payload))
                    case 0x7:
                        throw Failure(description: "GOAWAY: \(payload)")
                    default:
                        break
                    }
                    if endStream { return Response(status: status, body: body) }
                    continue
                }
            }
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else {
                throw Failure(description: n == 0 ? "connection closed before the response ended" : "read: errno \(errno)")
            }
            input += buffer[0..<n]
        }
    }

    private static func frame(type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        let n = payload.count
        return [
            UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF), type, flags,
            UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF),
        ] + payload
    }

    private static func windowIncrement(_ n: Int) -> [UInt8] {
        [UInt8(n >> 24 & 0x7F), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
    }

    /// The payload without its padding (flag 0x8: a pad-length byte first, padding last).
    private static func unpadded(_ payload: [UInt8], flags: UInt8) -> [UInt8] {
        guard flags & 0x8 != 0, let pad = payload.first, Int(pad) < payload.count else { return payload }
        return Array(payload[1..<(payload.count - Int(pad))])
    }

    /// `:status` when the block starts with it as an indexed static-table field (RFC 7541
    /// appendix A, indexes 8…14), after any dynamic table size updates.
    private static func staticStatus(_ block: [UInt8]) -> Int? {
        var i = 0
        // A dynamic table size update (001xxxxx) may come first; its integer may continue.
        while i < block.count, block[i] & 0xE0 == 0x20 {
            i += 1
            if block[i - 1] & 0x1F == 0x1F { while i < block.count, block[i] & 0x80 != 0 { i += 1 }; i += 1 }
        }
        guard i < block.count, block[i] & 0x80 != 0 else { return nil }
        let statuses: [UInt8: Int] = [8: 200, 9: 204, 10: 206, 11: 304, 12: 400, 13: 404, 14: 500]
        return statuses[block[i] & 0x7F]
    }

    private static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }
}
