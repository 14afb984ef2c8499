import Foundation
import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

extension EntraSimulator {
    /// The tenant id when `tenant` (a GUID or domain from the path) names this tenant.
    func knownTenant(_ tenant: String) -> Bool {
        tenant.lowercased() == configuration.tenantID.lowercased()
            || tenant.lowercased() == configuration.tenantDomain.lowercased()
    }

    /// `GET /{tenant}/v2.0/.well-known/openid-configuration`: absolute URLs on the simulator's
    /// own host, with the tenant id in the token endpoint's path (msal reads it from there).
    func discovery(_ tenant: String, _ context: RequestContext) -> HTTPServerResponse {
        guard context.request.method == "GET" || context.request.method == "HEAD" else {
            return GraphError.methodNotAllowed(context.request.method).response(context)
        }
        guard knownTenant(tenant) else { return AADSTSError.unknownTenant(tenant).response(context) }
        let root = context.baseURL + "/" + configuration.tenantID
        let document = GraphJSON.object([
            ("token_endpoint", .string(root + "/oauth2/v2.0/token")),
            (
                "token_endpoint_auth_methods_supported",
                .array(["client_secret_post", "private_key_jwt", "client_secret_basic"].map(GraphJSON.string))
            ),
            ("jwks_uri", .string(root + "/discovery/v2.0/keys")),
            ("response_modes_supported", .array(["query", "fragment", "form_post"].map(GraphJSON.string))),
            ("subject_types_supported", .array([.string("pairwise")])),
            ("id_token_signing_alg_values_supported", .array([.string("RS256")])),
            ("response_types_supported", .array(["code", "id_token", "code id_token", "id_token token"].map(GraphJSON.string))),
            ("scopes_supported", .array(["openid", "profile", "email", "offline_access"].map(GraphJSON.string))),
            ("issuer", .string(root + "/v2.0")),
            ("request_uri_parameter_supported", .bool(false)),
            ("authorization_endpoint", .string(root + "/oauth2/v2.0/authorize")),
            ("device_authorization_endpoint", .string(root + "/oauth2/v2.0/devicecode")),
            ("end_session_endpoint", .string(root + "/oauth2/v2.0/logout")),
            ("tenant_region_scope", .string("EU")),
            ("cloud_instance_name", .string("microsoftonline.com")),
            ("msgraph_host", .string("graph.microsoft.com")),
        ])
        return HTTPServerResponse(status: 200, contentType: "application/json; charset=utf-8", body: document.bytes)
    }

    /// `GET /common/discovery/instance`: this host is its own (only) alias.
    func instanceDiscovery(_ context: RequestContext) -> HTTPServerResponse {
        let host = String(context.baseURL.drop { $0 != "/" }.dropFirst(2))
        let document = GraphJSON.object([
            ("tenant_discovery_endpoint", .string(context.baseURL + "/{tenant}/v2.0/.well-known/openid-configuration")),
            ("api-version", .string("1.1")),
            (
                "metadata",
                .array([
                    .object([
                        ("preferred_network", .string(host)), ("preferred_cache", .string(host)),
                        ("aliases", .array([.string(host)])),
                    ])
                ])
            ),
        ])
        return HTTPServerResponse(status: 200, contentType: "application/json; charset=utf-8", body: document.bytes)
    }

    /// `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant (identity.md §1).
    func token(_ tenant: String, _ context: RequestContext) -> HTTPServerResponse {
        do throws(AADSTSError) {
            return try issueToken(tenant, context)
        } catch {
            return error.response(context)
        }
    }

