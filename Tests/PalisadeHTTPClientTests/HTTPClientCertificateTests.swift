import Logging
import PalisadeHTTPClient
import PalisadeRPC
import PalisadeTLS
import PalisadeTestSupport
import Testing

/// `Configuration.clientCertificate` against our own server requiring client certificates (how
/// a Palisade service serves `/metrics` under mutual TLS): the server sees the identity the
/// files carry, and a client without a certificate is refused.
@Suite("HTTPClient client certificates")
struct HTTPClientCertificateTests {
    /// A server that requires a certificate from the test CA and answers every plain request
    /// with the caller's SPIFFE name; `body` gets its port, the CA file and alice's files.
    private func withServer(_ body: (_ port: Int, _ caFile: String, _ alice: HTTPClient.ClientCertificate) async throws -> Void)
        async throws
    {
        let pki = try TestPKI(serverName: "metrics")
        let context = try TLSContext(server: pki.serverConfiguration(clientCertificate: .required))
        var logger = Logger(label: "client-certificate-test")
        logger.logLevel = .critical
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .tls(context))
        configuration.httpHandler = { request in
            HTTPServerResponse(status: 200, contentType: "text/plain", body: Array((request.peer?.spiffeName ?? "-").utf8))
        }
        let server = try RPCServer(configuration: configuration, services: [], logger: logger)
        let port = try server.start().port
        let directory = try TemporaryDirectory("client-certificate")
        let caFile = try directory.write("ca.pem", pki.root.certificatePEM)
        let alice = HTTPClient.ClientCertificate(certificateFile: directory.file("alice.pem"), keyFile: directory.file("alice-key.pem"))
        try CertificateAuthority.write(
            try pki.issueClient(identity: "operator/alice"), certificatePath: alice.certificateFile,
            keyPath: alice.keyFile)
        do {
            try await body(port, caFile, alice)
        } catch {
            await Self.stop(server)
            throw error
        }
        await Self.stop(server)
    }

    private static func stop(_ server: RPCServer) async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }

    @Test("with a client certificate the server sees its identity, over HTTP/2")
    func presentsTheCertificate() async throws {
        try await withServer { port, caFile, alice in
            let client = try HTTPClient(configuration: .init(caFile: caFile, proxy: .direct, clientCertificate: alice))
            defer { client.shutdown() }
            let response = try await client.send(HTTPRequest(url: "https://localhost:\(port)/metrics"))
            #expect(response.status == 200)
            #expect(response.httpVersion == "2")
            #expect(String(decoding: response.body, as: UTF8.self) == "operator/alice")
        }
    }

    @Test("without one a server that requires it refuses the connection")
    func refusedWithout() async throws {
        try await withServer { port, caFile, _ in
            let client = try HTTPClient(configuration: .init(caFile: caFile, proxy: .direct))
            defer { client.shutdown() }
            // Caught here rather than in `#expect(throws:)`: a closure inside the macro, inside
            // this closure, is what Swift 6.3.1 can miscompile.
            var refusal: HTTPClientError?
            do {
                let response = try await client.send(HTTPRequest(url: "https://localhost:\(port)/metrics"))
                Issue.record("answered \(response.status) without a client certificate")
            } catch let error as HTTPClientError {
                refusal = error
            }
            #expect(refusal != nil)
        }
    }

    @Test("a missing key file fails at start, naming the path")
    func missingKeyFailsAtStart() throws {
        let directory = try TemporaryDirectory("client-certificate")
        let certificate = try directory.write("alice.pem", "not checked before the key")
        let identity = HTTPClient.ClientCertificate(certificateFile: certificate, keyFile: directory.file("absent-key.pem"))
        let error = #expect(throws: HTTPClientError.self) {
            _ = try HTTPClient(configuration: .init(clientCertificate: identity))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("absent-key.pem") == true)
    }
}
