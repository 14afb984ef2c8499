extension JSONElement {
    /// The element as compact JSON: no insignificant whitespace, members in source order
    /// (duplicates kept), numbers as written, strings escaped as `Protocol/encoding.md` §6 writes
    /// them (only `"`, `\` and control characters). `source` is the text the element was parsed from.
    public func compactText(in source: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        appendCompact(to: &output, source: source)
        return output
    }

    /// Appends the compact form to `output`.
    public func appendCompact(to output: inout [UInt8], source: [UInt8]) {
        switch value {
        case .null, .bool, .number: output.append(contentsOf: source[range])
        case .string(let text): Self.appendString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.appendCompact(to: &output, source: source)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.element.appendCompact(to: &output, source: source)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string. The same escaping as PalisadeWire's JSON writer (which
    /// cannot depend on this module: it is fuzzed as one self-contained module).
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case 0x08: output.append(contentsOf: "\\b".utf8)
            case 0x0C: output.append(contentsOf: "\\f".utf8)
            case 0x00..<0x20:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
