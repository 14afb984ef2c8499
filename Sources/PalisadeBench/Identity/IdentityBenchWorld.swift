import Foundation
import Logging
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSlackSimulator
import PalisadeTLS

/// An Entra simulator with `users` people on its own HTTPS server in this process, and the real
/// `palisade-identity` executable (built next to `palisade-bench`) as a child process in front of
/// it, configured as a deployment would be: mutual TLS, its own database, the directory copy. A
/// throw-away CA in `directory` issues every certificate. The service runs in its own process, as
/// deployed and as `palisade-bench rpc` runs its server, so the bench's client and the service do
/// not share one cooperative pool.
final class IdentityBenchWorld {
    let simulator: EntraSimulator
    let people: [DirectoryPerson]
    let port: Int
    private let simulatorServer: EntraSimulatorServer
    private let process = Process()
    private let pki: TestPKI
    private let log: String

    init(users: Int, directory: String, logger: Logger) async throws {
        let scenario = Scenario.generate(
            ScenarioConfiguration(seed: 5, users: users, end: 1_790_000_000, days: 7, entries: 0, incidents: false))
        let simDirectory = SimDirectory(organization: scenario.organization)
        people = simDirectory.people
        pki = try TestPKI(serverName: "localhost")
        let app = EntraApp(clientID: "b3c0ffee-0000-4000-8000-0000000000be", secrets: [EntraApp.Secret("bench-secret")])
        simulator = EntraSimulator(
            configuration: EntraSimulatorConfiguration(directory: simDirectory, apps: [app], pageSize: 999, deltaPageSize: 999))
        let simulatorTLS = try TLSContext(
            server: .server(
                certificateChain: .pem(pki.server.certificatePEM), privateKey: .pem(pki.server.privateKeyPEM), trustRoots: pki.trustRoots,
                clientCertificate: .none))
        simulatorServer = try EntraSimulatorServer(simulator: simulator, tls: simulatorTLS, logger: logger)
        let base = "https://localhost:\(try simulatorServer.start().port)"
        simulator.setBaseURL(base)

        let file = { (name: String) in directory + "/" + name }
        try pki.root.certificatePEM.write(toFile: file("ca.pem"), atomically: false, encoding: .utf8)
        try CertificateAuthority.write(pki.server, certificatePath: file("identity.pem"), keyPath: file("identity.key"))
        try "bench-secret".write(toFile: file("entra-secret"), atomically: false, encoding: .utf8)
        let config = """
            listen: 127.0.0.1:0
            tls: {certificate: \(file("identity.pem")), key: \(file("identity.key")), ca: \(file("ca.pem"))}
            log: {level: notice}
            database: \(file("identity.sqlite"))
            secretKeyFile: \(file("secret.key"))
            entra:
              tenant: \(simDirectory.domain)
              clientId: \(app.clientID)
              clientSecretFile: \(file("entra-secret"))
              senderMailbox: palisade-alerts@\(simDirectory.domain)
              authority: \(base)
              graph: \(base)/v1.0
              caFile: \(file("ca.pem"))
              syncIntervalSeconds: 3600
              callBudgetSeconds: 300
            """
        try config.write(toFile: file("identity.yaml"), atomically: false, encoding: .utf8)
        log = file("identity.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = try Self.sibling("palisade-identity")
        process.arguments = ["--config", file("identity.yaml")]
        process.standardOutput = output
        process.standardError = output
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PALISADE_") }
        try process.run()
        port = try await Self.startedPort(log: log, process: process)
    }

    /// `name` in the directory `palisade-bench` runs from.
    static func sibling(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw BenchFailure("\(url.path) is not built: build every product, `swift build -c release --scratch-path .build-bench`")
        }
        return url
    }

    /// The port of the service's start line (`msg="identity started" listen=127.0.0.1:PORT`).
    private static func startedPort(log: String, process: Process) async throws -> Int {
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("msg=\"identity started\"") }),
                let range = line.range(of: "listen=127.0.0.1:")
            {
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
            guard process.isRunning else { throw BenchFailure("palisade-identity exited:\n\(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchFailure("palisade-identity did not start within 30 s (log: \(log))")
    }

    /// A client over mutual TLS presenting `spiffe://palisade/<identity>`, on its own connection.
    func client(identity: String) throws -> RPCClient {
        let tls = try TLSContext(client: pki.clientConfiguration(identity: identity))
        return try RPCClient(configuration: .init(host: "127.0.0.1", port: port, security: .tls(tls), serverName: "localhost"))
    }

    /// CPU seconds the service's process has used so far.
    var serviceCPUSeconds: Double { (ProcessCPU.microseconds(process.processIdentifier) ?? 0) / 1_000_000 }

    func shutdown() async {
        process.terminate()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        await simulatorServer.shutdown()
    }
}
