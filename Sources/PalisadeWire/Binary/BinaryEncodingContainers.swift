/// Encodes a message's fields; every `encode` and `encodeIfPresent` overload funnels into
/// ``encodeField(_:forKey:presence:)`` (absent optionals write nothing; present ones are written
/// even when they hold the default).
struct BinaryKeyedEncodingContainer<Key: CodingKey>: ForwardingKeyedEncodingContainer {
    let encoder: BinaryEncoder
    let builder: MessageBuilder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func encodeField<T: Encodable>(_ value: T, forKey key: Key, presence: Bool) throws {
        let number = try builder.fieldNumber(of: key)
        let path = encoder.path + [.field(name: key.stringValue, number: number)]
        let encoded = try encoder.valueEncoder.encodeValue(value, path: path, depth: encoder.depth + 1)
        builder.add(encoded, number: number, name: key.stringValue, presence: presence)
    }

    func encodeField<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeField(value, forKey: key, presence: false)
    }

    private func encodeOptional<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return }
        try encodeField(value, forKey: key, presence: true)
    }

    mutating func encodeNil(forKey key: Key) throws { _ = try builder.fieldNumber(of: key) }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try encodeOptional(value, forKey: key)
    }

    mutating func superEncoder() -> any Encoder {
        let error = WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(encoder.path)): superEncoder() has no field number; use superEncoder(forKey:)")
        encoder.storage.fail(error)
        return BinaryEncoder(valueEncoder: encoder.valueEncoder, path: encoder.path, depth: encoder.depth + 1)
    }

    /// An encoder whose result becomes field `key`; a key without a number fails the message.
    func childEncoder(forKey key: Key) -> BinaryEncoder {
        let number: Int
        do {
            number = try builder.fieldNumber(of: key)
        } catch {
            encoder.storage.fail(WireError.wrapping(error, path: encoder.path))
            number = 0
        }
        let path = encoder.path + [.field(name: key.stringValue, number: number)]
        let child = BinaryEncoder(valueEncoder: encoder.valueEncoder, path: path, depth: encoder.depth + 1)
        if number != 0 { builder.add(child, number: number, name: key.stringValue) }
        return child
    }
}

/// Encodes a type that is a single value (a wrapper around a string, number, list…).
struct BinarySingleValueEncodingContainer: ForwardingSingleValueEncodingContainer {
    let encoder: BinaryEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {
        encoder.storage.setSingle(.absent, path: encoder.path)
    }

    func store<T: Encodable>(_ value: T) throws {
        let encoded = try encoder.valueEncoder.encodeValue(value, path: encoder.path, depth: encoder.depth)
        encoder.storage.setSingle(encoded, path: encoder.path)
    }
}
