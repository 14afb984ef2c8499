import ConnectorCore
import Foundation
import PalisadeHTTPClient
import PalisadeMessages
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeSlackSimulator
import PalisadeTLS
import PalisadeWire
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What an operator meets running `palisade-connector`: a graceful stop and restart, the
/// Prometheus endpoint, mutual TLS with the operator allow-list, and Slack failing in ways that
/// must show in a connection's status while the service keeps serving.
///
/// In the `ConnectorProcessTests` suite, so they run one at a time with its other tests.
extension ConnectorProcessTests {
    @Test("SIGTERM while polling: exit status 0 within 5 s; after a restart the connection is listed and nothing is lost")
    func sigtermAndRestart() async throws {
        let scenario = ConnectorHarness.scenario(entries: 1_000)
        try await ConnectorProcessFixture.with(entries: scenario.entries, executable: try executable()) { fixture, launcher in
            var port = try await launcher.launch(config: fixture.configFile)
            let added = try await addConnection(fixture, port: port)
            let caughtUp = try await waitUntilCaughtUp(fixture, port: port, entries: scenario.entries.count)
            #expect(caughtUp, "the backfill did not complete: \(fixture.receiver.distinctCount) entries received")
            let before = try #require(try await fixture.connection(port: port))

            let exit = try await launcher.stop(signal: SIGTERM, timeout: .seconds(10))
            let log = launcher.log
            print("palisade-connector on SIGTERM: \(exit?.description ?? "still running after 10 s")")
            let exitedZero = exit?.reason == .exit && exit?.status == 0
            #expect(exitedZero, "\(exit?.description ?? "still running 10 s after SIGTERM"); log:\n\(log)")
            let elapsed = exit?.elapsed ?? .seconds(10)
            #expect(elapsed < .seconds(5), "took \(elapsed) to stop")
            let stoppedInOrder = log.contains("msg=\"connector stopped\"")
            #expect(stoppedInOrder, "no 'connector stopped' line; log:\n\(log)")

            // Slack goes on while the connector is down: these must arrive after the restart.
            var source = LiveEntrySource(organization: scenario.organization, seed: 42)
            let now = Int64(Date().timeIntervalSince1970)
            let fresh = (0..<20).map { source.next(at: now - 30 + Int64($0)) }
            fixture.slack.simulator.append(fresh)

            port = try await launcher.launch(config: fixture.configFile)
            let listed = try await fixture.connection(port: port)
            #expect(listed?.id == added.id, "after the restart: \(String(describing: listed))")
            let restartedWatermark = listed?.watermark ?? .distantPast
            #expect(restartedWatermark >= (before.watermark ?? .distantFuture), "the watermark went back")

            let expected = Set(scenario.entries.map(\.id) + fresh.map(\.id))
            let resumed = try await waitUntilCaughtUp(fixture, port: port, entries: expected.count)
            let received = fixture.receiver.ids
            let missing = expected.subtracting(received)
            let duplicates = received.count - Set(received).count
            #expect(resumed, "not caught up after the restart: \(Set(received).count) of \(expected.count)")
            #expect(missing.isEmpty, "\(missing.count) entries missing, e.g. \(missing.prefix(3))")
            #expect(duplicates == 0, "\(duplicates) entries delivered twice across a graceful stop")
            let after = try #require(try await fixture.connection(port: port))
            #expect(after.entriesFetched >= before.entriesFetched + UInt64(fresh.count))
            #expect(after.statusText == "Connected")
        }
    }

    @Test("GET /metrics over HTTP/1.1 (metrics.listen, what Prometheus scrapes) and on the RPC port: the same Prometheus text")
    func metricsEndpoint() async throws {
        let scenario = ConnectorHarness.scenario(entries: 1_200)
        try await ConnectorProcessFixture.with(entries: scenario.entries, pageSize: 500, executable: try executable()) {
            fixture, launcher in
            let (port, added) = try await launchCaughtUp(fixture, launcher, entries: scenario.entries.count)

            let metrics = try H2CGet.get(port: port, path: "/metrics")
            let text = metrics.text
            #expect(metrics.status == 200, "\(text)")
            let org = "org=\"\(added.orgID)\""
            let fetched = PrometheusText.value(of: "palisade_connector_entries_fetched_total", in: text, label: org) ?? -1
            let pages = PrometheusText.value(of: "palisade_connector_pages_total", in: text, label: org) ?? -1
            let delivered = PrometheusText.value(of: "palisade_connector_entries_delivered_total", in: text) ?? -1
            // At least: polls after the backfill read their overlap again and count it too.
            #expect(fetched >= Double(scenario.entries.count), "entries fetched \(fetched) in:\n\(text)")
            // 1,200 entries at 500 a page: at least three pages.
            #expect(pages >= 3, "pages \(pages) in:\n\(text)")
            #expect(delivered >= Double(scenario.entries.count), "entries delivered \(delivered) in:\n\(text)")
            let typed = text.contains("# TYPE palisade_connector_entries_fetched_total counter")
            #expect(typed, "\(text)")

            let other = try H2CGet.get(port: port, path: "/nothing")
            #expect(other.status == 404)

            // The plain HTTP/1.1 listener serves the same registry.
            let metricsPort = try #require(launcher.port(of: "metrics"), "no metrics= in the start line:\n\(launcher.log)")
            let http = try HTTPClient(configuration: .init(proxy: .direct))
            defer { http.shutdown() }
            let scraped = try await http.send(HTTPRequest(url: "http://127.0.0.1:\(metricsPort)/metrics"))
            let scrapedText = String(decoding: scraped.body, as: UTF8.self)
            #expect(scraped.status == 200 && scraped.httpVersion == "1.1", "\(scraped.status) \(scraped.httpVersion)")
            let scrapedFetched = PrometheusText.value(of: "palisade_connector_entries_fetched_total", in: scrapedText, label: org) ?? -1
            #expect(scrapedFetched >= fetched, "\(scrapedText)")
        }
    }

