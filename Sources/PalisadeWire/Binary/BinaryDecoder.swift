/// The `Decoder` handed to a type's `init(from:)`: all occurrences of one field.
struct BinaryDecoder: FormatDecoder {
    let context: BinaryValueDecoder
    let records: [FieldRecord]
    let path: [PathComponent]
    let depth: Int
    /// The top-level message is split before decoding starts, so that malformed input is
    /// rejected even when the type reads none of its fields; nested messages are split lazily.
    var preparsed: FieldTable?

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let table = try preparsed ?? context.table(for: records.last, path: path, depth: depth)
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<Key>(decoder: self, table: table))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        BinarySingleValueDecodingContainer(decoder: self)
    }
}

/// Reads a message's fields by number; absent fields decode to their defaults.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: ForwardingKeyedDecodingContainer {
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

    func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let number = try fieldNumber(key)
        let path = decoder.path + [.field(name: key.stringValue, number: number)]
        return try decoder.context.decodeValue(type, records: table.records(for: number), path: path, depth: decoder.depth + 1)
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
struct BinarySingleValueDecodingContainer: ForwardingSingleValueDecodingContainer {
    let decoder: BinaryDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.records.isEmpty
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.context.decodeValue(type, records: decoder.records, path: decoder.path, depth: decoder.depth)
    }
}
