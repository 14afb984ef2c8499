import PalisadeJSON
import PalisadeMessages

/// An activity under evaluation, with its raw entry parsed at most once, when a `raw.` field is
/// first asked for (most policies never look at it).
public struct PolicySubject: Sendable {
    /// The activity.
    public let activity: Activity
    private var parsed: Parsed = .notYet

    private enum Parsed: Sendable {
        case notYet
        case element(JSONElement, [UInt8])
        /// The raw entry is not JSON this reader accepts: every `raw.` field is absent.
        case unreadable
    }

    /// A subject for `activity`.
    public init(_ activity: Activity) {
        self.activity = activity
    }

    /// The raw entry's element at `path` (object members by key; a member that is an array is
    /// looked into element by element), and the entry's bytes to read it from; empty when absent.
    mutating func raw(_ path: [String]) -> (elements: [JSONElement], source: [UInt8]) {
        if case .notYet = parsed {
            let bytes = [UInt8](activity.raw)
            parsed = (try? JSONElement.parse(bytes)).map { .element($0, bytes) } ?? .unreadable
        }
        guard case .element(let root, let source) = parsed else { return ([], []) }
        var level = [root]
        for key in path {
            level = level.flatMap { element -> [JSONElement] in
                if case .array(let items) = element.value { return items.compactMap { $0[key] } }
                return element[key].map { [$0] } ?? []
            }
        }
        return (level, source)
    }
}
