/// What a connection's worker does next, decided from its stored state alone (so a restarted
/// connector continues exactly where the last committed window ended).
enum SyncStep: Equatable {
    /// Fetch every entry with `oldest <= date_create <= latest`.
    case fetch(oldest: Int64, latest: Int64, backfill: Bool)
    /// Nothing to fetch yet.
    case idle
}

/// Plans backfill windows and polls.
///
/// - Backfill: windows walk forward from the start of the history, each starting right after
///   the watermark, so windows never overlap and a window is stored whole or not at all.
/// - Polling: each poll reads from `overlap` seconds before the watermark up to now, so entries
///   that Slack publishes late (dated before the last poll) are still picked up.
struct SyncPlanner {
    var overlap: Int64

    func next(_ record: ConnectionRecord, now: Int64, window: Int64) -> SyncStep {
        if !record.backfillDone {
            let latest = min(record.watermark + max(window, 1), record.backfillEnd)
            return .fetch(oldest: record.watermark + 1, latest: latest, backfill: true)
        }
        let oldest = max(record.backfillStart, record.watermark - overlap + 1)
        guard now >= oldest, now > record.watermark else { return .idle }
        return .fetch(oldest: oldest, latest: now, backfill: false)
    }

    /// The next backfill window's length: halved after a window far over the target, doubled
    /// after one far under it.
    static func adapt(window: Int64, fetched: Int, target: Int, maxWindow: Int64) -> Int64 {
        if fetched > target { return max(60, window / 2) }
        if fetched < target / 4 { return min(maxWindow, window * 2) }
        return window
    }
}
