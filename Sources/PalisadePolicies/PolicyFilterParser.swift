import Foundation
import PalisadeNet
internal import Yams

/// Reads a `PolicyFilter` from YAML or JSON text (JSON is YAML; one parser gives both their line
/// numbers). The filter language (`policies/README.md`):
///
/// ```yaml
/// all:                                  # or any: [...], or not: {...}
///   - action: { in: [role_change_to_admin, role_change_to_owner] }
///   - actor.email: { suffix: "@acme.test" }
///   - not: { ip: { cidr: [10.0.0.0/8] } }
///   - location.accuracyRadiusKm: { lt: 100 }
/// ```
///
/// A field maps to a test (`equals`, `in`, `prefix`, `suffix`, `contains`, `regex`, `cidr`, `exists`,
/// `gt`, `gte`, `lt`, `lte`), or to a value (`equals`) or a list of values (`in`). A mapping with several
/// entries holds when all of them do.
struct PolicyFilterParser {
    let file: String

    /// The filter the whole of `text` describes.
    func parse(_ text: String) throws(PolicyError) -> PolicyFilter {
        var budget = Self.maxParts
        return try filter(try document(text), path: "", depth: 1, budget: &budget)
    }

    /// The YAML (or JSON) document of `text`.
    func document(_ text: String) throws(PolicyError) -> Node {
        guard text.utf8.count <= Self.maxBytes else {
            throw PolicyError(file: file, line: 0, column: 0, path: "", message: "a policy is at most \(Self.maxBytes >> 10) KiB of text")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Self.located(error, file: file)
        }
        guard let root, root.tag.description != Tag.Name.null.rawValue else {
            throw PolicyError(file: file, line: 0, column: 0, path: "", message: "the file is empty")
        }
        return root
    }

    /// A YAML error with its place, and its problem in one line (Yams's own text runs to several,
    /// quoting the document).
    static func located(_ error: any Error, file: String) -> PolicyError {
        func refusal(_ mark: Mark?, _ problem: String) -> PolicyError {
            PolicyError(
                file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, path: "", message: "not valid YAML or JSON: \(problem)")
        }
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return refusal(mark, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return refusal(context.mark, "a key is given twice: \(duplicates.joined(separator: ", "))")
        default:
            return refusal(nil, "\(error)".split(separator: "\n").first.map(String.init) ?? "")
        }
    }

    /// Most filters nested in one another: evaluation recurses, so a policy (which may come over
    /// RPC) must not be able to nest deep enough to exhaust a thread's stack.
    static let maxDepth = 32

    /// Most conditions and combinations in one policy. YAML aliases are expanded, so a small file
    /// could otherwise describe billions of them (each alias used twice at every level).
    static let maxParts = 10_000

    /// Largest policy text read.
    static let maxBytes = 256 << 10

