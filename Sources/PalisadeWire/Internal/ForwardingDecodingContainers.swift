// `Decoder` containers must implement a `decode` overload per primitive type, with no default
// implementations; both formats read every type the same generic way, so the overloads are
// written once here. A format's container conforms and supplies the one generic method. The
// forwarders are always inlined: the witness for each overload then calls the container's own
// method directly, as a hand-written overload would (without it the default implementation is
// not specialized and reaches that method through the protocol's witness table, per field).

/// A keyed decoding container whose every `decode` overload is ``decodeField(_:forKey:)``, and
/// whose nested containers come from `superDecoder(forKey:)`.
protocol ForwardingKeyedDecodingContainer: KeyedDecodingContainerProtocol {
    /// Decodes the value of `key`; absent keys decode to the type's default.
    func decodeField<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T
}

extension ForwardingKeyedDecodingContainer {
    @inline(__always) func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeField(type, forKey: key) }
    @inline(__always) func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeField(type, forKey: key) }
    @inline(__always) func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeField(type, forKey: key) }

    @inline(__always) func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try superDecoder(forKey: key).container(keyedBy: type)
    }

    @inline(__always) func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try superDecoder(forKey: key).unkeyedContainer()
    }
}

/// A single-value decoding container whose every `decode` overload is ``decodeValue(_:)``.
protocol ForwardingSingleValueDecodingContainer: SingleValueDecodingContainer {
    /// Decodes the one value this container holds.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T
}

extension ForwardingSingleValueDecodingContainer {
    @inline(__always) func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
    @inline(__always) func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
    @inline(__always) func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
    @inline(__always) func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
    @inline(__always) func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
    @inline(__always) func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
    @inline(__always) func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
    @inline(__always) func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
    @inline(__always) func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
    @inline(__always) func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
    @inline(__always) func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
    @inline(__always) func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
    @inline(__always) func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
    @inline(__always) func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }
    @inline(__always) func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}
