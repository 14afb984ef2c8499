import Foundation
import PalisadeIdentitySimulator
import PalisadeJSON
import PalisadeTLS
import Testing

@Suite("Entra simulator: discovery and the token endpoint")
struct EntraTokenTests {
    typealias F = EntraFixture

    @Test("discovery by tenant id or domain gives absolute endpoints on the caller's host with the tenant id")
    func discovery() async throws {
        let simulator = F.simulator()
        for tenant in [F.tenantID, F.domain] {
            let reply = await F.call(
                simulator, "GET", "/\(tenant)/v2.0/.well-known/openid-configuration", headers: [("host", "127.0.0.1:9443")])
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["token_endpoint"]?.string == "https://127.0.0.1:9443/\(F.tenantID)/oauth2/v2.0/token")
            #expect(json["authorization_endpoint"]?.string == "https://127.0.0.1:9443/\(F.tenantID)/oauth2/v2.0/authorize")
        }
        let unknown = await F.call(simulator, "GET", "/nowhere.test/v2.0/.well-known/openid-configuration")
        #expect(unknown.status == 400)
        #expect(try unknown.json()["error"]?.string == "invalid_tenant")
        let instance = await F.call(simulator, "GET", "/common/discovery/instance?api-version=1.1", headers: [("host", "h:1")])
        #expect(try instance.json()["tenant_discovery_endpoint"]?.string == "https://h:1/{tenant}/v2.0/.well-known/openid-configuration")
    }

    @Test("a secret in the form or in HTTP Basic gets a bearer token with Entra's fields")
    func secretAndBasic() async throws {
        let simulator = F.simulator()
        let form = await F.tokenRequest(
            simulator, "grant_type=client_credentials&client_id=\(F.clientID)&client_secret=\(F.secret)&scope=\(F.graphScope)&client_info=1"
        )
        #expect(form.status == 200)
        let json = try form.json()
        #expect(json["token_type"]?.string == "Bearer")
        #expect(json["expires_in"]?.text(in: form.body) == "3599")
        #expect(json["ext_expires_in"]?.text(in: form.body) == "3599")
        #expect(json["access_token"]?.string?.split(separator: ".").count == 3)
        #expect(json["refresh_token"] == nil)
        let basic = Data("\(F.clientID):\(F.secret)".utf8).base64EncodedString()
        let viaBasic = await F.tokenRequest(
            simulator, "grant_type=client_credentials&scope=\(F.graphScope)", headers: [("authorization", "Basic " + basic)])
        #expect(viaBasic.status == 200)
        let tokens = simulator.inspect().tokens
        #expect(tokens.map(\.credential) == ["secret", "basic"])
        #expect(tokens[0].expires == F.now + 3599)
    }

    @Test(
        "every AADSTS error has Entra's shape and status",
        arguments: [
            ("client_id=\(EntraFixture.clientID)&client_secret=wrong", 401, "invalid_client", 7_000_215, "/\(EntraFixture.tenantID)"),
            ("client_id=\(EntraFixture.clientID)&client_secret=old-secret", 401, "invalid_client", 7_000_222, "/\(EntraFixture.tenantID)"),
            ("client_id=\(EntraFixture.clientID)&client_secret=x", 400, "invalid_tenant", 90002, "/other.test"),
            (
                "client_id=99999999-0000-4000-8000-000000000000&client_secret=x", 400, "unauthorized_client", 700_016,
                "/\(EntraFixture.tenantID)"
            ),
            ("client_id=\(EntraFixture.clientID)", 400, "invalid_client", 7_000_216, "/\(EntraFixture.tenantID)"),
        ])
    func errors(form: String, status: Int, error: String, code: Int, tenant: String) async throws {
        let simulator = F.simulator()
        let reply = await F.call(
            simulator, "POST", tenant + "/oauth2/v2.0/token", headers: [("client-request-id", "corr-1")],
            body: "grant_type=client_credentials&scope=\(F.graphScope)&" + form)
        try Self.expectAADSTS(reply, status: status, error: error, code: code)
        #expect(try reply.json()["correlation_id"]?.string == "corr-1")
    }

    @Test("a scope that is not Graph's /.default, a missing field and another grant are refused")
    func requestErrors() async throws {
        let simulator = F.simulator()
        let base = "client_id=\(F.clientID)&client_secret=\(F.secret)"
        try Self.expectAADSTS(
            await F.tokenRequest(simulator, "grant_type=client_credentials&\(base)&scope=https%3A%2F%2Ffoo.microsoft.com%2F.default"),
            status: 400, error: "invalid_scope", code: 70011)
        try Self.expectAADSTS(
            await F.tokenRequest(simulator, "grant_type=client_credentials&\(base)&scope=User.Read"),
            status: 400, error: "invalid_scope", code: 70011)
        try Self.expectAADSTS(
            await F.tokenRequest(simulator, "grant_type=client_credentials&\(base)"), status: 400, error: "invalid_request",
            code: 900_144)
        try Self.expectAADSTS(
            await F.tokenRequest(simulator, "grant_type=password&\(base)&scope=\(F.graphScope)"), status: 400,
            error: "unsupported_grant_type", code: 70003)
        try Self.expectAADSTS(
            await F.call(simulator, "GET", F.tokenPath), status: 400, error: "invalid_request", code: 900_561)
        try Self.expectAADSTS(
            await F.tokenRequest(simulator, "grant_type=client_credentials&%zz"), status: 400, error: "invalid_request",
            code: 900_144)
    }

    @Test("a certificate assertion signed with the app's key gets a token; forged, foreign, stale or misaddressed ones do not")
    func certificateAssertion() async throws {
        let identity = try CertificateAuthority.createSelfSignedRSA(commonName: "app", validity: .seconds(86_400))
        let simulator = F.simulator(app: F.app(certificatePEM: identity.certificatePEM))
        let key = try RSASigningKey(.pem(identity.privateKeyPEM))
        let certificate = try SigningCertificate(.pem(identity.certificatePEM))
        let audience = "https://127.0.0.1:9443/\(F.tenantID)/oauth2/v2.0/token"
        func request(_ assertion: String) async -> EntraFixture.Reply {
            await F.tokenRequest(
                simulator,
                "grant_type=client_credentials&client_id=\(F.clientID)&scope=\(F.graphScope)"
                    + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                    + "&client_assertion=\(assertion)")
        }
        let good = try EntraClientAssertion.make(
            clientID: F.clientID, audience: audience, key: key, certificate: certificate, now: F.now)
        #expect(await request(good).status == 200)
        let sha1 = try EntraClientAssertion.make(
            clientID: F.clientID, audience: audience, key: key, certificate: certificate, now: F.now, sha1: true)
        #expect(await request(sha1).status == 200)
        let pss = try EntraClientAssertion.make(
            clientID: F.clientID, audience: audience, key: key, certificate: certificate, now: F.now, algorithm: .ps256)
        #expect(await request(pss).status == 200)
        // msal pads its base64url thumbprints ("…=").
        let padded = try Self.withHeader(
            good,
            #"{"alg":"RS256","typ":"JWT","x5t":"\#(Data(certificate.sha1Thumbprint).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))"}"#,
            key: key)
        #expect(await request(padded).status == 200)
        #expect(simulator.inspect().tokens.map(\.credential) == ["certificate", "certificate", "certificate", "certificate"])
        let none = try Self.withHeader(good, #"{"alg":"none","x5t":"x"}"#, key: key)
        try Self.expectAADSTS(await request(none), status: 401, error: "invalid_client", code: 700_027)

        // The same header and claims with a signature from another key.
        let other = try CertificateAuthority.createSelfSignedRSA(commonName: "mallory", validity: .seconds(86_400))
        let parts = good.split(separator: ".")
        let forgedSignature = try RSASigningKey(.pem(other.privateKeyPEM)).signRS256(Array("\(parts[0]).\(parts[1])".utf8))
        let forged =
            "\(parts[0]).\(parts[1])."
            + Data(forgedSignature).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        try Self.expectAADSTS(await request(forged), status: 401, error: "invalid_client", code: 700_027)
        // Signed by another certificate altogether (its thumbprint is unknown).
        let foreign = try EntraClientAssertion.make(
            clientID: F.clientID, audience: audience, key: RSASigningKey(.pem(other.privateKeyPEM)),
            certificate: SigningCertificate(.pem(other.certificatePEM)), now: F.now)
        try Self.expectAADSTS(await request(foreign), status: 401, error: "invalid_client", code: 700_027)
        let stale = try EntraClientAssertion.make(
            clientID: F.clientID, audience: audience, key: key, certificate: certificate, now: F.now - 7200)
        try Self.expectAADSTS(await request(stale), status: 401, error: "invalid_client", code: 700_024)
        let elsewhere = try EntraClientAssertion.make(
            clientID: F.clientID, audience: "https://127.0.0.1:9443/other/oauth2/v2.0/token", key: key,
            certificate: certificate, now: F.now)
        try Self.expectAADSTS(await request(elsewhere), status: 401, error: "invalid_client", code: 700_027)
        let wrongIssuer = try EntraClientAssertion.make(
            clientID: "someone-else", audience: audience, key: key, certificate: certificate, now: F.now)
        try Self.expectAADSTS(await request(wrongIssuer), status: 401, error: "invalid_client", code: 700_021)
        try Self.expectAADSTS(await request("not.a.jwt%21"), status: 400, error: "invalid_request", code: 50027)
        // An app without a certificate refuses every assertion.
        let plain = F.simulator()
        let reply = await F.tokenRequest(
            plain,
            "grant_type=client_credentials&client_id=\(F.clientID)&scope=\(F.graphScope)"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=\(good)")
        try Self.expectAADSTS(reply, status: 401, error: "invalid_client", code: 700_027)
    }

    @Test("an expired secret at run time answers 7000222, and the token lifetime follows the clock")
    func expireSecretAtRunTime() async throws {
        let simulator = F.simulator()
        #expect(simulator.expireSecrets(clientID: F.clientID))
        #expect(!simulator.expireSecrets(clientID: "nobody"))
        try Self.expectAADSTS(
            await F.tokenRequest(
                simulator, "grant_type=client_credentials&client_id=\(F.clientID)&client_secret=\(F.secret)&scope=\(F.graphScope)"),
            status: 401, error: "invalid_client", code: 7_000_222)
    }

    /// `assertion` with another header, signed again (RS256) by `key`.
    static func withHeader(_ assertion: String, _ header: String, key: RSASigningKey) throws -> String {
        func base64URL(_ bytes: [UInt8]) -> String {
            Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let claims = assertion.split(separator: ".")[1]
        let input = base64URL(Array(header.utf8)) + "." + claims
        return input + "." + base64URL(try key.signRS256(Array(input.utf8)))
    }

    static func expectAADSTS(_ reply: EntraFixture.Reply, status: Int, error: String, code: Int) throws {
        #expect(reply.status == status, "\(reply.text)")
        let json = try reply.json()
        #expect(json["error"]?.string == error)
        #expect(json["error_codes"]?.text(in: reply.body) == "[\(code)]")
        let description = try #require(json["error_description"]?.string)
        let traceID = try #require(json["trace_id"]?.string)
        let correlationID = try #require(json["correlation_id"]?.string)
        let timestamp = try #require(json["timestamp"]?.string)
        #expect(description.hasPrefix("AADSTS\(code): "))
        #expect(description.hasSuffix("\r\nTrace ID: \(traceID)\r\nCorrelation ID: \(correlationID)\r\nTimestamp: \(timestamp)"))
        #expect(timestamp == "2026-09-21 14:13:20Z")
        #expect(json["error_uri"]?.string == "https://login.microsoftonline.com/error?code=\(code)")
        #expect(reply.header("request-id") == traceID)
    }
}
