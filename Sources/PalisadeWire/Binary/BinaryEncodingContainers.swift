/// Encodes a message's fields; every `encode` overload funnels into ``encodeField(_:forKey:presence:)``.
struct BinaryKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: BinaryEncoder
    let builder: MessageBuilder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func encodeField<T: Encodable>(_ value: T, forKey key: Key, presence: Bool) throws {
        let number = try builder.fieldNumber(of: key)
        let path = encoder.path + [.field(name: key.stringValue, number: number)]
        let encoded = try encoder.valueEncoder.encodeValue(value, path: path, depth: encoder.depth + 1)
        builder.add(encoded, number: number, name: key.stringValue, presence: presence)
    }

    private func encodeOptional<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return }
        try encodeField(value, forKey: key, presence: true)
    }

    mutating func encodeNil(forKey key: Key) throws { _ = try builder.fieldNumber(of: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeField(value, forKey: key, presence: false) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeField(value, forKey: key, presence: false)
    }

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

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        superEncoderBox(forKey: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        superEncoderBox(forKey: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let error = WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(encoder.path)): superEncoder() has no field number; use superEncoder(forKey:)")
        encoder.storage.fail(error)
        return BinaryEncoder(valueEncoder: encoder.valueEncoder, path: encoder.path, depth: encoder.depth + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoderBox(forKey: key)
    }

    /// An encoder whose result becomes field `key`; a key without a number fails the message.
    private func superEncoderBox(forKey key: Key) -> BinaryEncoder {
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
struct BinarySingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: BinaryEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {
        encoder.storage.setSingle(.absent, path: encoder.path)
    }

    mutating func encode<T: Encodable>(_ value: T) throws { try store(value) }

    private func store<T: Encodable>(_ value: T) throws {
        let encoded = try encoder.valueEncoder.encodeValue(value, path: encoder.path, depth: encoder.depth)
        encoder.storage.setSingle(encoded, path: encoder.path)
    }

    // The protocol has no default implementations for the primitive overloads.
    mutating func encode(_ value: Bool) throws { try store(value) }
    mutating func encode(_ value: String) throws { try store(value) }
    mutating func encode(_ value: Double) throws { try store(value) }
    mutating func encode(_ value: Float) throws { try store(value) }
    mutating func encode(_ value: Int) throws { try store(value) }
    mutating func encode(_ value: Int8) throws { try store(value) }
    mutating func encode(_ value: Int16) throws { try store(value) }
    mutating func encode(_ value: Int32) throws { try store(value) }
    mutating func encode(_ value: Int64) throws { try store(value) }
    mutating func encode(_ value: UInt) throws { try store(value) }
    mutating func encode(_ value: UInt8) throws { try store(value) }
    mutating func encode(_ value: UInt16) throws { try store(value) }
    mutating func encode(_ value: UInt32) throws { try store(value) }
    mutating func encode(_ value: UInt64) throws { try store(value) }
}
