import PalisadeWire

/// Cuts a stream's DATA bytes into messages, per the call's framing, enforcing the size limit
/// before anything is buffered past it.
struct InboundDecoder {
    /// How inbound messages are delimited: gRPC's length prefix, or one JSON body per call.
    enum Framing { case lengthPrefixed, wholeBody }

    // Two stored properties rather than an enum with payloads: mutating a payload in place
    // would copy the deframer's buffer on every chunk (copy-on-write sees two owners).
    private var deframer: MessageDeframer?
    private var body: [UInt8] = []
    private let maxMessageSize: Int

    init(framing: Framing, maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
        if framing == .lengthPrefixed { deframer = MessageDeframer(maxMessageSize: maxMessageSize) }
    }

    /// Bytes buffered towards a message not yet complete.
    var bufferedByteCount: Int { deframer?.bufferedByteCount ?? body.count }

    /// Memory those bytes hold (buffer capacity), what counts against a connection's allowance.
    var bufferedCapacity: Int { deframer?.bufferedCapacity ?? body.capacity }

    /// Drops whatever is buffered (the call is over) and frees its memory.
    mutating func discard() {
        guard bufferedByteCount > 0 else { return }
        if deframer != nil { deframer = MessageDeframer(maxMessageSize: maxMessageSize) }
        body = []
    }

    /// Appends received bytes and returns the messages they completed.
    mutating func append(_ bytes: [UInt8]) throws(RPCError) -> [[UInt8]] {
        guard deframer != nil else {
            body.append(contentsOf: bytes)
            guard body.count <= maxMessageSize else {
                throw RPCError(.resourceExhausted, "message of at least \(body.count) bytes exceeds the limit of \(maxMessageSize) bytes")
            }
            return []
        }
        deframer!.append(bytes)  // checked non-nil just above
        var messages: [[UInt8]] = []
        do {
            while let message = try deframer!.next() { messages.append(message) }
        } catch {
            throw RPCError(error.status, error.message)
        }
        return messages
    }

    /// The peer ended the stream: returns what the end completes (a whole JSON body).
    mutating func finish() throws(RPCError) -> [[UInt8]] {
        guard let deframer else {
            defer { body = [] }
            return [body]
        }
        guard !deframer.hasPartialMessage else {
            throw RPCError(.internalError, "stream ended inside a message (\(deframer.bufferedByteCount) bytes of a truncated message)")
        }
        return []
    }
}
