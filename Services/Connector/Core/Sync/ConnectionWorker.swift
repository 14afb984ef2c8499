import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeWire
import Synchronization

/// Runs one connection until it is stopped: the backfill (windows fetched and stored back to
/// back), then a poll every `pollInterval`. Every step starts from the stored state, so a
/// restart (or a crash) resumes at the last committed window.
final class ConnectionWorker: Sendable {
    let id: String
    let env: WorkerEnvironment
    /// Signalled by `Sync` (and shutdown): ends a poll interval or a retry backoff early.
    let wakeup = Wakeup()
    /// When the last clock-skew warning was logged (Unix seconds), so one is logged per ten
    /// minutes at most while the skew lasts.
    let skewWarnedAt = Mutex<Int64>(0)
    /// This machine's clock minus Slack's at the last page (ListConnections reports it).
    let lastClockSkew = Mutex<Int64>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A failure a person must fix: the connection stops polling until `Sync`.
    struct Stop: Error {
        let message: String
    }

    init(id: String, environment: WorkerEnvironment) {
        self.id = id
        self.env = environment
    }

    func start() {
        task.withLock { running in
            guard running == nil else { return }
            running = Task { [self] in await run() }
        }
    }

    /// Polls now (and retries a stopped connection: the caller cleared its error first).
    func wake() { wakeup.signal() }

    /// Stops the worker; a window being fetched is abandoned (it is fetched again later).
    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }

    private func run() async {
        var window = env.settings.initialWindow
        var failures = 0
        var logger = env.logger
        logger[metadataKey: "connection"] = "\(id)"
        while !Task.isCancelled {
            do {
                guard let record = try await env.store.connection(id) else { return }
                logger[metadataKey: "org"] = "\(record.orgID)"
                if record.state == .error {
                    await wakeup.wait(timeout: .seconds(86_400))
                    continue
                }
                if try await waitWhileOutboxFull(record, logger: logger) { continue }
                if !record.backfillDone {
                    try await backfill(from: record, window: &window, failures: &failures, logger: logger)
                    continue
                }
                let planner = SyncPlanner(overlap: env.settings.overlap)
                let now = env.now()
                if case .fetch(let oldest, let latest, _) = planner.next(record, now: now, window: window) {
                    let fetched: FetchedWindow
                    do {
                        fetched = try await fetchWindow(
                            record, oldest: oldest, latest: latest, backfill: false,
                            limit: limitFor(oldest: record.watermark + 1, latest: latest), logger: logger)
                    } catch let tooLarge as WindowTooLarge {
                        window = shrunk(window, latest - record.watermark, tooLarge, org: record.orgID, logger: logger)
                        continue
                    }
                    try await store(fetched, of: record, oldest: oldest, latest: latest, state: .connected, logger: logger)
                    failures = 0
                    // Sized by what lies past the old watermark: the re-read overlap is the same
                    // whatever the window, so counting it would shrink windows for nothing.
                    // Never below a few poll intervals, so a caught-up poll that ran late still covers
                    // up to now in one go instead of splitting into extra polls.
                    let adapted = SyncPlanner.adapt(
                        window: latest - record.watermark, fetched: fetched.newer, target: env.settings.windowTarget,
                        maxWindow: env.settings.maxWindow)
                    window = max(adapted, min(env.settings.maxWindow, 4 * max(15, env.settings.pollInterval.components.seconds)))
                    // Behind (after downtime): go on with the next window at once.
                    if latest < now { continue }
                }
                await wakeup.wait(timeout: env.settings.pollInterval)
            } catch is CancellationError {
                return
            } catch let stop as Stop {
                logger.error("connection stopped", metadata: ["error": "\(stop.message)"])
                do {
                    try await env.store.setState(id, .error, error: stop.message)
                } catch {
                    // Unrecorded, the stop would be found again at once: wait as after any
                    // storage failure instead of re-polling Slack in a tight loop.
                    failures += 1
                    logger.warning("cannot record the stop; will retry", metadata: ["error": "\(error)"])
                    await wakeup.wait(timeout: env.settings.backoff(afterFailures: failures))
                }
            } catch let error as ConnectorError where error.code == .notFound {
                return
            } catch {
                // Storage trouble (disk full, busy): keep what is committed and try again later.
                failures += 1
                logger.warning("sync step failed; will retry", metadata: ["error": "\(error)"])
                try? await env.store.setState(id, .retrying, error: "\(error)")
                await wakeup.wait(timeout: env.settings.backoff(afterFailures: failures))
            }
        }
    }

    /// Stores a fetched window (entries, watermark, seen ids; `state` unless nil) and tells the
    /// forwarder. Returns how many entries were new.
    @discardableResult
    func store(
        _ fetched: FetchedWindow, of record: ConnectionRecord, oldest: Int64, latest: Int64,
        state: ConnectionState?, logger: Logger
    ) async throws -> Int {
        let start = ContinuousClock.now
        let stored = try await env.store.commitWindow(
            WindowCommit(
                connectionID: id, orgID: record.orgID, entries: fetched.entries, pages: fetched.pages, watermark: latest,
                overlap: env.settings.overlap, state: state, now: env.now(), maxBatchBytes: env.settings.maxBatchBytes))
        if stored.newEntries > stored.oversized.count { env.outboxFilled() }
        for entry in stored.oversized {
            // The id only: an entry's content is the organisation's data.
            logger.error("audit entry too large for a batch to ingestion; skipped", metadata: ["entry": "\(entry)"])
        }
        env.metrics.entriesSkipped(record.orgID, stored.oversized.count, reason: "too_large")
        logger.debug(
            "window stored",
            metadata: [
                "oldest": "\(oldest)", "latest": "\(latest)", "fetched": "\(fetched.entries.count)", "new": "\(stored.newEntries)",
                "pages": "\(fetched.pages)", "commit_ms": "\(Int((ContinuousClock.now - start).seconds * 1000))",
            ])
        return stored.newEntries
    }

    /// At the outbox limit, fetching more would only grow the file while ingestion takes
    /// nothing: show Waiting, wait a moment (or for `Sync`), and let the caller look again.
    /// Once it has drained below the limit, the connection's own state comes back at once.
    func waitWhileOutboxFull(_ record: ConnectionRecord, logger: Logger) async throws -> Bool {
        let bytes = try await env.store.outboxBytes()
        guard bytes >= env.settings.maxOutboxBytes else {
            if record.state == .waiting {
                try await env.store.setState(id, record.backfillDone ? .connected : .backfilling)
            }
            return false
        }
        if record.state != .waiting {
            let message =
                "the outbox holds \(bytes >> 20) MiB, its limit (sync.maxOutboxMiB); fetching resumes as ingestion takes it"
            try await env.store.setState(id, .waiting, error: message)
            logger.warning("outbox full: fetching paused until ingestion takes it", metadata: ["outbox_bytes": "\(bytes)"])
        }
        await wakeup.wait(timeout: min(env.settings.pollInterval, .seconds(5)))
        return true
    }
}
