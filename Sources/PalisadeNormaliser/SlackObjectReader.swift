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
    /// Per member: promoted to a field (so not kept in `fields`).
    private var promoted: [Bool] = []

    /// Objects up to this many members find repeated keys by comparing them pairwise: cheaper
    /// than hashing every key for Slack's objects of a dozen members, which are read for every
    /// entry. Larger ones (never Slack's) use a dictionary so the cost stays linear.
    private static let pairwiseLimit = 32

    /// A reader over `element`'s members; an element that is not an object reads as empty.
    init(_ element: JSONElement?, source: [UInt8]) {
        self.source = source
        guard let all = element?.members else { return }
        members.reserveCapacity(all.count)
        if all.count <= Self.pairwiseLimit {
            for index in all.indices where !all[index].element.isNull {
                let key = all[index].key
                if !all[(index + 1)...].contains(where: { JSONElement.sameKey($0.key, key) }) { members.append((key, all[index].element)) }
            }
        } else {
            var lastIndex: [String: Int] = [:]
            for (index, member) in all.enumerated() { lastIndex[member.key] = index }
            for (index, member) in all.enumerated() where lastIndex[member.key] == index && !member.element.isNull {
                members.append((member.key, member.element))
            }
        }
        promoted = Array(repeating: false, count: members.count)
    }

    private func index(_ key: String) -> Int? {
        members.firstIndex { JSONElement.sameKey($0.key, key) }
    }

    /// A string field: a string, or a number's digits as written; `""` when absent or not fitting.
    mutating func string(_ key: String) -> String {
        guard let index = index(key), let text = Self.stringFit(members[index].element, source: source) else { return "" }
        promoted[index] = true
        return text
    }

    /// A boolean field: `true`/`false`, or the strings `"true"`/`"false"`; `nil` when absent or not fitting.
    mutating func bool(_ key: String) -> Bool? {
        guard let index = index(key) else { return nil }
        let fit: Bool?
        switch members[index].element.value {
        case .bool(let flag): fit = flag
        case .string("true"): fit = true
        case .string("false"): fit = false
        default: fit = nil
        }
        if fit != nil { promoted[index] = true }
        return fit
    }

    /// A list field: an array of strings, or a string holding the JSON text of one; `[]` when
    /// absent or not fitting. With several keys (`bot_scopes`, `scopes_bot`) the first that fits wins.
    mutating func list(_ keys: String...) -> [String] {
        for key in keys {
            guard let index = index(key), let list = Self.stringList(members[index].element) else { continue }
            promoted[index] = true
            return list
        }
        return []
    }

    /// Whether the object had a non-null member `key` (promoted or not).
    func has(_ key: String) -> Bool { index(key) != nil }

    /// Every member not promoted, keyed by name, valued by its JSON text as in the entry.
    func fields() -> [String: String] {
        var fields: [String: String] = [:]
        for (index, member) in members.enumerated() where !promoted[index] { fields[member.key] = member.element.text(in: source) }
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
