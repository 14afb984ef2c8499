import Foundation
import Logging
import PalisadeMessages
import PalisadeService
import PalisadeTLS
import PalisadeTestSupport
import Testing

@testable import ConnectorCore

/// The key that seals Slack tokens: created on first start only, never silently replaced.
@Suite struct KeyFileTests {
    private static func configuration(_ directory: borrowing TemporaryDirectory) throws -> ConnectorConfiguration {
        ConnectorConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: .plaintextOnLoopback,
            database: directory.file("connector.sqlite"), secretKeyFile: directory.file("connector.key"),
            ingestion: PeerSection(address: try ListenAddress(host: "127.0.0.1", port: 7102), serverName: "ingestion"))
    }

    private static var logger: Logger {
        var logger = Logger(label: "key-file-test")
        logger.logLevel = .critical
        return logger
    }

    @Test("a key file lost while the database holds connections stops the start, saying what to do; no new key is made")
    func lostKeyRefusesToStart() async throws {
        let directory = try TemporaryDirectory("connector-key")
        let configuration = try Self.configuration(directory)
        let runtime = try ConnectorRuntime(configuration: configuration, logger: Self.logger)
        let record = ConnectionRecord(
            id: "conn_key", orgID: "E0KEY", orgName: "Key", credential: "token", state: .backfilling, lastError: "",
            rateLimitedUntil: nil, lastSuccess: nil, backfillStart: 1_000, backfillEnd: 2_000, watermark: 999, entriesFetched: 0,
            pages: 0, createdAt: 2_000)
        _ = try await runtime.store.insert(record, credentials: SlackCredentials(accessToken: "xoxp-sealed"))
        runtime.close()

        try FileManager.default.removeItem(atPath: configuration.secretKeyFile)
        var message = ""
        do {
            _ = try ConnectorRuntime(configuration: configuration, logger: Self.logger)
        } catch {
            message = error.message
        }
        #expect(message.contains("'secretKeyFile' \(configuration.secretKeyFile) is missing"), "\(message)")
        #expect(message.contains("holds 1 connection(s)") && message.contains("Restore the key file"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: configuration.secretKeyFile))
    }

    @Test("on first start (no database, or one without connections) the key is created, private, and nothing else is left")
    func firstStartCreatesTheKey() throws {
        let directory = try TemporaryDirectory("connector-key")
        let configuration = try Self.configuration(directory)
        try ConnectorRuntime(configuration: configuration, logger: Self.logger).close()
        let attributes = try FileManager.default.attributesOfItem(atPath: configuration.secretKeyFile)
        let mode = (attributes[.posixPermissions] as? Int ?? 0) & 0o777
        #expect(mode == 0o600)
        #expect((attributes[.size] as? Int) == SecretBox.keySize)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let leftovers = names.filter { $0.contains(".new-") }
        #expect(leftovers.isEmpty, "\(names)")

        // An empty database whose key went missing: nothing was sealed, so a new key is fine.
        try FileManager.default.removeItem(atPath: configuration.secretKeyFile)
        try ConnectorRuntime(configuration: configuration, logger: Self.logger).close()
        #expect(FileManager.default.fileExists(atPath: configuration.secretKeyFile))
    }
}
