/// One occurrence of a field in a message.
struct FieldRecord {
    let type: WireType
    /// The value of a varint or fixed64 field; unused for length-delimited fields.
    let value: UInt64
    /// Where a length-delimited field's bytes lie in the shared input buffer.
    let range: Range<Int>

    static func scalar(_ type: WireType, _ value: UInt64) -> FieldRecord {
        FieldRecord(type: type, value: value, range: 0..<0)
    }
}

/// A message split into its fields, grouped by field number in order of appearance.
///
/// Every field is checked while splitting (wire type, varint length, length fits), so unknown
/// fields are skipped safely; nested messages are split only when their field is decoded.
struct FieldTable {
    private(set) var fields: [Int: [FieldRecord]] = [:]

    static let empty = FieldTable()

    private init() {}

    init(bytes: [UInt8], range: Range<Int>) throws {
        var reader = ByteReader(bytes: bytes, range: range)
        while !reader.isAtEnd {
            let keyStart = reader.position
            let key = try reader.readVarint()
            let number = key >> 3
            guard number >= 1, number <= UInt64(WireType.maxFieldNumber) else {
                throw WireError(
                    code: .invalidFieldNumber,
                    message: "field key at byte \(keyStart) has field number \(number); valid numbers are 1...\(WireType.maxFieldNumber)")
            }
            guard let type = WireType(rawValue: UInt8(key & 7)) else {
                throw WireError(
                    code: .invalidWireType,
                    message:
                        "field #\(number) at byte \(keyStart) has wire type \(key & 7); only 0 (varint), 1 (fixed64) and 2 (length-delimited) exist"
                )
            }
            let record: FieldRecord
            switch type {
            case .varint: record = .scalar(.varint, try reader.readVarint())
            case .fixed64: record = .scalar(.fixed64, try reader.readFixed64())
            case .lengthDelimited:
                record = FieldRecord(type: .lengthDelimited, value: 0, range: try reader.readLengthDelimited())
            }
            fields[Int(number), default: []].append(record)
        }
    }

    func records(for number: Int) -> [FieldRecord] {
        fields[number] ?? []
    }
}
