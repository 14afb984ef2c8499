internal import Yams

/// What one decoding pass has learned, shared by every decoder and container it creates.
final class DecodingRecord {
    /// The paths (`listen.port`) of every mapping key the decoded types asked about. Keys in the
    /// file that are not in here were not wanted by anyone: they are typos or leftovers.
    var readKeys: Set<String> = []
}

/// A `Decoder` over a composed YAML tree.
///
/// We decode the tree ourselves rather than through `YAMLDecoder` for three things it cannot
/// give: a record of the keys that were read (to reject unknown keys), error messages in the
/// operators' terms (`expected an integer, got "abc"`), and paths on every error.
struct ConfigDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let record: DecodingRecord

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else {
            throw mismatch(Key.self, expected: "a mapping of keys to values")
        }
        return KeyedDecodingContainer(KeyedConfigContainer<Key>(mapping: mapping, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw mismatch([Node].self, expected: "a list")
        }
        return UnkeyedConfigContainer(nodes: Array(sequence), decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueConfigContainer(decoder: self)
    }

    // MARK: - Helpers for the containers

    /// A decoder for `node`, one step below this one.
    func child(_ node: Node, key: any CodingKey) -> ConfigDecoder {
        ConfigDecoder(node: node, codingPath: codingPath + [key], record: record)
    }

    /// Decodes `T` from this decoder's node.
    ///
    /// A type's own `init(from:)` may throw anything (ours throw ``ConfigError``); such an error
    /// is wrapped here, where its path is known, so that the message can name the key.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try T(from: self)
        } catch let error as DecodingError {
            throw error
        } catch let error as ConfigError {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath, debugDescription: error.message, underlyingError: error))
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath, debugDescription: "\(error)", underlyingError: error))
        }
    }

    /// The error for a node of the wrong kind or format: `expected an integer, got "abc"`.
    func mismatch(_ type: Any.Type, expected: String) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "expected \(expected), got \(node.shortDescription)"
        )
        if node.isNull {
            return .valueNotFound(type, context)
        }
        return .typeMismatch(type, context)
    }

    // MARK: - Scalars

    /// The scalar of this node, or a type mismatch that says what was expected instead.
    func scalar(_ type: Any.Type, expected: String) throws -> Node.Scalar {
        guard case .scalar(let scalar) = node, !node.isNull else {
            throw mismatch(type, expected: expected)
        }
        return scalar
    }

    /// Parses a number or boolean with YAML's rules. Quoted scalars are accepted too
    /// (`port: "9000"`): refusing them would be pedantic, and the meaning is clear.
    func parse<T>(_ type: T.Type, expected: String, _ construct: (Node.Scalar) -> T?) throws -> T {
        let scalar = try scalar(type, expected: expected)
        if let value = construct(scalar) ?? construct(Node.Scalar(scalar.string, .implicit, .plain)) {
            return value
        }
        throw mismatch(type, expected: expected)
    }

    func decodeString() throws -> String {
        try scalar(String.self, expected: "a string").string
    }

    func decodeBool() throws -> Bool {
        try parse(Bool.self, expected: "true or false", Bool.construct(from:))
    }

    func decodeDouble() throws -> Double {
        try parse(Double.self, expected: "a number", Double.construct(from:))
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        if T.isSigned {
            let wide = try parse(Int64.self, expected: "an integer", Int64.construct(from:))
            if let value = T(exactly: wide) { return value }
        } else {
            let wide = try parse(UInt64.self, expected: "a non-negative integer", UInt64.construct(from:))
            if let value = T(exactly: wide) { return value }
        }
        throw mismatch(type, expected: "an integer between \(T.min) and \(T.max)")
    }
}
