import ArgumentParser
import DetectionCore
import Foundation
import Logging
import PalisadeDetectionEngine
import PalisadeRPC
import PalisadeService
import PalisadeTLS
import ServiceLifecycle

/// `palisade-bench detection`: the detection service keeping up with ingestion's stream.
///
/// On the cached log (`BenchStore`, shared with `query` and `subscribe`), ingestion serves
/// `Subscribe` over mutual TLS; a `DetectionRuntime` in this process, with the built-in
/// detections and the policies of `--policies` (the Slack pack by default), follows the newest
/// `--backlog` activities from a fresh database: timed from its start to the commit of the last
/// one (state, cursor and findings written). The baseline, in the same run, is a client that
/// subscribes to the same activities and only decodes them (`palisade-bench subscribe`'s
/// `activities_per_s`): `ratio` is how much of the stream's own pace detection keeps.
struct DetectionServiceBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detection",
        abstract: "Benchmark the detection service following ingestion's stream (release builds only)."
    )

    @OptionGroup var store: BenchStoreOptions

    @Option(name: .long, help: "Activities of backlog to follow (the newest ones of the log).")
    var backlog: Int = 1_000_000

    @Option(name: .long, help: "Directory of policies detection runs besides the built-in detections.")
    var policies: String = "policies/slack"

    @Option(name: .long, help: "Runs (baseline and detection each); figures are medians.")
    var runs: Int = 3

    func validate() throws {
        guard backlog > 0, runs > 0 else { throw ValidationError("--backlog and --runs must be positive") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: policies, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--policies \(policies) is not a directory (run from the repository's root, or pass one)")
        }
    }

    func run() async throws {
        let logger = store.logger(label: "palisade-bench.detection")
        let benchStore = try await store.prepared(logger: logger)
        let directory = try store.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try IngestionBenchServer(database: benchStore.path, geoip: benchStore.geoip, directory: directory, logger: logger)
        var followed: [Double] = [], decoded: [Double] = []
        var findings: UInt64 = 0
        do {
            let last = UInt64(benchStore.activities)
            guard last >= UInt64(backlog) else {
                throw ConnectorBenchError("the log holds \(last) activities, fewer than --backlog \(backlog)")
            }
            let after = last - UInt64(backlog)
            let files = try server.issueFiles(identity: "detection", directory: directory)
            for index in 1...runs {
                let client = try server.client(identity: "detection")
                decoded.append(Double(backlog) / (try await SubscribeBenchCommand.decoded(after: after, count: backlog, client: client)))
                client.close()
                let database = "\(directory)/detection-\(index).sqlite"
                let (seconds, found) = try await follow(
                    after: after, until: last, database: database, files: files, port: server.port, logger: logger)
                followed.append(Double(backlog) / seconds)
                findings = found
                print(
                    String(
                        format: "run %d: activities_per_s=%.0f baseline_per_s=%.0f findings=%d", index, followed[index - 1],
                        decoded[index - 1], found))
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            }
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let ratio = median(zip(followed, decoded).map { $0 / $1 })
        print(
            String(
                format: "activities_per_s=%.0f baseline_per_s=%.0f ratio=%.2f findings=%d backlog=%d activities=%d",
                median(followed), median(decoded), ratio, findings, backlog, benchStore.activities))
    }

    /// Seconds for a fresh detection database to follow from `after` to `last`, and the findings it stored.
    private func follow(
        after: UInt64, until last: UInt64, database: String, files: TLSFiles, port: Int, logger: Logger
    ) async throws -> (Double, UInt64) {
        try DetectionStore(path: database).startFollowingAndClose(after: after)
        let configuration = DetectionConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: files, database: database,
            ingestion: PeerSection(address: try ListenAddress(host: "127.0.0.1", port: port), serverName: "localhost"),
            policies: .init(directory: policies))
        let runtime = try DetectionRuntime(configuration: configuration, logger: logger)
        let start = ContinuousClock.now
        let running = Task {
            await withTaskGroup(of: Void.self) { group in
                for service in runtime.services { group.addTask { try? await service.run() } }
            }
        }
        while runtime.committedCursor < last {
            try await Task.sleep(for: .milliseconds(5))
        }
        let seconds = (ContinuousClock.now - start).seconds
        running.cancel()
        await running.value
        let found = runtime.lastFinding
        runtime.close()
        return (seconds, found)
    }
}

extension DetectionStore {
    /// Opens the database at its path only to set where it starts, then closes it.
    fileprivate func startFollowingAndClose(after sequence: UInt64) throws {
        defer { close() }
        try startFollowing(after: sequence)
    }
}

extension IngestionBenchServer {
    /// Certificate, key and CA files for `identity`, signed by this server's CA.
    func issueFiles(identity: String, directory: String) throws -> TLSFiles {
        let issued = try pki.issueClient(identity: identity)
        let files = TLSFiles(
            certificate: "\(directory)/\(identity).pem", key: "\(directory)/\(identity)-key.pem", ca: "\(directory)/ca.pem")
        try CertificateAuthority.write(issued, certificatePath: files.certificate, keyPath: files.key)
        return files
    }
}
