import Synchronization

/// The simulator's audit log: entries sorted oldest first, with a parallel array of their
/// seconds for binary search, behind one lock.
///
/// A page is a binary search for its newest second, a backwards scan that applies the filters,
/// and a copy of the entries' pre-serialised JSON into one buffer: no JSON encoding on the
/// serving path. Appends (live mode) keep the order, including entries dated in the past.
final class EntryStore: Sendable {
    private struct Index {
        var dates: [Int64] = []
        var entries: [SimEntry] = []
        var actions: Set<String> = []
    }

    /// A page's entries, before the cursor is known.
    struct Page {
        /// `{"entries":[…` without the closing part (see `finish`).
        var body: [UInt8]
        /// Entries in the page.
        var count: Int
        /// The second to continue below, when more matching entries exist.
        var continueBefore: Int64?

        /// Appends `],"response_metadata":{"next_cursor":"<cursor>"}}`.
        mutating func finish(cursor: String) {
            body.append(contentsOf: #"],"response_metadata":{"next_cursor":""#.utf8)
            body.append(contentsOf: cursor.utf8)
            body.append(contentsOf: #""}}"#.utf8)
        }
    }

    private let index = Mutex(Index())

    init() {}

    /// Adds entries in any order; late ones (older than the newest stored) are inserted in place.
    func append(_ batch: [SimEntry]) {
        guard !batch.isEmpty else { return }
        var sorted = batch
        if !Self.isAscending(sorted) { sorted.sort(by: SimEntry.isOlder) }
        index.withLock { index in
            for entry in sorted { index.actions.insert(entry.action) }
            guard let last = index.entries.last, let first = sorted.first, SimEntry.isOlder(first, than: last) else {
                index.entries.append(contentsOf: sorted)
                index.dates.append(contentsOf: sorted.lazy.map(\.dateCreate))
                return
            }
            if sorted.count > 1024 {
                // A big out-of-order batch: one sort beats thousands of mid-array inserts.
                index.entries.append(contentsOf: sorted)
                index.entries.sort(by: SimEntry.isOlder)
                index.dates = index.entries.map(\.dateCreate)
                return
            }
            for entry in sorted {
                let position = Self.insertionPoint(of: entry, in: index.entries)
                index.entries.insert(entry, at: position)
                index.dates.insert(entry.dateCreate, at: position)
            }
        }
    }

    /// Entries stored.
    var count: Int { index.withLock { $0.entries.count } }

    /// The oldest and newest `date_create`, when any entry is stored.
    var period: ClosedRange<Int64>? {
        index.withLock { index in
            guard let first = index.dates.first, let last = index.dates.last else { return nil }
            return first...last
        }
    }

    /// Whether some stored entry has this action (the `action` filter accepts it even when
    /// Slack's catalogue does not list it).
    func hasAction(_ action: String) -> Bool {
        index.withLock { $0.actions.contains(action) }
    }

    /// The page for `query`, newest first: at least `limit` matching entries when that many
    /// exist, plus every other matching entry of the last entry's second.
    func page(_ query: LogsQuery, quirks: Bool) -> Page {
        index.withLock { index in
            let upper = query.upperBound
            let lower = query.lowerBound
            var end = Self.firstIndex(after: upper, in: index.dates)
            var picked: [Int] = []
            picked.reserveCapacity(min(query.limit, end) + 16)
            var bytes = 0
            var boundary: Int64?
            index.entries.withUnsafeBufferPointer { entries in
                index.dates.withUnsafeBufferPointer { dates in
                    let filtered = query.hasFilters
                    while end > 0 {
                        let i = end - 1
                        let date = dates[i]
                        if date < lower { break }
                        if let boundary, date != boundary { break }
                        end = i
                        if filtered, !query.matches(entries[i]) { continue }
                        picked.append(i)
                        bytes += entries[i].json.count
                        if boundary == nil, picked.count >= query.limit { boundary = date }
                    }
                }
            }
            var more = false
            if boundary != nil {
                // Look for one more matching entry below the page, so the last page of a
                // window carries "" rather than a cursor to an empty page.
                var i = end
                while i > 0, index.dates[i - 1] >= lower {
                    i -= 1
                    if !query.hasFilters || query.matches(index.entries[i]) {
                        more = true
                        break
                    }
                }
            }
            var body: [UInt8] = []
            body.reserveCapacity(bytes + picked.count + 96)
            body.append(contentsOf: #"{"entries":["#.utf8)
            for (n, i) in picked.enumerated() {
                if n > 0 { body.append(UInt8(ascii: ",")) }
                if quirks, let quirky = index.entries[i].quirkJSON {
                    body.append(contentsOf: quirky)
                } else {
                    body.append(contentsOf: index.entries[i].json)
                }
            }
            return Page(body: body, count: picked.count, continueBefore: more ? boundary : nil)
        }
    }

    private static func isAscending(_ entries: [SimEntry]) -> Bool {
        var previous: SimEntry?
        for entry in entries {
            if let previous, SimEntry.isOlder(entry, than: previous) { return false }
            previous = entry
        }
        return true
    }

    /// The index of the first date greater than `second` (= the count of dates ≤ `second`).
    private static func firstIndex(after second: Int64, in dates: [Int64]) -> Int {
        partitionPoint(dates.count) { dates[$0] > second }
    }

    /// Where `entry` goes to keep the (date, id) order.
    private static func insertionPoint(of entry: SimEntry, in entries: [SimEntry]) -> Int {
        partitionPoint(entries.count) { SimEntry.isOlder(entry, than: entries[$0]) }
    }

    /// The first index in `0..<count` where `isPast` holds, by binary search: `isPast` must be
    /// false up to some index and true from there on (`count` when it never holds).
    private static func partitionPoint(_ count: Int, _ isPast: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = low + (high - low) / 2
            if isPast(mid) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