    @Test(
        "mutual TLS: an operator lists connections, other identities get PERMISSION_DENIED, no or foreign certificates fail the handshake")
    func mutualTLS() async throws {
        try await ConnectorProcessFixture.with(entries: [], executable: try executable()) { fixture, launcher in
            // The mesh: a CA, and the connector's certificate (spiffe://palisade/connector,
            // DNS localhost, IP 127.0.0.1), as `palisade certs` would write them.
            let mesh = try MeshPKI(directory: fixture.directory)
            try fixture.writeConfig(tls: try mesh.files(for: "connector"))
            let port = try await launcher.launch(config: fixture.configFile)
            let startLine = launcher.startLine ?? ""
            #expect(startLine.contains("tls=mtls"), "\(startLine)")

            let alice = await Self.listConnections(port: port, tls: try mesh.clientConfiguration(identity: "operator/alice"))
            #expect(alice.error == nil, "operator/alice: \(String(describing: alice.error))")
            #expect(alice.list?.connections.isEmpty == true)

            // Under mutual TLS the RPC port serves `/metrics` too, to a caller with a mesh
            // certificate (the body may be empty: no connection has counted anything yet).
            let aliceFiles = try mesh.files(for: "operator/alice")
            let scraped = try await MutualTLSGet.get(port: port, path: "/metrics", identity: aliceFiles)
            #expect(scraped.status == 200 && scraped.httpVersion == "2", "\(scraped.status) \(scraped.httpVersion)")
            let elsewhere = try await MutualTLSGet.get(port: port, path: "/nothing", identity: aliceFiles)
            #expect(elsewhere.status == 404)

            for identity in ["connector", "ingestion"] {
                let other = await Self.listConnections(port: port, tls: try mesh.clientConfiguration(identity: identity))
                #expect(other.error?.code == .permissionDenied, "\(identity): \(String(describing: other.error))")
                #expect(other.list == nil)
            }

            let anonymous = await Self.listConnections(port: port, tls: try mesh.clientConfiguration(identity: nil))
            // UNAVAILABLE is also what a closed port gives: the message shows it was the handshake.
            let anonymousMessage = anonymous.error?.message ?? ""
            #expect(anonymous.error?.code == .unavailable, "no certificate: \(String(describing: anonymous.error))")
            #expect(anonymousMessage.contains("TLS error"), "\(anonymousMessage)")
            #expect(anonymousMessage.contains("client certificate"), "\(anonymousMessage)")

            // An operator certificate from another CA, presented by a client that trusts the
            // connector: the server refuses the chain.
            let foreign = try TestPKI(serverName: "connector").issueClient(identity: "operator/mallory")
            let stranger = await Self.listConnections(
                port: port,
                tls: .client(
                    trustRoots: mesh.trustRoots, certificateChain: .pem(foreign.certificatePEM), privateKey: .pem(foreign.privateKeyPEM)))
            let strangerMessage = stranger.error?.message ?? ""
            #expect(stranger.error?.code == .unavailable, "foreign CA: \(String(describing: stranger.error))")
            #expect(strangerMessage.contains("TLS error"), "\(strangerMessage)")
            #expect(strangerMessage.contains("unknown ca"), "\(strangerMessage)")

            // The refused handshakes did not hurt the server.
            let again = await Self.listConnections(port: port, tls: try mesh.clientConfiguration(identity: "operator/bob"))
            #expect(again.error == nil, "operator/bob after the refusals: \(String(describing: again.error))")
        }
    }

