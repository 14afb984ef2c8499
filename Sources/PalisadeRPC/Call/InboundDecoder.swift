import PalisadeWire

/// Cuts a stream's DATA bytes into messages, per the call's framing, enforcing the size limit
/// before anything is buffered past it.
struct InboundDecoder {
    private enum Mode {
        case lengthPrefixed(MessageDeframer)
        case lines([UInt8])
        case whole([UInt8])
    }

    private var mode: Mode
    private let maxMessageSize: Int

    init(framing: MessageFraming, maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
        switch framing {
        case .lengthPrefixed: mode = .lengthPrefixed(MessageDeframer(maxMessageSize: maxMessageSize))
        case .newlineDelimited: mode = .lines([])
        case .wholeBody: mode = .whole([])
        }
    }

    /// Appends received bytes and returns the messages they completed.
    mutating func append(_ bytes: [UInt8]) throws(RPCError) -> [[UInt8]] {
        switch mode {
        case .lengthPrefixed(var deframer):
            deframer.append(bytes)
            var messages: [[UInt8]] = []
            do {
                while let message = try deframer.next() { messages.append(message) }
            } catch {
                mode = .lengthPrefixed(deframer)
                throw RPCError(error.status, error.message)
            }
            mode = .lengthPrefixed(deframer)
            return messages
        case .lines(var buffer):
            mode = .lines([])  // keep the buffer uniquely referenced while we mutate it
            var messages: [[UInt8]] = []
            var start = 0
            buffer.append(contentsOf: bytes)
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                if !line.allSatisfy(Self.isSpace) { messages.append(line) }
                start = newline + 1
            }
            buffer.removeFirst(start)
            guard buffer.count <= maxMessageSize else { throw tooLarge(buffer.count) }
            mode = .lines(buffer)
            return messages
        case .whole(var buffer):
            mode = .whole([])
            buffer.append(contentsOf: bytes)
            guard buffer.count <= maxMessageSize else { throw tooLarge(buffer.count) }
            mode = .whole(buffer)
            return []
        }
    }

    /// The peer ended the stream: returns what the end completes (a whole body, a last line).
    mutating func finish() throws(RPCError) -> [[UInt8]] {
        switch mode {
        case .lengthPrefixed(let deframer):
            guard !deframer.hasPartialMessage else {
                throw RPCError(.internalError, "stream ended inside a message (\(deframer.bufferedByteCount) bytes of a truncated message)")
            }
            return []
        case .lines(let buffer):
            mode = .lines([])
            return buffer.allSatisfy(Self.isSpace) ? [] : [buffer]
        case .whole(let buffer):
            mode = .whole([])
            return [buffer]
        }
    }

    private func tooLarge(_ size: Int) -> RPCError {
        RPCError(.resourceExhausted, "message of at least \(size) bytes exceeds the limit of \(maxMessageSize) bytes")
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
}
