import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import Synchronization

/// A subscriber as detection runs one: `Subscribe` as `detection`, recording every sequence and
/// entry id it receives; when the stream fails (ingestion died, or shuts down) it subscribes
/// again after the last sequence it received, retrying until ingestion is back, until cancelled.
///
/// ```swift
/// let follower = LogFollower(mesh: fixture.mesh, port: fixture.ingestionPort)
/// let following = Task { await follower.follow() }
/// …
/// following.cancel(); await following.value
/// ```
final class LogFollower: Sendable {
    /// What the follower saw.
    struct Record: Sendable {
        /// Every sequence received, in the order received, across all streams.
        var sequences: [UInt64] = []
        /// The entry id of each, in the same order.
        var entryIDs: [String] = []
        /// Streams opened (the first, then one per reconnection that got an answer or failed).
        var streams = 0
        /// A received sequence that was not the one after the previous (the first few).
        var outOfOrder: [String] = []
        /// How streams ended, the first few distinct messages.
        var endings: [String] = []
    }

    private let mesh: MeshPKI
    private let port: Int
    private let record = Mutex(Record())

    init(mesh: MeshPKI, port: Int) {
        self.mesh = mesh
        self.port = port
    }

    /// A copy of what was seen so far.
    var seen: Record { record.withLock { $0 } }

    /// The last sequence received; 0 before the first.
    var last: UInt64 { record.withLock { $0.sequences.last ?? 0 } }

    /// Subscribes, and again after each failure, until the task is cancelled.
    func follow() async {
        while !Task.isCancelled {
            let after = last
            record.withLock { $0.streams += 1 }
            do {
                // A fresh client each time: the old one's connection died with the process, and
                // its reconnect backoff would only delay us.
                let client = try mesh.rpcClient(port: port, identity: "detection", connectTimeout: .seconds(1))
                defer { client.close() }
                try await client.serverStreaming(IngestionAPI.subscribe, SubscribeRequest(afterSequence: after)) { activities in
                    for try await activity in activities { self.received(activity) }
                }
                note("the stream ended without an error")
            } catch {
                if Task.isCancelled { return }
                note("\(error)")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func received(_ activity: Activity) {
        record.withLock { record in
            let expected = (record.sequences.last ?? 0) + 1
            if activity.sequence != expected, record.outOfOrder.count < 5 {
                record.outOfOrder.append("got \(activity.sequence) after \(expected - 1)")
            }
            record.sequences.append(activity.sequence)
            record.entryIDs.append(activity.entryID)
        }
    }

    private func note(_ ending: String) {
        record.withLock { record in
            // Connection refused and the like repeat while ingestion restarts: keep distinct ones.
            let short = String(ending.prefix(200))
            if record.endings.count < 10, !record.endings.contains(short) { record.endings.append(short) }
        }
    }
}
