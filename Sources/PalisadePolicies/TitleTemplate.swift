import Foundation

/// A policy's title with fields of the activity filled in: `"{actor.email} made {entity.email}
/// an admin"`. `{{` and `}}` write a brace. A field with no value writes `(none)`; one with several
/// writes them joined by `, `.
public struct TitleTemplate: Sendable, Equatable {
    private enum Part: Sendable, Equatable {
        case text(String)
        case field(ActivityField)
    }

    private let parts: [Part]

    /// Why a template cannot be used: what is wrong and at which character (0-based).
    public struct Problem: Error, Sendable, Equatable {
        /// What is wrong.
        public let message: String
        /// The character where it is.
        public let offset: Int

        /// A problem.
        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    /// Reads `text`; an unknown field, an empty or unclosed `{…}` or a lone `}` is a problem.
    public init(_ text: String) throws(Problem) {
        var parts: [Part] = []
        var literal = ""
        var characters = Array(text)[...]
        var offset = 0
        while let character = characters.popFirst() {
            defer { offset += 1 }
            switch character {
            case "{" where characters.first == "{", "}" where characters.first == "}":
                literal.append(character)
                characters.removeFirst()
                offset += 1
            case "{":
                guard let close = characters.firstIndex(of: "}") else {
                    throw Problem(message: "`{` is never closed; write `{{` for a brace", offset: offset)
                }
                let name = String(characters[..<close]).trimmingCharacters(in: .whitespaces)
                guard let field = ActivityField(name) else {
                    throw Problem(message: name.isEmpty ? "`{}` names no field" : "no field is named `\(name)`", offset: offset)
                }
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(.field(field))
                offset += close - characters.startIndex + 1
                characters = characters[(close + 1)...]
            case "}": throw Problem(message: "`}` closes nothing; write `}}` for a brace", offset: offset)
            default: literal.append(character)
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// The title for `subject`.
    public func render(_ subject: inout PolicySubject) -> String {
        var title = ""
        for part in parts {
            switch part {
            case .text(let text): title += text
            case .field(let field):
                let values = field.values(in: &subject)
                title += values.isEmpty ? "(none)" : values.map(\.description).joined(separator: ", ")
            }
        }
        return title
    }
}
