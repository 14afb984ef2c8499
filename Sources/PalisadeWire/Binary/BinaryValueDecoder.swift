import Foundation

/// Turns the occurrences of one field into a Swift value, recursing into messages, lists and maps.
struct BinaryValueDecoder {
    let bytes: [UInt8]
    let maxDepth: Int

    /// Decodes `type` from `records` (all occurrences of one field, in order; empty if absent).
    /// `depth` is the nesting level a message decoded here would have.
    func decodeValue<T: Decodable>(_ type: T.Type, records: [FieldRecord], path: [PathComponent], depth: Int) throws -> T {
        let last = records.last
        switch WireKind.of(T.self) {
        case .string:
            guard let record = last else { return try WireError.cast("", path) }
            try expect(record, .lengthDelimited, path)
            guard let text = String(validating: bytes[record.range], as: UTF8.self) else {
                throw WireError(code: .invalidUTF8, message: "\(FieldPath.describe(path)): string is not valid UTF-8")
            }
            return try WireError.cast(text, path)
        case .bool:
            return try WireError.cast(try scalar(last, .varint, path) != 0, path)
        case .signedInteger:
            let value = ByteWriter.unzigzag(try scalar(last, .varint, path))
            guard let integer = Self.integer(T.self, exactly: value) else { throw outOfRange("\(value)", T.self, path) }
            return integer
        case .unsignedInteger:
            let value = try scalar(last, .varint, path)
            guard let integer = Self.integer(T.self, exactly: value) else { throw outOfRange("\(value)", T.self, path) }
            return integer
        case .floatingPoint:
            let double = Double(bitPattern: try scalar(last, .fixed64, path))
            return T.self == Float.self ? try WireError.cast(Float(double), path) : try WireError.cast(double, path)
        case .bytes:
            guard let record = last else { return try WireError.cast(Data(), path) }
            try expect(record, .lengthDelimited, path)
            return try WireError.cast(Data(bytes[record.range]), path)
        case .timestamp:
            let micros = ByteWriter.unzigzag(try scalar(last, .varint, path))
            guard let date = WireTime.date(fromMicroseconds: micros) else { throw WireTime.outOfRange(micros, path) }
            return try WireError.cast(date, path)
        case .integerEnum:
            return try IntegerEnum.decode(T.self, bits: try scalar(last, .varint, path), path: path)
        case .array:
            guard let arrayType = T.self as? any DecodableArray.Type else { throw WireError.notDecodable(T.self, path) }
            let visitor = BinaryArrayVisitor(decoder: self, records: records, path: path, depth: depth)
            return try WireError.cast(try arrayType.decode(with: visitor), path)
        case .dictionary:
            guard let dictionaryType = T.self as? any DecodableDictionary.Type else { throw WireError.notDecodable(T.self, path) }
            let visitor = BinaryDictionaryVisitor(decoder: self, records: records, path: path, depth: depth)
            return try WireError.cast(try dictionaryType.decode(with: visitor), path)
        case .optional, .other:
            return try T(from: BinaryDecoder(context: self, records: records, path: path, depth: depth, preparsed: nil))
        }
    }

    /// The last occurrence's varint or fixed64 value, or 0 when the field is absent.
    func scalar(_ record: FieldRecord?, _ type: WireType, _ path: [PathComponent]) throws -> UInt64 {
        guard let record else { return 0 }
        try expect(record, type, path)
        return record.value
    }

    func expect(_ record: FieldRecord, _ type: WireType, _ path: [PathComponent]) throws {
        guard record.type == type else {
            throw WireError(
                code: .typeMismatch,
                message: "\(FieldPath.describe(path)): expected \(type.name), got \(record.type.name)")
        }
    }

