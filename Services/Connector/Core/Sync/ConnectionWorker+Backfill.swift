import Logging
import PalisadeMessages

extension ConnectionWorker {
    /// Fetches the history window after window, storing each window while the next one is
    /// fetched, so Slack and SQLite work at the same time instead of taking turns.
    ///
    /// Windows are still stored one at a time and in order (window N+1 is committed only after
    /// window N's commit succeeded), so the watermark only ever moves over stored entries. When
    /// anything fails, the window being stored is allowed to land, the fetched-ahead one is
    /// dropped, and the caller starts again from the stored state.
    ///
    /// Only the last window's commit sets the state (to Connected). The earlier ones leave it
    /// alone: the fetch running beside them may have just set "Rate limited" or "Retrying", and
    /// an older window landing must not paper over that. Likewise a status left by a failed
    /// step stays until a page arrives (the fetch restores "Backfilling" then).
    func backfill(from record: ConnectionRecord, window: inout Int64, failures: inout Int, logger: Logger) async throws {
        let planner = SyncPlanner(overlap: env.settings.overlap)
        var planned = record
        var storing: Task<Int, any Error>?
        do {
            while case .fetch(let oldest, let latest, true) = planner.next(planned, now: env.now(), window: window) {
                // At the outbox limit, stop fetching ahead: the caller shows Waiting until
                // ingestion takes some (the window being stored still lands below).
                if try await env.store.outboxBytes() >= env.settings.maxOutboxBytes { break }
                let fetched: FetchedWindow
                do {
                    fetched = try await fetchWindow(
                        planned, oldest: oldest, latest: latest, backfill: true,
                        limit: limitFor(oldest: oldest, latest: latest), logger: logger)
                } catch let tooLarge as WindowTooLarge {
                    window = shrunk(window, latest - oldest + 1, tooLarge, org: planned.orgID, logger: logger)
                    continue
                }
                if let previous = storing {
                    _ = try await previous.value
                    failures = 0
                }
                let state: ConnectionState? = latest >= planned.backfillEnd ? .connected : nil
                storing = Task { [self, planned] in
                    try await store(fetched, of: planned, oldest: oldest, latest: latest, state: state, logger: logger)
                }
                planned.watermark = latest
                window = SyncPlanner.adapt(
                    window: window, fetched: fetched.entries.count, target: env.settings.windowTarget,
                    maxWindow: env.settings.maxWindow)
            }
            _ = try await storing?.value
            failures = 0
        } catch {
            // A window being stored is complete and valid: let it land before the caller
            // re-reads the stored state (and so that nothing writes after the worker stops).
            _ = await storing?.result
            throw error
        }
    }

    /// The entry limit of a window: none for a single second, which cannot be split further.
    func limitFor(oldest: Int64, latest: Int64) -> Int? {
        latest > oldest ? env.settings.windowLimit : nil
    }

    /// The window to try next after `tooLarge` abandoned one of `length` seconds.
    func shrunk(_ window: Int64, _ length: Int64, _ tooLarge: WindowTooLarge, org: String, logger: Logger) -> Int64 {
        let next = SyncPlanner.shrink(
            window: min(window, length), fetched: tooLarge.fetched, covered: tooLarge.covered,
            target: env.settings.windowTarget)
        env.metrics.windowAbandoned(org)
        logger.notice(
            "window abandoned: more entries than the window limit; fetching it in shorter windows",
            metadata: [
                "seconds": "\(length)", "fetched": "\(tooLarge.fetched)", "limit": "\(env.settings.windowLimit)", "next_seconds": "\(next)",
            ])
        return next
    }
}
