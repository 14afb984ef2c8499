import DetectionCore
import Foundation
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ingestion and detection as real processes over mutual TLS: the test pushes a scenario's
/// entries into ingestion as the connector would (`Ingest`), detection follows the log, and the
/// test reads the findings (`SubscribeFindings`) and detection's `/metrics`.
///
/// Detection's config is `deploy/detection.example.yaml` with this test's paths and ports, so the
/// documented example is proven to start the service. Each detection process binds port 0 first,
/// then keeps the port it got, so a restart after `kill -9` serves the same address.
final class DetectionProcessFixture: Sendable {
    let scope: ServiceTestScope
    let mesh: MeshPKI
    let ingestion: ServiceProcess
    private let ingestionPortBox = Mutex(0)
    private let detectionPorts = Mutex<[String: Int]>([:])
    let operatorFiles: TLSFiles
    private let detectionFiles: TLSFiles

    var ingestionPort: Int { ingestionPortBox.withLock { $0 } }

    private init(scope: ServiceTestScope) throws {
        self.scope = scope
        mesh = try MeshPKI(directory: scope.directory)
        operatorFiles = try mesh.files(for: "operator/alice")
        detectionFiles = try mesh.files(for: "detection")
        ingestion = scope.process(
            executable: try Self.locate("palisade-ingestion"), name: "ingestion", environmentPrefix: "PALISADE_INGESTION")
    }

    /// Runs `body` with a fixture; whatever happens, the processes are killed and the directory goes.
    static func with(_ body: (DetectionProcessFixture) async throws -> Void) async throws {
        try await ServiceTestScope.with(prefix: "detection-process") { scope in
            try await body(try DetectionProcessFixture(scope: scope))
        }
    }

    /// A product built next to the tests.
    static func locate(_ product: String) throws -> String {
        guard let path = ServiceProcess.locate(product) else {
            throw FixtureFailure("\(product) is not built next to the tests: run `swift build` (same --scratch-path) first")
        }
        return path
    }

