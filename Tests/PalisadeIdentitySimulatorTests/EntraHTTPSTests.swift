import Foundation
import PalisadeHTTPClient
import PalisadeIdentitySimulator
import PalisadeJSON
import PalisadeSimulatorTestSupport
import Testing

/// The simulator over the wire: HTTPS from `EntraSimulatorServer`, called with libcurl
/// (`HTTPClient`) trusting a test CA, over HTTP/2 and over HTTP/1.1 (what msal and httpx speak).
@Suite("Entra simulator: live over HTTPS")
struct EntraHTTPSTests {
    typealias F = EntraFixture

    private func withServer(
        allowHTTP2: Bool, _ body: (_ base: String, _ client: HTTPClient, _ simulator: EntraSimulator) async throws -> Void
    )
        async throws
    {
        let simulator = EntraSimulator(
            configuration: EntraSimulatorConfiguration(
                directory: F.directory, tenantID: F.tenantID, apps: [F.app()], deltaPageSize: 3))
        try await withHTTPSSimulator(serverName: "entra", allowHTTP2: allowHTTP2) { tls, logger in
            try EntraSimulatorServer(simulator: simulator, tls: tls, logger: logger)
        } _: { server, port, client in
            #expect(server.baseURL == "https://127.0.0.1:\(port)")
            try await body("https://localhost:\(port)", client, simulator)
        }
    }

    private func send(
        _ client: HTTPClient, _ method: String, _ url: String, token: String? = nil, contentType: String = "application/json",
        body: String? = nil
    ) async throws -> (HTTPResponse, JSONElement?) {
        var request = HTTPRequest(url: url)
        request.method = method
        if let token { request.headers["Authorization"] = "Bearer \(token)" }
        if let body {
            request.body = Array(body.utf8)
            request.headers["Content-Type"] = contentType
        }
        let response = try await client.send(request)
        return (response, response.body.isEmpty ? nil : try? JSONElement.parse(response.body))
    }

    @Test("discovery, token and every Graph call over HTTP/2 and over HTTP/1.1", arguments: [true, false])
    func wholeFlow(http2: Bool) async throws {
        try await withServer(allowHTTP2: http2) { base, client, simulator in
            let (discovery, document) = try await send(client, "GET", "\(base)/\(F.tenantID)/v2.0/.well-known/openid-configuration")
            #expect(discovery.httpVersion == (http2 ? "2" : "1.1"))
            let tokenURL = try #require(document?["token_endpoint"]?.string)
            #expect(tokenURL == "\(base)/\(F.tenantID)/oauth2/v2.0/token")
            let form = "grant_type=client_credentials&client_id=\(F.clientID)&client_secret=\(F.secret)&scope=\(F.graphScope)"
            let (_, tokenJSON) = try await send(client, "POST", tokenURL, contentType: "application/x-www-form-urlencoded", body: form)
            let token = try #require(tokenJSON?["access_token"]?.string)

            let upn = F.adele.email.replacingOccurrences(of: "@", with: "%40")
            let (user, userJSON) = try await send(client, "GET", "\(base)/v1.0/users/\(upn)?$select=id,accountEnabled", token: token)
            #expect(user.status == 200)
            #expect(user.header("request-id") != nil && user.header("client-request-id") == user.header("request-id"))
            #expect(userJSON?["id"]?.string == F.adele.entraID)
            let (found, foundJSON) = try await send(
                client, "GET", "\(base)/v1.0/users?$filter=mail%20eq%20'\(F.adele.email)'", token: token)
            #expect(found.status == 200)
            #expect(foundJSON?["value"]?.text(in: found.body).contains(F.adele.entraID) == true)
            let (revoked, revokedJSON) = try await send(
                client, "POST", "\(base)/v1.0/users/\(F.adele.entraID)/revokeSignInSessions", token: token, body: "")
            #expect(revoked.status == 200)
            #expect(revokedJSON?["value"]?.text(in: revoked.body) == "true")
            let (patched, _) = try await send(
                client, "PATCH", "\(base)/v1.0/users/\(F.adele.entraID)", token: token, body: #"{"accountEnabled":false}"#)
            #expect(patched.status == 204)
            let (sent, _) = try await send(
                client, "POST", "\(base)/v1.0/users/palisade-alerts@contoso.test/sendMail", token: token, body: EntraMailTests.message)
            #expect(sent.status == 202)
            let (deleted, deletedJSON) = try await send(client, "GET", "\(base)/v1.0/directory/deletedItems/graph.user", token: token)
            #expect(deleted.status == 200)
            #expect(deletedJSON?["value"]?.text(in: deleted.body).contains(F.tom.entraID) == true)

            var next = "\(base)/v1.0/users/delta()?$select=id,accountEnabled"
            var seen = 0
            while true {
                let (page, pageJSON) = try await send(client, "GET", next, token: token)
                #expect(page.status == 200)
                if case .array(let items) = pageJSON?["value"]?.value { seen += items.count }
                if let link = pageJSON?["@odata.nextLink"]?.string {
                    #expect(link.hasPrefix(base + "/v1.0/users/delta?"))
                    next = link
                } else {
                    #expect(pageJSON?["@odata.deltaLink"]?.string?.hasPrefix(base + "/v1.0/users/delta?$deltatoken=") == true)
                    break
                }
            }
            #expect(seen == 9)

            let (inspect, _) = try await send(client, "GET", "\(base)/_sim/inspect")
            let report = try JSONDecoder().decode(EntraInspection.self, from: Data(inspect.body))
            #expect(report.mails.count == 1 && report.revocations.count == 1 && report.tokens.count == 1)
            #expect(F.user(F.adele.entraID, in: report)?.accountEnabled == false)
            #expect(report.calls.count >= 10)
            #expect(simulator.inspect().calls.count == report.calls.count)
        }
    }
}
