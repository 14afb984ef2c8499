import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import PalisadePolicies
import PalisadeService
import PalisadeStorage
import PalisadeWire
import Synchronization

/// The engine between the follower, which feeds it activities, and the committer, which writes
/// what they changed: state, cursor and findings in one transaction.
///
/// The follower processes under the lock, one activity at a time; the committer takes (drains)
/// what is pending under the lock and writes it outside, so the follower keeps going while a
/// commit is on disk. Only the committer writes, so commits land in order. A drained batch whose
/// write fails is kept and written again merged with the next one: nothing drained is lost.
final class DetectionPipeline: Sendable {
    private struct Work: Sendable {
        var engine: DetectionEngine
        /// The last activity sequence processed.
        var processed: UInt64
        /// Findings not yet committed.
        var findings: [Finding] = []
        /// Activities processed since the last drain.
        var pending = 0
        /// A batch drained whose write failed, to go first in the next commit.
        var unsaved: CommitBatch?
        /// A new policy list to swap in at the next commit, and the names whose state starts afresh.
        var policies: (list: [ActivityPolicy], reset: Set<String>)?
        /// Policy lists asked for so far; `swaps` publishes the last one swapped in.
        var policyRequests: UInt64 = 0
    }

    private let work: Mutex<Work>
    let store: DetectionStore
    /// Published with the highest finding sequence after each commit (`SubscribeFindings`).
    let findings: CommitSignal
    /// Published with the committed activity cursor (the follower's back-pressure).
    let committed: CommitSignal
    /// Rings the committer: a batch is full, or policies changed.
    let wakeup = Wakeup()
    /// Published with the number of the last policy list swapped in.
    let swaps = CommitSignal(last: 0)
    /// Activities after which the follower asks for a commit (at four times, it waits for one).
    /// Otherwise the committer writes every 100 ms what is pending: a quiet live stream's
    /// findings are stored within that, and a backlog's commits grow to what accumulates while
    /// the previous one is written (each user's baseline is written once a commit, however many
    /// of their activities it holds).
    let batchSize: Int

    /// A pipeline resuming from what `store` committed, with `policies`.
    init(
        store: DetectionStore, settings: DetectionSettings, policies: [ActivityPolicy], dailyLimit: Int, batchSize: Int
    ) throws(StartupError) {
        let resume: DetectionStore.Resume
        var state = DetectionState()
        var engine: DetectionEngine
        do {
            resume = try store.resume()
            for row in resume.state { try state.load(row) }
            engine = DetectionEngine(settings: settings, policies: policies, dailyLimit: dailyLimit, state: state)
            for row in resume.policyState { try engine.policyEvaluator.load(row) }
        } catch let error as StateCodecError {
            throw StartupError(message: "cannot read the detection state in \(store.path): \(error)")
        } catch {
            throw StartupError(message: "cannot read the detection state in \(store.path): \(error)")
        }
        self.store = store
        self.batchSize = batchSize
        work = Mutex(Work(engine: engine, processed: resume.cursor))
        findings = CommitSignal(last: resume.lastFinding)
        committed = CommitSignal(last: resume.cursor)
    }

    /// The last activity sequence processed (committed or not).
    var processed: UInt64 { work.withLock { $0.processed } }

    /// Runs `activity` through the engine; true when a batch is full. Activities at or below the
    /// cursor (a stream resent after a reconnect) are skipped.
    func process(_ activity: Activity) -> Bool {
        work.withLock { work in
            guard activity.sequence > work.processed else { return false }
            work.findings += work.engine.process(activity)
            work.processed = activity.sequence
            work.pending += 1
            return work.pending >= batchSize
        }
    }

    /// How many activities wait for a commit.
    var pending: Int { work.withLock { $0.pending } }

    /// Tells the terminated-user detection what the identity provider says of `email`.
    func setAccountStatus(_ status: AccountStatus, email: String) {
        work.withLock { $0.engine.setAccountStatus(status, email: email) }
    }

    /// The custom policies' statuses (enabled, over the daily limit).
    var policyStatuses: [String: PolicyStatus] {
        work.withLock { work in Dictionary(work.engine.policyEvaluator.statusList.map { ($0.policy, $0.status) }) { a, _ in a } }
    }

