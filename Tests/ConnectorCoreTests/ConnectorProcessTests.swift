import ConnectorCore
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTLS
import PalisadeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `palisade-connector` executable against an in-process Slack simulator and Ingest
/// receiver: crash safety under `kill -9`, configuration errors, and Slack failures that must
/// show as a connection's status rather than stop the service. More of its tests (SIGTERM,
/// `/metrics`, mutual TLS, Slack down or expired) are in `ConnectorProcessTests+Operations.swift`.
///
/// Serialized: each test runs whole processes, and the machine has two cores.
@Suite("palisade-connector process", .serialized)
struct ConnectorProcessTests {
    /// The executable next to the test bundle; `swift build` makes it before `swift test`.
    func executable() throws -> String {
        try #require(
            ServiceProcess.locate("palisade-connector"),
            "palisade-connector is not built next to the tests: run `swift build` (same --scratch-path) first")
    }

    @Test("kill -9 during a 100,000-entry backfill, at least 5 times: every entry arrives, the connection ends Connected")
    func killNineDuringBackfill() async throws {
        let scenario = ConnectorHarness.scenario(entries: 100_000)
        try await ConnectorProcessFixture.with(entries: scenario.entries, pageSize: 500, executable: try executable()) {
            fixture, launcher in
            try await crashLoop(fixture: fixture, launcher: launcher, expected: scenario.entries.map(\.id))
        }
    }

    private func crashLoop(fixture: ConnectorProcessFixture, launcher: ServiceProcess, expected: [String]) async throws {
        var port = try await launcher.launch(config: fixture.configFile)
        let client = try fixture.client(port: port)
        let added = try await client.call(
            ConnectorAPI.addConnection, AddConnectionRequest(token: SimulatorToken.development.value, backfillDays: 7),
            options: CallOptions(timeout: .seconds(20)))
        client.close()
        #expect(added.state == .backfilling)
        let started = ContinuousClock.now

        // Seeded, so a failure replays with the same kill moments (give or take scheduling).
        var random = SplitMix64(seed: 0x5EED_C0DE)
        var kills = 0
        while kills < 8 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...900, using: &random)))
            let before = try await fixture.connection(port: port)
            guard before?.state == .backfilling else { break }
            launcher.kill(signal: SIGKILL)
            kills += 1
            port = try await launcher.launch(config: fixture.configFile)
        }
        print("palisade-connector killed \(kills) times during the backfill (\(ContinuousClock.now - started))")
        #expect(kills >= 5, "the backfill finished after only \(kills) kills")

        let complete = try await waitUntil(timeout: .seconds(60)) {
            guard fixture.receiver.distinctCount >= expected.count else { return false }
            let info = try? await fixture.connection(port: port)
            return info?.state == .connected && info?.entriesPending == 0
        }
        let received = fixture.receiver.ids
        let distinct = Set(received)
        let wanted = Set(expected)
        let missing = wanted.subtracting(distinct)
        let unexpected = distinct.subtracting(wanted)
        print(
            "receiver: \(received.count) entries delivered, \(distinct.count) distinct, "
                + "\(received.count - distinct.count) duplicates across \(kills) crashes; took \(ContinuousClock.now - started)")
        #expect(complete, "not complete: \(distinct.count) of \(wanted.count) distinct entries")
        #expect(missing.isEmpty, "\(missing.count) entries missing, e.g. \(missing.prefix(3))")
        #expect(unexpected.isEmpty, "\(unexpected.count) entries the simulator never served")
        let final = try #require(try await fixture.connection(port: port))
        #expect(final.statusText == "Connected")
        #expect(final.lastError == "")
    }

    @Test("a malformed config exits with status 2 naming the key; --check-config accepts a good one")
    func configErrors() async throws {
        try await ConnectorProcessFixture.with(entries: [], executable: try executable()) { fixture, launcher in
            let good = try String(contentsOfFile: fixture.configFile, encoding: .utf8)
            let cases: [(name: String, text: String, key: String)] = [
                ("unknown-key", good + "\nsyncc:\n  pageSize: 10\n", "'syncc'"),
                ("bad-port", good.replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 127.0.0.1:70000"), "'listen'"),
                ("page-size", good.replacingOccurrences(of: "pageSize: 500", with: "pageSize: 10000"), "'sync.pageSize'"),
                (
                    "half-oauth", good.replacingOccurrences(of: "  timeoutSeconds: 20", with: "  timeoutSeconds: 20\n  clientId: \"1.2\""),
                    "'slack.clientSecretFile'"
                ),
            ]
            for (name, text, key) in cases {
                let path = "\(fixture.directory)/\(name).yaml"
                try text.write(toFile: path, atomically: false, encoding: .utf8)
                let started = ContinuousClock.now
                let (status, output) = try await launcher.runToExit(["--config", path])
                #expect(status == 2, "\(name): exit status \(status), stderr: \(output)")
                #expect(output.contains(key), "\(name): the message should name \(key): \(output)")
                #expect(ContinuousClock.now - started < .seconds(10))
            }
            let (status, output) = try await launcher.runToExit(["--config", fixture.configFile, "--check-config"])
            #expect(status == 0, "--check-config on a good config: \(output)")
            #expect(
                !FileManager.default.fileExists(atPath: fixture.directory + "/connector.sqlite"),
                "--check-config must not create the database")
        }
    }

    @Test("a wrong Slack CA leaves the service running and the connection Retrying, naming the certificate problem")
    func wrongSlackCA() async throws {
        let scenario = ConnectorHarness.scenario(entries: 500)
        try await ConnectorProcessFixture.with(entries: scenario.entries, executable: try executable()) { fixture, launcher in
            var port = try await launcher.launch(config: fixture.configFile)
            let client = try fixture.client(port: port)
            _ = try await client.call(
                ConnectorAPI.addConnection, AddConnectionRequest(token: SimulatorToken.development.value, backfillDays: 7),
                options: CallOptions(timeout: .seconds(20)))
            client.close()
            launcher.kill(signal: SIGTERM)

            // Another CA's certificate in place of the simulator's: every Slack call fails its
            // handshake from now on.
            let other = try TestPKI(serverName: "localhost")
            try other.root.certificatePEM.write(toFile: fixture.slack.caFile, atomically: false, encoding: .utf8)
            port = try await launcher.launch(config: fixture.configFile)
            var last: ConnectionInfo?
            let retrying = try await waitUntil(timeout: .seconds(20)) {
                last = try? await fixture.connection(port: port)
                return last?.state == .retrying
            }
            #expect(retrying, "state \(String(describing: last?.state)), status \(last?.statusText ?? "-")")
            // The transport failure's own words, e.g. "Retrying: Could not reach Slack: tlsCertificate: …".
            #expect(last?.statusText.hasPrefix("Retrying: ") == true, "\(last?.statusText ?? "-")")
            #expect(last?.lastError.contains("certificate") == true, "\(last?.lastError ?? "-")")
            // Still serving: the same process answers again after the failures.
            #expect(try await fixture.connection(port: port) != nil)
            launcher.kill(signal: SIGTERM)
        }
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passed; its last answer.
    func waitUntil(timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}