    @Test("Slack serving an expired certificate: the service keeps running, the connection is Retrying naming the certificate")
    func expiredSlackCertificate() async throws {
        let scenario = ConnectorHarness.scenario(entries: 300)
        try await ConnectorProcessFixture.with(entries: scenario.entries, executable: try executable()) { fixture, launcher in
            let (port, added) = try await launchCaughtUp(fixture, launcher, entries: scenario.entries.count)

            // Same port, same CA, same names; only the dates are wrong.
            await fixture.slack.stopServer()
            try fixture.slack.startServer(certificate: try fixture.slack.expiredServerCertificate())
            let last = try await waitUntilRetrying(fixture, port: port)
            let status = last?.statusText ?? ""
            let error = last?.lastError ?? ""
            #expect(status.hasPrefix("Retrying: "), "\(status)")
            #expect(error.contains("certificate"), "\(error)")
            #expect(error.contains("expired"), "\(error)")
            // Still serving: the process runs and answers after the failures.
            #expect(launcher.isRunning)
            let answered = try await fixture.connection(port: port)
            #expect(answered?.id == added.id)
        }
    }

    @Test("Slack unreachable (its port closed): Retrying with a connect error, the service keeps serving, Sync recovers once Slack is back")
    func unreachableSlack() async throws {
        let scenario = ConnectorHarness.scenario(entries: 300)
        try await ConnectorProcessFixture.with(entries: scenario.entries, executable: try executable()) { fixture, launcher in
            let (port, added) = try await launchCaughtUp(fixture, launcher, entries: scenario.entries.count)

            await fixture.slack.stopServer()
            let last = try await waitUntilRetrying(fixture, port: port)
            let error = last?.lastError ?? ""
            // e.g. "Could not reach Slack: couldNotConnect: Failed to connect to localhost port …"
            #expect(error.hasPrefix("Could not reach Slack"), "\(error)")
            #expect(error.lowercased().contains("connect"), "\(error)")
            #expect(launcher.isRunning)

            // Slack is back, with entries written meanwhile; an operator asks for a sync. Slack
            // was down about a second, so the worker's backoff is short either way;
            // `syncDuringBackoff` is the case of a long one.
            var source = LiveEntrySource(organization: scenario.organization, seed: 43)
            let now = Int64(Date().timeIntervalSince1970)
            let fresh = (0..<10).map { source.next(at: now - 20 + Int64($0)) }
            fixture.slack.simulator.append(fresh)
            try fixture.slack.startServer()
            let client = try fixture.client(port: port)
            defer { client.close() }
            let synced = try await client.call(
                ConnectorAPI.sync, ConnectionRef(id: added.id),
                options: CallOptions(timeout: .seconds(5)))
            #expect(synced.id == added.id)
            let expected = scenario.entries.count + fresh.count
            var final: ConnectionInfo?
            let recovered = try await waitUntil(timeout: .seconds(10)) {
                guard fixture.receiver.distinctCount >= expected else { return false }
                final = try? await fixture.connection(port: port)
                return final?.state == .connected && final?.lastError == ""
            }
            #expect(recovered, "received \(fixture.receiver.distinctCount) of \(expected); status \(final?.statusText ?? "-")")
        }
    }

    @Test("Sync on a Retrying connection polls at once, and does not report Connected before a poll succeeds")
    func syncDuringBackoff() async throws {
        let scenario = ConnectorHarness.scenario(entries: 300)
        try await ConnectorProcessFixture.with(entries: scenario.entries, executable: try executable()) { fixture, launcher in
            let (port, added) = try await launchCaughtUp(fixture, launcher, entries: scenario.entries.count)

            // Slack down until the worker's backoff (doubling from 1 s, jittered over its upper
            // half: the third is 2…4 s) is at least 2 s; its log line says how long it sleeps.
            await fixture.slack.stopServer()
            var backoff = Duration.zero
            let sleeping = try await waitUntil(timeout: .seconds(10)) {
                backoff = Self.lastRetryWait(in: launcher.log) ?? .zero
                return backoff >= .seconds(2)
            }
            // The sleep began a little before this: 0.7 s earlier covers the log's delay and our poll.
            let backoffEnds = ContinuousClock.now + backoff - .milliseconds(700)
            #expect(sleeping, "no retry with a backoff of 2 s or more; log:\n\(launcher.log)")

            let client = try fixture.client(port: port)
            defer { client.close() }
            // Slack still down: the answer to Sync must not say the connection is healthy.
            let whileDown = try await client.call(
                ConnectorAPI.sync, ConnectionRef(id: added.id),
                options: CallOptions(timeout: .seconds(5)))
            let claimsHealthy = whileDown.state == .connected && whileDown.lastError.isEmpty
            #expect(!claimsHealthy, "Sync while Slack is down answered \(whileDown.statusText)")

            // Slack back, with new entries: a Sync should fetch them now, not when the backoff ends.
            var source = LiveEntrySource(organization: scenario.organization, seed: 44)
            let now = Int64(Date().timeIntervalSince1970)
            let fresh = (0..<10).map { source.next(at: now - 20 + Int64($0)) }
            fixture.slack.simulator.append(fresh)
            try fixture.slack.startServer()
            _ = try await client.call(
                ConnectorAPI.sync, ConnectionRef(id: added.id),
                options: CallOptions(timeout: .seconds(5)))
            let expected = scenario.entries.count + fresh.count
            // Before the backoff ends (at least a second away: ample for one poll), or Sync did nothing.
            let prompt = try await waitUntil(timeout: backoffEnds - ContinuousClock.now) { fixture.receiver.distinctCount >= expected }
            #expect(prompt, "the \(backoff) backoff ran its course before Sync's poll")

            // Either way the worker retries after its backoff and catches up.
            let recovered = try await waitUntil(timeout: .seconds(10)) {
                guard fixture.receiver.distinctCount >= expected else { return false }
                let info = try? await fixture.connection(port: port)
                return info?.state == .connected && info?.lastError == ""
            }
            #expect(recovered, "received \(fixture.receiver.distinctCount) of \(expected)")
        }
    }

