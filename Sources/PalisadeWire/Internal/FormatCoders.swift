/// What the binary and JSON `Decoder`s share: the coding path comes from ``path``, there is no
/// user info, and there are no unkeyed containers (only `Array` maps to a list).
protocol FormatDecoder: Decoder {
    /// Where this decoder's value sits in the top-level message.
    var path: [PathComponent] { get }
}

extension FormatDecoder {
    var codingPath: [any CodingKey] { FieldPath.codingPath(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw WireError.unkeyedContainer(path)
    }
}

/// What the binary and JSON `Encoder`s share: the coding path comes from ``path``, there is no
/// user info, and asking for an unkeyed container fails the value (only `Array` maps to a list).
protocol FormatEncoder: Encoder, AnyObject {
    /// The format's value encoder, which nested encoders share.
    associatedtype ValueEncoder

    var valueEncoder: ValueEncoder { get }
    /// Where this encoder's value sits in the top-level message.
    var path: [PathComponent] { get }
    /// The nesting level a message encoded here has.
    var depth: Int { get }

    init(valueEncoder: ValueEncoder, path: [PathComponent], depth: Int)

    /// Records `error` as this encoder's result (the first error wins).
    func fail(_ error: WireError)
}

extension FormatEncoder {
    var codingPath: [any CodingKey] { FieldPath.codingPath(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let error = WireError.unkeyedContainer(path)
        fail(error)
        return FailingUnkeyedEncodingContainer(codingPath: codingPath, error: error) { [valueEncoder, path, depth] in
            Self(valueEncoder: valueEncoder, path: path, depth: depth + 1)
        }
    }
}
