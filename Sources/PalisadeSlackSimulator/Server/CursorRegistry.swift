import Foundation
import Synchronization

/// The cursors the simulator has issued: `next_cursor` is base64 of `{"ts":T}` (continue with
/// entries older than second T), and only cursors issued here are accepted back.
///
/// A cursor is a position in time only; it carries no filters (Slack's cursors do not), so each
/// request's own `oldest`/`latest`/`action`/… apply. The set is bounded: beyond
/// `capacity` distinct cursors the oldest issued are forgotten and then answer `invalid_cursor`.
final class CursorRegistry: Sendable {
    private struct State {
        var known: Set<Int64> = []
        var ring: [Int64] = []
        var next = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// A registry remembering at most `capacity` cursors (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The cursor for "continue below `second`", remembered as issued.
    func issue(before second: Int64) -> String {
        state.withLock { state in
            guard !state.known.contains(second) else { return }
            if state.ring.count < capacity {
                state.ring.append(second)
            } else {
                state.known.remove(state.ring[state.next])
                state.ring[state.next] = second
                state.next = (state.next + 1) % capacity
            }
            state.known.insert(second)
        }
        return Self.encode(second)
    }

    /// The second a cursor continues below, or nil when this simulator did not issue it.
    func resolve(_ cursor: String) -> Int64? {
        guard let second = Self.decode(cursor) else { return nil }
        return state.withLock { $0.known.contains(second) } ? second : nil
    }

    static func encode(_ second: Int64) -> String {
        Data(#"{"ts":\#(second)}"#.utf8).base64EncodedString()
    }

    static func decode(_ cursor: String) -> Int64? {
        guard cursor.utf8.count <= 64, let data = Data(base64Encoded: cursor) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix(#"{"ts":"#), text.hasSuffix("}") else { return nil }
        return Int64(text.dropFirst(6).dropLast())
    }
}
