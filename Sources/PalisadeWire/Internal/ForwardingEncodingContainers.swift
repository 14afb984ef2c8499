// `Encoder` containers must implement an `encode` overload per primitive type, with no default
// implementations; both formats write every type the same generic way, so the overloads are
// written once here. A format's container conforms and supplies the one generic method. The
// forwarders are always inlined: the witness for each overload then calls the container's own
// method directly, as a hand-written overload would (without it the default implementation is
// not specialized and reaches that method through the protocol's witness table, per field).

/// A keyed encoding container whose every `encode` overload is ``encodeField(_:forKey:)``, and
/// whose nested containers are those of ``childEncoder(forKey:)``.
protocol ForwardingKeyedEncodingContainer: KeyedEncodingContainerProtocol {
    /// The format's `Encoder`, named so that nested containers are made without an existential.
    associatedtype ChildEncoder: Encoder

    /// Encodes `value` as the field of `key`.
    func encodeField<T: Encodable>(_ value: T, forKey key: Key) throws

    /// An encoder whose result becomes the field of `key`.
    func childEncoder(forKey key: Key) -> ChildEncoder
}

extension ForwardingKeyedEncodingContainer {
    @inline(__always) mutating func encode(_ value: Bool, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: String, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Double, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Float, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Int, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeField(value, forKey: key) }
    @inline(__always) mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeField(value, forKey: key) }

    @inline(__always) mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        childEncoder(forKey: key).container(keyedBy: keyType)
    }

    @inline(__always) mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        childEncoder(forKey: key).unkeyedContainer()
    }

    @inline(__always) mutating func superEncoder(forKey key: Key) -> any Encoder {
        childEncoder(forKey: key)
    }
}

/// A single-value encoding container whose every `encode` overload is ``store(_:)``.
protocol ForwardingSingleValueEncodingContainer: SingleValueEncodingContainer {
    /// Encodes `value` as the one value of this container.
    func store<T: Encodable>(_ value: T) throws
}

extension ForwardingSingleValueEncodingContainer {
    @inline(__always) mutating func encode(_ value: Bool) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: String) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Double) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Float) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Int) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Int8) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Int16) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Int32) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: Int64) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: UInt) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: UInt8) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: UInt16) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: UInt32) throws { try store(value) }
    @inline(__always) mutating func encode(_ value: UInt64) throws { try store(value) }
    @inline(__always) mutating func encode<T: Encodable>(_ value: T) throws { try store(value) }
}