    private func issueToken(_ tenant: String, _ context: RequestContext) throws(AADSTSError) -> HTTPServerResponse {
        let request = context.request
        guard request.method == "POST" else { throw .postOnly(request.method) }
        guard knownTenant(tenant) else { throw .unknownTenant(tenant) }
        guard let text = String(validating: request.body, as: UTF8.self),
            let form = try? FormDecoding.fields(text[...])
        else { throw .missingParameter("grant_type") }
        let basic = Self.basicCredentials(request)
        guard let grant = form["grant_type"], !grant.isEmpty else { throw .missingParameter("grant_type") }
        guard grant == "client_credentials" else { throw .unsupportedGrant(grant) }
        guard let clientID = basic?.id ?? form["client_id"], !clientID.isEmpty else {
            throw .missingParameter("client_id")
        }
        guard let app = state.withLock({ $0.apps[clientID.lowercased()] }) else {
            throw .unknownClient(clientID, tenant: tenant)
        }
        guard let scope = form["scope"], !scope.isEmpty else { throw .missingParameter("scope") }
        for item in scope.split(separator: " ") where !Self.graphDefaultScopes.contains(item.lowercased()) {
            throw .invalidScope(String(item))
        }
        let credential: String
        if let secret = basic?.secret ?? form["client_secret"] {
            try checkSecret(secret, app: app, now: context.now)
            credential = basic != nil ? "basic" : "secret"
        } else if let assertion = form["client_assertion"] {
            let type = form["client_assertion_type"] ?? ""
            guard type == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
                throw .missingParameter("client_assertion_type")
            }
            try ClientAssertion.verify(
                assertion, app: app, now: context.now,
                audiences: [configuration.tenantID, configuration.tenantDomain, tenant])
            credential = "certificate"
        } else {
            throw .missingCredential
        }
        let lifetime = max(1, configuration.accessTokenLifetime)
        let token = mintToken(app: app, credential: credential, now: context.now, lifetime: lifetime)
        let body = GraphJSON.object([
            ("token_type", .string("Bearer")),
            ("expires_in", .int(lifetime)),
            ("ext_expires_in", .int(lifetime)),
            ("access_token", .string(token)),
        ])
        return HTTPServerResponse(status: 200, contentType: "application/json; charset=utf-8", body: body.bytes)
    }

    /// `https://graph.microsoft.com/.default` and its spellings by app id.
    static let graphDefaultScopes: Set<String> = [
        "https://graph.microsoft.com/.default", "https://graph.microsoft.com//.default",
        "00000003-0000-0000-c000-000000000000/.default",
    ]

    private func checkSecret(_ secret: String, app: EntraApp, now: Int64) throws(AADSTSError) {
        let matching = app.secrets.filter { $0.value == secret }
        guard !matching.isEmpty else { throw .wrongSecret(app.clientID) }
        guard matching.contains(where: { ($0.expires ?? .max) > now }) else { throw .expiredSecret(app.clientID) }
    }

    /// A JWT-shaped access token (header, claims like Entra's, an unverifiable signature) that
    /// the simulator remembers; Graph calls must present one it issued.
    private func mintToken(app: EntraApp, credential: String, now: Int64, lifetime: Int64) -> String {
        state.withLock { state in
            let id = state.guid()
            let header = GraphJSON.object([("typ", .string("JWT")), ("alg", .string("RS256")), ("kid", .string("sim"))])
            let claims = GraphJSON.object([
                ("aud", .string("https://graph.microsoft.com")),
                ("iss", .string("https://sts.windows.net/\(configuration.tenantID)/")),
                ("iat", .int(now)), ("nbf", .int(now)), ("exp", .int(now + lifetime)),
                ("app_displayname", .string(app.displayName)), ("appid", .string(app.clientID)),
                ("idtyp", .string("app")), ("roles", .array(app.roles.sorted().map(GraphJSON.string))),
                ("tid", .string(configuration.tenantID)), ("uti", .string(id)), ("ver", .string("1.0")),
            ])
            let token =
                Base64URL.encode(header.bytes) + "." + Base64URL.encode(claims.bytes) + "."
                + Base64URL.encode(Array(state.random.hex(64).utf8))
            state.tokens.append(
                EntraInspection.Token(clientID: app.clientID, credential: credential, issued: now, expires: now + lifetime))
            state.issued[token] = EntraState.IssuedToken(
                clientID: app.clientID, expires: now + lifetime, record: state.tokens.count - 1)
            return token
        }
    }

    /// `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1).
    static func basicCredentials(_ request: HTTPServerRequest) -> (id: String, secret: String)? {
        guard let header = request.header("authorization") else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
            let text = String(validating: Array(data), as: UTF8.self), let colon = text.firstIndex(of: ":"),
            let id = try? FormDecoding.decode(text[..<colon]),
            let secret = try? FormDecoding.decode(text[text.index(after: colon)...])
        else { return nil }
        return (id, secret)
    }
}