    // MARK: Helpers

    /// Launches the connector, adds the connection and waits until the backfill has arrived.
    private func launchCaughtUp(
        _ fixture: ConnectorProcessFixture, _ launcher: ServiceProcess,
        entries: Int
    ) async throws -> (port: Int, added: ConnectionInfo) {
        let port = try await launcher.launch(config: fixture.configFile)
        let added = try await addConnection(fixture, port: port)
        let caughtUp = try await waitUntilCaughtUp(fixture, port: port, entries: entries)
        #expect(caughtUp, "the backfill did not complete: \(fixture.receiver.distinctCount) entries received")
        return (port, added)
    }

    /// Waits (up to 10 s) for the connection to show Retrying; returns what it last showed.
    private func waitUntilRetrying(_ fixture: ConnectorProcessFixture, port: Int) async throws -> ConnectionInfo? {
        var last: ConnectionInfo?
        let retrying = try await waitUntil(timeout: .seconds(10)) {
            last = try? await fixture.connection(port: port)
            return last?.state == .retrying
        }
        #expect(retrying, "state \(String(describing: last?.state)), status \(last?.statusText ?? "-")")
        return last
    }

    /// The backoff of the latest `Slack call failed; retrying` line in a logfmt log
    /// (`wait="2.81 seconds"`).
    private static func lastRetryWait(in log: String) -> Duration? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("msg=\"Slack call failed; retrying\"") }),
            let start = line.range(of: "wait=\"")?.upperBound,
            let end = line[start...].range(of: " seconds\"")?.lowerBound,
            let seconds = Double(line[start..<end])
        else { return nil }
        return .milliseconds(Int(seconds * 1000))
    }

    /// Adds the simulator's development token over RPC (a 7-day backfill).
    private func addConnection(_ fixture: ConnectorProcessFixture, port: Int) async throws -> ConnectionInfo {
        let client = try fixture.client(port: port)
        defer { client.close() }
        return try await client.call(
            ConnectorAPI.addConnection, AddConnectionRequest(token: SimulatorToken.development.value, backfillDays: 7),
            options: CallOptions(timeout: .seconds(20)))
    }

    /// Waits until the receiver holds `entries` distinct entries and the connection is
    /// Connected with an empty outbox.
    private func waitUntilCaughtUp(_ fixture: ConnectorProcessFixture, port: Int, entries: Int) async throws -> Bool {
        try await waitUntil(timeout: .seconds(10)) {
            guard fixture.receiver.distinctCount >= entries else { return false }
            let info = try? await fixture.connection(port: port)
            return info?.state == .connected && info?.entriesPending == 0
        }
    }

    /// `ListConnections` over TLS with `tls`: the list, or the error it failed with.
    private static func listConnections(port: Int, tls: TLSConfiguration) async -> (list: ConnectionList?, error: RPCError?) {
        do {
            var configuration = RPCClientConfiguration(
                host: "127.0.0.1", port: port,
                security: .tls(try TLSContext(client: tls)), serverName: "localhost")
            configuration.connectTimeout = .seconds(2)
            let client = try RPCClient(configuration: configuration)
            defer { client.close() }
            let list = try await client.call(
                ConnectorAPI.listConnections, Empty(),
                options: CallOptions(timeout: .seconds(5)))
            return (list, nil)
        } catch let error as RPCError {
            return (nil, error)
        } catch {
            return (nil, RPCError(.unknown, "\(error)"))
        }
    }
}
