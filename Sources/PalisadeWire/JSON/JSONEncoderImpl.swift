/// The `Encoder` handed to a message's `encode(to:)` by ``WireJSONEncoder``.
final class JSONEncoderImpl: Encoder {
    let valueEncoder: JSONValueEncoder
    let path: [PathComponent]
    let depth: Int
    let storage = JSONEncoderStorage()

    var codingPath: [any CodingKey] { FieldPath.codingPath(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(valueEncoder: JSONValueEncoder, path: [PathComponent], depth: Int) {
        self.valueEncoder = valueEncoder
        self.path = path
        self.depth = depth
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if depth > valueEncoder.maxDepth { storage.fail(.depthExceeded(path, valueEncoder.maxDepth)) }
        storage.startObject(path: path)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let error = WireError(
            code: .unsupportedType,
            message: "\(FieldPath.describe(path)): unkeyed containers are only supported through Array; use a message")
        storage.fail(error)
        return FailingUnkeyedEncodingContainer(codingPath: codingPath, error: error) { [valueEncoder, path, depth] in
            JSONEncoderImpl(valueEncoder: valueEncoder, path: path, depth: depth + 1)
        }
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncodingContainer(encoder: self)
    }
}

/// What an `encode(to:)` call produced: an object under construction or one value.
final class JSONEncoderStorage {
    private enum Member {
        case value(JSONValue?)
        case encoder(JSONEncoderImpl)
    }

    private enum State {
        case empty
        case object([(key: String, member: Member)])
        case single(JSONValue?)
        case failed(WireError)
    }

    private var state = State.empty

    func startObject(path: [PathComponent]) {
        switch state {
        case .empty: state = .object([])
        case .single: fail(mixed(path))
        case .object, .failed: break
        }
    }

    func add(_ key: String, _ value: JSONValue?) {
        if case .object(var members) = state {
            members.append((key, .value(value)))
            state = .object(members)
        }
    }

    func add(_ key: String, _ encoder: JSONEncoderImpl) {
        if case .object(var members) = state {
            members.append((key, .encoder(encoder)))
            state = .object(members)
        }
    }

    func setSingle(_ value: JSONValue?, path: [PathComponent]) {
        switch state {
        case .empty, .single: state = .single(value)
        case .object: fail(mixed(path))
        case .failed: break
        }
    }

    func fail(_ error: WireError) {
        if case .failed = state { return }
        state = .failed(error)
    }

    /// The encoded value; `nil` means "leave the field out".
    func result(path: [PathComponent]) throws -> JSONValue? {
        switch state {
        case .empty: return nil
        case .single(let value): return value
        case .failed(let error): throw error
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, member) in members {
                let value: JSONValue?
                switch member {
                case .value(let encoded): value = encoded
                case .encoder(let encoder): value = try encoder.storage.result(path: encoder.path)
                }
                guard let value else { continue }
                guard object[key] == nil else {
                    throw WireError(
                        code: .duplicateFieldNumber,
                        message: "\(FieldPath.describe(path + [.field(name: key, number: nil)])): key '\(key)' is written twice")
                }
                object[key] = value
            }
            return .object(object)
        }
    }

    private func mixed(_ path: [PathComponent]) -> WireError {
        WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): a value cannot be both a message and a single value")
    }
}

/// Writes a message's members under their coding key names.
struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONEncoderImpl

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func encodeField<T: Encodable>(_ value: T, forKey key: Key) throws {
        let path = encoder.path + [.field(name: key.stringValue, number: key.intValue)]
        encoder.storage.add(key.stringValue, try encoder.valueEncoder.encodeValue(value, path: path, depth: encoder.depth + 1))
    }

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeField(value, forKey: key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeField(value, forKey: key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        superEncoder(forKey: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        superEncoder(forKey: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.storage.fail(
            WireError(
                code: .unsupportedType,
                message: "\(FieldPath.describe(encoder.path)): superEncoder() is not supported; use superEncoder(forKey:)"))
        return JSONEncoderImpl(valueEncoder: encoder.valueEncoder, path: encoder.path, depth: encoder.depth + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let path = encoder.path + [.field(name: key.stringValue, number: key.intValue)]
        let child = JSONEncoderImpl(valueEncoder: encoder.valueEncoder, path: path, depth: encoder.depth + 1)
        encoder.storage.add(key.stringValue, child)
        return child
    }
}

/// Writes a type that is a single value.
struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: JSONEncoderImpl

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {
        encoder.storage.setSingle(nil, path: encoder.path)
    }

    private func store<T: Encodable>(_ value: T) throws {
        encoder.storage.setSingle(
            try encoder.valueEncoder.encodeValue(value, path: encoder.path, depth: encoder.depth), path: encoder.path)
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
    mutating func encode<T: Encodable>(_ value: T) throws { try store(value) }
}
