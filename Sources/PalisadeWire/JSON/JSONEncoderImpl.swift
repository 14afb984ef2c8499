/// The `Encoder` handed to a message's `encode(to:)` by ``WireJSONEncoder``.
final class JSONEncoderImpl: FormatEncoder {
    let valueEncoder: JSONValueEncoder
    let path: [PathComponent]
    let depth: Int
    let storage = JSONEncoderStorage()

    init(valueEncoder: JSONValueEncoder, path: [PathComponent], depth: Int) {
        self.valueEncoder = valueEncoder
        self.path = path
        self.depth = depth
    }

    func fail(_ error: WireError) {
        storage.fail(error)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if depth > valueEncoder.maxDepth { storage.fail(.depthExceeded(path, valueEncoder.maxDepth)) }
        storage.startObject(path: path)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(encoder: self))
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
        case .single: fail(.mixedContainers(path))
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
        case .object: fail(.mixedContainers(path))
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
}

/// Writes a message's members under their coding key names.
struct JSONKeyedEncodingContainer<Key: CodingKey>: ForwardingKeyedEncodingContainer {
    let encoder: JSONEncoderImpl

    var codingPath: [any CodingKey] { encoder.codingPath }

    func encodeField<T: Encodable>(_ value: T, forKey key: Key) throws {
        let path = encoder.path + [.field(name: key.stringValue, number: key.intValue)]
        encoder.storage.add(key.stringValue, try encoder.valueEncoder.encodeValue(value, path: path, depth: encoder.depth + 1))
    }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func superEncoder() -> any Encoder {
        encoder.storage.fail(
            WireError(
                code: .unsupportedType,
                message: "\(FieldPath.describe(encoder.path)): superEncoder() is not supported; use superEncoder(forKey:)"))
        return JSONEncoderImpl(valueEncoder: encoder.valueEncoder, path: encoder.path, depth: encoder.depth + 1)
    }

    /// An encoder whose result becomes the member `key`.
    func childEncoder(forKey key: Key) -> JSONEncoderImpl {
        let path = encoder.path + [.field(name: key.stringValue, number: key.intValue)]
        let child = JSONEncoderImpl(valueEncoder: encoder.valueEncoder, path: path, depth: encoder.depth + 1)
        encoder.storage.add(key.stringValue, child)
        return child
    }
}

/// Writes a type that is a single value.
struct JSONSingleValueEncodingContainer: ForwardingSingleValueEncodingContainer {
    let encoder: JSONEncoderImpl

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {
        encoder.storage.setSingle(nil, path: encoder.path)
    }

    func store<T: Encodable>(_ value: T) throws {
        encoder.storage.setSingle(
            try encoder.valueEncoder.encodeValue(value, path: encoder.path, depth: encoder.depth), path: encoder.path)
    }
}
