import PalisadeJSON
internal import Yams

/// A test case's entry, written in the policy file as a YAML (or JSON) mapping, as the JSON object
/// Slack would have sent: the normaliser reads entries as JSON bytes, and this is what makes a
/// YAML entry one.
///
/// Scalars follow YAML's core schema, so an entry reads the same written either way: unquoted
/// `null`, `~` or nothing is `null`; unquoted `true` and `false` are booleans; an unquoted JSON
/// number (`1789372931`, `-2.5e3`) is that number; anything else, and anything quoted, is a
/// string. Mappings keep their order.
enum TestEntryJSON {
    /// Why a node cannot be an entry, and where the node is (1-based; 0 when unknown).
    struct Problem: Error {
        /// The node's line.
        let line: Int
        /// The node's column.
        let column: Int
        /// What is wrong.
        let message: String

        /// A problem with `node`.
        init(node: Node, message: String) {
            line = node.mark?.line ?? 0
            column = node.mark?.column ?? 0
            self.message = message
        }
    }

    /// Deepest nesting written; the normaliser refuses deeper entries anyway, and this keeps the
    /// recursion bounded whatever the file holds.
    static let maxDepth = 32

    /// `node` (a mapping) as JSON bytes. `budget` is the values left to the whole test section:
    /// each scalar, mapping and sequence costs one, so YAML aliases (expanded at each use) cannot
    /// make a few lines describe gigabytes.
    static func bytes(_ node: Node, budget: inout Int) throws(Problem) -> [UInt8] {
        guard case .mapping = node else {
            throw Problem(
                node: node, message: "an entry is a mapping, as Slack's /audit/v1/logs returns it: `{ id: …, date_create: …, action: … }`")
        }
        var output: [UInt8] = []
        try write(node, to: &output, depth: 1, budget: &budget)
        return output
    }

    private static func write(_ node: Node, to output: inout [UInt8], depth: Int, budget: inout Int) throws(Problem) {
        budget -= 1
        guard budget >= 0 else {
            throw Problem(
                node: node, message: "tests hold at most \(PolicyParser.maxTestValues) values (aliases count each time they are used)")
        }
        guard depth <= maxDepth else { throw Problem(node: node, message: "an entry nests at most \(maxDepth) deep") }
        switch node {
        case .scalar(let scalar): append(scalar, to: &output)
        case .mapping(let mapping):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in mapping.enumerated() {
                guard case .scalar(let name) = key else { throw Problem(node: key, message: "a key of an entry is text") }
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONElement.appendString(name.string, to: &output)
                output.append(UInt8(ascii: ":"))
                try write(value, to: &output, depth: depth + 1, budget: &budget)
            }
            output.append(UInt8(ascii: "}"))
        case .sequence(let sequence):
            output.append(UInt8(ascii: "["))
            for (index, item) in sequence.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(item, to: &output, depth: depth + 1, budget: &budget)
            }
            output.append(UInt8(ascii: "]"))
        case .alias: throw Problem(node: node, message: "aliases are not allowed in entries")
        }
    }

    private static func append(_ scalar: Node.Scalar, to output: inout [UInt8]) {
        let text = scalar.string
        guard scalar.style == .plain else {
            JSONElement.appendString(text, to: &output)
            return
        }
        switch text {
        case "", "~", "null", "Null", "NULL": output.append(contentsOf: Array("null".utf8))
        case "true", "True", "TRUE": output.append(contentsOf: Array("true".utf8))
        case "false", "False", "FALSE": output.append(contentsOf: Array("false".utf8))
        default:
            if isJSONNumber(text) {
                output.append(contentsOf: Array(text.utf8))
            } else {
                JSONElement.appendString(text, to: &output)
            }
        }
    }

    /// Whether `text` is a number as JSON writes one: `-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            var count = 0
            while let byte = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                bytes.removeFirst()
                count += 1
            }
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes.removeFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes.removeFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
