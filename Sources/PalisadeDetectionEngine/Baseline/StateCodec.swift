/// The byte form of detection's state records (`StateKind`): varints, zigzag for signed
/// numbers, length-prefixed UTF-8, IEEE doubles, in field order, behind a format byte.
///
/// Written by hand rather than through `Codable`: a commit re-encodes every baseline its
/// activities touched, thousands a second, and the generic path cost detection a third of its
/// time. The format is the database's own, never on the wire; a record of another format
/// version is refused (`StateCodecError`), never misread.
public struct ByteWriter: Sendable {
    /// The bytes so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() { bytes.reserveCapacity(256) }

    /// An unsigned number, 7 bits a byte.
    public mutating func uint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A signed number, zigzag encoded (small magnitudes are short either side of zero).
    public mutating func int(_ value: Int64) { uint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    /// A flag.
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A double, its IEEE bits little-endian.
    public mutating func double(_ value: Double) {
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
    }

    /// A string: its UTF-8 length, then the bytes.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            uint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A list: its count, then each element as `write` writes it.
    public mutating func list<Element>(_ values: [Element], _ write: (inout ByteWriter, Element) -> Void) {
        uint(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what `ByteWriter` wrote; every read checks the bytes are there.
public struct ByteReader {
    private let bytes: [UInt8]
    private var index = 0

    /// A reader of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte was read.
    public var atEnd: Bool { index == bytes.count }

    /// An unsigned number.
    public mutating func uint() throws(StateCodecError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw StateCodecError("a number runs past its record") }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A signed number.
    public mutating func int() throws(StateCodecError) -> Int64 {
        let raw = try uint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A count no larger than `limit` (lists, strings), so a damaged record cannot ask for memory.
    public mutating func count(limit: Int = 1 << 20) throws(StateCodecError) -> Int {
        let value = try uint()
        guard value <= UInt64(limit) else { throw StateCodecError("a count of \(value) is past \(limit)") }
        return Int(value)
    }

    /// A UInt32.
    public mutating func uint32() throws(StateCodecError) -> UInt32 {
        let value = try uint()
        guard value <= UInt64(UInt32.max) else { throw StateCodecError("\(value) does not fit 32 bits") }
        return UInt32(value)
    }

    /// A flag.
    public mutating func bool() throws(StateCodecError) -> Bool {
        guard index < bytes.count else { throw StateCodecError("a flag runs past its record") }
        index += 1
        return bytes[index - 1] != 0
    }

    /// A double.
    public mutating func double() throws(StateCodecError) -> Double {
        guard index + 8 <= bytes.count else { throw StateCodecError("a number runs past its record") }
        var bits: UInt64 = 0
        for offset in 0..<8 { bits |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += 8
        return Double(bitPattern: bits)
    }

    /// A string.
    public mutating func string() throws(StateCodecError) -> String {
        let length = try count()
        guard index + length <= bytes.count else { throw StateCodecError("a string runs past its record") }
        defer { index += length }
        return String(decoding: bytes[index..<index + length], as: UTF8.self)
    }

    /// A list of elements as `read` reads them.
    public mutating func list<Element>(_ read: (inout ByteReader) throws(StateCodecError) -> Element) throws(StateCodecError) -> [Element] {
        let count = try count(limit: 1 << 16)
        var values: [Element] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}

/// A state record that cannot be read: damaged, or written by another format version.
public struct StateCodecError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { "a detection state record cannot be read: \(message)" }
}

/// A record of detection's state in its byte form.
public protocol StateRecord: Sendable {
    /// Writes the record's fields in order.
    func write(to writer: inout ByteWriter)
    /// Reads what `write` wrote.
    init(from reader: inout ByteReader) throws(StateCodecError)
}

extension StateRecord {
    /// The format byte: bumped when a record's fields change, refused when unknown.
    static var formatVersion: UInt8 { 1 }

    /// The record's bytes: the format byte, then the fields.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.uint(UInt64(Self.formatVersion))
        write(to: &writer)
        return writer.bytes
    }

    /// The record in `bytes`; refused when damaged, of another format, or followed by more.
    public init(decoding bytes: [UInt8]) throws(StateCodecError) {
        var reader = ByteReader(bytes)
        let version = try reader.uint()
        guard version == UInt64(Self.formatVersion) else {
            throw StateCodecError("format \(version), this build reads \(Self.formatVersion)")
        }
        self = try Self(from: &reader)
        guard reader.atEnd else { throw StateCodecError("bytes follow the record") }
    }
}
