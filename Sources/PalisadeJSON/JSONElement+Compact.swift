import PalisadeWire

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

    /// Appends `text` as a JSON string, escaped as `Protocol/encoding.md` §6 writes strings.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        JSONStringEscaping.append(text, to: &output)
    }
}
