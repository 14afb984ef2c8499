import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeTLS
import PalisadeWire
import Synchronization

/// A small `palisade.identity.v1.Identity` for tests: `GetUserStatus` answers from a table
/// (anyone else is `ACTIVE`) and counts the calls per address, over mutual TLS with the mesh's
/// CA (its certificate names localhost). The real identity services come with issue 15.
final class StubIdentity: RPCService, Sendable {
    private let statuses: [String: UserStatus]
    private let asked = Mutex<[String: Int]>([:])
    private let server = Mutex<RPCServer?>(nil)

    /// A stub answering `statuses` by lower-cased e-mail.
    init(statuses: [String: UserStatus]) {
        self.statuses = statuses
    }

    var routes: [RPCRoute] {
        [
            .unary(IdentityAPI.getUserStatus) { [self] request, _ in
                let email = request.email.lowercased()
                asked.withLock { $0[email, default: 0] += 1 }
                guard !email.isEmpty else { throw RPCError(.invalidArgument, "email or providerID is required") }
                return statuses[email]
                    ?? UserStatus(state: .active, providerID: "id-\(email)", email: email, provider: "Entra ID", asOf: Date())
            }
        ]
    }

    /// Calls per address so far.
    var calls: [String: Int] { asked.withLock { $0 } }

    /// Starts serving on a free loopback port; returns it.
    func start(mesh: MeshPKI) throws -> Int {
        var logger = Logger(label: "stub-identity")
        logger.logLevel = .critical
        let context = try TLSContext(server: mesh.pki.serverConfiguration(clientCertificate: .required))
        let configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .tls(context))
        let server = try RPCServer(configuration: configuration, services: [self], logger: logger)
        _ = try server.start()
        self.server.withLock { $0 = server }
        return server.localAddress?.port ?? 0
    }

    /// Stops serving.
    func stop() async {
        guard let server = server.withLock({ $0 }) else { return }
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }
}
