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

    /// Encodes a message (a type encoded through a keyed container) to bytes.
    public func encode<T: Encodable>(_ value: T) throws(WireError) -> [UInt8] {
        guard WireKind.of(T.self) == .other else {
            throw WireError(
                code: .unsupportedType,
                message: "top-level value of type \(T.self) is not a message; wrap it in a struct with CodingKeys")
        }
        let encoded: EncodedValue
        do {
            encoded = try BinaryValueEncoder(maxDepth: maxDepth).encodeValue(value, path: [], depth: 1)
        } catch {
            throw WireError.wrapping(error, path: [])
        }
        switch encoded {
        case .message(let bytes): return bytes
        case .absent: return []
        default:
            throw WireError(
                code: .unsupportedType,
                message: "top-level value of type \(T.self) encoded as a single value, not a message; give it CodingKeys")
        }
    }
}

extension WireError {
    /// Converts whatever a `Codable` implementation threw into a `WireError`.
    static func wrapping(_ error: any Error, path: [PathComponent]) -> WireError {
        if let wire = error as? WireError { return wire }
        switch error {
        case EncodingError.invalidValue(_, let context):
            return WireError(code: .invalidValue, message: "\(describe(context.codingPath, path)): \(context.debugDescription)")
        case DecodingError.dataCorrupted(let context):
            return WireError(code: .invalidValue, message: "\(describe(context.codingPath, path)): \(context.debugDescription)")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context):
            return WireError(code: .invalidValue, message: "\(describe(context.codingPath, path)): \(context.debugDescription)")
        default:
            return WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): \(error)")
        }
    }

    private static func describe(_ codingPath: [any CodingKey], _ fallback: [PathComponent]) -> String {
        guard !codingPath.isEmpty else { return FieldPath.describe(fallback) }
        let components = codingPath.map { key -> PathComponent in
            .field(name: key.stringValue, number: key.intValue)
        }
        return FieldPath.describe(components)
    }
}