    /// Swaps in `policies` at the next commit (the committer is rung); the policies named in
    /// `reset` (created, updated, switched, deleted) start with no windows or day counts.
    func replacePolicies(_ policies: [ActivityPolicy], reset: Set<String>) {
        work.withLock { work in
            let earlier = work.policies?.reset ?? []
            work.policies = (policies, earlier.union(reset))
            work.policyRequests += 1
        }
        wakeup.signal()
    }

    /// Returns once every policy list asked for so far runs: what a policy change over RPC
    /// waits for, so the change applies to every activity evaluated after the call returns.
    func policiesApplied() async {
        let asked = work.withLock { $0.policyRequests }
        guard asked > 0 else { return }
        _ = await swaps.wait(after: asked - 1)
    }

    /// Writes what is pending; the committer's one job. Returns how many new findings it stored.
    @discardableResult
    func commit() async throws(StorageError) -> Int {
        guard let batch = try drain() else {
            try swapPoliciesIfAsked()
            return 0
        }
        let result: (last: UInt64, new: Int)
        do {
            result = try await store.commit(batch)
        } catch {
            work.withLock { $0.unsaved = $0.unsaved.map { $0.merged(with: batch) } ?? batch }
            throw error
        }
        findings.publish(result.last)
        committed.publish(batch.cursor)
        try swapPoliciesIfAsked()
        return result.new
    }

    /// Takes what is pending (after any batch that failed to save); nil when there is nothing.
    /// Under the lock only values are taken; the baselines are encoded after it is released, so
    /// the follower goes on meanwhile.
    private func drain() throws(StorageError) -> CommitBatch? {
        let (taken, unsaved) = try work.withLock { work throws(StorageError) -> (Taken, CommitBatch?) in
            defer { work.unsaved = nil }
            return (try Self.take(&work), work.unsaved)
        }
        var batch = taken.batch()
        if let unsaved { batch = unsaved.merged(with: batch) }
        let empty = batch.state.isEmpty && batch.policyState.isEmpty && batch.findings.isEmpty
        return empty && batch.cursor == committed.last ? nil : batch
    }

    /// What a drain takes under the lock: the engine's changed records (not yet encoded), the
    /// policies' changed windows, the cursor and the findings.
    private struct Taken {
        var state: StateChanges
        var policyState: [PolicyStateRow]
        var cursor: UInt64
        var findings: [Finding]

        /// The batch to write.
        func batch() -> CommitBatch {
            CommitBatch(state: state.encoded(), policyState: policyState, cursor: cursor, findings: findings)
        }
    }

    /// Takes the engine's changed records and the findings at the current cursor.
    private static func take(_ work: inout Work) throws(StorageError) -> Taken {
        let policyState: [PolicyStateRow]
        do {
            policyState = try work.engine.policyEvaluator.drainChanges()
        } catch {
            throw StorageError(code: .aborted, message: "a policy's state cannot be encoded: \(error.message)", cause: error)
        }
        let taken = Taken(state: work.engine.state.takeChanges(), policyState: policyState, cursor: work.processed, findings: work.findings)
        work.findings = []
        work.pending = 0
        return taken
    }

    /// Builds a new evaluator for a changed policy list, with the saved state of the policies it
    /// keeps. Done under the lock, with what the follower processed since the last drain written
    /// first, so no activity's effect on a kept policy is lost in the swap.
    private func swapPoliciesIfAsked() throws(StorageError) {
        let (batch, last, swapped) = try work.withLock { work throws(StorageError) -> (CommitBatch?, UInt64?, UInt64) in
            guard let (policies, reset) = work.policies else { return (nil, nil, 0) }
            let batch = try Self.take(&work).batch()
            let result = try store.commitNow(batch, clearingPolicies: reset)
            let saved = try store.policyState(of: Set(policies.map(\.name)).subtracting(reset))
            var evaluator = PolicyEvaluator(policies: policies, dailyLimit: work.engine.policyEvaluator.dailyLimit)
            do {
                for row in saved { try evaluator.load(row) }
            } catch {
                throw StorageError(code: .corrupt, message: "a policy's saved state cannot be read: \(error)", cause: error)
            }
            work.engine.policyEvaluator = evaluator
            work.policies = nil
            return (batch, result.last, work.policyRequests)
        }
        if let batch, let last {
            findings.publish(last)
            committed.publish(batch.cursor)
            swaps.publish(swapped)
        }
    }
}
