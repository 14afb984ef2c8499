import Foundation
import IngestionCore
import Logging
import PalisadeRPC
import PalisadeService
import PalisadeTLS

/// An `IngestionRuntime` served the way `palisade-ingestion` serves it, in this process: its RPC
/// services on an `RPCServer` on 127.0.0.1 over mutual TLS with the allow-list authorizer (the
/// security `ServiceHost` derives from a `tls:` section), handlers on the global pool, the
/// default event loops (one per core). A throw-away mesh CA in a temporary directory issues the
/// server's certificate (`spiffe://palisade/ingestion`) and one per client identity.
final class IngestionBenchServer {
    let runtime: IngestionRuntime
    let server: RPCServer
    let port: Int
    let pki: TestPKI

    /// Opens the runtime on `database` (GeoIP from `geoip` when given) and starts serving it.
    /// `directory` receives the PKI files.
    init(database: String, geoip: String?, directory: String, logger: Logger) throws {
        pki = try TestPKI(serverName: "ingestion")
        let files = TLSFiles(certificate: directory + "/ingestion.pem", key: directory + "/ingestion-key.pem", ca: directory + "/ca.pem")
        try pki.root.certificatePEM.write(toFile: files.ca, atomically: false, encoding: .utf8)
        try CertificateAuthority.write(pki.server, certificatePath: files.certificate, keyPath: files.key)
        let configuration = IngestionConfiguration(
            listen: try ListenAddress(host: "127.0.0.1", port: 0), tls: files, database: database,
            geoip: .init(database: geoip))
        runtime = try IngestionRuntime(configuration: configuration, logger: logger)
        do {
            let (security, authorizer) = try files.serverSecurity()
            var serverConfiguration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: security)
            serverConfiguration.handlerExecution = .globalPool
            server = try RPCServer(
                configuration: serverConfiguration, services: runtime.rpcServices, authorizer: authorizer, logger: logger)
            port = try server.start().port
        } catch {
            runtime.close()
            throw error
        }
    }

    /// A client over mutual TLS presenting `spiffe://palisade/<identity>` (its own connection).
    func client(identity: String) throws -> RPCClient {
        let tls = try TLSContext(client: pki.clientConfiguration(identity: identity))
        return try RPCClient(configuration: .init(host: "127.0.0.1", port: port, security: .tls(tls), serverName: "localhost"))
    }

    /// Stops the server, then closes the runtime (which checkpoints the database's WAL).
    func shutdown() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
        runtime.close()
    }

    /// The GeoIP database `make geoip` fetches, when it is there: what a deployment configures.
    static func defaultGeoIP() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let cache =
            environment["PALISADE_GEOIP_CACHE"]
            ?? ((environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/palisade/geoip")
        let path = cache + "/dbip-city-lite-2023-04.mmdb"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
