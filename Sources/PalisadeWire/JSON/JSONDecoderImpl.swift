/// The `Decoder` handed to a type's `init(from:)` by ``WireJSONDecoder``.
struct JSONDecoderImpl: FormatDecoder {
    let context: JSONValueDecoder
    /// The JSON value for this field; `nil` when the key is absent or `null`.
    let value: JSONValue?
    let path: [PathComponent]
    let depth: Int

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard depth <= context.maxDepth else { throw WireError.depthExceeded(path, context.maxDepth) }
        var members: [String: JSONValue] = [:]
        if let value {
            guard case .object(let object) = value else { throw context.mismatch("object", value, path) }
            members = object
        }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(decoder: self, members: members))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(decoder: self)
    }
}

/// Reads an object's members by coding key name; absent members decode to their defaults.
struct JSONKeyedDecodingContainer<Key: CodingKey>: ForwardingKeyedDecodingContainer {
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

    func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let path = decoder.path + [.field(name: key.stringValue, number: key.intValue)]
        return try decoder.context.decodeValue(type, from: members[key.stringValue], path: path, depth: decoder.depth + 1)
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
struct JSONSingleValueDecodingContainer: ForwardingSingleValueDecodingContainer {
    let decoder: JSONDecoderImpl

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.value == nil
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.context.decodeValue(type, from: decoder.value, path: decoder.path, depth: decoder.depth)
    }
}
