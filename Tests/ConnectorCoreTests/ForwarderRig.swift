import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeStorage
import PalisadeTLS
import PalisadeTestSupport

@testable import ConnectorCore

/// The forwarder under test without Slack: one connection's outbox filled with entries
/// `e0`…`e(n−1)` (small batches, so a call carries several), an `OutboxForwarder` delivering it
/// and an Ingest receiver recording what it acknowledged.
final class ForwarderRig: Sendable {
    static let connection = "conn_rig"
    static let org = "E0RIG"

    let store: ConnectorStore
    let receiver: IngestReceiver
    let metrics = ConnectorMetrics()
    let forwarder: OutboxForwarder
    /// The entries queued, oldest first.
    let entries: [FetchedEntry]
    private let client: RPCClient

    private init(directory: String, entries count: Int, maxBatchBytes: Int) async throws {
        store = try ConnectorStore(
            path: directory + "/connector.sqlite", secrets: try SecretBox.loadOrCreateKey(at: directory + "/connector.key"))
        let record = ConnectionRecord(
            id: Self.connection, orgID: Self.org, orgName: "Rig", credential: "token", state: .backfilling, lastError: "",
            rateLimitedUntil: nil, lastSuccess: nil, backfillStart: 1_000, backfillEnd: 2_000_000, watermark: 999,
            entriesFetched: 0, pages: 0, createdAt: 2_000)
        _ = try await store.insert(record, credentials: SlackCredentials(accessToken: "xoxp-rig"))
        entries = (0..<count).map { n in
            FetchedEntry(id: "e\(n)", dateCreate: 1_000 + Int64(n), json: ArraySlice(#"{"id":"e\#(n)","date_create":\#(1_000 + n)}"#.utf8))
        }
        try await store.commitWindow(
            WindowCommit(
                connectionID: Self.connection, orgID: Self.org, entries: entries, pages: 1, watermark: 1_000 + Int64(count),
                overlap: 0, state: nil, now: 2_000, maxBatchBytes: maxBatchBytes))
        receiver = try IngestReceiver()
        client = try RPCClient(configuration: .init(host: "127.0.0.1", port: receiver.port, security: .plaintext))
        var logger = Logger(label: "forwarder-rig")
        logger.logLevel = .critical
        forwarder = OutboxForwarder(store: store, client: client, metrics: metrics, logger: logger, idleCheck: .milliseconds(100))
    }

    /// Runs `body` with a rig whose forwarder is delivering (after `before` set the receiver
    /// up), and always stops it.
    static func with(
        entries count: Int, maxBatchBytes: Int = 300, before: (IngestReceiver) -> Void = { _ in },
        _ body: (ForwarderRig) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory("forwarder-rig")
        let rig = try await ForwarderRig(directory: directory.path, entries: count, maxBatchBytes: maxBatchBytes)
        before(rig.receiver)
        let forwarder = rig.forwarder
        let running = Task { await forwarder.run() }
        let outcome: Result<Void, any Error>
        do {
            try await body(rig)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await rig.stop(running)
        // The directory (and the database in it) goes only after everything using it stopped.
        _ = directory.path
        try outcome.get()
    }

    private func stop(_ running: Task<Void, Never>) async {
        running.cancel()
        await running.value
        client.close()
        await receiver.shutdown()
        try? store.database.close()
    }

    /// Waits until `condition` holds, up to `timeout`.
    func waitUntil(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// Whether the outbox is empty.
    func outboxEmpty() async throws -> Bool {
        try await store.pendingEntries().isEmpty
    }

    /// The sample of `name` in the forwarder's metrics.
    func metric(_ name: String) -> Double? {
        PrometheusText.value(of: name, in: String(decoding: metrics.render(), as: UTF8.self))
    }
}
