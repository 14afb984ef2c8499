/// Parses the frames a server sends to a raw attacker, just enough to report what it saw.
///
/// It records GOAWAY (last stream id, error code, when), RST_STREAM codes, which streams got
/// HEADERS or ended, SETTINGS to acknowledge, and the flow-control windows the server grants
/// (`windows`). Header blocks are not decoded: nghttp2 compresses them with state we do not
/// track, and only `bad-deadline` needs their content (it uses `H2Session` for that).
struct H2FrameReader {
    private var buffer: [UInt8] = []
    private var offset = 0

    /// Frames parsed so far.
    private(set) var frames = 0
    /// The first GOAWAY received, if any.
    private(set) var goAway: (lastStreamID: UInt32, errorCode: UInt32)?
    /// When that GOAWAY was parsed.
    private(set) var goAwayAt: ContinuousClock.Instant?
    /// RST_STREAM frames received, by error code.
    private(set) var resets: [UInt32: Int] = [:]
    /// Streams the server reset.
    private(set) var resetStreams: Set<UInt32> = []
    /// HEADERS frames received on streams (response heads, trailers, trailers-only answers).
    private(set) var headerFrames = 0
    /// Streams the server finished (END_STREAM on HEADERS or DATA).
    private(set) var endedStreams: Set<UInt32> = []
    /// DATA payload bytes received.
    private(set) var dataBytes = 0
    /// Non-ACK SETTINGS received and not yet handed out by `takeSettingsToAck`.
    private(set) var settingsToAck = 0
    /// DATA bytes received since the last `takeCredit`, per stream (0 = connection), for
    /// attackers that keep the server's send window open.
    private var credit: [UInt32: Int] = [:]
    /// What the server lets us send (updated by SETTINGS and WINDOW_UPDATE).
    var windows = H2SendWindows()
    /// Set when the bytes cannot be HTTP/2 (e.g. a frame longer than we allow): parsing stops.
    private(set) var malformed: String?

    /// The largest payload we accept: our SETTINGS never raise the 16 KiB default.
    private static let maxFrame = 16_384

    /// Feeds received plaintext and parses every complete frame.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        guard malformed == nil else { return }
        buffer.append(contentsOf: bytes)
        while buffer.count - offset >= 9 {
            let length = Int(buffer[offset]) << 16 | Int(buffer[offset + 1]) << 8 | Int(buffer[offset + 2])
            guard length <= Self.maxFrame else {
                malformed = "frame of \(length) bytes"
                return
            }
            guard buffer.count - offset >= 9 + length else { break }
            let type = buffer[offset + 3]
            let flags = buffer[offset + 4]
            let stream = uint32(at: offset + 5) & 0x7fff_ffff
            handle(type: type, flags: flags, stream: stream, payload: offset + 9, length: length)
            offset += 9 + length
            frames += 1
        }
        // Compact now and then rather than after every frame: removing the head of an array
        // moves everything behind it.
        if offset > 0, offset == buffer.count || offset >= 256 << 10 {
            buffer.removeFirst(offset)
            offset = 0
        }
    }

    /// How many SETTINGS frames to acknowledge now (and forgets them).
    mutating func takeSettingsToAck() -> Int {
        defer { settingsToAck = 0 }
        return settingsToAck
    }

    /// DATA received since the last call, per stream (key 0: the whole connection).
    mutating func takeCredit() -> [UInt32: Int] {
        defer { credit = [:] }
        return credit
    }

    /// Whether the server has answered or refused `stream` (HEADERS, END_STREAM or RST_STREAM).
    func isAnswered(_ stream: UInt32) -> Bool {
        endedStreams.contains(stream) || resetStreams.contains(stream)
    }

    private mutating func handle(type: UInt8, flags: UInt8, stream: UInt32, payload: Int, length: Int) {
        switch H2Frames.Kind(rawValue: type) {
        case .data:
            dataBytes += length
            credit[0, default: 0] += length
            credit[stream, default: 0] += length
            if flags & H2Frames.endStream != 0 { endedStreams.insert(stream) }
        case .headers:
            headerFrames += 1
            if flags & H2Frames.endStream != 0 { endedStreams.insert(stream) }
        case .rstStream where length >= 4:
            resets[uint32(at: payload), default: 0] += 1
            resetStreams.insert(stream)
            windows.close(stream)
        case .settings where flags & H2Frames.ack == 0:
            settingsToAck += 1
            var entry = payload
            while entry + 6 <= payload + length {
                let id = UInt16(buffer[entry]) << 8 | UInt16(buffer[entry + 1])
                if id == H2Frames.Setting.initialWindowSize.rawValue {
                    windows.setInitial(Int(uint32(at: entry + 2)))
                }
                entry += 6
            }
        case .goAway where length >= 8:
            if goAway == nil {
                goAway = (uint32(at: payload) & 0x7fff_ffff, uint32(at: payload + 4))
                goAwayAt = .now
            }
        case .windowUpdate where length >= 4:
            windows.credit(stream, Int(uint32(at: payload) & 0x7fff_ffff))
        default:
            break  // PING, PUSH_PROMISE (never: we disable push), unknown types: nothing to report
        }
    }

    private func uint32(at index: Int) -> UInt32 {
        UInt32(buffer[index]) << 24 | UInt32(buffer[index + 1]) << 16 | UInt32(buffer[index + 2]) << 8 | UInt32(buffer[index + 3])
    }
}

/// The client's send windows (RFC 9113 §6.9): what the server allows us to send, per stream
/// and for the connection. An attacker that exceeds them would only get FLOW_CONTROL_ERROR for
/// its own mistake, which proves nothing about the server.
struct H2SendWindows {
    /// The connection window: 65,535 until the server's WINDOW_UPDATEs on stream 0.
    private(set) var connection = 65_535
    /// SETTINGS_INITIAL_WINDOW_SIZE: the window of each newly opened stream.
    private(set) var initial = 65_535
    private var streams: [UInt32: Int] = [:]

    /// Starts tracking a stream we opened.
    mutating func open(_ stream: UInt32) { streams[stream] = initial }

    /// Stops tracking a stream (reset or abandoned).
    mutating func close(_ stream: UInt32) { streams[stream] = nil }

    /// Bytes we may send on `stream` now (0 for a stream we do not track).
    func available(_ stream: UInt32) -> Int { max(0, min(connection, streams[stream] ?? 0)) }

    /// Records DATA payload sent on `stream`.
    mutating func spend(_ stream: UInt32, _ count: Int) {
        connection -= count
        streams[stream]? -= count
    }

    /// A new SETTINGS_INITIAL_WINDOW_SIZE shifts every open stream's window by the difference.
    mutating func setInitial(_ value: Int) {
        let delta = value - initial
        initial = value
        streams = streams.mapValues { $0 + delta }
    }

    /// A WINDOW_UPDATE (stream 0: the connection).
    mutating func credit(_ stream: UInt32, _ increment: Int) {
        if stream == 0 {
            connection += increment
        } else {
            streams[stream]? += increment
        }
    }
}
