import ConnectorCore
import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator

/// The measured part of `palisade-bench connector`: a real connector (`ConnectorRuntime`: SQLite
/// store in a fresh directory, `ConnectorService`, `OutboxForwarder`) backfilling from the simulator into a
/// counting receiver, timed from `addConnection` until the receiver has counted every entry.
struct ConnectorPipelineRun {
    let slack: ConnectorBenchSlack
    let entries: Int
    let backfillDays: Int
    let pageSize: Int
    let timeout: Duration
    let logger: Logger

    struct Result {
        var entries = 0
        var pages = 0
        var seconds = 0.0
        /// From `addConnection` until the whole backfill was stored (the outbox may still hold
        /// entries then): the worker's share of `seconds`.
        var storedSeconds = 0.0
    }

    func run() async throws -> Result {
        let directory = try slack.runDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let receiver = try ConnectorCountingReceiver(logger: logger)
        var configuration = ConnectorConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: .plaintextOnLoopback,
            database: directory + "/connector.sqlite", secretKeyFile: directory + "/connector.key",
            ingestion: PeerSection(address: try ListenAddress(host: "127.0.0.1", port: receiver.port), serverName: "ingestion"))
        configuration.slack.auditBaseUrl = slack.baseURL
        configuration.slack.webApiBaseUrl = slack.baseURL
        configuration.slack.caFile = slack.caFile
        configuration.sync.pageSize = pageSize
        let runtime: ConnectorRuntime
        do {
            runtime = try ConnectorRuntime(configuration: configuration, logger: logger)
        } catch {
            await receiver.shutdown()
            throw ConnectorBenchError(error.message)
        }
        let service = runtime.service, store = runtime.store
        let parts = BackgroundServices(runtime.services, logger: logger)

        var result = Result()
        do {
            let start = ContinuousClock.now
            let info = try await service.addConnection(
                token: SimulatorToken.development.value, backfillDays: backfillDays, credential: "token")
            let stored = Task {
                // Polled, not hooked in: the connector has no callback for it, and a 10 ms read
                // of one row costs the run nothing measurable.
                while try await store.connection(info.id)?.backfillDone == false { try await Task.sleep(for: .milliseconds(10)) }
                return ContinuousClock.now
            }
            let finished = await waitForAll(receiver)
            result.seconds = (ContinuousClock.now - start).seconds
            stored.cancel()
            if case .success(let end) = await stored.result { result.storedSeconds = (end - start).seconds }
            result.entries = receiver.entries
            result.pages = Int(try await store.connection(info.id)?.pages ?? 0)
            if !finished {
                let status = try await service.list().connections.first
                throw ConnectorBenchError(
                    "the receiver counted \(result.entries) of \(entries) entries within \(timeout); connection: \(status?.statusText ?? "none") \(status?.lastError ?? "")"
                )
            }
        } catch {
            await stop(parts, runtime, receiver)
            throw error
        }
        await stop(parts, runtime, receiver)
        return result
    }

    /// Waits for the receiver to count every entry, or for the timeout; true if all arrived.
    private func waitForAll(_ receiver: ConnectorCountingReceiver) async -> Bool {
        let target = entries
        let timeout = timeout
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await receiver.waitFor(target)
                return receiver.entries >= target
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                receiver.cancelWait()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            receiver.cancelWait()
            return first
        }
    }

    private func stop(_ parts: BackgroundServices, _ runtime: ConnectorRuntime, _ receiver: ConnectorCountingReceiver) async {
        await parts.shutdown()
        runtime.close()
        await receiver.shutdown()
    }
}

/// A benchmark that could not produce its figures.
struct ConnectorBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
