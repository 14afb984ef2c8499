/// Reads the binary format's primitives from a byte array, bounds-checked on every step.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    mutating func readVarint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<10 {
            guard position < end else {
                throw WireError(code: .truncated, message: "input ends inside a varint at byte \(position)")
            }
            let byte = bytes[position]
            position += 1
            // The 10th byte may only contribute the top bit of a 64-bit value.
            if index == 9, byte > 1 {
                throw WireError(code: .malformedVarint, message: "varint at byte \(position - 10) overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw WireError(code: .malformedVarint, message: "varint at byte \(position - 10) is longer than 10 bytes")
    }

    mutating func readFixed64() throws(WireError) -> UInt64 {
        guard end - position >= 8 else {
            throw WireError(code: .truncated, message: "input ends inside a fixed64 value at byte \(position)")
        }
        var result: UInt64 = 0
        for offset in 0..<8 {
            result |= UInt64(bytes[position + offset]) << UInt64(offset * 8)
        }
        position += 8
        return result
    }

    /// Reads a varint length and returns the range of the bytes it announces.
    mutating func readLengthDelimited() throws(WireError) -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw WireError(
                code: .truncated,
                message: "length-delimited field at byte \(start) announces \(length) bytes but only \(end - position) remain")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }
}
