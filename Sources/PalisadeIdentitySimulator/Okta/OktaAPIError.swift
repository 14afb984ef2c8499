import Foundation
import PalisadeRPC

/// An Okta API failure, answered as Okta does (identity.md §4.6): the HTTP status and
/// `{"errorCode", "errorSummary", "errorLink", "errorId", "errorCauses"}` as `application/json`.
struct OktaAPIError: Error, Sendable, Equatable {
    let status: Int
    let code: String
    let summary: String
    var causes: [String] = []
    /// Extra response headers (`WWW-Authenticate` for a refused access token).
    var headers: [Header] = []

    struct Header: Sendable, Equatable {
        let name: String
        let value: String
    }

    private struct Body: Encodable {
        struct Cause: Encodable { let errorSummary: String }
        let errorCode: String
        let errorSummary: String
        let errorLink: String
        let errorId: String
        let errorCauses: [Cause]
    }

    /// The answer; `errorID` is Okta's support id for this occurrence.
    func response(errorID: String) -> HTTPServerResponse {
        let body = Body(
            errorCode: code, errorSummary: summary, errorLink: code, errorId: errorID,
            errorCauses: causes.map { Body.Cause(errorSummary: $0) })
        // Encoding strings into a fixed structure cannot fail.
        let bytes = (try? OktaUserDocument.encoder().encode(body)).map { Array($0) } ?? []
        return HTTPServerResponse(
            status: status, contentType: OktaSimulator.jsonContentType, body: bytes,
            headers: headers.map { (name: $0.name, value: $0.value) })
    }

    // MARK: The errors the simulator answers

    /// 401 E0000011: no credential, an unknown or revoked one.
    static func invalidToken(bearer: Bool) -> OktaAPIError {
        var error = OktaAPIError(status: 401, code: "E0000011", summary: "Invalid token provided")
        if bearer {
            error.headers = [
                Header(
                    name: "www-authenticate",
                    value:
                        #"Bearer authorization_uri="", realm="IdpError", error="invalid_token", error_description="The token is not valid.""#
                )
            ]
        }
        return error
    }

    /// 403 E0000006: the credential lacks the scope (or the admin the permission).
    static func forbidden(scope: OktaScope, bearer: Bool) -> OktaAPIError {
        var error = OktaAPIError(status: 403, code: "E0000006", summary: "You do not have permission to perform the requested action")
        if bearer {
            error.headers = [
                Header(
                    name: "www-authenticate",
                    value:
                        #"Bearer authorization_uri="", realm="IdpError", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users", scope="\#(scope.rawValue)""#
                )
            ]
        }
        return error
    }

    /// 404 E0000007: no such user (or path).
    static func notFound(_ what: String, kind: String = "User") -> OktaAPIError {
        OktaAPIError(status: 404, code: "E0000007", summary: "Not found: Resource not found: \(what) (\(kind))")
    }

    /// 400 E0000001: a precondition failed (e.g. suspending a user who is not active).
    static func validation(_ operation: String, _ cause: String) -> OktaAPIError {
        OktaAPIError(status: 400, code: "E0000001", summary: "Api validation failed: \(operation)", causes: [cause])
    }

    /// 403 E0000038: the operation does not apply to the user's status (reactivate's wording).
    static func notAllowedInStatus() -> OktaAPIError {
        OktaAPIError(status: 403, code: "E0000038", summary: "This operation is not allowed in the user's current status.")
    }

    /// 403 E0000016: activating a user who is already active.
    static func alreadyActive() -> OktaAPIError {
        OktaAPIError(status: 403, code: "E0000016", summary: "Activation failed because the user is already active")
    }

    /// 429 E0000047: over the rate limit.
    static let rateLimited = OktaAPIError(
        status: 429, code: "E0000047", summary: "API call exceeded rate limit due to too many requests.")

    /// 400 E0000031: a `search` or `filter` expression that does not parse.
    static func invalidSearch(_ cause: String) -> OktaAPIError {
        OktaAPIError(status: 400, code: "E0000031", summary: "Invalid search criteria.", causes: [cause])
    }

    /// 405 E0000022: the path exists, not with this method.
    static let methodNotAllowed = OktaAPIError(
        status: 405, code: "E0000022", summary: "The endpoint does not support the provided HTTP method")

    /// 400 E0000003: a request body that is not the JSON expected.
    static func malformedBody(_ cause: String) -> OktaAPIError {
        OktaAPIError(status: 400, code: "E0000003", summary: "The request body was not well-formed.", causes: [cause])
    }

    /// 5xx E0000009: an injected server failure.
    static func serverError(_ status: Int) -> OktaAPIError {
        OktaAPIError(status: status, code: "E0000009", summary: "Internal Server Error")
    }
}
