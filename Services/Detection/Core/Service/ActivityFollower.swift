import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import ServiceLifecycle
import Synchronization

/// Follows ingestion's activity stream (`Subscribe`) from the committed cursor and feeds the
/// pipeline; reconnects with capped backoff when the stream ends or fails, after the last
/// activity processed (the pipeline skips any it already has, so a resend is harmless).
///
/// Back-pressure: a full batch rings the committer; four batches uncommitted, the follower waits
/// until the disk is two behind, so memory stays bounded whatever the disk's pace.
final class ActivityFollower: Service, Sendable {
    private let pipeline: DetectionPipeline
    private let client: RPCClient
    private let identity: (client: RPCClient, ttl: TimeInterval)?
    private let logger: Logger
    private let received = Atomic<Int>(0)
    private let connected = Atomic<Bool>(false)

    init(pipeline: DetectionPipeline, client: RPCClient, identity: (client: RPCClient, ttl: TimeInterval)?, logger: Logger) {
        self.pipeline = pipeline
        self.client = client
        self.identity = identity
        self.logger = logger
    }

    /// Activities received since start.
    var activitiesReceived: Int { received.load(ordering: .relaxed) }

    /// Whether a `Subscribe` stream is open.
    var isConnected: Bool { connected.load(ordering: .relaxed) }

    /// Follows until graceful shutdown or cancellation.
    func run() async {
        await cancelWhenGracefulShutdown { await self.follow() }
    }

    private func follow() async {
        let cache = identity.map { AccountStatusCache(client: $0.client, ttl: $0.ttl, logger: logger) }
        var failures = 0
        while !Task.isCancelled {
            let after = pipeline.processed
            do {
                let count = try await stream(after: after, cache: cache)
                failures = count > 0 ? 0 : failures
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let wait = RPCClientConfiguration.Backoff().delay(afterFailures: failures)
                logger.warning(
                    "following ingestion failed; subscribing again",
                    metadata: ["error": "\(error)", "after": "\(pipeline.processed)", "retryIn": "\(wait)"])
                try? await Task.sleep(for: wait)
            }
        }
    }

    /// One `Subscribe` call: processes until it ends; returns how many activities it carried.
    private func stream(after: UInt64, cache: AccountStatusCache?) async throws -> Int {
        let pipeline = self.pipeline
        connected.store(true, ordering: .relaxed)
        defer { connected.store(false, ordering: .relaxed) }
        // The cache is used by this task only; the call's body runs in it.
        nonisolated(unsafe) let statuses = cache
        return try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: after)) { activities in
            var count = 0
            for try await activity in activities {
                if let statuses, let actor = activity.actor, actor.kind == .user, !actor.email.isEmpty {
                    let email = actor.email.lowercased()
                    if case .some(let status?) = await statuses.refresh(email) { pipeline.setAccountStatus(status, email: email) }
                }
                count += 1
                self.received.add(1, ordering: .relaxed)
                guard pipeline.process(activity) else { continue }
                pipeline.wakeup.signal()
                // Four batches behind the disk: wait until it is two behind, so the follower and
                // the committer keep working side by side rather than in turn.
                let batch = UInt64(pipeline.batchSize)
                if pipeline.pending >= 4 * pipeline.batchSize, activity.sequence > 2 * batch {
                    _ = await pipeline.committed.wait(after: activity.sequence - 2 * batch - 1)
                }
            }
            return count
        }
    }
}

/// Writes the pipeline's work: when a batch fills, and every `interval` otherwise (so a quiet
/// live stream's findings are not held back); once more at shutdown, after the follower stopped.
final class FindingCommitter: Service, Sendable {
    private let pipeline: DetectionPipeline
    private let interval: Duration
    private let logger: Logger

    init(pipeline: DetectionPipeline, interval: Duration = .milliseconds(100), logger: Logger) {
        self.pipeline = pipeline
        self.interval = interval
        self.logger = logger
    }

    func run() async {
        var failures = 0
        while true {
            let stopping = Task.isCancelled || Task.isShuttingDownGracefully
            do {
                try await pipeline.commit()
                failures = 0
            } catch {
                failures += 1
                logger.error("cannot commit detection's work; it stays in memory and is written again", metadata: ["error": "\(error)"])
            }
            if stopping && failures == 0 { return }
            if stopping && failures >= 5 {
                logger.critical("stopping with work unwritten: it is found again from the last committed activity at the next start")
                return
            }
            let wait = failures > 0 ? RPCClientConfiguration.Backoff().delay(afterFailures: failures) : interval
            await pipeline.wakeup.wait(timeout: wait)
        }
    }
}
