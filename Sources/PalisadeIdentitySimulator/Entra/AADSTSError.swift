import PalisadeRPC

/// A token-endpoint error (identity.md §1.3): `error`, an `error_description` that starts with
/// `AADSTSnnnn:` and ends with the trace id, correlation id and timestamp, `error_codes`,
/// `timestamp`, `trace_id`, `correlation_id` and `error_uri`.
struct AADSTSError: Error, Sendable {
    /// The HTTP status (400 or 401).
    let status: Int
    /// The OAuth error string (`invalid_client`, `invalid_scope`, …).
    let error: String
    /// The AADSTS number.
    let code: Int
    /// The text after `AADSTSnnnn: `.
    let message: String

    /// 401 [7000215]: the secret does not match any of the app's.
    static func wrongSecret(_ clientID: String) -> AADSTSError {
        AADSTSError(
            status: 401, error: "invalid_client", code: 7_000_215,
            message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
                + "not the client secret ID, for a secret added to app '\(clientID)'.")
    }

    /// 401 [7000222]: the secret matches one that has expired.
    static func expiredSecret(_ clientID: String) -> AADSTSError {
        AADSTSError(
            status: 401, error: "invalid_client", code: 7_000_222,
            message: "The provided client secret keys for app '\(clientID)' are expired. Visit the Azure portal to create "
                + "new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for "
                + "added security: https://aka.ms/certCreds.")
    }

    /// 400 [90002]: no such tenant (`invalid_tenant`, the newer form).
    static func unknownTenant(_ tenant: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "invalid_tenant", code: 90002,
            message: "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into "
                + "the correct cloud. Check with your subscription administrator, this may happen if there are no active "
                + "subscriptions for the tenant.")
    }

    /// 400 [700016]: no such app in the tenant.
    static func unknownClient(_ clientID: String, tenant: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "unauthorized_client", code: 700_016,
            message: "Application with identifier '\(clientID)' was not found in the directory '\(tenant)'. This can happen "
                + "if the application has not been installed by the administrator of the tenant or consented to by any "
                + "user in the tenant. You may have sent your authentication request to the wrong tenant.")
    }

    /// 400 [70011]: a scope that is not one resource's `/.default`.
    static func invalidScope(_ scope: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "invalid_scope", code: 70011,
            message: "The provided value for the input parameter 'scope' is not valid. The scope \(scope) is not valid.")
    }

    /// 400 [7000216]: neither a secret nor an assertion (the status is not documented).
    static let missingCredential = AADSTSError(
        status: 400, error: "invalid_client", code: 7_000_216,
        message: "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")

    /// 400 [900144]: a required form field is missing.
    static func missingParameter(_ name: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "invalid_request", code: 900_144,
            message: "The request body must contain the following parameter: '\(name)'.")
    }

    /// 400 [70003]: a grant other than client credentials.
    static func unsupportedGrant(_ grant: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "unsupported_grant_type", code: 70003,
            message: "The app requested an unsupported grant type '\(grant)'.")
    }

    /// 400 [900561]: the token endpoint takes POST only.
    static func postOnly(_ method: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "invalid_request", code: 900_561,
            message: "The endpoint only accepts POST requests. Received a \(method) request.")
    }

    /// 400 [50027]: a client assertion that is not a JWT at all.
    static func malformedAssertion(_ why: String) -> AADSTSError {
        AADSTSError(
            status: 400, error: "invalid_request", code: 50027,
            message: "JWT token is invalid or malformed. [Reason - \(why)]")
    }

    /// 401 [700027]: the assertion's signature, key or audience does not check out.
    static func invalidAssertion(_ why: String) -> AADSTSError {
        AADSTSError(
            status: 401, error: "invalid_client", code: 700_027,
            message: "Client assertion failed signature validation. [Reason - \(why)]")
    }

    /// 401 [700024]: the assertion has expired or is not valid yet.
    static func assertionTime(now: Int64, notBefore: Int64?, expires: Int64?) -> AADSTSError {
        let from = notBefore.map(SimTime.sts) ?? "(none)"
        let until = expires.map(SimTime.sts) ?? "(none)"
        return AADSTSError(
            status: 401, error: "invalid_client", code: 700_024,
            message: "Client assertion is not within its valid time range. Current time: \(SimTime.sts(now)), "
                + "assertion valid from \(from), expiry time of assertion \(until).")
    }

    /// 401 [700021]: the assertion's issuer or subject is not the client id.
    static func assertionSubject(_ clientID: String) -> AADSTSError {
        AADSTSError(
            status: 401, error: "invalid_client", code: 700_021,
            message: "Client assertion application identifier doesn't match 'client_id' parameter '\(clientID)'. "
                + "The assertion's 'iss' and 'sub' must both be the client id.")
    }

    /// The response, with the request's ids as trace and correlation ids.
    func response(_ context: RequestContext) -> HTTPServerResponse {
        let stamp = SimTime.sts(context.now)
        let description =
            "AADSTS\(code): \(message)\r\nTrace ID: \(context.requestID)\r\nCorrelation ID: \(context.clientRequestID)"
            + "\r\nTimestamp: \(stamp)"
        let body = GraphJSON.object([
            ("error", .string(error)),
            ("error_description", .string(description)),
            ("error_codes", .array([.int(Int64(code))])),
            ("timestamp", .string(stamp)),
            ("trace_id", .string(context.requestID)),
            ("correlation_id", .string(context.clientRequestID)),
            ("error_uri", .string("https://login.microsoftonline.com/error?code=\(code)")),
        ])
        return HTTPServerResponse(status: status, contentType: "application/json; charset=utf-8", body: body.bytes)
    }
}
