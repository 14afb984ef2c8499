import PalisadeJSON

/// A JSON value the simulator writes: members keep the order they are given in, so answers
/// read like Graph's (`@odata.context` first) and are byte-for-byte reproducible.
enum GraphJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([GraphJSON])
    case object([(String, GraphJSON)])

    /// A string, or `null` when absent.
    static func optional(_ text: String?) -> GraphJSON {
        text.map(GraphJSON.string) ?? .null
    }

    /// The compact UTF-8 text.
    var bytes: [UInt8] {
        var output: [UInt8] = []
        append(to: &output)
        return output
    }

    private func append(to output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .int(let value): output += Array(String(value).utf8)
        case .string(let text): JSONElement.appendString(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.append(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONElement.appendString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.append(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
