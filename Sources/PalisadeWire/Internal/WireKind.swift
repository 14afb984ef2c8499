import Foundation

/// How a Swift type maps onto the wire, decided from the static type alone so that the
/// encoder and both decoders always agree (see `Protocol/encoding.md`, "Type mapping").
enum WireKind: Equatable {
    case signedInteger
    case unsignedInteger
    case bool
    case floatingPoint
    case string
    case bytes
    case timestamp
    /// A `RawRepresentable` type whose raw value is an integer: Palisade's enums.
    case integerEnum
    case array
    case dictionary
    case optional
    /// A message (keyed container) or a custom type with its own `Codable` conformance.
    case other

    static func of(_ type: Any.Type) -> WireKind {
        if type == String.self { return .string }
        if type == Bool.self { return .bool }
        if type == Int.self || type == Int64.self || type == Int32.self || type == Int16.self || type == Int8.self {
            return .signedInteger
        }
        if type == UInt.self || type == UInt64.self || type == UInt32.self || type == UInt16.self
            || type == UInt8.self
        {
            return .unsignedInteger
        }
        if type == Double.self || type == Float.self { return .floatingPoint }
        if type == Data.self { return .bytes }
        if type == Date.self { return .timestamp }
        if type is any OptionalMarker.Type { return .optional }
        if type is any ArrayMarker.Type { return .array }
        if type is any DictionaryMarker.Type { return .dictionary }
        if let raw = type as? any RawRepresentable.Type, IntegerEnum.hasIntegerRawValue(raw) { return .integerEnum }
        return .other
    }

    /// Kinds packed into one length-delimited field when repeated.
    var isPackable: Bool {
        switch self {
        case .signedInteger, .unsignedInteger, .bool, .floatingPoint, .timestamp, .integerEnum: true
        default: false
        }
    }

    /// Kinds allowed as map keys: strings and integers, which have a canonical order.
    var isMapKey: Bool {
        self == .string || self == .signedInteger || self == .unsignedInteger
    }
}

/// Marks `Optional` so nested optionals (`[Int?]`) can be rejected by type.
protocol OptionalMarker {}
extension Optional: OptionalMarker {}

/// Marks `Array` without needing its element to be `Codable`.
protocol ArrayMarker {
    static var elementType: Any.Type { get }
}

extension Array: ArrayMarker {
    static var elementType: Any.Type { Element.self }
}

/// Marks `Dictionary` without needing its key and value to be `Codable`.
protocol DictionaryMarker {
    static var keyType: Any.Type { get }
}

extension Dictionary: DictionaryMarker {
    static var keyType: Any.Type { Key.self }
}

/// Gives the encoders access to an array's elements and static element type.
protocol EncodableArray: ArrayMarker {
    var encodableElements: [any Encodable] { get }
}

extension Array: EncodableArray where Element: Encodable {
    var encodableElements: [any Encodable] { map { $0 } }
}

/// Gives the encoders access to a dictionary's entries and static key/value types.
protocol EncodableDictionary: DictionaryMarker {
    var encodableEntries: [(key: any Encodable, value: any Encodable)] { get }
}

extension Dictionary: EncodableDictionary where Key: Encodable, Value: Encodable {
    var encodableEntries: [(key: any Encodable, value: any Encodable)] { map { ($0.key, $0.value) } }
}

/// Called back with the element type of an array being decoded, so the decoder can work with
/// a concrete generic type instead of an existential.
protocol ArrayDecodingVisitor {
    func visit<Element: Decodable>(_ elementType: Element.Type) throws -> [Element]
}

/// Lets the decoders build an `Array` of a statically unknown element type.
protocol DecodableArray: ArrayMarker {
    static func decode(with visitor: some ArrayDecodingVisitor) throws -> Self
}

extension Array: DecodableArray where Element: Decodable {
    static func decode(with visitor: some ArrayDecodingVisitor) throws -> [Element] {
        try visitor.visit(Element.self)
    }
}

/// Called back with the key and value types of a dictionary being decoded.
protocol DictionaryDecodingVisitor {
    func visit<Key: Decodable & Hashable, Value: Decodable>(_ keyType: Key.Type, _ valueType: Value.Type) throws
        -> [Key: Value]
}

/// Lets the decoders build a `Dictionary` of statically unknown key and value types.
protocol DecodableDictionary: DictionaryMarker {
    static func decode(with visitor: some DictionaryDecodingVisitor) throws -> Self
}

extension Dictionary: DecodableDictionary where Key: Decodable, Value: Decodable {
    static func decode(with visitor: some DictionaryDecodingVisitor) throws -> [Key: Value] {
        try visitor.visit(Key.self, Value.self)
    }
}
