/// Hand-built HTTP/2 frames (RFC 9113 §4.1, §6) for the abuse attackers.
///
/// The attackers must be able to send what no well-behaved library would (resets right after
/// a request, CONTINUATION without end, stream ids going backwards), so frames are laid out
/// byte by byte here instead of going through nghttp2. Every builder APPENDS to a caller-owned
/// buffer so the flood loops reuse one allocation.
enum H2Frames {
    /// The client connection preface (RFC 9113 §3.4), sent before the first SETTINGS.
    static let clientMagic: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// Frame types the attackers send or read.
    enum Kind: UInt8 {
        /// Stream frames and SETTINGS (types 0x0–0x4).
        case data = 0x0, headers = 0x1, priority = 0x2, rstStream = 0x3, settings = 0x4
        /// The rest of RFC 9113's types (0x5–0x9).
        case pushPromise = 0x5, ping = 0x6, goAway = 0x7, windowUpdate = 0x8, continuation = 0x9
    }

    /// END_STREAM (DATA, HEADERS); the same bit is ACK on SETTINGS and PING.
    static let endStream: UInt8 = 0x1
    /// ACK (SETTINGS, PING).
    static let ack: UInt8 = 0x1
    /// END_HEADERS (HEADERS, CONTINUATION).
    static let endHeaders: UInt8 = 0x4

    /// SETTINGS identifiers used here (RFC 9113 §6.5.2).
    enum Setting: UInt16 {
        /// HPACK table size, push, concurrent streams.
        case headerTableSize = 0x1, enablePush = 0x2, maxConcurrentStreams = 0x3
        /// Flow control, frame size, header list size.
        case initialWindowSize = 0x4, maxFrameSize = 0x5, maxHeaderListSize = 0x6
    }

    /// The largest frame payload a peer must accept before it raises SETTINGS_MAX_FRAME_SIZE;
    /// our server never raises it, so every attacker keeps below it.
    static let maxPayload = 16_384

    /// Appends one frame: 24-bit length, type, flags, 31-bit stream id, payload.
    static func append(
        _ kind: Kind, flags: UInt8 = 0, stream: UInt32, payload: some Collection<UInt8>,
        to out: inout [UInt8]
    ) {
        let length = payload.count
        out.append(UInt8(truncatingIfNeeded: length >> 16))
        out.append(UInt8(truncatingIfNeeded: length >> 8))
        out.append(UInt8(truncatingIfNeeded: length))
        out.append(kind.rawValue)
        out.append(flags)
        appendUInt32(stream & 0x7fff_ffff, to: &out)
        out.append(contentsOf: payload)
    }

    /// The client preface plus our SETTINGS frame, the greeting of every raw connection.
    static func preface(settings: [(Setting, UInt32)] = [(.enablePush, 0)]) -> [UInt8] {
        var out = clientMagic
        appendSettings(settings, to: &out)
        return out
    }

    /// A SETTINGS frame with the given entries (6 bytes each).
    static func appendSettings(_ entries: [(Setting, UInt32)], to out: inout [UInt8]) {
        var payload: [UInt8] = []
        payload.reserveCapacity(entries.count * 6)
        for (id, value) in entries {
            payload.append(UInt8(id.rawValue >> 8))
            payload.append(UInt8(id.rawValue & 0xff))
            appendUInt32(value, to: &payload)
        }
        append(.settings, stream: 0, payload: payload, to: &out)
    }

    /// A SETTINGS frame with ACK and no payload.
    static func appendSettingsAck(to out: inout [UInt8]) {
        append(.settings, flags: ack, stream: 0, payload: EmptyCollection(), to: &out)
    }

    /// HEADERS carrying `fragment` (the whole block when `endHeaders`).
    static func appendHeaders(
        stream: UInt32, fragment: some Collection<UInt8>, endStream: Bool, endHeaders: Bool,
        to out: inout [UInt8]
    ) {
        let flags = (endStream ? Self.endStream : 0) | (endHeaders ? Self.endHeaders : 0)
        append(.headers, flags: flags, stream: stream, payload: fragment, to: &out)
    }

    /// A header block split into HEADERS + CONTINUATION frames of at most `maxPayload` bytes.
    static func appendHeaderBlock(stream: UInt32, block: [UInt8], endStream: Bool, to out: inout [UInt8]) {
        var start = 0
        repeat {
            let end = min(block.count, start + maxPayload)
            let last = end == block.count
            if start == 0 {
                appendHeaders(stream: stream, fragment: block[start..<end], endStream: endStream, endHeaders: last, to: &out)
            } else {
                append(.continuation, flags: last ? endHeaders : 0, stream: stream, payload: block[start..<end], to: &out)
            }
            start = end
        } while start < block.count
    }

    /// DATA carrying `payload` (at most `maxPayload` bytes).
    static func appendData(stream: UInt32, payload: some Collection<UInt8>, endStream: Bool, to out: inout [UInt8]) {
        append(.data, flags: endStream ? Self.endStream : 0, stream: stream, payload: payload, to: &out)
    }

    /// RST_STREAM with an error code (CANCEL = 0x8).
    static func appendRstStream(stream: UInt32, code: UInt32, to out: inout [UInt8]) {
        var payload: [UInt8] = []
        appendUInt32(code, to: &payload)
        append(.rstStream, stream: stream, payload: payload, to: &out)
    }

    /// PING with 8 opaque bytes.
    static func appendPing(opaque: UInt64, ack: Bool = false, to out: inout [UInt8]) {
        let payload = withUnsafeBytes(of: opaque.bigEndian) { Array($0) }
        append(.ping, flags: ack ? Self.ack : 0, stream: 0, payload: payload, to: &out)
    }

    /// WINDOW_UPDATE for a stream (0 = the connection).
    static func appendWindowUpdate(stream: UInt32, increment: UInt32, to out: inout [UInt8]) {
        var payload: [UInt8] = []
        appendUInt32(increment & 0x7fff_ffff, to: &payload)
        append(.windowUpdate, stream: stream, payload: payload, to: &out)
    }

    /// A gRPC length-prefixed message: flag 0, 4-byte big-endian length, then the payload.
    static func grpcMessage(_ payload: [UInt8]) -> [UInt8] {
        grpcPrefix(announcing: UInt32(payload.count)) + payload
    }

    /// Only the 5-byte prefix, announcing `length` bytes (which may never come).
    static func grpcPrefix(announcing length: UInt32) -> [UInt8] {
        var out: [UInt8] = [0]
        appendUInt32(length, to: &out)
        return out
    }

    /// Appends a big-endian 32-bit value (network order, as every HTTP/2 field).
    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }
}

/// HTTP/2 error codes (RFC 9113 §7) by name, for the report.
enum H2Code {
    /// PROTOCOL_ERROR.
    static let protocolError: UInt32 = 0x1
    /// CANCEL: what a client sends to abandon a stream.
    static let cancel: UInt32 = 0x8
    /// ENHANCE_YOUR_CALM: the peer is told it is abusing the connection.
    static let enhanceYourCalm: UInt32 = 0xb

    private static let names = [
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
        "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
        "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    ]

    /// `ENHANCE_YOUR_CALM`, or `0x2a` for a code RFC 9113 does not name.
    static func name(_ code: UInt32) -> String {
        code < names.count ? names[Int(code)] : "0x" + String(code, radix: 16)
    }
}
