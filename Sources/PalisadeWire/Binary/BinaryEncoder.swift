/// The `Encoder` handed to a message's `encode(to:)`; it records which container was used.
final class BinaryEncoder: FormatEncoder {
    let valueEncoder: BinaryValueEncoder
    let path: [PathComponent]
    let depth: Int
    let storage = BinaryEncoderStorage()

    init(valueEncoder: BinaryValueEncoder, path: [PathComponent], depth: Int) {
        self.valueEncoder = valueEncoder
        self.path = path
        self.depth = depth
    }

    func fail(_ error: WireError) {
        storage.fail(error)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(BinaryKeyedEncodingContainer<Key>(encoder: self, builder: storage.messageBuilder(self)))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        BinarySingleValueEncodingContainer(encoder: self)
    }
}

/// What an `encode(to:)` call produced.
final class BinaryEncoderStorage {
    private enum State {
        case empty
        case message(MessageBuilder)
        case single(EncodedValue)
        case failed(WireError)
    }

    private var state = State.empty

    func messageBuilder(_ encoder: BinaryEncoder) -> MessageBuilder {
        if case .message(let builder) = state { return builder }
        let builder = MessageBuilder(valueEncoder: encoder.valueEncoder, path: encoder.path, depth: encoder.depth)
        if encoder.depth > encoder.valueEncoder.maxDepth {
            fail(.depthExceeded(encoder.path, encoder.valueEncoder.maxDepth))
        } else if case .empty = state {
            state = .message(builder)
        } else {
            fail(.mixedContainers(encoder.path))
        }
        return builder
    }

    func setSingle(_ value: EncodedValue, path: [PathComponent]) {
        switch state {
        case .empty, .single: state = .single(value)
        case .message: fail(.mixedContainers(path))
        case .failed: break
        }
    }

    func fail(_ error: WireError) {
        if case .failed = state { return }
        state = .failed(error)
    }

    func result(path: [PathComponent]) throws -> EncodedValue {
        switch state {
        case .empty: .absent
        case .single(let value): value
        case .message(let builder): .message(try builder.finish())
        case .failed(let error): throw error
        }
    }
}

/// Collects a message's fields, then writes them sorted by field number.
final class MessageBuilder {
    private enum Pending {
        case value(EncodedValue)
        case encoder(BinaryEncoder)
    }

    private struct Field {
        let number: Int
        let name: String
        let presence: Bool
        let pending: Pending
    }

    let valueEncoder: BinaryValueEncoder
    let path: [PathComponent]
    let depth: Int
    private var fields: [Field] = []

    init(valueEncoder: BinaryValueEncoder, path: [PathComponent], depth: Int) {
        self.valueEncoder = valueEncoder
        self.path = path
        self.depth = depth
    }

    /// The field number of `key`, which must be a `CodingKey` with an integer raw value.
    func fieldNumber(of key: some CodingKey) throws -> Int {
        guard let number = key.intValue else {
            throw WireError(
                code: .invalidFieldNumber,
                message:
                    "\(FieldPath.describe(path + [.field(name: key.stringValue, number: nil)])) has no field number; declare `enum CodingKeys: Int, CodingKey` with a number for every case"
            )
        }
        guard number >= 1, number <= WireType.maxFieldNumber else {
            throw WireError(
                code: .invalidFieldNumber,
                message:
                    "\(FieldPath.describe(path + [.field(name: key.stringValue, number: number)])): field numbers must be 1...\(WireType.maxFieldNumber)"
            )
        }
        return number
    }

    func add(_ value: EncodedValue, number: Int, name: String, presence: Bool) {
        fields.append(Field(number: number, name: name, presence: presence, pending: .value(value)))
    }

    func add(_ encoder: BinaryEncoder, number: Int, name: String) {
        fields.append(Field(number: number, name: name, presence: false, pending: .encoder(encoder)))
    }

    func finish() throws -> [UInt8] {
        // A stable sort keeps repeated writes of one key in call order; they are then rejected
        // below, since a field number must belong to one property.
        let sorted = fields.enumerated().sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }
        var writer = ByteWriter()
        var previous: Field?
        for (_, field) in sorted {
            let fieldPath = path + [.field(name: field.name, number: field.number)]
            if let previous, previous.number == field.number {
                throw WireError(
                    code: .duplicateFieldNumber,
                    message: "\(FieldPath.describe(fieldPath)): field number \(field.number) is also used by '\(previous.name)'")
            }
            let value: EncodedValue
            switch field.pending {
            case .value(let encoded): value = encoded
            case .encoder(let encoder): value = try encoder.storage.result(path: fieldPath)
            }
            try value.write(field: field.number, presence: field.presence, into: &writer, path: fieldPath)
            previous = field
        }
        return writer.bytes
    }
}
