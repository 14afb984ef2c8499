import PalisadeJSON

/// Reads the members of one of Slack's objects (an actor's user, an entity, `context.app`) the way
/// `Protocol/activity.md` ("Reading Slack's objects") says: a member is **promoted** to a field
/// when its value fits the field, and every member not promoted lands in `fields` with its JSON
/// text exactly as in the entry.
///
/// A repeated member counts once, with its last value; `null` is the same as absent, so it is
/// neither promoted nor kept in `fields`.
struct SlackObjectReader {
    private let source: [UInt8]
    /// Non-null members, last value per key, in order of their last appearance.
    private var members: [(key: String, element: JSONElement)] = []
    private var promoted: Set<String> = []

    /// A reader over `element`'s members; an element that is not an object reads as empty.
    init(_ element: JSONElement?, source: [UInt8]) {
        self.source = source
        guard let all = element?.members else { return }
        var lastIndex: [String: Int] = [:]
        for (index, member) in all.enumerated() { lastIndex[member.key] = index }
        for (index, member) in all.enumerated() where lastIndex[member.key] == index && !member.element.isNull {
            members.append((member.key, member.element))
        }
    }

    private func value(_ key: String) -> JSONElement? {
        members.last { $0.key == key }?.element
    }

    /// A string field: a string, or a number's digits as written; `""` when absent or not fitting.
    mutating func string(_ key: String) -> String {
        guard let element = value(key), let text = Self.stringFit(element, source: source) else { return "" }
        promoted.insert(key)
        return text
    }

    /// A boolean field: `true`/`false`, or the strings `"true"`/`"false"`; `nil` when absent or not fitting.
    mutating func bool(_ key: String) -> Bool? {
        guard let element = value(key) else { return nil }
        let fit: Bool?
        switch element.value {
        case .bool(let flag): fit = flag
        case .string("true"): fit = true
        case .string("false"): fit = false
        default: fit = nil
        }
        if fit != nil { promoted.insert(key) }
        return fit
    }

    /// A list field: an array of strings, or a string holding the JSON text of one; `[]` when
    /// absent or not fitting. With several keys (`bot_scopes`, `scopes_bot`) the first that fits wins.
    mutating func list(_ keys: String...) -> [String] {
        for key in keys {
            guard let element = value(key), let list = Self.stringList(element) else { continue }
            promoted.insert(key)
            return list
        }
        return []
    }

    /// Whether the object had a non-null member `key` (promoted or not).
    func has(_ key: String) -> Bool { value(key) != nil }

    /// Every member not promoted, keyed by name, valued by its JSON text as in the entry.
    func fields() -> [String: String] {
        var fields: [String: String] = [:]
        for (key, element) in members where !promoted.contains(key) { fields[key] = element.text(in: source) }
        return fields
    }

    /// A string or a number's text; `nil` for any other value.
    static func stringFit(_ element: JSONElement, source: [UInt8]) -> String? {
        switch element.value {
        case .string(let text): text
        case .number: element.text(in: source)
        default: nil
        }
    }

    /// An array of strings, or a string holding the JSON text of one.
    static func stringList(_ element: JSONElement) -> [String]? {
        switch element.value {
        case .array(let elements):
            let strings = elements.compactMap(\.string)
            return strings.count == elements.count ? strings : nil
        case .string(let text):
            guard let inner = try? JSONElement.parse(Array(text.utf8), maxDepth: 2) else { return nil }
            guard case .array = inner.value else { return nil }
            return stringList(inner)
        default:
            return nil
        }
    }
}
