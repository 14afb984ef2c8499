import Foundation
import PalisadeMessages
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `palisade-detection` as a process following a real `palisade-ingestion`: it finds the
/// scenario's incidents, runs the valid policies of a directory with a broken file in it, and,
/// killed with `kill -9` again and again while the stream is live, ends with exactly the findings
/// of a run never interrupted.
@Suite("Detection as a process", .serialized)
struct DetectionProcessTests {
    /// A fortnight, the first ten days quiet (every baseline learns, even of people first seen a
    /// few days in), then the labelled incidents. It ends a minute before this week's start
    /// (UTC, a Thursday), so it is the same scenario all week and recent enough for ingestion's
    /// retention.
    static let scenario = Scenario.generate(
        ScenarioConfiguration(
            seed: 17, users: 150, workspaces: 2, end: Int64(Date().timeIntervalSince1970) / 604_800 * 604_800 - 60, days: 14,
            entries: 36_000, quietDays: 10))

    /// The scenario's entries oldest first, as a backfill delivers them.
    static var entries: [[UInt8]] { scenario.entries.sorted { SimEntry.isOlder($0, than: $1) }.map(\.json) }

    /// A copy of the shipped Slack pack, one file that does not parse and one that names a policy already named.
    static func policies(in scope: ServiceTestScope) throws -> String {
        let directory = scope.file("policies")
        try FileManager.default.copyItem(
            atPath: DetectionProcessFixture.root.appendingPathComponent("policies/slack").path, toPath: directory)
        try "name: Broken\nseverity: high\ntitle: x\nmatch: { action: { regex: [ } }\n".write(
            toFile: "\(directory)/broken.yaml", atomically: false, encoding: .utf8)
        // A second file naming a shipped policy: refused, the first one runs.
        let copy = try String(contentsOfFile: "\(directory)/mass-file-download.yaml", encoding: .utf8)
        try copy.write(toFile: "\(directory)/zz-duplicate.yaml", atomically: false, encoding: .utf8)
        return directory
    }

    @Test("follows ingestion, finds the incidents, runs the valid policies and names the broken file")
    func followsAndFinds() async throws {
        try await DetectionProcessFixture.with { fixture in
            try await fixture.startIngestion()
            let detection = try await fixture.startDetection("detection", policies: try Self.policies(in: fixture.scope))
            let entries = Self.entries
            try await fixture.ingest(entries, orgID: Self.scenario.organization.id, batchSize: 2_000, pause: .zero)
            try await fixture.waitForCursor("detection", UInt64(entries.count), timeout: .seconds(120))
            let findings = try await fixture.findings(of: "detection")
            #expect(findings.map(\.sequence) == Array(1...UInt64(findings.count)))
            let found = Set(findings.flatMap { finding in finding.evidence.map(\.entryID) })
            for label in Self.scenario.labels where label.kind != "mass_download" {
                let hit = !found.isDisjoint(with: label.entryIDs)
                #expect(hit, "\(label.kind) not found: \(label.description)")
            }
            let massDownload = findings.contains { $0.policy == "Slack: mass file download" }
            #expect(massDownload)
            #expect(detection.log.contains("broken.yaml:4"), "the broken policy's location is logged:\n\(detection.log)")
            #expect(detection.log.contains("zz-duplicate.yaml: the policy name"), "the duplicate is named:\n\(detection.log)")
            let policies = await fixture.metric("palisade_detection_policies", of: "detection")
            let shipped = try FileManager.default.contentsOfDirectory(
                atPath: DetectionProcessFixture.root.appendingPathComponent("policies/slack").path
            ).filter { $0.hasSuffix(".yaml") }.count
            #expect(policies == Double(shipped))
        }
    }

    @Test("kill -9 detection at least 5 times while the stream is live: the same findings as a run never interrupted")
    func killDetectionDuringStream() async throws {
        try await DetectionProcessFixture.with { fixture in
            try await fixture.startIngestion()
            let policies = try Self.policies(in: fixture.scope)
            let detection = try await fixture.startDetection("crashing", policies: policies)
            let entries = Self.entries
            let fed = Flag()
            let feeding = Task {
                defer { fed.set() }
                try await fixture.ingest(entries, orgID: Self.scenario.organization.id, batchSize: 100, pause: .milliseconds(30))
            }
            var random = SplitMix64(seed: 0xDE7E_C710)
            var kills = 0
            while !fed.isSet || kills < 5 {
                try await Task.sleep(for: .milliseconds(300 + Int(random.next() % 900)))
                try await fixture.crashAndRestart(detection, name: "crashing")
                kills += 1
            }
            try await feeding.value
            print("detection killed \(kills) times while \(entries.count) entries streamed in")
            try await fixture.waitForCursor("crashing", UInt64(entries.count), timeout: .seconds(120))
            let interrupted = try await fixture.findings(of: "crashing")

            _ = try await fixture.startDetection("reference", policies: policies)
            try await fixture.waitForCursor("reference", UInt64(entries.count), timeout: .seconds(120))
            let reference = try await fixture.findings(of: "reference")

            #expect(kills >= 5)
            #expect(!reference.isEmpty)
            #expect(interrupted.map(\.sequence) == Array(1...UInt64(interrupted.count)), "sequences 1…N without a gap")
            #expect(interrupted.map(\.id) == reference.map(\.id), "the same findings in the same order")
            for (a, b) in zip(interrupted, reference) where a.id == b.id {
                #expect(a.title == b.title && a.evidence == b.evidence && a.dedupeKey == b.dedupeKey, "\(a.id)")
            }
        }
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
