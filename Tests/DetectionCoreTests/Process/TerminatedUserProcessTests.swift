import Foundation
import PalisadeMessages
import PalisadeServiceTestSupport
import Testing

/// The terminated-user detection asking a real RPC server (`GetUserStatus`): an account the
/// identity provider disabled raises a finding for activity after its deletion date, each account
/// is asked once while its answer is cached, and detection keeps going when the identity service
/// goes away.
@Suite("Terminated users through GetUserStatus", .serialized)
struct TerminatedUserProcessTests {
    /// A Slack `file_downloaded` by `user` at `time`.
    static func download(_ id: String, user: String, at time: Int) -> [UInt8] {
        Array(
            """
            {"id":"\(id)","date_create":\(time),"action":"file_downloaded","actor":{"type":"user","user":{"id":"W0\(user.uppercased())","name":"\(user)","email":"\(user)@acme.test"}},"entity":{"type":"file","file":{"id":"F0\(id.uppercased())","name":"plan.pdf","filetype":"pdf","title":"plan"}},"context":{"location":{"type":"workspace","id":"T0ACME","name":"Acme","domain":"acme"},"ua":"Mozilla/5.0","ip_address":"198.51.100.7","session_id":"2"}}
            """.utf8)
    }

    @Test(
        "a disabled account's activity after its deletion date is a finding; one call per account while cached; identity down does not stop detection"
    )
    func disabledAccount() async throws {
        try await DetectionProcessFixture.with { fixture in
            let base = 1_789_000_000
            let identity = StubIdentity(statuses: [
                "leaver@acme.test": UserStatus(
                    state: .disabled, providerID: "u-leaver", email: "leaver@acme.test", provider: "Entra ID",
                    deleted: Date(timeIntervalSince1970: TimeInterval(base + 3_600)), asOf: Date())
            ])
            let identityPort = try identity.start(mesh: fixture.mesh)
            fixture.scope.addCleanup { await identity.stop() }
            try await fixture.startIngestion()
            _ = try await fixture.startDetection("detection", policies: nil, identityPort: identityPort)

            // Before the deletion date: nothing; after it, twice: one finding (one a day); a
            // colleague who is active: nothing.
            let entries = [
                Self.download("d1", user: "leaver", at: base), Self.download("d2", user: "stayer", at: base + 60),
                Self.download("d3", user: "leaver", at: base + 7_200), Self.download("d4", user: "leaver", at: base + 7_260),
                Self.download("d5", user: "stayer", at: base + 7_300),
            ]
            try await fixture.ingest(entries, orgID: "E0ACME", batchSize: 10, pause: .zero)
            try await fixture.waitForCursor("detection", 5, timeout: .seconds(30))
            let findings = try await fixture.findings(of: "detection")
            #expect(findings.map(\.detector) == [.terminatedUser], "\(findings.map(\.title))")
            let finding = try #require(findings.first)
            #expect(finding.user.email == "leaver@acme.test")
            #expect(finding.evidence.map(\.entryID) == ["d3"])
            #expect(finding.explanation.contains("disabled or deleted in Entra ID"), "\(finding.explanation)")
            #expect(identity.calls == ["leaver@acme.test": 1, "stayer@acme.test": 1], "cached: \(identity.calls)")

            // The identity service goes away: detection goes on (Slack's own log still counts).
            await identity.stop()
            try await fixture.ingest(
                [Self.download("d6", user: "newcomer", at: base + 90_000), Self.download("d7", user: "stayer", at: base + 90_060)],
                orgID: "E0ACME", batchSize: 10, pause: .zero)
            try await fixture.waitForCursor("detection", 7, timeout: .seconds(30))
        }
    }
}