    /// Splits a nested message, attributing any framing error to the field that holds it.
    func table(for record: FieldRecord?, path: [PathComponent], depth: Int) throws -> FieldTable {
        guard depth <= maxDepth else { throw WireError.depthExceeded(path, maxDepth) }
        guard let record else { return .empty }
        try expect(record, .lengthDelimited, path)
        do {
            return try FieldTable(bytes: bytes, range: record.range)
        } catch let error as WireError where !path.isEmpty {
            throw WireError(code: error.code, message: "\(FieldPath.describe(path)): \(error.message)")
        }
    }

    static func integer<T, Source: BinaryInteger>(_ type: T.Type, exactly value: Source) -> T? {
        guard let integerType = T.self as? any FixedWidthInteger.Type else { return nil }
        func make<I: FixedWidthInteger>(_: I.Type) -> I? { I(exactly: value) }
        return make(integerType) as? T
    }

    static func integer<T>(_ type: T.Type, exactlyDouble value: Double) -> T? {
        guard let integerType = T.self as? any FixedWidthInteger.Type else { return nil }
        func make<I: FixedWidthInteger>(_: I.Type) -> I? { I(exactly: value) }
        return make(integerType) as? T
    }

    private func outOfRange(_ value: String, _ type: Any.Type, _ path: [PathComponent]) -> WireError {
        WireError(code: .valueOutOfRange, message: "\(FieldPath.describe(path)): \(value) does not fit in \(type)")
    }
}

/// Decodes a repeated field: packed or one field per element, whichever the peer sent.
struct BinaryArrayVisitor: ArrayDecodingVisitor {
    let decoder: BinaryValueDecoder
    let records: [FieldRecord]
    let path: [PathComponent]
    let depth: Int

    func visit<Element: Decodable>(_ elementType: Element.Type) throws -> [Element] {
        let kind = WireKind.of(Element.self)
        try WireError.checkListElement(kind, path, "decoded")
        var elements: [Element] = []
        for record in records {
            if kind.isPackable, record.type == .lengthDelimited {
                let scalarType: WireType = kind == .floatingPoint ? .fixed64 : .varint
                var reader = ByteReader(bytes: decoder.bytes, range: record.range)
                while !reader.isAtEnd {
                    let value: UInt64
                    do throws(WireError) {
                        value = scalarType == .varint ? try reader.readVarint() : try reader.readFixed64()
                    } catch {
                        throw WireError(code: error.code, message: "\(FieldPath.describe(path)): packed list: \(error.message)")
                    }
                    let elementPath = path + [.index(elements.count)]
                    elements.append(
                        try decoder.decodeValue(Element.self, records: [.scalar(scalarType, value)], path: elementPath, depth: depth))
                }
            } else {
                let elementPath = path + [.index(elements.count)]
                elements.append(try decoder.decodeValue(Element.self, records: [record], path: elementPath, depth: depth))
            }
        }
        return elements
    }
}

/// Decodes a map: repeated entry messages {key = 1, value = 2}; a later duplicate key wins.
struct BinaryDictionaryVisitor: DictionaryDecodingVisitor {
    let decoder: BinaryValueDecoder
    let records: [FieldRecord]
    let path: [PathComponent]
    let depth: Int

    func visit<Key: Decodable & Hashable, Value: Decodable>(_ keyType: Key.Type, _ valueType: Value.Type) throws
        -> [Key: Value]
    {
        guard WireKind.of(Key.self).isMapKey else {
            throw WireError.invalidMapKey(path)
        }
        var result: [Key: Value] = [:]
        for (index, record) in records.enumerated() {
            let entryPath = path + [.index(index)]
            let entry = try decoder.table(for: record, path: entryPath, depth: depth)
            let key = try decoder.decodeValue(
                Key.self, records: entry.records(for: 1), path: entryPath + [.field(name: "key", number: 1)], depth: depth + 1)
            result[key] = try decoder.decodeValue(
                Value.self, records: entry.records(for: 2), path: entryPath + [.field(name: "value", number: 2)],
                depth: depth + 1)
        }
        return result
    }
}
