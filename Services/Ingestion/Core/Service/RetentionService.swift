import Foundation
import Logging
import PalisadeStorage
import ServiceLifecycle

/// Prunes activities older than the retention in the background: small transactions (so
/// `Ingest` never waits long for the writer), a pause between them, and a sweep every few minutes.
struct RetentionService: Service {
    let store: ActivityStore
    let days: Int
    let logger: Logger
    /// Rows per transaction.
    var batch = 2_000
    /// Time between sweeps.
    var interval: Duration = .seconds(300)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweep()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Prunes until nothing more has expired; returns how many activities went.
    @discardableResult
    func sweep(now: Date = Date()) async -> Int {
        let cutoff = Int64(now.timeIntervalSince1970) - Int64(days) * 86_400
        var total = 0
        while !Task.isCancelledOrShuttingDown {
            do {
                let removed = try await store.prune(before: cutoff, limit: batch)
                total += removed
                guard removed > 0 else { break }
                try? await Task.sleep(for: .milliseconds(20))
            } catch {
                logger.warning("retention: cannot prune", metadata: ["error": "\(error.message)"])
                break
            }
        }
        if total > 0 { logger.info("retention: pruned activities", metadata: ["count": "\(total)", "days": "\(days)"]) }
        return total
    }
}

extension Task where Success == Never, Failure == Never {
    /// Whether the current task is cancelled or the service group is shutting down gracefully.
    static var isCancelledOrShuttingDown: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}
