/// Hand-made HTTP/2 frames and HPACK header blocks (RFC 9113, RFC 7541), for tests that must
/// send what no well-behaved client would: floods, bombs, resets, stream ids out of order.
///
/// Only the encodings the tests need: frames with their 9-byte header, HPACK literals without
/// indexing (0x00) and with incremental indexing (0x40), both with a literal name and without
/// Huffman coding, and indexed fields (0x80 | index). `parse` reads frames back off a byte
/// stream, so a test can find a GOAWAY and its error code without an HTTP/2 session.
enum RawFrames {
    /// A frame read back from the server.
    struct Frame: Sendable, Equatable {
        /// The frame type (`RawFrames.data`, `.headers`, ...).
        let type: UInt8
        /// The frame's flags.
        let flags: UInt8
        /// The stream id (0 for the connection).
        let stream: Int32
        /// The payload, without the 9-byte header.
        let payload: [UInt8]

        /// A GOAWAY's error code; nil for other frames.
        var goAwayErrorCode: UInt32? {
            type == RawFrames.goAway && payload.count >= 8 ? RawFrames.uint32(payload, at: 4) : nil
        }

        /// A GOAWAY's last stream id; nil for other frames.
        var goAwayLastStream: Int32? {
            type == RawFrames.goAway && payload.count >= 8 ? Int32(bitPattern: RawFrames.uint32(payload, at: 0) & 0x7fff_ffff) : nil
        }

        /// A WINDOW_UPDATE's increment; nil for other frames.
        var windowIncrement: UInt32? {
            type == RawFrames.windowUpdate && payload.count == 4 ? RawFrames.uint32(payload, at: 0) & 0x7fff_ffff : nil
        }

        /// A SETTINGS frame's value for `identifier` (nil when absent, an ACK, or another type).
        func setting(_ identifier: UInt16) -> UInt32? {
            guard type == RawFrames.settings, flags & RawFrames.ack == 0 else { return nil }
            var result: UInt32?
            for offset in stride(from: 0, to: payload.count - 5, by: 6)
            where UInt16(payload[offset]) << 8 | UInt16(payload[offset + 1]) == identifier {
                result = RawFrames.uint32(payload, at: offset + 2)
            }
            return result
        }
    }

    // MARK: Constants

    /// Frame types (RFC 9113 §6).
    static let data: UInt8 = 0x0, headers: UInt8 = 0x1, rstStream: UInt8 = 0x3, settings: UInt8 = 0x4
    /// Frame types (RFC 9113 §6), continued.
    static let ping: UInt8 = 0x6, goAway: UInt8 = 0x7, windowUpdate: UInt8 = 0x8, continuation: UInt8 = 0x9
    /// Frame flags: END_STREAM (DATA, HEADERS), ACK (SETTINGS, PING), END_HEADERS.
    static let endStream: UInt8 = 0x1, ack: UInt8 = 0x1, endHeaders: UInt8 = 0x4
    /// SETTINGS_INITIAL_WINDOW_SIZE.
    static let settingsInitialWindowSize: UInt16 = 0x4
    /// Error codes (RFC 9113 §7).
    static let noError: UInt32 = 0x0, protocolError: UInt32 = 0x1, cancel: UInt32 = 0x8, enhanceYourCalm: UInt32 = 0xb

    /// The client connection preface followed by an empty SETTINGS frame.
    static let clientPreface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + frame(type: settings, flags: 0, stream: 0, payload: [])

    // MARK: Frames

