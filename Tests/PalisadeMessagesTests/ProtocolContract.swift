import Foundation
import PalisadeTestSupport

/// One field of a `message` block in `Protocol/*.md`, e.g. `7: optional timestamp lastSuccess`.
struct ContractField: Sendable, Equatable {
    /// Whether the field is singular, `repeated` or `optional`.
    enum Label: Sendable, Equatable {
        /// A plain field: one value, omitted when default.
        case singular
        /// `repeated X`: a list (packed or one field per element on the wire).
        case repeated
        /// `optional X`: absent or present.
        case optional
    }

    /// The field number.
    let number: Int
    /// The field name, which is also its JSON member name.
    let name: String
    /// The type as written: `string`, `uint64`, `ConnectionState`, `map<string, int64>`…
    let type: String
    /// `singular`, `repeated` or `optional`.
    let label: Label
    /// The 1-based line of the field in its file.
    let line: Int
}

/// One `message Name { … }` block of the protocol documents.
struct ContractMessage: Sendable {
    /// The message name.
    let name: String
    /// The document it is defined in, relative to the repository (`Protocol/connector.md`).
    let file: String
    /// The 1-based line of the `message` header.
    let line: Int
    /// The fields, in document order.
    let fields: [ContractField]
}

/// The messages and enums documented in `Protocol/*.md`, parsed strictly: every line inside a
/// `message` block must be a well-formed field, and every problem is reported as
/// `file:line: what is wrong` in `issues` rather than skipped.
struct ProtocolContract: Sendable {
    /// Every documented message, in file then document order.
    var messages: [ContractMessage] = []
    /// Names of the documented enums (their values travel as varints).
    var enums: Set<String> = []
    /// Malformed lines and blocks, each naming its file and line. Empty for a valid contract.
    var issues: [String] = []

    /// The `Protocol` directory of this checkout.
    static let directory: URL = VectorFiles.directory.deletingLastPathComponent()

    /// Parses every `Protocol/*.md` (not the subdirectories: `vectors/README.md` describes the
    /// encoder's own test messages, not the services' contract).
    static func load() throws -> ProtocolContract {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".md") }
            .sorted()
        var contract = ProtocolContract()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            contract.merge(parse(text, file: "Protocol/\(file)"))
        }
        return contract
    }

    /// Adds another document's messages, enums and issues, reporting duplicate message names.
    mutating func merge(_ other: ProtocolContract) {
        for message in other.messages {
            if let first = messages.first(where: { $0.name == message.name }) {
                issues.append("\(message.file):\(message.line): message \(message.name) is already defined in \(first.file):\(first.line)")
            }
        }
        messages += other.messages
        enums.formUnion(other.enums)
        issues += other.issues
    }

    /// The message named `name`, if documented.
    func message(_ name: String) -> ContractMessage? { messages.first { $0.name == name } }

    /// Parses the `message` and `enum` blocks of one document.
    static func parse(_ text: String, file: String) -> ProtocolContract {
        var parser = BlockParser(file: file)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            parser.consume(String(line), number: index + 1)
        }
        parser.finish()
        return parser.contract
    }
}

/// The line-by-line state machine behind `ProtocolContract.parse`.
private struct BlockParser {
    enum State {
        case prose
        case message(name: String, line: Int, fields: [ContractField])
        case enumeration(name: String, line: Int)
    }

    let file: String
    var contract = ProtocolContract()
    var state = State.prose
    /// Blocks are only recognised inside ``` code fences; prose may start a line with "message".
    var inFence = false

    init(file: String) { self.file = file }

    // `message Name {`, `message Name {}` and `enum Name {`, at the start of a line.
    private static var messageHeader: Regex<(Substring, Substring, Substring?)> { /^message ([A-Z][A-Za-z0-9]*) \{(\})?$/ }
    private static var enumHeader: Regex<(Substring, Substring)> { /^enum ([A-Z][A-Za-z0-9]*) \{$/ }
    // `n: [repeated|optional] type name`; type is an identifier or `map<K, V>`.
    private static var fieldLine: Regex<(Substring, Substring, Substring?, Substring, Substring)> {
        /^([1-9][0-9]*): (?:(repeated|optional) )?([A-Za-z][A-Za-z0-9]*|map<[a-z0-9]+, [A-Za-z][A-Za-z0-9]*>) ([a-z][A-Za-z0-9]*)$/
    }
    private static var enumValue: Regex<Substring> { /^[A-Z][A-Z0-9_]* += [0-9]+$/ }

    mutating func consume(_ raw: String, number: Int) {
        let code = raw.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let line = code.trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("```") {
            if inFence { finish() }  // a block still open when its fence closes is unterminated
            inFence.toggle()
            return
        }
        guard inFence else { return }
        switch state {
        case .prose:
            if let header = line.wholeMatch(of: Self.messageHeader) {
                let name = String(header.1)
                if header.2 != nil {
                    contract.messages.append(ContractMessage(name: name, file: file, line: number, fields: []))
                } else {
                    state = .message(name: name, line: number, fields: [])
                }
            } else if let header = line.wholeMatch(of: Self.enumHeader) {
                state = .enumeration(name: String(header.1), line: number)
            } else if line.hasPrefix("message ") || line.hasPrefix("enum ") {
                contract.issues.append("\(file):\(number): malformed block header '\(line)'")
            }
        case .message(let name, let start, var fields):
            if line == "}" {
                contract.messages.append(ContractMessage(name: name, file: file, line: start, fields: fields))
                state = .prose
                return
            }
            if line.isEmpty { return }
            guard let match = line.wholeMatch(of: Self.fieldLine), let fieldNumber = Int(match.1) else {
                contract.issues.append("\(file):\(number): malformed field line in message \(name): '\(line)'")
                return
            }
            let label: ContractField.Label =
                switch match.2 {
                case "repeated": .repeated
                case "optional": .optional
                default: .singular
                }
            let field = ContractField(number: fieldNumber, name: String(match.4), type: String(match.3), label: label, line: number)
            if fieldNumber > 536_870_911 {
                contract.issues.append("\(file):\(number): \(name) field \(fieldNumber) is above 2^29 − 1")
            }
            if fields.contains(where: { $0.number == field.number || $0.name == field.name }) {
                contract.issues.append("\(file):\(number): \(name) field \(field.number) \(field.name) reuses a number or name")
            }
            fields.append(field)
            state = .message(name: name, line: start, fields: fields)
        case .enumeration(let name, _):
            if line == "}" {
                contract.enums.insert(name)
                state = .prose
            } else if !line.isEmpty, line.wholeMatch(of: Self.enumValue) == nil {
                contract.issues.append("\(file):\(number): malformed value line in enum \(name): '\(line)'")
            }
        }
    }

    mutating func finish() {
        switch state {
        case .prose: break
        case .message(let name, let line, _), .enumeration(let name, let line):
            contract.issues.append("\(file):\(line): block \(name) is never closed with '}'")
        }
        state = .prose
    }
}
