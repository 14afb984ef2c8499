import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Synchronization

@testable import PalisadeCLI

/// A stand-in for palisade-detection on 127.0.0.1:0 (cleartext, loopback authorizer) serving the
/// policy methods from a dictionary with the statuses `Protocol/detection.md` gives them, and
/// recording what it was sent. It reads only a source's first line, `name: …`; a source without
/// one is refused `INVALID_ARGUMENT` with a located message, as detection's parser would.
final class StubDetection: RPCService, Sendable {
    /// What the stub received.
    struct Received {
        var documents: [PolicyDocument] = []
        var switches: [PolicySwitch] = []
        var deleted: [String] = []
    }

    /// The policies, by name.
    private let policies: Mutex<[String: PolicyInfo]>
    private let state = Mutex(Received())
    private let server = Mutex<RPCServer?>(nil)

    /// When the stub stores what it is sent: 2026-12-07T14:30:00Z.
    static let now = Date(timeIntervalSince1970: 1_796_653_800)

    init(policies: [PolicyInfo] = []) {
        self.policies = Mutex(Dictionary(uniqueKeysWithValues: policies.map { ($0.name, $0) }))
    }

    /// What was received so far.
    var received: Received { state.withLock { $0 } }

    /// Starts serving; returns the port.
    func start() throws -> Int {
        var logger = Logger(label: "stub-detection")
        logger.logLevel = .critical
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext)
        configuration.eventLoopCount = 1
        let server = try RPCServer(
            configuration: configuration, services: [self], authorizer: LoopbackPlaintextAuthorizer(), logger: logger)
        let address = try server.start()
        self.server.withLock { $0 = server }
        return address.port
    }

    /// Stops serving.
    func stop() async {
        guard let server = server.withLock({ $0 }) else { return }
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }

    /// The policy a document describes: its first line `name: …`, enabled, every match.
    private func info(from document: PolicyDocument) throws -> PolicyInfo {
        state.withLock { $0.documents.append(document) }
        let file = document.fileName.isEmpty ? "policy" : document.fileName
        guard let first = document.source.split(separator: "\n").first, first.hasPrefix("name: ") else {
            throw RPCError(.invalidArgument, "\(file):1:1: name: a policy has a name")
        }
        return PolicyInfo(
            name: String(first.dropFirst(6)), severity: .high, state: .enabled, source: document.source, created: Self.now,
            updated: Self.now)
    }

    /// The policy named `name`, or `NOT_FOUND`.
    private func stored(_ name: String) throws -> PolicyInfo {
        guard let policy = policies.withLock({ $0[name] }) else { throw RPCError(.notFound, "no policy named \"\(name)\"") }
        return policy
    }

    var routes: [RPCRoute] {
        [
            .unary(DetectionAPI.createPolicy) { [self] document, _ in
                let policy = try info(from: document)
                return try policies.withLock { policies in
                    guard policies[policy.name] == nil else {
                        throw RPCError(.alreadyExists, "a policy named \"\(policy.name)\" exists; update it with UpdatePolicy")
                    }
                    policies[policy.name] = policy
                    return policy
                }
            },
            .unary(DetectionAPI.updatePolicy) { [self] document, _ in
                var policy = try info(from: document)
                policy.created = try stored(policy.name).created
                policies.withLock { $0[policy.name] = policy }
                return policy
            },
            .unary(DetectionAPI.setPolicyEnabled) { [self] change, _ in
                state.withLock { $0.switches.append(change) }
                var policy = try stored(change.name)
                policy.state = change.enabled ? .enabled : .disabled
                policy.reason = change.enabled ? "" : "disabled by operator/test"
                policies.withLock { $0[policy.name] = policy }
                return policy
            },
            .unary(DetectionAPI.listPolicies) { [self] (_: Empty, _) in
                let sorted = policies.withLock { $0.values.sorted { $0.name < $1.name } }
                return PolicyList(
                    policies: sorted.map { policy in
                        var listed = policy
                        listed.source = ""
                        return listed
                    })
            },
            .unary(DetectionAPI.getPolicy) { [self] ref, _ in try stored(ref.name) },
            .unary(DetectionAPI.deletePolicy) { [self] ref, _ in
                _ = try stored(ref.name)
                policies.withLock { $0[ref.name] = nil }
                state.withLock { $0.deleted.append(ref.name) }
                return Empty()
            },
        ]
    }
}
