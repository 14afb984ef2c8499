import ArgumentParser
import Foundation
import Logging

/// The options of the cached log that `palisade-bench query` and `subscribe` share.
struct BenchStoreOptions: ParsableArguments {
    @Option(name: .long, help: "The cached log (built when missing or of another shape; reused otherwise).")
    var database: String = "/tmp/palisade-bench-store/ingestion.sqlite"

    @Option(name: .long, help: "Activities in the log.")
    var activities: Int = 10_000_000

    @Option(name: .long, help: "People in the simulated organisation.")
    var users: Int = 5_000

    @Option(name: .long, help: "Days the log spans.")
    var days: Int = 40

    @Option(name: .long, help: "Simulator seed.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "GeoIP database (.mmdb), or 'none'; default: the one `make geoip` fetches, if present.")
    var geoip: String?

    @Option(name: .long, help: "Log level of the service.")
    var logLevel: String = "warning"

    func validate() throws {
        guard activities > 0, users > 0, days > 0 else { throw ValidationError("--activities, --users and --days must be positive") }
    }

    func logger(label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        return logger
    }

    /// The store, built or reused, with what happened printed.
    func prepared(logger: Logger) async throws -> BenchStore {
        let store = BenchStore(
            path: database, activities: activities, users: users, days: days, seed: seed,
            geoip: geoip == "none" ? nil : (geoip ?? IngestionBenchServer.defaultGeoIP()))
        print("store \(database): \(activities) activities, \(users) people, \(days) days; geoip \(store.geoip ?? "none")")
        let (reused, seconds) = try await store.prepare(logger: logger)
        print(
            reused
                ? String(format: "  reused (%.2f GiB)", store.gibibytes)
                : String(format: "  built in %.0f s (%.0f activities/s), %.2f GiB", seconds, Double(activities) / seconds, store.gibibytes))
        return store
    }

    /// A fresh directory for the run's certificates.
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension BenchStore {
    /// The database file's size (its WAL is checkpointed into it when the runtime closes).
    var gibibytes: Double {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Double(bytes) / Double(1 << 30)
    }
}
