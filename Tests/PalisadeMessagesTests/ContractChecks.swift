import Foundation

/// One field as it appears on the wire: key and raw value, nothing interpreted.
struct WireField: Sendable {
    /// The field number from the key.
    let number: Int
    /// The wire type from the key (0 VARINT, 1 FIXED64, 2 LENGTH-DELIMITED).
    let wireType: Int
    /// The value's bytes (for LENGTH-DELIMITED, without the length).
    let payload: [UInt8]
}

/// A generic reader of the TLV format of `Protocol/encoding.md` §1, independent of PalisadeWire's
/// typed decoder (which has no public field-level reader), so the test sees exactly what the
/// Swift types put on the wire.
enum WireFieldScanner {
    /// Bytes that are not a well-formed message.
    struct Malformed: Error, CustomStringConvertible {
        /// What is wrong and where.
        let description: String
    }

    /// Splits `bytes` into its fields, in order.
    static func scan(_ bytes: [UInt8]) throws -> [WireField] {
        var fields: [WireField] = []
        var index = 0
        while index < bytes.count {
            let key = try varint(bytes, &index)
            let number = Int(key >> 3)
            let wireType = Int(key & 7)
            guard number >= 1, number <= 536_870_911 else { throw Malformed(description: "field number \(number) at byte \(index)") }
            let payload: [UInt8]
            switch wireType {
            case 0:
                let start = index
                _ = try varint(bytes, &index)
                payload = Array(bytes[start..<index])
            case 1:
                guard index + 8 <= bytes.count else { throw Malformed(description: "fixed64 #\(number) runs past the end") }
                payload = Array(bytes[index..<(index + 8)])
                index += 8
            case 2:
                let length = try varint(bytes, &index)
                guard length <= UInt64(bytes.count - index) else { throw Malformed(description: "length of #\(number) runs past the end") }
                payload = Array(bytes[index..<(index + Int(length))])
                index += Int(length)
            default:
                throw Malformed(description: "wire type \(wireType) of #\(number)")
            }
            fields.append(WireField(number: number, wireType: wireType, payload: payload))
        }
        return fields
    }

    private static func varint(_ bytes: [UInt8], _ index: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard index < bytes.count else { throw Malformed(description: "varint runs past the end") }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw Malformed(description: "varint longer than 10 bytes")
    }
}

/// Compares what a Swift value encodes with a documented message, field by field, recursing
/// into nested documented messages. Each problem names the message and the field.
struct ContractChecker: Sendable {
    /// The parsed documents.
    let contract: ProtocolContract

    private static let varintTypes: Set<String> = ["int32", "int64", "uint32", "uint64", "bool", "timestamp"]
    private static let wireTypeNames = [0: "VARINT", 1: "FIXED64", 2: "LENGTH-DELIMITED"]

    /// The wire type `encoding.md` §2 assigns to a documented field, or nil for an unknown type.
    func wireType(of field: ContractField) -> Int? {
        if field.label == .repeated || field.type.hasPrefix("map<") { return 2 }
        switch field.type {
        case "string", "bytes": return 2
        case "double": return 1
        case let type where Self.varintTypes.contains(type) || contract.enums.contains(type): return 0
        case let type where contract.message(type) != nil: return 2
        default: return nil
        }
    }

    /// Field types that are neither built in, nor a documented enum or message.
    func unknownTypes() -> [String] {
        contract.messages.flatMap { message in
            message.fields.filter { wireType(of: $0) == nil }.map {
                "\(message.file):\($0.line): \(message.name) field \($0.number) \($0.name) has unknown type '\($0.type)'"
            }
        }
    }

    /// Problems with the binary encoding `bytes` of `message`.
    func binaryProblems(_ message: ContractMessage, _ bytes: [UInt8], path: String = "") throws -> [String] {
        let fields = try WireFieldScanner.scan(bytes)
        let at = path.isEmpty ? "" : " (at \(path))"
        var problems: [String] = []
        for field in message.fields {
            let label = "\(message.name) field \(field.number) \(field.name)"
            let found = fields.filter { $0.number == field.number }
            guard !found.isEmpty else {
                problems.append(
                    "\(label): documented in \(message.file) but not encoded by the Swift type (or the sample leaves it at its default)\(at)"
                )
                continue
            }
            guard let expected = wireType(of: field) else { continue }  // reported by unknownTypes()
            let got = Set(found.map(\.wireType)).sorted().map { Self.wireTypeNames[$0] ?? "\($0)" }
            if got != [Self.wireTypeNames[expected]] {
                problems.append(
                    "\(label): documented in \(message.file) as \(field.type) (\(Self.wireTypeNames[expected] ?? "")) but encoded as \(got.joined(separator: ", "))\(at)"
                )
                continue
            }
            if field.label != .repeated, !field.type.hasPrefix("map<"), found.count > 1 {
                problems.append("\(label): documented in \(message.file) as a single value but encoded \(found.count) times\(at)")
            }
            if let nested = contract.message(field.type) {
                for (index, occurrence) in found.enumerated() {
                    let where_ = field.label == .repeated ? "\(field.name)[\(index)]" : field.name
                    problems += try binaryProblems(nested, occurrence.payload, path: path.isEmpty ? where_ : "\(path).\(where_)")
                }
            }
        }
        let documented = Set(message.fields.map(\.number))
        for number in Set(fields.map(\.number)).subtracting(documented).sorted() {
            problems.append("\(message.name) field \(number): encoded by the Swift type but not documented in \(message.file)\(at)")
        }
        return problems
    }

    /// Problems with the JSON object `object` of `message`: its member names must be exactly the
    /// documented field names (the sample sets every optional, so every field is written).
    func jsonProblems(_ message: ContractMessage, _ object: [String: Any], path: String = "") -> [String] {
        let at = path.isEmpty ? "" : " (at \(path))"
        var problems: [String] = []
        for field in message.fields {
            guard let value = object[field.name] else {
                let keys = object.keys.sorted().joined(separator: ", ")
                problems.append(
                    "\(message.name) field \(field.number) \(field.name): documented in \(message.file) but not a JSON member of the Swift type (members: \(keys))\(at)"
                )
                continue
            }
            guard let nested = contract.message(field.type) else { continue }
            let here = path.isEmpty ? field.name : "\(path).\(field.name)"
            let elements = field.label == .repeated ? (value as? [Any] ?? []) : [value]
            for (index, element) in elements.enumerated() {
                let where_ = field.label == .repeated ? "\(here)[\(index)]" : here
                guard let child = element as? [String: Any] else {
                    problems.append(
                        "\(message.name) field \(field.number) \(field.name): documented as message \(nested.name) but JSON is not an object\(at)"
                    )
                    continue
                }
                problems += jsonProblems(nested, child, path: where_)
            }
        }
        let documented = Set(message.fields.map(\.name))
        for key in Set(object.keys).subtracting(documented).sorted() {
            problems.append("\(message.name) JSON member \"\(key)\": written by the Swift type but not documented in \(message.file)\(at)")
        }
        return problems
    }
}
