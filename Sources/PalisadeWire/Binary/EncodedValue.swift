/// The wire form of one Swift value before it is given a field number.
enum EncodedValue {
    /// The value wrote nothing (a `nil`), so the field is left out.
    case absent
    case varint(UInt64)
    case fixed64(UInt64)
    /// A string or `Data` payload.
    case bytes([UInt8])
    /// An encoded nested message (or map entry).
    case message([UInt8])
    /// Repeated scalars packed into one length-delimited payload.
    case packed([UInt8])
    /// Repeated strings, bytes, messages or map entries: one field per element.
    case elements([EncodedValue])

    /// Appends this value as field `number`.
    ///
    /// Scalars equal to their default (0, false, empty) are left out unless `presence` is set,
    /// which is how an `Optional` that holds a default value stays distinguishable from `nil`.
    func write(field number: Int, presence: Bool, into writer: inout ByteWriter, path: [PathComponent]) throws {
        switch self {
        case .absent:
            return
        case .varint(let value):
            guard value != 0 || presence else { return }
            writer.writeKey(field: number, type: .varint)
            writer.writeVarint(value)
        case .fixed64(let value):
            guard value != 0 || presence else { return }
            writer.writeKey(field: number, type: .fixed64)
            writer.writeFixed64(value)
        case .bytes(let payload), .message(let payload):
            guard !payload.isEmpty || presence else { return }
            writer.writeKey(field: number, type: .lengthDelimited)
            writer.writeLengthDelimited(payload)
        case .packed(let payload):
            guard !payload.isEmpty else { return }
            writer.writeKey(field: number, type: .lengthDelimited)
            writer.writeLengthDelimited(payload)
        case .elements(let elements):
            for element in elements {
                switch element {
                case .packed, .elements, .absent:
                    throw WireError(
                        code: .unsupportedType,
                        message: "\(FieldPath.describe(path)): elements of a repeated field must not be lists or nil")
                default:
                    // Every element is written, defaults included: the count is data.
                    try element.write(field: number, presence: true, into: &writer, path: path)
                }
            }
        }
    }
}
