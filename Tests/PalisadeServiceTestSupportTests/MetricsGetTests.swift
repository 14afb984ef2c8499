import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeService
import PalisadeServiceTestSupport
import PalisadeTLS
import Testing

/// The two `GET /metrics` helpers against a real `RPCServer` with an `httpHandler`, as a
/// service serves its metrics on its RPC port: `H2CGet` on a plaintext port, `MutualTLSGet`
/// with a `MeshPKI` client certificate on a port requiring one.
@Suite("GET /metrics helpers")
struct MetricsGetTests {
    /// Answers `/metrics` with the caller's SPIFFE name (`-` without one), 404 elsewhere.
    private static let handler: HTTPRequestHandler = { request in
        guard request.path == "/metrics" else { return HTTPServerResponse(status: 404) }
        return HTTPServerResponse(status: 200, contentType: "text/plain", body: Array("peer \(request.peer?.spiffeName ?? "-")".utf8))
    }

    /// Starts a server with ``handler`` in `scope`; the scope stops it. Returns its port.
    private static func serve(_ security: TransportSecurity, in scope: ServiceTestScope) throws -> Int {
        var logger = Logger(label: "metrics-get-test")
        logger.logLevel = .critical
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: security)
        configuration.eventLoopCount = 1
        // On the server's loop thread, not the global pool: `H2CGet` blocks the pool thread it
        // runs on while it waits, and with two cores and other tests running, a handler queued
        // behind it on the pool could wait out the timeout.
        configuration.handlerExecution = .eventLoop
        configuration.httpHandler = handler
        let server = try RPCServer(configuration: configuration, services: [], logger: logger)
        let port = try server.start().port
        scope.addCleanup {
            server.beginGracefulShutdown()
            await server.waitUntilStopped()
        }
        return port
    }

    @Test("H2CGet on a plaintext port: the status and body, 404 for another path")
    func h2c() async throws {
        try await ServiceTestScope.with(prefix: "metrics-get") { scope in
            let port = try Self.serve(.plaintext, in: scope)
            let metrics = try H2CGet.get(port: port, path: "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text == "peer -")
            let other = try H2CGet.get(port: port, path: "/nothing")
            #expect(other.status == 404)
        }
    }

    @Test("MutualTLSGet with a mesh identity: HTTP/2 over TLS, the server sees the identity")
    func mutualTLS() async throws {
        try await ServiceTestScope.with(prefix: "metrics-get") { scope in
            let mesh = try MeshPKI(directory: scope.directory, serverName: "detection")
            let server = try TLSContext(server: mesh.pki.serverConfiguration(clientCertificate: .required))
            let port = try Self.serve(.tls(server), in: scope)

            let alice = try mesh.files(for: "operator/alice")
            #expect(alice.certificate == scope.file("operator-alice.pem"))
            #expect(alice.ca == mesh.caFile)
            let response = try await MutualTLSGet.get(port: port, path: "/metrics", identity: alice)
            #expect(response.status == 200)
            #expect(response.httpVersion == "2")
            #expect(String(decoding: response.body, as: UTF8.self) == "peer operator/alice")

            // A certificate from another CA: the server refuses the handshake.
            let stranger = try MeshPKI(directory: scope.directory, caFileName: "other-ca.pem").files(for: "operator/mallory")
            let foreign = TLSFiles(certificate: stranger.certificate, key: stranger.key, ca: mesh.caFile)
            var refusal: HTTPClientError?
            do {
                let answered = try await MutualTLSGet.get(port: port, path: "/metrics", identity: foreign)
                Issue.record("a foreign certificate was answered \(answered.status)")
            } catch let error as HTTPClientError {
                refusal = error
            }
            #expect(refusal != nil)
        }
    }

    @Test("TLSFiles.configSection: the three paths, or plaintext")
    func configSection() {
        let files = TLSFiles(certificate: "/d/c.pem", key: "/d/c-key.pem", ca: "/d/ca.pem")
        #expect(files.configSection == "  certificate: /d/c.pem\n  key: /d/c-key.pem\n  ca: /d/ca.pem")
        #expect(TLSFiles.plaintextOnLoopback.configSection == "  plaintext: true")
    }
}
