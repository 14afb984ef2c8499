/// The `Decoder` handed to a type's `init(from:)`: all occurrences of one field.
struct BinaryDecoder: Decoder {
    let context: BinaryValueDecoder
    let records: [FieldRecord]
    let path: [PathComponent]
    let depth: Int
    /// The top-level message is split before decoding starts, so that malformed input is
    /// rejected even when the type reads none of its fields; nested messages are split lazily.
    var preparsed: FieldTable?

    var codingPath: [any CodingKey] { FieldPath.codingPath(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let table = try preparsed ?? context.table(for: records.last, path: path, depth: depth)
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<Key>(decoder: self, table: table))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(path)): unkeyed containers are only supported through Array; use a message")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        BinarySingleValueDecodingContainer(decoder: self)
    }
}

/// Reads a message's fields by number; absent fields decode to their defaults.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: BinaryDecoder
    let table: FieldTable

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        table.fields.keys.sorted().compactMap { Key(intValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        guard let number = key.intValue else { return false }
        return !table.records(for: number).isEmpty
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        !contains(key)
    }

    private func fieldNumber(_ key: Key) throws -> Int {
        guard let number = key.intValue else {
            throw WireError(
                code: .invalidFieldNumber,
                message:
                    "\(FieldPath.describe(decoder.path + [.field(name: key.stringValue, number: nil)])) has no field number; declare `enum CodingKeys: Int, CodingKey`"
            )
        }
        return number
    }

    private func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let number = try fieldNumber(key)
        let path = decoder.path + [.field(name: key.stringValue, number: number)]
        return try decoder.context.decodeValue(type, records: table.records(for: number), path: path, depth: decoder.depth + 1)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeField(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeField(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeField(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeField(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeField(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeField(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeField(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeField(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeField(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeField(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeField(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeField(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeField(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeField(type, forKey: key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeField(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try superDecoder(forKey: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try superDecoder(forKey: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        throw WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(decoder.path)): superDecoder() has no field number; use superDecoder(forKey:)")
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let number = try fieldNumber(key)
        return BinaryDecoder(
            context: decoder.context, records: table.records(for: number),
            path: decoder.path + [.field(name: key.stringValue, number: number)], depth: decoder.depth + 1)
    }
}

/// Reads a type that is a single value; it sees the same occurrences as its field.
struct BinarySingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: BinaryDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.records.isEmpty
    }

    private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.context.decodeValue(type, records: decoder.records, path: decoder.path, depth: decoder.depth)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
    func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
    func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
    func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
    func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}
