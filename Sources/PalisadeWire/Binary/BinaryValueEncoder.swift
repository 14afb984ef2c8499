import Foundation

/// Turns one Swift value into its ``EncodedValue``, recursing into messages, lists and maps.
struct BinaryValueEncoder {
    let maxDepth: Int

    /// `depth` is the nesting level a message created for `value` would have.
    func encodeValue<T: Encodable>(_ value: T, path: [PathComponent], depth: Int) throws -> EncodedValue {
        switch WireKind.of(T.self) {
        case .string:
            return .bytes(Array((value as? String ?? "").utf8))
        case .bool:
            return .varint(value as? Bool == true ? 1 : 0)
        case .signedInteger:
            return .varint(ByteWriter.zigzag(Self.int64(value)))
        case .unsignedInteger:
            return .varint(Self.uint64(value))
        case .floatingPoint:
            let double = (value as? Double) ?? Double(value as? Float ?? 0)
            return .fixed64(double.bitPattern)
        case .bytes:
            return .bytes(Array(value as? Data ?? Data()))
        case .timestamp:
            let micros = try WireTime.microseconds(from: value as? Date ?? Date(timeIntervalSince1970: 0), path: path)
            return .varint(ByteWriter.zigzag(micros))
        case .integerEnum:
            return .varint(IntegerEnum.bits(of: value) ?? 0)
        case .array:
            return try encodeArray(value, path: path, depth: depth)
        case .dictionary:
            return try encodeDictionary(value, path: path, depth: depth)
        case .optional, .other:
            let encoder = BinaryEncoder(valueEncoder: self, path: path, depth: depth)
            try value.encode(to: encoder)
            return try encoder.storage.result(path: path)
        }
    }

    private static func int64(_ value: Any) -> Int64 {
        switch value {
        case let v as Int: Int64(v)
        case let v as Int64: v
        case let v as Int32: Int64(v)
        case let v as Int16: Int64(v)
        case let v as Int8: Int64(v)
        default: 0
        }
    }

    private static func uint64(_ value: Any) -> UInt64 {
        switch value {
        case let v as UInt: UInt64(v)
        case let v as UInt64: v
        case let v as UInt32: UInt64(v)
        case let v as UInt16: UInt64(v)
        case let v as UInt8: UInt64(v)
        default: 0
        }
    }

    private func encodeArray<T: Encodable>(_ value: T, path: [PathComponent], depth: Int) throws -> EncodedValue {
        guard let array = value as? any EncodableArray else {
            throw WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): array elements must be Encodable")
        }
        let elementKind = WireKind.of(type(of: array).elementType)
        try WireError.checkListElement(elementKind, path, "encoded; wrap the element in a message")
        var elements: [EncodedValue] = []
        for (index, element) in array.encodableElements.enumerated() {
            elements.append(try encodeValue(element, path: path + [.index(index)], depth: depth))
        }
        guard elementKind.isPackable else { return .elements(elements) }
        var writer = ByteWriter()
        for element in elements {
            switch element {
            case .varint(let bits): writer.writeVarint(bits)
            case .fixed64(let bits): writer.writeFixed64(bits)
            default:
                throw WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): scalar element did not encode as a scalar")
            }
        }
        return .packed(writer.bytes)
    }

    /// Maps are repeated entry messages {key = 1, value = 2}, sorted by key for canonical output.
    private func encodeDictionary<T: Encodable>(_ value: T, path: [PathComponent], depth: Int) throws -> EncodedValue {
        guard let dictionary = value as? any EncodableDictionary else {
            throw WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): map keys and values must be Encodable")
        }
        guard WireKind.of(type(of: dictionary).keyType).isMapKey else {
            throw WireError(
                code: .unsupportedType,
                message: "\(FieldPath.describe(path)): map keys must be strings or integers, not \(type(of: dictionary).keyType)")
        }
        guard depth <= maxDepth else { throw WireError.depthExceeded(path, maxDepth) }
        var entries: [(sortKey: MapSortKey, bytes: [UInt8])] = []
        for (index, entry) in dictionary.encodableEntries.enumerated() {
            let entryPath = path + [.index(index)]
            let key = try encodeValue(entry.key, path: entryPath + [.field(name: "key", number: 1)], depth: depth + 1)
            let value = try encodeValue(entry.value, path: entryPath + [.field(name: "value", number: 2)], depth: depth + 1)
            var writer = ByteWriter()
            try key.write(field: 1, presence: false, into: &writer, path: entryPath)
            try value.write(field: 2, presence: false, into: &writer, path: entryPath)
            entries.append((MapSortKey(entry.key), writer.bytes))
        }
        entries.sort { $0.sortKey < $1.sortKey }
        return .elements(entries.map { .message($0.bytes) })
    }
}

/// Orders map keys: integers numerically, strings by their UTF-8 bytes.
enum MapSortKey: Comparable {
    case signed(Int64)
    case unsigned(UInt64)
    case string([UInt8])

    init(_ key: Any) {
        switch key {
        case let v as String: self = .string(Array(v.utf8))
        case let v as Int: self = .signed(Int64(v))
        case let v as Int64: self = .signed(v)
        case let v as Int32: self = .signed(Int64(v))
        case let v as Int16: self = .signed(Int64(v))
        case let v as Int8: self = .signed(Int64(v))
        case let v as any FixedWidthInteger: self = .unsigned(UInt64(truncatingIfNeeded: v))
        default: self = .string([])
        }
    }

    static func < (lhs: MapSortKey, rhs: MapSortKey) -> Bool {
        switch (lhs, rhs) {
        case (.signed(let a), .signed(let b)): a < b
        case (.unsigned(let a), .unsigned(let b)): a < b
        case (.string(let a), .string(let b)): a.lexicographicallyPrecedes(b)
        default: false
        }
    }
}
