import Foundation
import Logging
import PalisadeMessages
import PalisadeNet
import PalisadeRPC
import PalisadeService
import PalisadeTestSupport
import PalisadeWire

@testable import IngestionCore

/// The ingestion runtime served in-process on 127.0.0.1 in cleartext, over a temporary database
/// and a small generated GeoIP database, with a client: what the service tests call.
final class IngestionHarness {
    let directory: TemporaryDirectory
    let runtime: IngestionRuntime
    let server: RPCServer
    let client: RPCClient

    /// The test GeoIP database's build time.
    static let geoipBuilt: UInt64 = 1_793_577_600  // 2026-11-02

    init(retentionDays: Int = 180) throws {
        directory = try TemporaryDirectory("ingestion")
        var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: Self.geoipBuilt)
        writer.insert(
            network: try IPNetwork(parsing: "203.0.113.0/24"),
            record: .city(
                country: "DE", subdivision: "Hesse", city: "Frankfurt am Main", latitude: 50.1109, longitude: 8.68213, accuracyRadius: 20))
        writer.insert(
            network: try IPNetwork(parsing: "2001:db8::/32"),
            record: .city(country: "JP", city: "Tokyo", latitude: 35.6895, longitude: 139.692))
        let geoip = try writer.write(to: directory.file("test.mmdb"))
        let configuration = IngestionConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: TLSFiles(certificate: "", key: "", ca: "", plaintext: true),
            database: directory.file("ingestion.db"), geoip: .init(database: geoip), retention: .init(days: retentionDays))
        var logger = Logger(label: "ingestion-test")
        logger.logLevel = .critical
        runtime = try IngestionRuntime(configuration: configuration, logger: logger)
        var serverConfiguration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext)
        serverConfiguration.eventLoopCount = 1
        serverConfiguration.handlerExecution = .globalPool
        server = try RPCServer(
            configuration: serverConfiguration, services: runtime.rpcServices, authorizer: LoopbackPlaintextAuthorizer(), logger: logger)
        _ = try server.start()
        client = try RPCClient(configuration: .init(host: "127.0.0.1", port: server.localAddress?.port ?? 0, security: .plaintext))
    }

    /// Stops the server and closes the runtime.
    func shutdown() async {
        client.close()
        runtime.close()
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }

    /// Sends `batches` on one `Ingest` stream.
    func ingest(_ batches: [IngestBatch]) async throws -> IngestSummary {
        try await client.clientStreaming(IngestionAPI.ingest) { writer in
            for batch in batches { try await writer.write(batch) }
        }
    }

    /// Every activity a query streams.
    func query(_ query: ActivityQuery) async throws -> [Activity] {
        try await client.serverStreaming(IngestionAPI.query, query) { activities in
            try await activities.reduce(into: [Activity]()) { $0.append($1) }
        }
    }

    /// An entry shaped like Slack's, with what the tests vary.
    static func entry(
        _ id: String, at time: Int64, action: String = "user_login", user: String = "W0ANA0001", email: String = "ana.ruiz@contoso.com",
        name: String = "Ana Ruiz", ip: String = "203.0.113.7"
    ) -> Data {
        Data(
            """
            {"id":"\(id)","date_create":\(time),"action":"\(action)","actor":{"type":"user","user":{"id":"\(user)","name":"\(name)",\
            "email":"\(email)","team":"E0CONTOSO1"}},"entity":{"type":"user","user":{"id":"\(user)","name":"\(name)"}},\
            "context":{"location":{"type":"enterprise","id":"E0CONTOSO1"},"ua":"test","ip_address":"\(ip)","session_id":"1"}}
            """.utf8)
    }
}
