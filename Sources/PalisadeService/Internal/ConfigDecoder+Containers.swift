internal import Yams

/// Reads a mapping, recording every key asked for in the ``DecodingRecord``.
struct KeyedConfigContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let mapping: Node.Mapping
    let decoder: ConfigDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        mapping.keys.compactMap { $0.keyString.flatMap(Key.init(stringValue:)) }
    }

    /// Looks `key` up and records that someone wanted it.
    private func value(_ key: Key) -> Node? {
        decoder.record.readKeys.insert((codingPath + [key]).configPath)
        return mapping.first { $0.key.keyString == key.stringValue }?.value
    }

    private func required(_ key: Key) throws -> Node {
        guard let node = value(key) else {
            let path = (codingPath + [key]).configPath
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "'\(path)' is required"))
        }
        return node
    }

    func contains(_ key: Key) -> Bool { value(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try required(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(required(key), key: key).decodeValue(type)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeAny(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeAny(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeAny(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeAny(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeAny(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeAny(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeAny(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeAny(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeAny(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeAny(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeAny(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeAny(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeAny(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeAny(type, key) }

    /// The generic path for the primitive overloads above (calling `decode` would pick the
    /// overload itself again).
    private func decodeAny<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decoder.child(required(key), key: key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(required(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(required(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = ConfigKey("super")
        decoder.record.readKeys.insert((codingPath + [key]).configPath)
        let node = mapping.first { $0.key.keyString == key.stringValue }?.value
        return decoder.child(node ?? Node("~"), key: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(value(key) ?? Node("~"), key: key)
    }
}

/// Reads a list, element by element.
struct UnkeyedConfigContainer: UnkeyedDecodingContainer {
    let nodes: [Node]
    let decoder: ConfigDecoder
    private(set) var currentIndex = 0

    init(nodes: [Node], decoder: ConfigDecoder) {
        self.nodes = nodes
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { nodes.count }
    var isAtEnd: Bool { currentIndex >= nodes.count }

    /// The decoder for the current element; throws past the end.
    private func current<T>(_ type: T.Type) throws -> ConfigDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: codingPath + [ConfigKey(index: currentIndex)],
                    debugDescription: "'\(codingPath.configPath)' has only \(nodes.count) items"))
        }
        return decoder.child(nodes[currentIndex], key: ConfigKey(index: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard try current(Never.self).node.isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try current(type).decodeValue(type)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeAny(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeAny(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeAny(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeAny(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeAny(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeAny(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeAny(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeAny(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeAny(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeAny(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeAny(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeAny(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeAny(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeAny(type) }

    private mutating func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try current(type).decodeValue(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try current(type).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try current([Node].self).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try current(Never.self)
        currentIndex += 1
        return decoder
    }
}

/// Reads one value: where scalars are parsed.
struct SingleValueConfigContainer: SingleValueDecodingContainer {
    let decoder: ConfigDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
}
