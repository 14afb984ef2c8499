/// The `Decoder` handed to a type's `init(from:)` by ``WireJSONDecoder``.
struct JSONDecoderImpl: Decoder {
    let context: JSONValueDecoder
    /// The JSON value for this field; `nil` when the key is absent or `null`.
    let value: JSONValue?
    let path: [PathComponent]
    let depth: Int

    var codingPath: [any CodingKey] { FieldPath.codingPath(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard depth <= context.maxDepth else { throw WireError.depthExceeded(path, context.maxDepth) }
        var members: [String: JSONValue] = [:]
        if let value {
            guard case .object(let object) = value else { throw context.mismatch("object", value, path) }
            members = object
        }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(path)): unkeyed containers are only supported through Array; use a message")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(decoder: self)
    }
}

/// Reads an object's members by coding key name; absent members decode to their defaults.
struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONDecoderImpl
    let members: [String: JSONValue]

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        members.keys.sorted().compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        members[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        (members[key.stringValue] ?? .null) == .null
    }

    private func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let path = decoder.path + [.field(name: key.stringValue, number: key.intValue)]
        return try decoder.context.decodeValue(type, from: members[key.stringValue], path: path, depth: decoder.depth + 1)
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
            message: "\(FieldPath.describe(decoder.path)): superDecoder() is not supported; use superDecoder(forKey:)")
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let member = members[key.stringValue]
        return JSONDecoderImpl(
            context: decoder.context, value: member == .null ? nil : member,
            path: decoder.path + [.field(name: key.stringValue, number: key.intValue)], depth: decoder.depth + 1)
    }
}

/// Reads a type that is a single value.
struct JSONSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: JSONDecoderImpl

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.value == nil
    }

    private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.context.decodeValue(type, from: decoder.value, path: decoder.path, depth: decoder.depth)
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
