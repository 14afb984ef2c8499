import Foundation
import IngestionCore
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeSlackSimulator

/// The large activity log `palisade-bench query` and `subscribe` read: `activities` simulator
/// entries of one organisation of `users` people over `days` days ending at a fixed time,
/// prepared by a real `IngestionRuntime` (normalised, enriched, encoded) and stored through it
/// (`append`, one transaction per 3,900 entries, as `Ingest` stores a batch) without the RPC.
///
/// Entries come from the simulator's `LiveEntrySource` (its everyday mix: people in their working
/// hours, their devices' addresses at their sites, a few bots), dated evenly across the period.
/// Building 10 million takes minutes, so the file is kept: a `<database>.shape` file beside it
/// records what was built, and a later run asking for the same shape reuses the file.
struct BenchStore {
    let path: String
    let activities: Int
    let users: Int
    let days: Int
    let seed: UInt64
    let geoip: String?

    /// The period ends here (2026-09-09T00:53:20Z), so a rebuilt store holds the same times.
    static let end: Int64 = 1_789_000_000
    static let batchEntries = 3_900

    var start: Int64 { Self.end - Int64(days) * 86_400 }
    private var shape: String {
        "activities=\(activities) users=\(users) days=\(days) seed=\(seed) end=\(Self.end) geoip=\(geoip ?? "none") schema=v3\n"
    }

    /// The simulated organisation (the same for the same seed and size).
    func organization() -> SimOrganization {
        Scenario.generate(
            ScenarioConfiguration(seed: seed, users: users, workspaces: 8, end: Self.end, days: 1, entries: 0, incidents: false)
        ).organization
    }

    /// Reuses the file when it holds this shape; otherwise builds it. Returns whether it was
    /// reused and the seconds building took.
    func prepare(logger: Logger) async throws -> (reused: Bool, seconds: Double) {
        if (try? String(contentsOfFile: path + ".shape", encoding: .utf8)) == shape, FileManager.default.fileExists(atPath: path) {
            return (true, 0)
        }
        for suffix in ["", "-wal", "-shm", ".shape"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let started = ContinuousClock.now
        try await build(logger: logger)
        try shape.write(toFile: path + ".shape", atomically: false, encoding: .utf8)
        return (false, (ContinuousClock.now - started).seconds)
    }

    private func build(logger: Logger) async throws {
        let configuration = IngestionConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: .plaintextOnLoopback, database: path,
            geoip: .init(database: geoip))
        let runtime = try IngestionRuntime(configuration: configuration, logger: logger)
        defer { runtime.close() }
        let organization = organization()
        var source = LiveEntrySource(organization: organization, seed: seed)
        let span = Int64(days) * 86_400
        var stored = 0
        var appending: Task<Int, any Error>?
        var batchID: UInt64 = 0
        let started = ContinuousClock.now
        while stored < activities {
            let count = min(Self.batchEntries, activities - stored)
            var entries: [Data] = []
            entries.reserveCapacity(count)
            for index in stored..<(stored + count) {
                entries.append(Data(source.next(at: start + Int64(index) * span / Int64(activities)).json))
            }
            batchID += 1
            let records = try runtime.records(
                for: IngestBatch(orgID: organization.id, connectionID: "bench", batchID: batchID, entries: entries))
            // Preparing the next batch overlaps storing this one, as two Ingest streams would.
            if let appending { _ = try await appending.value }
            appending = Task { try await runtime.append(records) }
            let before = stored / 1_000_000
            stored += count
            if stored / 1_000_000 > before {
                let seconds = (ContinuousClock.now - started).seconds
                print(
                    String(format: "  built %d of %d activities in %.0f s (%.0f/s)", stored, activities, seconds, Double(stored) / seconds))
            }
        }
        if let appending { _ = try await appending.value }
    }
}
