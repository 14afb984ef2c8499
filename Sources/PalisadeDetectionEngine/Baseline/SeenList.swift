/// One thing a baseline has seen (a country, an address, an admin action, an app): when first
/// and last, how often, on how many distinct days. Times are the activities' own, in Unix
/// seconds, so a backfill teaches what live traffic would.
public struct Seen: Sendable, Hashable {
    /// What was seen: a country code, an address, an action name, an app id.
    public var key: String
    /// The earliest activity time it was seen at.
    public var first: Int64
    /// The latest.
    public var last: Int64
    /// How many activities.
    public var count: UInt32
    /// On how many distinct UTC days.
    public var days: UInt32
}

/// A baseline's list of things seen, bounded: past `capacity` the least recently seen is
/// forgotten, so no user (or attacker acting as one) can make a baseline grow without end.
/// Lists are short (tens), so a linear search beats hashing here.
public struct SeenList: Sendable, Hashable, StateRecord {
    /// The entries, in no particular order.
    public private(set) var items: [Seen] = []

    /// An empty list.
    public init() {}

    /// The entry for `key`, if seen.
    public func find(_ key: String) -> Seen? {
        items.first { $0.key == key }
    }

    /// Whether `key` was seen at or after `since`.
    public func seen(_ key: String, since: Int64) -> Bool {
        items.contains { $0.key == key && $0.last >= since }
    }

    /// Records `key` seen at `time`; keeps at most `capacity` entries.
    public mutating func record(_ key: String, at time: Int64, capacity: Int) {
        if let index = items.firstIndex(where: { $0.key == key }) {
            var entry = items[index]
            if Self.day(time) != Self.day(entry.last) && time > entry.last { entry.days += 1 }
            entry.first = min(entry.first, time)
            entry.last = max(entry.last, time)
            entry.count &+= 1
            items[index] = entry
            return
        }
        if items.count >= capacity, let oldest = items.indices.min(by: { items[$0].last < items[$1].last }) {
            items.remove(at: oldest)
        }
        items.append(Seen(key: key, first: time, last: time, count: 1, days: 1))
    }

    /// The UTC day number of `time`.
    static func day(_ time: Int64) -> Int64 { time >= 0 ? time / 86_400 : (time - 86_399) / 86_400 }

    public func write(to writer: inout ByteWriter) {
        writer.list(items) { writer, seen in
            writer.string(seen.key)
            writer.int(seen.first)
            writer.int(seen.last)
            writer.uint(UInt64(seen.count))
            writer.uint(UInt64(seen.days))
        }
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        items = try reader.list { reader throws(StateCodecError) in
            Seen(
                key: try reader.string(), first: try reader.int(), last: try reader.int(), count: try reader.uint32(),
                days: try reader.uint32())
        }
    }
}