    /// The repository's root.
    static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Process, DetectionCoreTests, Tests, the file
        return url
    }

    // MARK: Processes

    /// Starts ingestion with the default GeoIP database, and gives its catalogue the simulator's
    /// sites as an operator would describe them: Tor exits `RISKY` "Tor", the anonymising VPNs
    /// `RISKY` "Anonymous VPN", clouds `CLOUD_PROVIDER`. Offices are left out: the simulator's
    /// impossible travel may go from one office to another, which `CORPORATE` on both sides
    /// suppresses at medium sensitivity (docs/detections.md), as Defender does.
    func startIngestion() async throws {
        let geoip = DefaultGeoIP.path
        guard FileManager.default.fileExists(atPath: geoip) else {
            throw FixtureFailure(DefaultGeoIP.missing)
        }
        let files = try mesh.files(for: "ingestion")
        let config = try scope.write(
            "ingestion.yaml",
            """
            listen: 127.0.0.1:0
            tls:
            \(files.configSection)
            database: \(scope.file("ingestion.sqlite"))
            geoip:
              database: \(geoip)
            log:
              level: info
            """)
        let port = try await ingestion.launch(config: config)
        ingestionPortBox.withLock { $0 = port }
        let client = try mesh.rpcClient(port: port, identity: "operator/alice")
        defer { client.close() }
        let kinds: [(SimSiteCategory, IPCategory, String)] = [
            (.tor, .risky, "Tor"), (.vpn, .risky, "Anonymous VPN"), (.cloud, .cloudProvider, "Cloud"),
        ]
        for (site, category, tag) in kinds {
            let networks = SimSite.all.filter { $0.category == site }.map(\.prefix)
            _ = try await client.call(
                IngestionAPI.addIPRange, IPRange(name: "sim-\(site.rawValue)", networks: networks, category: category, tags: [tag]))
        }
    }

    /// A detection process named `name` (its database `name.sqlite`) following ingestion, with
    /// the policies in `policies`; started.
    func startDetection(_ name: String, policies: String?, dailyLimit: Int? = nil, identityPort: Int? = nil) async throws -> ServiceProcess
    {
        // Its logs in a directory of its own: every detection process names itself "detection"
        // in its start line, which is what the launcher waits for.
        let logs = scope.file(name)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let process = ServiceProcess(
            executable: try Self.locate("palisade-detection"), directory: logs, name: "detection", environmentPrefix: "PALISADE_DETECTION")
        scope.addCleanup { process.kill(signal: SIGKILL) }
        let options = ConfigOptions(policies: policies, dailyLimit: dailyLimit, identityPort: identityPort)
        try writeDetectionConfig(name, port: 0, options)
        let port = try await process.launch(config: scope.file("\(name).yaml"))
        try writeDetectionConfig(name, port: port, options)
        detectionPorts.withLock { $0[name] = port }
        return process
    }

    /// `kill -9` on `process`, then a new one on the same port and database.
    func crashAndRestart(_ process: ServiceProcess, name: String) async throws {
        process.kill(signal: SIGKILL)
        let port = try await process.launch(config: scope.file("\(name).yaml"))
        guard port == detectionPort(name) else { throw FixtureFailure("\(name) came back on port \(port):\n\(process.log)") }
    }

    /// The port of detection process `name`.
    func detectionPort(_ name: String) -> Int { detectionPorts.withLock { $0[name] ?? 0 } }

    /// `deploy/detection.example.yaml` with this test's port, files, database, ingestion and policies.
    /// What a test changes in the example config.
    struct ConfigOptions {
        var policies: String?
        var dailyLimit: Int?
        var identityPort: Int?
    }

    private func writeDetectionConfig(_ name: String, port: Int, _ options: ConfigOptions) throws {
        let files = detectionFiles
        let example = Self.root.appendingPathComponent("deploy/detection.example.yaml").path
        var text = try String(contentsOfFile: example, encoding: .utf8)
        var substitutions = [
            ("listen: 127.0.0.1:7103", "listen: 127.0.0.1:\(port)"),
            ("/etc/palisade/tls/detection.pem", files.certificate),
            ("/etc/palisade/tls/detection.key", files.key),
            ("/etc/palisade/tls/ca.pem", files.ca),
            ("/var/lib/palisade/detection.sqlite", scope.file("\(name).sqlite")),
            ("  address: 127.0.0.1:7102\n  # serverName: ingestion", "  address: 127.0.0.1:\(ingestionPort)\n  serverName: localhost"),
        ]
        if let dailyLimit = options.dailyLimit { substitutions.append(("  dailyLimit: 200000", "  dailyLimit: \(dailyLimit)")) }
        if let identityPort = options.identityPort {
            substitutions.append(
                (
                    "# identity:\n#   address: 127.0.0.1:7105\n#   cacheMinutes: 15",
                    "identity:\n  address: 127.0.0.1:\(identityPort)\n  serverName: localhost\n  cacheMinutes: 15"
                ))
        }
        if let policies = options.policies {
            substitutions.append(("  # directory: /etc/palisade/policies     # e.g. a copy of policies/slack", "  directory: \(policies)"))
        }
        for (wanted, actual) in substitutions {
            guard text.contains(wanted) else { throw FixtureFailure("\(example) no longer contains \(wanted)") }
            text = text.replacingOccurrences(of: wanted, with: actual)
        }
        try text.write(toFile: scope.file("\(name).yaml"), atomically: false, encoding: .utf8)
    }

    // MARK: Calls

    /// Pushes `entries` into ingestion as the connector, `batchSize` a batch, pausing `pause`
    /// between batches (a live stream rather than one burst).
    func ingest(_ entries: [[UInt8]], orgID: String, batchSize: Int, pause: Duration) async throws {
        let client = try mesh.rpcClient(port: ingestionPort, identity: "connector")
        defer { client.close() }
        var batchID: UInt64 = 0
        for start in stride(from: 0, to: entries.count, by: batchSize) {
            batchID += 1
            let batch = IngestBatch(
                orgID: orgID, connectionID: "test", batchID: batchID,
                entries: entries[start..<min(start + batchSize, entries.count)].map { Data($0) })
            _ = try await client.clientStreaming(IngestionAPI.ingest) { writer in try await writer.write(batch) }
            try await Task.sleep(for: pause)
        }
    }

    /// Detection `name`'s metric `metric` from `/metrics`; nil while it does not answer.
    func metric(_ metric: String, of name: String) async -> Double? {
        guard let response = try? await MutualTLSGet.get(port: detectionPort(name), path: "/metrics", identity: operatorFiles),
            response.status == 200
        else { return nil }
        return PrometheusText.value(of: metric, in: String(decoding: response.body, as: UTF8.self))
    }

    /// Waits until detection `name` has committed activity `sequence`.
    func waitForCursor(_ name: String, _ sequence: UInt64, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let cursor = await metric("palisade_detection_cursor", of: name), UInt64(cursor) >= sequence { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw FixtureFailure("detection \(name) did not reach activity \(sequence) within \(timeout)")
    }

    /// Every finding detection `name` stored, in order (`SubscribeFindings` from 0 as an operator,
    /// read up to the last sequence its metrics report).
    func findings(of name: String) async throws -> [Finding] {
        let last = UInt64(await metric("palisade_detection_findings_last_sequence", of: name) ?? 0)
        guard last > 0 else { return [] }
        let client = try mesh.rpcClient(port: detectionPort(name), identity: "operator/alice")
        defer { client.close() }
        return try await client.serverStreaming(DetectionAPI.subscribeFindings, SubscribeFindingsRequest(afterSequence: 0)) { stream in
            var found: [Finding] = []
            for try await finding in stream {
                found.append(finding)
                if finding.sequence >= last { break }
            }
            return found
        }
    }
}

/// A fixture that cannot do what the test needs.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
