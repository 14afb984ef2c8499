import Foundation
import IngestionCore
import PalisadeService
import Testing

@Suite struct IngestionConfigurationTests {
    @Test func requiresADatabaseAndDefaultsTheRest() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ingestion-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "database: /tmp/ingestion.db\ntls:\n  plaintext: true\nlisten: 127.0.0.1:0\n".write(
            toFile: file, atomically: false, encoding: .utf8)
        let configuration = try ConfigLoader.load(
            IngestionConfiguration.self, file: file, environment: [:], prefix: IngestionConfiguration.environmentPrefix)
        #expect(configuration.database == "/tmp/ingestion.db")
        #expect(configuration.sections.tls.plaintext)
    }
}
