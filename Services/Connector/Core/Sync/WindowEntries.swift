/// A window's entries as its pages arrive, newest first, holding only what will be stored.
///
/// Entries dated after the record's watermark are new: all are kept (`newer` counts them
/// against the window limit). Entries at or before it lie in the poll's re-read overlap: those
/// the store has seen (`seen`) are repeats, counted in `reread` and dropped at once, so a burst
/// re-read by every poll of the next overlap window is never held; the rest arrived late and
/// are kept. Ids are held for the kept entries only, sharing their storage.
struct WindowEntries {
    let oldest: Int64
    let latest: Int64
    let watermark: Int64
    /// Kept entries, newest first (as Slack serves them).
    private var kept: [FetchedEntry] = []
    private var ids = Set<String>()
    /// Kept entries dated after the watermark.
    private(set) var newer = 0
    /// Entries of the overlap read again and dropped because they were stored before.
    private(set) var reread = 0
    /// The oldest `date_create` read so far in the window, kept or not.
    private(set) var reached: Int64?

    init(oldest: Int64, latest: Int64, watermark: Int64) {
        self.oldest = oldest
        self.latest = latest
        self.watermark = watermark
    }

    /// The ids of `page`'s entries in the overlap that are not kept yet: the ones the store
    /// must say it has seen or not before `add`.
    func overlapIDs(_ page: AuditPage) -> [String] {
        page.entries.compactMap { entry in
            inWindow(entry) && entry.dateCreate <= watermark && !ids.contains(entry.id) ? entry.id : nil
        }
    }

    /// Takes a page's entries in the window. `seen`: which of `overlapIDs(page)` the store has.
    mutating func add(_ result: AuditPageResult, seen: Set<String>) {
        var keptBytes = 0
        let first = kept.count
        for entry in result.page.entries where inWindow(entry) {
            reached = min(reached ?? entry.dateCreate, entry.dateCreate)
            if entry.dateCreate <= watermark, seen.contains(entry.id) {
                reread += 1
                continue
            }
            guard ids.insert(entry.id).inserted else { continue }
            if entry.dateCreate > watermark { newer += 1 }
            let json = result.json(of: entry)
            keptBytes += json.count
            kept.append(FetchedEntry(id: entry.id, dateCreate: entry.dateCreate, json: json))
        }
        // Each kept entry is a slice of its page's body, which it keeps alive whole. When most
        // of a page was dropped (a re-read page, or one straddling the watermark), copy the few
        // kept entries out so the body can go.
        if keptBytes * 2 < result.body.count {
            for index in first..<kept.count { kept[index].json = ArraySlice(Array(kept[index].json)) }
        }
    }

    /// The kept entries, oldest first.
    func finish() -> [FetchedEntry] { Array(kept.reversed()) }

    private func inWindow(_ entry: ScannedEntry) -> Bool {
        entry.dateCreate >= oldest && entry.dateCreate <= latest
    }
}
