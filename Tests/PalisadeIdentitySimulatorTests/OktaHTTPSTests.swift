import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentitySimulator
import PalisadeRPC
import PalisadeSimulatorTestSupport
import PalisadeSlackSimulator
import Testing

/// The simulator over the wire: TLS with HTTP/2 or HTTP/1.1 from `OktaSimulatorServer`, called
/// with libcurl (`HTTPClient`) trusting a test CA.
@Suite("Okta simulator: live over HTTPS")
struct OktaHTTPSTests {
    private func withServer(
        _ simulator: OktaSimulator, allowHTTP2: Bool, _ body: (_ base: String, _ client: HTTPClient) async throws -> Void
    ) async throws {
        try await withHTTPSSimulator(serverName: "okta", allowHTTP2: allowHTTP2) { tls, logger in
            try OktaSimulatorServer(simulator: simulator, tls: tls, logger: logger)
        } _: { _, port, client in
            #expect(simulator.orgURL == "https://127.0.0.1:\(port)")
            try await body("https://localhost:\(port)", client)
        }
    }

    private func send(_ client: HTTPClient, _ method: String, _ url: String, authorization: String) async throws -> HTTPResponse {
        var request = HTTPRequest(method: method, url: url)
        request.headers["Authorization"] = authorization
        request.headers["Accept"] = "application/json"
        return try await client.send(request)
    }

    @Test("get by login, search by e-mail, suspend, clear sessions, a 429: the same over HTTP/1.1 and HTTP/2", arguments: [false, true])
    func overTheWire(allowHTTP2: Bool) async throws {
        let simulator = OktaFixture.simulator()
        try await withServer(simulator, allowHTTP2: allowHTTP2) { base, client in
            let sswsNoSpace = "SSWS\(OktaFixture.manage)"
            let user = try await send(client, "GET", base + "/api/v1/users/ana.lima@northwind.test", authorization: sswsNoSpace)
            #expect(user.status == 200)
            #expect(user.httpVersion == (allowHTTP2 ? "2" : "1.1"))
            #expect(user.header("etag") != nil && user.header("x-okta-request-id") != nil)
            let object = try JSONSerialization.jsonObject(with: Data(user.body)) as? [String: Any]
            let links = object?["_links"] as? [String: [String: Any]]
            #expect((links?["self"]?["href"] as? String)?.hasPrefix(simulator.orgURL + "/api/v1/users/00u") == true)

            let search = FormDecoding.encode(#"profile.email eq "cara.novak@northwind.test""#)
            let found = try await send(
                client, "GET", base + "/api/v1/users?search=" + search, authorization: "Bearer \(OktaFixture.bearer)")
            let ids = (try JSONSerialization.jsonObject(with: Data(found.body)) as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == [OktaFixture.id("Cara")])

            let suspend = try await send(
                client, "POST", base + "/api/v1/users/\(OktaFixture.id("Ana"))/lifecycle/suspend", authorization: sswsNoSpace)
            #expect(suspend.status == 200 && suspend.body.isEmpty)
            let sessions = try await send(
                client, "DELETE", base + "/api/v1/users/\(OktaFixture.id("Ana"))/sessions?oauthTokens=true", authorization: sswsNoSpace)
            #expect(sessions.status == 204)

            simulator.setFaults([try OktaFault(parsing: "429=2s@nth:1")])
            let limited = try await send(client, "GET", base + "/api/v1/users/\(OktaFixture.id("Ana"))", authorization: sswsNoSpace)
            #expect(limited.status == 429)
            #expect(limited.header("x-rate-limit-reset") == String(OktaFixture.now + 2))
            #expect(limited.header("date") == HTTPDate.format(OktaFixture.now))
            #expect(limited.header("content-type") == "application/json")

            let inspection = try await send(client, "GET", base + "/_sim/inspect", authorization: "")
            let decoded = try JSONDecoder().decode(OktaSimulatorInspection.self, from: Data(inspection.body))
            #expect(decoded.user(OktaFixture.id("Ana"))?.status == .suspended)
            #expect(decoded.sessionClears.count == 1)
            #expect(decoded.calls.map(\.status) == [200, 200, 200, 204, 429])
        }
    }

    @Test("cleartext is refused off loopback")
    func plaintextOffLoopback() throws {
        var logger = Logger(label: "okta-simulator-https-test")
        logger.logLevel = .critical
        let server = try OktaSimulatorServer(simulator: OktaFixture.simulator(), host: "0.0.0.0", tls: nil, logger: logger)
        #expect(throws: OktaSimulatorServerError.self) { try server.start() }
    }
}
