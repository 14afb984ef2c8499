import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeSlackSimulator
import PalisadeTLS

/// Runs `body` against a simulator's server on 127.0.0.1 over HTTPS, with a fresh test PKI and a
/// libcurl `HTTPClient` trusting its CA (as the connector and the identity services call the
/// vendors); the client and server are shut down after, also when `body` throws.
///
/// - Parameters:
///   - serverName: the certificate's name (`slack`, `entra`, `okta`); clients reach the server as
///     `https://localhost:<port>`.
///   - allowHTTP2: whether the client offers `h2` (false: HTTP/1.1, as Python SDKs speak).
///   - makeServer: the simulator's server on that TLS context and a quiet logger, not started.
///   - body: the started server, its port and the client.
package func withHTTPSSimulator<Server: SimulatorServing>(
    serverName: String, allowHTTP2: Bool, makeServer: (_ tls: TLSContext, _ logger: Logger) throws -> Server,
    _ body: (_ server: Server, _ port: Int, _ client: HTTPClient) async throws -> Void
) async throws {
    let pki = try TestPKI(serverName: serverName)
    let context = try TLSContext(server: pki.serverConfiguration(clientCertificate: .none))
    var logger = Logger(label: "\(serverName)-simulator-https-test")
    logger.logLevel = .critical
    let server = try makeServer(context, logger)
    _ = try server.start()
    guard let port = server.port else { throw HTTPSSimulatorPeerError(message: "the \(serverName) server has no port") }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(serverName)-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let caFile = directory.appendingPathComponent("ca.pem").path
    try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
    let client = try HTTPClient(configuration: .init(caFile: caFile, proxy: .direct, allowHTTP2: allowHTTP2))
    do {
        try await body(server, port, client)
    } catch {
        client.shutdown()
        await server.shutdown()
        throw error
    }
    client.shutdown()
    await server.shutdown()
}

/// The server started without a port (cannot happen once `start()` returned; said, not trapped).
package struct HTTPSSimulatorPeerError: Error, CustomStringConvertible {
    /// What went wrong.
    package let message: String

    /// The message.
    package var description: String { message }
}
