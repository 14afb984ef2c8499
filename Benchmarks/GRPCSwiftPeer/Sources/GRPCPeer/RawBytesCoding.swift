import GRPCCore

/// Serializes a raw-bytes message by copying it into the transport's byte type unchanged.
///
/// The Echo service's messages are opaque bytes, so there is no protobuf and no codegen:
/// the gRPC length-prefixed frame carries exactly these bytes.
struct RawBytesSerializer: MessageSerializer {
    /// Returns `message` as the transport's contiguous byte type.
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}

/// Deserializes a raw-bytes message by copying the received bytes into an array.
struct RawBytesDeserializer: MessageDeserializer {
    /// Returns the received bytes as `[UInt8]`.
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// The `palisade.bench.v1.Echo` contract: method descriptors and the tiny wire formats of
/// `Push` replies and `Pull` requests (all integers little-endian).
///
/// This mirrors Palisade's own `EchoService` so that either side can talk to the other:
/// - `Unary` returns the request bytes;
/// - `Push` (client streaming) returns the number of messages received as a UInt64;
/// - `Pull` (server streaming) takes a UInt64 count N and a UInt32 size S and returns N
///   messages of S bytes, byte i being `i mod 256`;
/// - `Chat` (bidirectional streaming) echoes every message.
enum Echo {
    /// The fully qualified service name.
    static let service = ServiceDescriptor(fullyQualifiedService: "palisade.bench.v1.Echo")
    /// `Echo/Unary`.
    static let unary = MethodDescriptor(service: service, method: "Unary", type: .unary)
    /// `Echo/Push`.
    static let push = MethodDescriptor(service: service, method: "Push", type: .clientStreaming)
    /// `Echo/Pull`.
    static let pull = MethodDescriptor(service: service, method: "Pull", type: .serverStreaming)
    /// `Echo/Chat`.
    static let chat = MethodDescriptor(service: service, method: "Chat", type: .bidirectionalStreaming)

    /// Encodes a `Push` reply: the message count as 8 bytes little-endian.
    static func encodeCount(_ count: UInt64) -> [UInt8] {
        withUnsafeBytes(of: count.littleEndian) { Array($0) }
    }

    /// Decodes a `Push` reply; nil unless it is exactly 8 bytes.
    static func decodeCount(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return readLittleEndian(bytes[...])
    }

    /// Encodes a `Pull` request for `count` messages of `size` bytes.
    static func pullRequest(count: UInt64, size: UInt32) -> [UInt8] {
        encodeCount(count) + withUnsafeBytes(of: size.littleEndian) { Array($0) }
    }

    /// Decodes a `Pull` request; nil unless it is exactly 12 bytes.
    static func parsePull(_ bytes: [UInt8]) -> (count: UInt64, size: Int)? {
        guard bytes.count == 12 else { return nil }
        return (readLittleEndian(bytes[0..<8]), Int(readLittleEndian(bytes[8..<12])))
    }

    /// The body of every `Pull` reply message of `size` bytes: byte i is `i mod 256`.
    static func pullPayload(size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0) }
    }

    private static func readLittleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
