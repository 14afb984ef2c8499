import Foundation

/// The checks and errors the binary format and the JSON mapping share, so that both refuse the
/// same shapes with the same words: what may stand at the top level, which containers exist,
/// which lists and maps can be written, and how an error thrown by a `Codable` implementation
/// becomes a ``WireError``.
extension WireError {
    /// Refuses, before decoding starts, an input of `count` bytes over the limit or a top-level
    /// type that is not a message. `input` names the input in the error ("message").
    static func checkDecoding<T>(_ type: T.Type, count: Int, limits: WireLimits, input: String) throws(WireError) {
        guard count <= limits.maxMessageSize else {
            throw WireError(
                code: .messageTooLarge, message: "\(input) of \(count) bytes exceeds the maximum of \(limits.maxMessageSize) bytes")
        }
        guard WireKind.of(T.self) == .other else {
            throw WireError(code: .unsupportedType, message: "top-level type \(T.self) is not a message; decode a struct with CodingKeys")
        }
    }

    /// Refuses, before encoding starts, a top-level value that is not a message.
    static func checkEncoding<T>(_ type: T.Type) throws(WireError) {
        guard WireKind.of(T.self) == .other else {
            throw WireError(
                code: .unsupportedType,
                message: "top-level value of type \(T.self) is not a message; wrap it in a struct with CodingKeys")
        }
    }

    /// A top-level value whose `encode(to:)` used a single-value container.
    static func singleValueAtTopLevel<T>(_ type: T.Type) -> WireError {
        WireError(
            code: .unsupportedType,
            message: "top-level value of type \(T.self) encoded as a single value, not a message; give it CodingKeys")
    }

    /// Runs the encoding or decoding of a top-level message, turning whatever the `Codable`
    /// implementations threw into a `WireError`.
    static func wrappingErrors<Result>(_ body: () throws -> Result) throws(WireError) -> Result {
        do {
            return try body()
        } catch {
            throw WireError.wrapping(error, path: [])
        }
    }

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

    /// An unkeyed container was asked for; only `Array` maps to a list.
    static func unkeyedContainer(_ path: [PathComponent]) -> WireError {
        WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(path)): unkeyed containers are only supported through Array; use a message")
    }

    /// One `encode(to:)` used both a keyed and a single-value container.
    static func mixedContainers(_ path: [PathComponent]) -> WireError {
        WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): a value cannot be both a message and a single value")
    }

    /// Nesting past ``WireLimits/maxDepth`` (or an encoder's `maxDepth`).
    static func depthExceeded(_ path: [PathComponent], _ limit: Int) -> WireError {
        WireError(
            code: .depthLimitExceeded,
            message: "\(FieldPath.describe(path)): messages are nested more than \(limit) levels deep")
    }

    /// Refuses a list whose elements are lists, maps or optionals, which neither format can
    /// represent. `verb` is "decoded" or "encoded; wrap the element in a message".
    static func checkListElement(_ kind: WireKind, _ path: [PathComponent], _ verb: String) throws(WireError) {
        if kind == .array || kind == .dictionary || kind == .optional {
            throw WireError(
                code: .unsupportedType, message: "\(FieldPath.describe(path)): lists of lists, maps or optionals cannot be \(verb)")
        }
    }

    /// A map whose key type is not a string or an integer.
    static func invalidMapKey(_ path: [PathComponent]) -> WireError {
        WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): map keys must be strings or integers")
    }

    /// A type of a kind the decoders handle that is not one of the Swift types of that kind.
    static func notDecodable(_ type: Any.Type, _ path: [PathComponent]) -> WireError {
        WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): cannot decode \(type)")
    }

    /// `value`, decoded for `T`'s ``WireKind``, as `T`.
    static func cast<T>(_ value: Any, _ path: [PathComponent]) throws(WireError) -> T {
        guard let typed = value as? T else { throw notDecodable(T.self, path) }
        return typed
    }
}