    /// One frame: 24-bit length, type, flags, 31-bit stream id, payload.
    static func frame(type: UInt8, flags: UInt8, stream: Int32, payload: [UInt8]) -> [UInt8] {
        let length = payload.count
        return [
            UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length),
            type, flags,
        ] + bigEndian(UInt32(bitPattern: stream) & 0x7fff_ffff) + payload
    }

    /// A header block as HEADERS plus as many CONTINUATION frames as `maxFrameSize` requires.
    /// `endHeaders: false` leaves the block open (the last frame lacks END_HEADERS).
    static func headerFrames(
        stream: Int32, block: [UInt8], endStream: Bool, endHeaders: Bool = true,
        maxFrameSize: Int = 16_384
    ) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(block.count, start + maxFrameSize)
            let last = end == block.count
            var flags: UInt8 = last && endHeaders ? Self.endHeaders : 0
            if start == 0, endStream { flags |= Self.endStream }
            out += frame(type: start == 0 ? headers : continuation, flags: flags, stream: stream, payload: Array(block[start..<end]))
            start = end
        } while start < block.count
        return out
    }

    /// A CONTINUATION frame.
    static func continuationFrame(stream: Int32, fragment: [UInt8], endHeaders: Bool) -> [UInt8] {
        frame(type: continuation, flags: endHeaders ? Self.endHeaders : 0, stream: stream, payload: fragment)
    }

    /// A DATA frame.
    static func dataFrame(stream: Int32, _ payload: [UInt8], endStream: Bool) -> [UInt8] {
        frame(type: data, flags: endStream ? Self.endStream : 0, stream: stream, payload: payload)
    }

    /// An RST_STREAM frame.
    static func rstStreamFrame(stream: Int32, errorCode: UInt32) -> [UInt8] {
        frame(type: rstStream, flags: 0, stream: stream, payload: bigEndian(errorCode))
    }

    /// A PING frame (not an ACK).
    static func pingFrame(_ opaque: UInt64) -> [UInt8] {
        frame(
            type: ping, flags: 0, stream: 0,
            payload: bigEndian(UInt32(truncatingIfNeeded: opaque >> 32)) + bigEndian(UInt32(truncatingIfNeeded: opaque)))
    }

    // MARK: HPACK

    /// An HPACK integer with an `prefixBits`-bit prefix, the first byte's other bits from `pattern`.
    static func integer(_ value: Int, prefixBits: Int, pattern: UInt8) -> [UInt8] {
        let limit = (1 << prefixBits) - 1
        guard value >= limit else { return [pattern | UInt8(value)] }
        var out = [pattern | UInt8(limit)]
        var rest = value - limit
        while rest >= 128 {
            out.append(UInt8(rest % 128) | 0x80)
            rest /= 128
        }
        out.append(UInt8(rest))
        return out
    }

    /// A string literal without Huffman coding.
    static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return integer(bytes.count, prefixBits: 7, pattern: 0) + bytes
    }

    /// A literal field without indexing, with a literal name (0x00).
    static func literal(_ name: String, _ value: String) -> [UInt8] {
        [0x00] + string(name) + string(value)
    }

    /// A literal field with incremental indexing, with a literal name (0x40): the decoder adds
    /// it to its dynamic table, as entry 62 when it is the newest.
    static func literalIndexing(_ name: String, _ value: String) -> [UInt8] {
        [0x40] + string(name) + string(value)
    }

    /// An indexed field (0x80 | index): static entries 1-61, dynamic from 62.
    static func indexed(_ index: Int) -> [UInt8] {
        integer(index, prefixBits: 7, pattern: 0x80)
    }

    /// The header block of a POST to `path` (gRPC binary content type), then `extra` fields.
    static func requestBlock(path: String, extra: [(String, String)] = []) -> [UInt8] {
        let fields =
            [
                (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                ("content-type", "application/grpc"), ("te", "trailers"),
            ] + extra
        return fields.flatMap { literal($0.0, $0.1) }
    }

    // MARK: Reading

    /// Removes the complete frames at the start of `buffer` and returns them.
    static func parse(_ buffer: inout [UInt8]) -> [Frame] {
        var frames: [Frame] = []
        var offset = 0
        while buffer.count - offset >= 9 {
            let length = Int(buffer[offset]) << 16 | Int(buffer[offset + 1]) << 8 | Int(buffer[offset + 2])
            guard buffer.count - offset - 9 >= length else { break }
            let stream = Int32(bitPattern: uint32(buffer, at: offset + 5) & 0x7fff_ffff)
            frames.append(
                Frame(
                    type: buffer[offset + 3], flags: buffer[offset + 4], stream: stream,
                    payload: Array(buffer[(offset + 9)..<(offset + 9 + length)])))
            offset += 9 + length
        }
        buffer.removeFirst(offset)
        return frames
    }

    /// A short description of `frames` for failure messages: type/stream, e.g. "SETTINGS/0 GOAWAY(11)/0".
    static func summary(_ frames: [Frame]) -> String {
        let names: [UInt8: String] = [
            data: "DATA", headers: "HEADERS", rstStream: "RST_STREAM", settings: "SETTINGS", ping: "PING",
            goAway: "GOAWAY", windowUpdate: "WINDOW_UPDATE", continuation: "CONTINUATION",
        ]
        return frames.map { frame in
            var name = names[frame.type] ?? "type\(frame.type)"
            if let code = frame.goAwayErrorCode { name += "(\(code))" }
            if (frame.type == settings || frame.type == ping) && frame.flags & ack != 0 { name += "+ACK" }
            return "\(name)/\(frame.stream)"
        }.joined(separator: " ")
    }

    /// `value` as 4 bytes, most significant first.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    /// The 4 bytes at `offset` of `bytes`, most significant first.
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
