import Foundation
import PalisadeMessages

/// One threshold key's window: the matches counted, oldest first, and the burst already reported.
struct PolicyWindow: Codable, Sendable, Equatable {
    /// The matches within the window.
    var counted: [FindingEvidence] = []
    /// Until when (Unix seconds) matches belong to a burst already reported; nil when none is.
    var burstUntil: Int64?

    /// The newest activity time held, in Unix seconds.
    var newest: Int64 {
        max(counted.last.map { Int64($0.time.timeIntervalSince1970) } ?? .min, burstUntil ?? .min)
    }

    private enum CodingKeys: Int, CodingKey { case counted = 1, burstUntil }
}

/// One policy's match counts per UTC day, and the day that disabled it.
struct PolicyDays: Codable, Sendable, Equatable {
    /// Matching activities by day (days since 1970).
    var counts: [DayCount] = []
    /// The day the policy went over the limit; nil while it is enabled.
    var disabledOn: Int64?

    /// The count of `day`.
    func count(_ day: Int64) -> Int64 { counts.first { $0.day == day }?.count ?? 0 }

    /// Sets the count of `day`.
    mutating func set(_ day: Int64, _ count: Int64) {
        if let index = counts.firstIndex(where: { $0.day == day }) {
            counts[index].count = count
        } else {
            counts.append(DayCount(day: day, count: count))
        }
    }

    private enum CodingKeys: Int, CodingKey { case counts = 1, disabledOn }
}

/// A day and a count.
struct DayCount: Codable, Sendable, Equatable {
    var day: Int64
    var count: Int64

    private enum CodingKeys: Int, CodingKey { case day = 1, count }
}

/// One record of an evaluator's state, as detection stores it with its cursor: a threshold key's
/// window (`key` set) or a policy's day counts (`key` nil). A nil `value` deletes the record.
public struct PolicyStateRow: Sendable, Equatable {
    /// The policy's name.
    public var policy: String
    /// The threshold key; nil for the policy's day counts.
    public var key: String?
    /// The encoded record; nil when it was forgotten.
    public var value: [UInt8]?

    /// A row.
    public init(policy: String, key: String?, value: [UInt8]?) {
        self.policy = policy
        self.key = key
        self.value = value
    }
}