    /// A filter node: a mapping of `all`, `any`, `not` and field names.
    func filter(_ node: Node, path: String, depth: Int, budget: inout Int) throws(PolicyError) -> PolicyFilter {
        guard depth <= Self.maxDepth else {
            throw error(node, path, "filters are nested more than \(Self.maxDepth) deep; flatten `all` and `any` lists")
        }
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            throw error(node, path, "a filter is a mapping of `all`, `any`, `not` or field names to tests")
        }
        var parts: [PolicyFilter] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, path, "a key must be text") }
            let here = join(path, name)
            budget -= 1
            guard budget >= 0 else {
                throw error(
                    key, here, "a policy has at most \(Self.maxParts) conditions and combinations (aliases count each time they are used)")
            }
            switch name {
            case "all", "any":
                guard case .sequence(let sequence) = value else { throw error(value, here, "`\(name)` takes a list of filters") }
                var filters: [PolicyFilter] = []
                for (index, item) in sequence.enumerated() {
                    filters.append(try filter(item, path: "\(here)[\(index)]", depth: depth + 1, budget: &budget))
                }
                parts.append(name == "all" ? .all(filters) : .any(filters))
            case "not": parts.append(.not(try filter(value, path: here, depth: depth + 1, budget: &budget)))
            default: parts.append(.condition(try condition(name, value, key: key, path: here)))
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private func condition(_ name: String, _ node: Node, key: Node, path: String) throws(PolicyError) -> PolicyCondition {
        guard let field = ActivityField(name) else {
            throw error(
                key, path,
                "no field is named `\(name)`; fields are \(ActivityField.memberNames.joined(separator: ", ")), "
                    + "`actor.fields.<key>`, `entity.fields.<key>`, `actingApp.fields.<key>` and `raw.<path>`")
        }
        switch node {
        case .scalar: return PolicyCondition(field: field, test: .equals(try value(node, field, path)))
        case .sequence(let items):
            var values: [FieldValue] = []
            for (index, item) in items.enumerated() { values.append(try value(item, field, "\(path)[\(index)]")) }
            return PolicyCondition(field: field, test: .oneOf(values))
        case .mapping(let mapping):
            guard mapping.count == 1, let (operatorKey, operand) = mapping.first, let op = operatorKey.string else {
                throw error(node, path, "a test is one of \(Self.operators) with its operand, e.g. `{ suffix: \"@acme.test\" }`")
            }
            return PolicyCondition(field: field, test: try test(op, operand, field, key: operatorKey, path: join(path, op)))
        case .alias: throw error(node, path, "aliases are not allowed in policies")
        }
    }

    static let operators = "equals, in, prefix, suffix, contains, regex, cidr, exists, gt, gte, lt, lte"

    private func test(_ op: String, _ node: Node, _ field: ActivityField, key: Node, path: String) throws(PolicyError)
        -> PolicyCondition.Test
    {
        switch op {
        case "equals": return .equals(try value(node, field, path))
        case "in":
            guard case .sequence(let items) = node else { throw error(node, path, "`in` takes a list of values") }
            var values: [FieldValue] = []
            for (index, item) in items.enumerated() { values.append(try value(item, field, "\(path)[\(index)]")) }
            return .oneOf(values)
        case "prefix": return .prefix(try texts(node, path))
        case "suffix": return .suffix(try texts(node, path))
        case "contains": return .contains(try texts(node, path))
        case "regex": return .regex(try regex(node, path))
        case "cidr":
            guard field.isAddress || field.name.hasPrefix("raw.") else {
                throw error(key, path, "`cidr` tests addresses: `ip` or a `raw.` path, not `\(field.name)`")
            }
            var networks: [IPNetwork] = []
            for (index, item) in try scalars(node, path).enumerated() {
                do {
                    networks.append(try IPNetwork(parsing: item.text))
                } catch {
                    throw self.error(item.node, list(node) ? "\(path)[\(index)]" : path, "\(error)")
                }
            }
            return .cidr(networks)
        case "exists":
            guard case .scalar(let scalar) = node, let flag = Bool(scalar.string) else {
                throw error(node, path, "`exists` takes true or false")
            }
            return .exists(flag)
        default:
            guard let comparison = PolicyCondition.Comparison(rawValue: op) else {
                throw error(key, path, "`\(op)` is not a test; tests are \(Self.operators)")
            }
            let bound = try value(node, field, path)
            switch bound {
            case .number where !field.isTime, .time: return .compare(comparison, bound)
            default:
                throw error(
                    node, path,
                    field.isTime ? "`\(op)` on `\(field.name)` takes a time such as 2026-09-14T08:00:00Z" : "`\(op)` takes a number")
            }
        }
    }

    /// A scalar as a value: a time on the time fields, plain `true`/`false` and numbers as such,
    /// anything else (and anything quoted) as text, lower-cased for comparing.
    private func value(_ node: Node, _ field: ActivityField, _ path: String) throws(PolicyError) -> FieldValue {
        guard case .scalar(let scalar) = node else { throw error(node, path, "expected a single value") }
        let text = scalar.string
        if field.isTime {
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw error(node, path, "`\(text)` is not a time such as 2026-09-14T08:00:00Z")
            }
            return .time(date)
        }
        guard scalar.style == .plain else { return .string(text.lowercased()) }
        if let flag = Bool(text) { return .bool(flag) }
        if let number = Double(text), number.isFinite { return .number(number) }
        return .string(text.lowercased())
    }

    /// One pattern, compiled now so a policy that is read can be evaluated without failing (and
    /// without compiling per activity). The error is located at the pattern's scalar, with the
    /// character in the pattern the trouble is at.
    private func regex(_ node: Node, _ path: String) throws(PolicyError) -> LinearRegex {
        guard case .scalar(let scalar) = node else {
            // `regex: [a-z]+` unquoted is a YAML list: say so rather than "expected text".
            throw error(
                node, path, "`regex` takes one pattern as text; quote it (`'[a-z]+'`) so YAML does not read it as a list or mapping")
        }
        guard !scalar.string.isEmpty else { throw error(node, path, "expected a non-empty pattern") }
        do {
            return try LinearRegex(scalar.string)
        } catch {
            throw self.error(node, path, "not a supported pattern: \(error)")
        }
    }

    /// A string or a list of strings, lower-cased for comparing.
    private func texts(_ node: Node, _ path: String) throws(PolicyError) -> [String] {
        try scalars(node, path).map { $0.text.lowercased() }
    }

    /// A non-empty scalar or a list of them, each with its node (for locating errors).
    private func scalars(_ node: Node, _ path: String) throws(PolicyError) -> [(text: String, node: Node)] {
        let items: [Node]
        switch node {
        case .scalar: items = [node]
        case .sequence(let sequence): items = Array(sequence)
        default: throw error(node, path, "expected text or a list of texts")
        }
        var scalars: [(text: String, node: Node)] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item, !scalar.string.isEmpty else {
                throw error(item, list(node) ? "\(path)[\(index)]" : path, "expected non-empty text")
            }
            scalars.append((scalar.string, item))
        }
        return scalars
    }

    private func list(_ node: Node) -> Bool {
        if case .sequence = node { return true }
        return false
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func error(_ node: Node, _ path: String, _ message: String) -> PolicyError {
        PolicyError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, path: path, message: message)
    }
}

extension PolicyFilter {
    /// The filter `text` (YAML or JSON) describes; errors name `file`, the line and the entry.
    public static func parse(_ text: String, file: String) throws(PolicyError) -> PolicyFilter {
        try PolicyFilterParser(file: file).parse(text)
    }
}
