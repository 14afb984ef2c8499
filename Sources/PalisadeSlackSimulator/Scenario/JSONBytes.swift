/// Appends JSON text to a byte buffer by hand.
///
/// Generating a million entries through `JSONEncoder` would dominate the run time; these helpers
/// write straight into a reused `[UInt8]`, escaping strings per RFC 8259 (quote, backslash and
/// control characters; other UTF-8 passes through unchanged).
struct JSONBytes {
    var bytes: [UInt8] = []

    /// Literal bytes (already valid JSON where it matters).
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        // StaticString literals in this module are all UTF-8 text, never a single scalar.
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Pre-serialised bytes.
    @inline(__always)
    mutating func raw(_ fragment: [UInt8]) {
        bytes.append(contentsOf: fragment)
    }

    /// A quoted, escaped JSON string.
    mutating func string(_ text: String) {
        Self.appendString(text, to: &bytes)
    }

    /// Unsigned decimal.
    mutating func int(_ value: UInt64) {
        Self.appendInt(value, to: &bytes)
    }

    /// Signed decimal.
    mutating func int(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            Self.appendInt(value.magnitude, to: &bytes)
        } else {
            Self.appendInt(UInt64(value), to: &bytes)
        }
    }

    /// `true` / `false`.
    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// A JSON array of strings.
    mutating func strings(_ items: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `,"name":` and a string: an object's member after its first.
    mutating func member(_ name: StaticString, _ text: String) {
        key(name)
        string(text)
    }

    /// `,"name":` and `true` or `false`.
    mutating func member(_ name: StaticString, _ flag: Bool) {
        key(name)
        bool(flag)
    }

    /// `,"name":` and an array of strings.
    mutating func member(_ name: StaticString, _ items: [String]) {
        key(name)
        strings(items)
    }

    /// `,"name":` and a pre-serialised value.
    mutating func member(_ name: StaticString, raw fragment: [UInt8]) {
        key(name)
        raw(fragment)
    }

    @inline(__always)
    private mutating func key(_ name: StaticString) {
        raw(",\"")
        raw(name)
        raw("\":")
    }

    static func appendInt(_ value: UInt64, to bytes: inout [UInt8]) {
        // Count the digits, reserve them, then fill from the right: no temporary array.
        var count = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            count += 1
        }
        let first = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var v = value
        var i = first + count - 1
        while v > 0 {
            bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
    }

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` serialised as a JSON string on its own.
    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return out
    }
}
