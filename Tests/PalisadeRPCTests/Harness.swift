import Logging
import PalisadeEcho
import PalisadeRPC
import PalisadeTLS
import PalisadeWire
import Synchronization

/// How a live test reaches its server.
enum Mode: String, CaseIterable, Sendable, CustomStringConvertible {
    case h2c, tls
    var description: String { rawValue }
}

/// A live server on 127.0.0.1:0 plus the means to make clients for it.
struct Harness: Sendable {
    let server: RPCServer
    let port: Int
    let pki: TestPKI?

    static func start(
        _ mode: Mode, services: [any RPCService] = [EchoService(), TestService()],
        clientCertificate: ClientCertificateMode = .required,
        configure: (inout RPCServerConfiguration) -> Void = { _ in }
    ) throws -> Harness {
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        var pki: TestPKI?
        let security: TransportSecurity
        switch mode {
        case .h2c:
            security = .plaintext
        case .tls:
            let made = try TestPKI(serverName: "test")
            pki = made
            security = .tls(try TLSContext(server: made.serverConfiguration(clientCertificate: clientCertificate)))
        }
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: security)
        configure(&configuration)
        let server = try RPCServer(configuration: configuration, services: services, logger: logger)
        let address = try server.start()
        return Harness(server: server, port: address.port, pki: pki)
    }

    /// A client; over TLS it presents a certificate for `identity` (nil: none).
    func client(identity: String? = "operator/test", timeoutConnect: Duration = .seconds(5)) throws -> RPCClient {
        let security: TransportSecurity
        if let pki {
            security = .tls(try TLSContext(client: pki.clientConfiguration(identity: identity)))
        } else {
            security = .plaintext
        }
        var configuration = RPCClientConfiguration(host: "127.0.0.1", port: port, security: security, serverName: "localhost")
        configuration.connectTimeout = timeoutConnect
        return try RPCClient(configuration: configuration)
    }

    func stop() async {
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}

/// Records what handlers observed, for tests to wait on.
final class Probe: Sendable {
    private let events = Mutex<[String]>([])

    func record(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }

    /// Polls until `event` was recorded (or ~5 s passed).
    func wait(for event: String) async -> Bool {
        for _ in 0..<500 {
            if all.contains(event) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// Methods the RPC tests need beyond the echo service.
struct TestService: RPCService {
    static let name = "palisade.test.v1.Test"
    static let slow = RPCMethodName(service: name, method: "Slow", kind: .unary)
    static let fail = RPCMethodName(service: name, method: "Fail", kind: .unary)
    static let restricted = RPCMethodName(service: name, method: "Restricted", kind: .unary)
    static let whoAmI = RPCMethodName(service: name, method: "WhoAmI", kind: .unary)
    static let failMessage = "no such thing: ünïcode 100% \n sure"

    let probe: Probe

    init(probe: Probe = Probe()) { self.probe = probe }

    var routes: [RPCRoute] {
        [
            .unaryRaw(Self.slow, allow: nil) { [probe] request, _ in
                let millis = EchoService.decodeCount(request) ?? 0
                probe.record("slow-started")
                do {
                    try await Task.sleep(for: .milliseconds(Int64(millis)))
                } catch {
                    probe.record("slow-cancelled")
                    throw error
                }
                probe.record("slow-finished")
                return request
            },
            .unaryRaw(Self.fail, allow: nil) { _, _ in
                throw RPCError(.notFound, Self.failMessage)
            },
            .unaryRaw(Self.restricted, allow: ["detection", "operator/*"]) { request, _ in request },
            .unaryRaw(Self.whoAmI, allow: nil) { _, context in
                Array((context.caller ?? "anonymous").utf8)
            },
        ]
    }
}

extension EchoService {
    static func millis(_ n: UInt64) -> [UInt8] { withUnsafeBytes(of: n.littleEndian) { Array($0) } }
}
