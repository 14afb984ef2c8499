/// Counts one user's activities of a kind (failed sign-ins, administrative actions) in a sliding
/// window, and learns their habit: the most the user made within one window.
///
/// The habit learns a window's count only once the window has passed without a finding, so a
/// burst never raises the bar it is judged against, and one that was reported is never learned.
/// A reported burst keeps counting as the same one while activities keep coming within a window
/// of each other: one burst, one finding.
public struct BurstCounter: Sendable, Hashable, StateRecord {
    /// The activities within the window, oldest first.
    public private(set) var marks: [Mark] = []
    /// The most within one window, learned from windows that passed without a finding.
    public private(set) var peak: UInt32 = 0
    /// The current window's most, learned once it has passed.
    private var pending: UInt32 = 0
    /// When `pending` was reached.
    private var pendingAt: Int64 = .min
    /// Until when a reported burst continues.
    private var burstUntil: Int64 = .min

    /// An empty counter.
    public init() {}

    /// What counting one more activity says.
    public enum Verdict: Equatable {
        /// Part of a burst already reported.
        case continuing
        /// Counted; `count` activities are now within the window.
        case counted(count: Int)
    }

    /// Counts `mark` in a window of `window` seconds.
    public mutating func count(_ mark: Mark, window: Int64) -> Verdict {
        if pendingAt != .min, mark.time - pendingAt > window {
            peak = max(peak, pending)
            (pending, pendingAt) = (0, .min)
        }
        marks.insertInOrder(mark)
        marks.keep(since: mark.time - window, limit: 1_000)
        if mark.time <= burstUntil {
            burstUntil = mark.time + window
            return .continuing
        }
        if UInt32(marks.count) > pending { (pending, pendingAt) = (UInt32(marks.count), mark.time) }
        return .counted(count: marks.count)
    }

    /// Marks the current window as a reported burst: it continues while activities keep coming
    /// within `window` of each other, and it is not learned as habit.
    public mutating func report(at time: Int64, window: Int64) {
        burstUntil = time + window
        (pending, pendingAt) = (0, .min)
    }

    public func write(to writer: inout ByteWriter) {
        writer.list(marks) { writer, mark in mark.write(to: &writer) }
        writer.uint(UInt64(peak))
        writer.uint(UInt64(pending))
        writer.int(pendingAt)
        writer.int(burstUntil)
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        marks = try reader.list { reader throws(StateCodecError) in try Mark(from: &reader) }
        peak = try reader.uint32()
        pending = try reader.uint32()
        pendingAt = try reader.int()
        burstUntil = try reader.int()
    }
}
