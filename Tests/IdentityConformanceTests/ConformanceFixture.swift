import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeWire

/// Which service and simulator a conformance test runs against.
enum Provider: String, CaseIterable, Sendable, CustomStringConvertible {
    case entra, okta
    var description: String { rawValue }
}

/// One provider's world and a client of its identity service, as alerting and an operator
/// call it (mutual TLS with the mesh's certificates).
struct ConformanceFixture: Sendable {
    let world: any IdentityWorld
    let scope: ServiceTestScope
    let mesh: MeshPKI

    /// Runs `body` against `provider`'s service and simulator; everything stops afterwards.
    static func with(_ provider: Provider, _ body: (ConformanceFixture) async throws -> Void) async throws {
        try await ServiceTestScope.with(prefix: "identity-\(provider)") { scope in
            let mesh = try MeshPKI(directory: scope.directory)
            let world: any IdentityWorld =
                switch provider {
                case .okta: try await OktaWorld(scope: scope, mesh: mesh)
                case .entra: try await EntraWorld(scope: scope, mesh: mesh)
                }
            try await body(ConformanceFixture(world: world, scope: scope, mesh: mesh))
        }
    }

    var people: ConformancePeople { world.people }

    /// A client as `identity` (alerting, by default).
    func client(_ identity: String = "alerting") throws -> RPCClient {
        try mesh.rpcClient(port: world.port, identity: identity)
    }

    /// Calls `action` on `user` with `key`.
    func act(_ action: IdentityAction, _ user: DirectoryPersonKey, key: String, notice: UserNotice? = nil) async throws -> UserActionResult
    {
        guard let method = IdentityAPI.method(for: action) else { throw FixtureFailure("no method for \(action)") }
        let request = UserActionRequest(
            idempotencyKey: key, email: user.email, providerID: user.providerID, reason: "conformance", notice: notice)
        return try await client().call(method, request, options: CallOptions(timeout: .seconds(60)))
    }

    /// The error `action` on `user` with `key` fails with (nil when it succeeds).
    func refusal(_ action: IdentityAction, _ user: DirectoryPersonKey, key: String, notice: UserNotice? = nil) async -> RPCError? {
        do {
            _ = try await act(action, user, key: key, notice: notice)
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return RPCError(.unknown, "\(error)")
        }
    }

    /// `GetUserStatus` of an address (or provider id).
    func status(_ user: DirectoryPersonKey) async throws -> UserStatus {
        try await client("detection").call(
            IdentityAPI.getUserStatus, UserStatusRequest(email: user.email, providerID: user.providerID),
            options: CallOptions(timeout: .seconds(30)))
    }

    /// `kill -9` the service, then start it again on the same port and database.
    func crashAndRestart() async throws {
        world.service.kill(signal: SIGKILL)
        let port = try await world.service.launch(config: scope.file(world.provider == "okta" ? "identity-okta.yaml" : "identity.yaml"))
        guard port == world.port else { throw FixtureFailure("the service came back on port \(port), not \(world.port)") }
    }
}

/// How a test names a user: by address, or by the provider's id.
struct DirectoryPersonKey: Sendable {
    let email: String
    let providerID: String

    static func email(_ email: String) -> DirectoryPersonKey { DirectoryPersonKey(email: email, providerID: "") }
    static func id(_ id: String) -> DirectoryPersonKey { DirectoryPersonKey(email: "", providerID: id) }
}
