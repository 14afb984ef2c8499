/// Splits a byte stream into gRPC Length-Prefixed-Messages.
///
/// Feed it DATA frame payloads with ``append(_:)`` and pull complete messages with ``next()``,
/// which returns `nil` ("not yet") until a whole message is buffered. The length is checked
/// against the limit as soon as the 5-byte header is available, so an oversized message is
/// rejected before any of its body is held in memory.
///
/// Consumed bytes are skipped with a read index and compacted only once they make up half the
/// buffer, so the total work is proportional to the bytes received.
///
/// ```swift
/// var deframer = MessageDeframer(maxMessageSize: 4 << 20)
/// deframer.append(chunk)
/// while let message = try deframer.next() { handle(message) }
/// ```
public struct MessageDeframer: Sendable {
    /// The limit on a single message's payload, in bytes.
    public let maxMessageSize: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Set once a violation is seen: the stream is unusable afterwards, so every later call
    /// reports the same error instead of resynchronising on garbage.
    private var failure: FramingError?

    /// Creates a deframer that rejects payloads larger than `maxMessageSize` bytes.
    public init(maxMessageSize: Int) {
        self.maxMessageSize = max(0, maxMessageSize)
    }

    /// Bytes received but not yet returned as messages.
    public var bufferedByteCount: Int {
        buffer.count - readIndex
    }

    /// Whether part of a message (header or body) is buffered; at end of stream this means the
    /// peer stopped mid-message (see ``finish()``).
    public var hasPartialMessage: Bool {
        bufferedByteCount > 0
    }

    /// Memory held: the buffer's capacity, which is what a peer's unfinished message costs.
    public var bufferedCapacity: Int { buffer.capacity }

    /// Buffers above this size are freed, not kept, once drained: a stream that carried one
    /// large message must not hold its buffer for the rest of its life.
    static let keptCapacity = 64 << 10

    /// Adds received bytes.
    ///
    /// Growth is capped at the end of the message being received (once its header is here): a
    /// buffer doubles while it is small against the message, then takes exactly what the
    /// message needs, so an unfinished message holds at most its own size, not up to twice it.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }
        if readIndex > 0, readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        let needed = buffer.count + bytes.count
        if needed > buffer.capacity, let end = currentMessageEnd, end >= needed {
            buffer.reserveCapacity(max(needed, min(2 * buffer.capacity, end)))
        }
        buffer.append(contentsOf: bytes)
    }

    /// Where the message being received ends in `buffer`, once its header is buffered and valid.
    private var currentMessageEnd: Int? {
        guard buffer.count - readIndex >= MessageFramer.headerSize, buffer[readIndex] == 0 else { return nil }
        var length = 0
        for offset in 1...4 {
            length = length << 8 | Int(buffer[readIndex + offset])
        }
        guard length <= maxMessageSize else { return nil }
        return readIndex + MessageFramer.headerSize + length
    }

    /// Returns the next complete message payload, or `nil` if more bytes are needed.
    ///
    /// Throws as soon as the header shows a bad flag or an oversized length; after that the
    /// deframer keeps throwing the same error.
    public mutating func next() throws(FramingError) -> [UInt8]? {
        if let failure { throw failure }
        let available = buffer.count - readIndex
        guard available >= MessageFramer.headerSize else { return nil }
        let flag = buffer[readIndex]
        guard flag == 0 else {
            let error = flag == 1 ? FramingError.compressedMessageUnsupported : .invalidFlag(flag)
            failure = error
            throw error
        }
        var length = 0
        for offset in 1...4 {
            length = length << 8 | Int(buffer[readIndex + offset])
        }
        guard length <= maxMessageSize else {
            let error = FramingError.messageTooLarge(size: length, limit: maxMessageSize)
            failure = error
            throw error
        }
        guard available - MessageFramer.headerSize >= length else { return nil }
        let start = readIndex + MessageFramer.headerSize
        let message = Array(buffer[start..<(start + length)])
        readIndex = start + length
        if readIndex == buffer.count {
            // Common case: the buffer is drained; reset without moving bytes.
            buffer.removeAll(keepingCapacity: buffer.capacity <= Self.keptCapacity)
            readIndex = 0
        }
        return message
    }

    /// Checks that the stream ended on a message boundary; call it at END_STREAM.
    public func finish() throws(FramingError) {
        if let failure { throw failure }
        if hasPartialMessage { throw .truncatedMessage(buffered: bufferedByteCount) }
    }
}
