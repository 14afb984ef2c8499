/// One step in the path from the top-level message to a value, for error messages.
enum PathComponent: Sendable {
    /// A message field: its coding key name and, in the binary format, its number.
    case field(name: String, number: Int?)
    /// An element of a repeated field, or the n-th entry of a map.
    case index(Int)
}

/// Renders paths such as `field 'entries[3].actor.id' (#2)`.
enum FieldPath {
    static func render(_ path: [PathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .field(let name, _):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// `field 'a.b' (#2)`, or `top-level message` for the empty path.
    static func describe(_ path: [PathComponent]) -> String {
        guard !path.isEmpty else { return "top-level message" }
        var number: Int?
        for component in path.reversed() {
            if case .field(_, let fieldNumber) = component {
                number = fieldNumber
                break
            }
        }
        let suffix = number.map { " (#\($0))" } ?? ""
        return "field '\(render(path))'\(suffix)"
    }

    /// A `CodingKey` list for the `codingPath` that `Encoder`/`Decoder` must expose.
    static func codingPath(_ path: [PathComponent]) -> [any CodingKey] {
        path.map { component in
            switch component {
            case .field(let name, let number): PathKey(stringValue: name, intValue: number)
            case .index(let index): PathKey(stringValue: "\(index)", intValue: index)
            }
        }
    }
}

/// A plain coding key used only to report paths.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String, intValue: Int?) {
        self.stringValue = stringValue
        self.intValue = intValue
    }

    init(stringValue: String) {
        self.init(stringValue: stringValue, intValue: nil)
    }

    init(intValue: Int) {
        self.init(stringValue: "\(intValue)", intValue: intValue)
    }
}
