/// Decodes Palisade's binary format (`Protocol/encoding.md`) into `Codable` messages.
///
/// Unknown fields are skipped, absent fields take their defaults (0, false, "", empty, the
/// epoch, an all-default message, the 0 case of an enum), and the last occurrence of a
/// singular field wins, so an older service reads a newer peer's messages. Malformed input
/// always throws a ``WireError``; it never traps.
///
/// ```swift
/// let request = try WireDecoder().decode(HealthCheckRequest.self, from: bytes)
/// ```
public struct WireDecoder: Sendable {
    /// The bounds applied to every input.
    public var limits: WireLimits
    /// Whether ``WireFastDecodable`` messages are read by their hand-written reader first (the
    /// default). Off, every message takes the `Codable` path: what tests compare the readers to.
    public var usesFastReaders: Bool

    /// Creates a decoder with the given limits.
    public init(limits: WireLimits = .init(), usesFastReaders: Bool = true) {
        self.limits = limits
        self.usesFastReaders = usesFastReaders
    }

    /// Decodes one message from `bytes` (the payload of one Length-Prefixed-Message).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(WireError) -> T {
        // Too large is refused before anything is copied; the type check waits until the fast
        // path is ruled out (a hand-written reader's type is a message by construction).
        if bytes.count > limits.maxMessageSize { try WireError.checkDecoding(T.self, count: bytes.count, limits: limits, input: "message") }
        let buffer = Array(bytes)
        if usesFastReaders, let fast = T.self as? any WireFastDecodable.Type,
            let value = read(fast, from: buffer) as T?
        {
            return value
        }
        try WireError.checkDecoding(T.self, count: bytes.count, limits: limits, input: "message")
        let context = BinaryValueDecoder(bytes: buffer, maxDepth: limits.maxDepth)
        let whole = FieldRecord(type: .lengthDelimited, value: 0, range: 0..<buffer.count)
        return try WireError.wrappingErrors {
            let table = try FieldTable(bytes: buffer, range: whole.range)
            return try T(from: BinaryDecoder(context: context, records: [whole], path: [], depth: 1, preparsed: table))
        }
    }

    /// `Fast`'s hand-written reader on `buffer` (`Fast` is `T`): generic over the reader's type
    /// so the value is returned as itself, not boxed in an existential and cast back.
    private func read<Fast: WireFastDecodable, T>(_: Fast.Type, from buffer: [UInt8]) -> T? {
        WireFieldReader.reading(buffer, maxDepth: limits.maxDepth) { reader in
            guard let value = Fast(wireFields: &reader), !reader.failed else { return nil }
            return value as? T
        }
    }
}
