import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeWire
import Testing

/// The custom policies' methods on a running `palisade-detection` (`Protocol/detection.md`
/// "Custom policies"): each status the contract gives, and a change applied to the activities
/// evaluated after it.
@Suite("Custom policies over RPC", .serialized)
struct DetectionPolicyProcessTests {
    static let logins = """
        name: Sign-ins
        description: Every successful sign-in.
        severity: low
        title: "{actor.email} signed in"
        match: { action: user_login }
        """

    /// A Slack `user_login` entry at `time`.
    static func login(_ id: Int, at time: Int) -> [UInt8] {
        Array(
            """
            {"id":"login-\(id)","date_create":\(time),"action":"user_login","actor":{"type":"user","user":{"id":"W0ANA0001","name":"ana","email":"ana@acme.test"}},"entity":{"type":"user","user":{"id":"W0ANA0001","name":"ana","email":"ana@acme.test"}},"context":{"location":{"type":"enterprise","id":"E0ACME","name":"Acme","domain":"acme"},"ua":"Mozilla/5.0","ip_address":"198.51.100.7","session_id":"1"}}
            """.utf8)
    }

    /// The code of the error `body` throws, or nil when it returns.
    static func status(_ body: () async throws -> Void) async -> StatusCode? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test("create, refusals, list, get, switch, update, delete; a policy applies from the call on and stops past its daily limit")
    func lifecycle() async throws {
        try await DetectionProcessFixture.with { fixture in
            try await fixture.startIngestion()
            _ = try await fixture.startDetection("detection", policies: nil, dailyLimit: 5)
            let client = try fixture.mesh.rpcClient(port: fixture.detectionPort("detection"), identity: "operator/alice")
            defer { client.close() }

            let created = try await client.call(DetectionAPI.createPolicy, PolicyDocument(source: Self.logins, fileName: "logins.yaml"))
            #expect(created.name == "Sign-ins" && created.state == .enabled && created.severity == .low && created.source == Self.logins)
            let again = await Self.status { _ = try await client.call(DetectionAPI.createPolicy, PolicyDocument(source: Self.logins)) }
            #expect(again == .alreadyExists)
            let broken = "name: Broken\nseverity: high\ntitle: x\nmatch: { acton: user_login }\n"
            do {
                _ = try await client.call(DetectionAPI.createPolicy, PolicyDocument(source: broken, fileName: "broken.yaml"))
                Issue.record("a broken policy was stored")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.hasPrefix("broken.yaml:4:"), "\(error.message)")
            }
            let unknown = await Self.status {
                _ = try await client.call(
                    DetectionAPI.updatePolicy, PolicyDocument(source: Self.logins.replacingOccurrences(of: "Sign-ins", with: "Other")))
            }
            #expect(unknown == .notFound)

            // Five sign-ins: five findings; the sixth goes past the daily limit of 5.
            try await fixture.ingest(
                (1...6).map { Self.login($0, at: 1_789_000_000 + $0 * 60) }, orgID: "E0ACME", batchSize: 10, pause: .zero)
            try await fixture.waitForCursor("detection", 6, timeout: .seconds(30))
            let findings = try await fixture.findings(of: "detection")
            #expect(findings.map(\.policy) == Array(repeating: "Sign-ins", count: 5))
            #expect(findings.first?.title == "ana@acme.test signed in")
            let over = try await client.call(DetectionAPI.getPolicy, PolicyRef(name: "Sign-ins"))
            #expect(over.state == .overDailyLimit && over.reason.contains("matched more than 5 activities"), "\(over)")
            #expect(over.findings == 5)

            let off = try await client.call(DetectionAPI.setPolicyEnabled, PolicySwitch(name: "Sign-ins", enabled: false))
            #expect(off.state == .disabled && off.reason == "disabled by operator/alice", "\(off)")
            let list = try await client.call(DetectionAPI.listPolicies, Empty())
            #expect(list.policies.map(\.name) == ["Sign-ins"] && list.policies.first?.source == "")
            // Switched on again, it counts afresh: the next sign-in is a finding.
            let on = try await client.call(DetectionAPI.setPolicyEnabled, PolicySwitch(name: "Sign-ins", enabled: true))
            #expect(on.state == .enabled && on.reason.isEmpty)
            try await fixture.ingest([Self.login(7, at: 1_789_000_000 + 7 * 60)], orgID: "E0ACME", batchSize: 10, pause: .zero)
            try await fixture.waitForCursor("detection", 7, timeout: .seconds(30))
            #expect(try await fixture.findings(of: "detection").count == 6)

            let updated = try await client.call(
                DetectionAPI.updatePolicy,
                PolicyDocument(source: Self.logins.replacingOccurrences(of: "severity: low", with: "severity: high")))
            #expect(updated.severity == .high && updated.created == created.created && updated.findings == 6)
            _ = try await client.call(DetectionAPI.deletePolicy, PolicyRef(name: "Sign-ins"))
            let gone = await Self.status { _ = try await client.call(DetectionAPI.getPolicy, PolicyRef(name: "Sign-ins")) }
            #expect(gone == .notFound)
            let empty = await Self.status { _ = try await client.call(DetectionAPI.deletePolicy, PolicyRef(name: "")) }
            #expect(empty == .notFound)
            // A service is not an operator.
            let alerting = try fixture.mesh.rpcClient(port: fixture.detectionPort("detection"), identity: "alerting")
            defer { alerting.close() }
            let denied = await Self.status { _ = try await alerting.call(DetectionAPI.listPolicies, Empty()) }
            #expect(denied == .permissionDenied)
        }
    }
}
