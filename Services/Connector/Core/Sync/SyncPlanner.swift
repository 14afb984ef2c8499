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
/// - Polling: each poll reads from `overlap` seconds before the watermark, so entries that
///   Slack publishes late (dated before the last poll) are still picked up, up to now — or up
///   to one window past the watermark when the connector is far behind (after downtime), so a
///   poll never has to hold days of entries at once.
struct SyncPlanner {
    var overlap: Int64

    func next(_ record: ConnectionRecord, now: Int64, window: Int64) -> SyncStep {
        if !record.backfillDone {
            let latest = min(record.watermark + max(window, 1), record.backfillEnd)
            return .fetch(oldest: record.watermark + 1, latest: latest, backfill: true)
        }
        let oldest = max(record.backfillStart, record.watermark - overlap + 1)
        guard now >= oldest, now > record.watermark else { return .idle }
        return .fetch(oldest: oldest, latest: min(now, record.watermark + max(window, 1)), backfill: false)
    }

    /// The next window's length: the one that, at the density just seen, holds about `target`
    /// entries, growing at most twofold per window (a quiet hour says little about the next)
    /// and kept within 1 second … `maxWindow`.
    static func adapt(window: Int64, fetched: Int, target: Int, maxWindow: Int64) -> Int64 {
        let grown = window * 2
        let fitting = fetched > 0 ? Int64((Double(window) * Double(target) / Double(fetched)).rounded(.down)) : grown
        return min(maxWindow, max(1, min(grown, fitting)))
    }

    /// The window to retry with after one was abandoned for holding too many entries: the
    /// length that, at the density seen (`fetched` entries in the `covered` newest seconds),
    /// holds about `target` entries. Never longer than half the abandoned window, so the
    /// retry always makes progress towards a window that fits.
    static func shrink(window: Int64, fetched: Int, covered: Int64, target: Int) -> Int64 {
        let density = Double(max(fetched, 1)) / Double(max(covered, 1))
        let fitting = Int64((Double(target) / density).rounded(.down))
        return max(1, min(window / 2, fitting))
    }
}
