import Foundation

/// Encodes `Codable` messages into Palisade's binary format (`Protocol/encoding.md`).
///
/// Field numbers come from the integer raw values of the type's `CodingKeys`. The output is
/// canonical: fields in ascending number order, defaults left out, map entries sorted by key,
/// so equal values always produce identical bytes.
///
/// ```swift
/// struct Ping: Codable {
///     var note: String
///     enum CodingKeys: Int, CodingKey { case note = 1 }
/// }
/// let bytes = try WireEncoder().encode(Ping(note: "hi"))   // 0a 02 68 69
/// ```
public struct WireEncoder: Sendable {
    /// Nesting beyond this is refused, so we never produce what a peer's decoder must reject.
    public var maxDepth: Int

    /// Creates an encoder; `maxDepth` should match the peers' ``WireLimits/maxDepth``.
    public init(maxDepth: Int = WireLimits().maxDepth) {
        self.maxDepth = maxDepth
    }

    /// Whether ``WireFastEncodable`` messages are written by their hand-written writer first (the
    /// default); `false` forces the `Codable` path, which tests compare the writers against.
    public var usesFastWriters: Bool = true

    /// Encodes a message (a type encoded through a keyed container) to bytes.
    public func encode<T: Encodable>(_ value: T) throws(WireError) -> [UInt8] {
        if usesFastWriters, T.self is any WireFastEncodable.Type, let fast = value as? any WireFastEncodable, let bytes = fast.wireBytes() {
            return bytes
        }
        try WireError.checkEncoding(T.self)
        let encoded = try WireError.wrappingErrors {
            try BinaryValueEncoder(maxDepth: maxDepth).encodeValue(value, path: [], depth: 1)
        }
        switch encoded {
        case .message(let bytes): return bytes
        case .absent: return []
        default: throw WireError.singleValueAtTopLevel(T.self)
        }
    }
}
