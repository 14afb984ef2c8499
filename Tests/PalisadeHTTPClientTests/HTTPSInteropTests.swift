import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeTLS
import Testing

/// libcurl (our outbound client) against our own HTTP/2 + TLS server: the JSON mapping of the
/// health check over HTTPS, trusting a CA file.
@Suite("HTTPS against the project's own TLS server")
struct HTTPSInteropTests {
    private func withServer(_ body: (Int, String) async throws -> Void) async throws {
        let pki = try TestPKI(serverName: "health")
        let context = try TLSContext(server: pki.serverConfiguration(clientCertificate: .none))
        var logger = Logger(label: "https-test")
        logger.logLevel = .critical
        let server = try RPCServer(
            configuration: .init(host: "127.0.0.1", port: 0, security: .tls(context)),
            services: [], logger: logger)
        let port = try server.start().port
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("https-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let caFile = directory.appendingPathComponent("ca.pem").path
        try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(port, caFile)
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }

    @Test("a JSON call over HTTP/2 with the CA file succeeds")
    func trusted() async throws {
        try await withServer { port, caFile in
            let client = try HTTPClient(configuration: .init(caFile: caFile))
            let response = try await client.send(
                HTTPRequest(
                    method: "POST", url: "https://localhost:\(port)/palisade.health.v1.Health/Check",
                    headers: ["content-type": "application/json"], body: Array("{}".utf8)))
            #expect(response.status == 200)
            #expect(response.httpVersion == "2")
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""status":1"#))
            client.shutdown()
        }
    }

    @Test("without the CA the certificate is refused with a clear error")
    func untrusted() async throws {
        try await withServer { port, _ in
            let client = try HTTPClient()
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await client.send(
                    HTTPRequest(
                        method: "POST", url: "https://localhost:\(port)/palisade.health.v1.Health/Check",
                        headers: ["content-type": "application/json"], body: Array("{}".utf8)))
            }
            #expect(error?.code == .tlsCertificate)
            client.shutdown()
        }
    }
}
