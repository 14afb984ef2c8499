import PalisadeRPC
import PalisadeWire
import Synchronization

/// `palisade.bench.v1.Echo`: the benchmark and interop service (see `Protocol/echo.md`).
///
/// Payloads are opaque bytes with no encoding, so that h2load or any gRPC client with a
/// raw-bytes codec can call it:
/// - `Unary` returns the request bytes;
/// - `Push` (client stream) returns the number of messages received, 8 bytes little-endian;
/// - `Pull` (server stream) takes 8 bytes little-endian count N and 4 bytes little-endian
///   size S, and returns N messages of S bytes, byte i being i mod 256;
/// - `Chat` (bidirectional) echoes every message.
public struct EchoService: RPCService {
    /// The service name.
    public static let service = "palisade.bench.v1.Echo"
    /// `Echo/Unary`.
    public static let unary = RPCMethodName(service: service, method: "Unary", kind: .unary)
    /// `Echo/Push`.
    public static let push = RPCMethodName(service: service, method: "Push", kind: .clientStreaming)
    /// `Echo/Pull`.
    public static let pull = RPCMethodName(service: service, method: "Pull", kind: .serverStreaming)
    /// `Echo/Chat`.
    public static let chat = RPCMethodName(service: service, method: "Chat", kind: .bidirectional)

    private let allow: Set<String>?

    /// An echo service callable by `allow` (nil: anyone through the handshake).
    public init(allow: Set<String>? = nil) { self.allow = allow }

    public var routes: [RPCRoute] {
        [
            .unaryRaw(Self.unary, allow: allow) { request, _ in request },
            .streamRaw(Self.push, allow: allow) { requests, writer, _ in
                var count: UInt64 = 0
                for try await _ in requests { count += 1 }
                try await writer.write(Self.littleEndian(count))
            },
            .streamRaw(Self.pull, allow: allow) { requests, writer, context in
                var iterator = requests.makeAsyncIterator()
                guard let request = try await iterator.next(), let (count, size) = Self.parsePull(request) else {
                    throw RPCError(.invalidArgument, "Pull expects 12 bytes: count (UInt64 LE) and size (UInt32 LE)")
                }
                guard size <= context.maxMessageSize else {
                    throw RPCError(.resourceExhausted, "Pull message size \(size) exceeds the limit of \(context.maxMessageSize) bytes")
                }
                try Task.checkCancellation()
                let payload = Self.payload(size: size)
                for _ in 0..<count {
                    try Task.checkCancellation()
                    try await writer.write(payload)
                }
            },
            .streamRaw(Self.chat, allow: allow) { requests, writer, _ in
                for try await message in requests { try await writer.write(message) }
            },
        ]
    }

    /// The `Pull` payload of `size` bytes (byte i = i mod 256). The last few sizes built are
    /// kept: a hundred streams pulling 4 MiB messages share one buffer instead of building one
    /// each. Built by copying a 256-byte pattern, not byte by byte (milliseconds, not a second,
    /// for 4 MiB in a debug build).
    static func payload(size: Int) -> [UInt8] {
        if let cached = payloads.withLock({ $0.first { $0.count == size } }) { return cached }
        let pattern = (0..<256).map { UInt8($0) }
        var built: [UInt8] = []
        built.reserveCapacity(size)
        while built.count < size { built.append(contentsOf: pattern.prefix(size - built.count)) }
        payloads.withLock { kept in
            if kept.count == 4 { kept.removeFirst() }
            kept.append(built)
        }
        return built
    }

    private static let payloads = Mutex<[[UInt8]]>([])

    /// Encodes a `Pull` request.
    public static func pullRequest(count: UInt64, size: UInt32) -> [UInt8] {
        littleEndian(count) + withUnsafeBytes(of: size.littleEndian) { Array($0) }
    }

    /// Decodes a little-endian UInt64 (the `Push` response).
    public static func decodeCount(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    static func littleEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func parsePull(_ bytes: [UInt8]) -> (UInt64, Int)? {
        guard bytes.count == 12, let count = decodeCount(Array(bytes[0..<8])) else { return nil }
        let size = bytes[8..<12].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return (count, size)
    }
}
