import PalisadeRPC

/// A Microsoft Graph error (identity.md §3.1): `{"error":{"code","message","innerError"}}` with
/// `Content-Type: application/json`, which is what makes msgraph-sdk raise an `ODataError`.
struct GraphError: Error, Sendable {
    /// The HTTP status.
    let status: Int
    /// The machine value clients branch on (`Request_ResourceNotFound`, …).
    let code: String
    /// Developer text.
    let message: String
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`, `Location`, …).
    var headers: [(name: String, value: String)] = []

    /// 404 for a user that does not exist or is soft-deleted (GI).
    static func notFound(_ id: String) -> GraphError {
        GraphError(
            status: 404, code: "Request_ResourceNotFound",
            message: "Resource '\(id)' does not exist or one of its queried reference-property objects are not present.")
    }

    /// 403 for a missing app role or an admin target (GI #5864).
    static let denied = GraphError(
        status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.")

    /// 400 `Request_BadRequest` with `message`.
    static func badRequest(_ message: String) -> GraphError {
        GraphError(status: 400, code: "Request_BadRequest", message: message)
    }

    /// 400 for a body that is not the JSON the call needs (Graph's own wording).
    static let unreadableBody = GraphError(
        status: 400, code: "BadRequest",
        message:
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."
    )

    /// 401 `InvalidAuthenticationToken` with Graph's `WWW-Authenticate` (GI, tdi #24).
    static func unauthenticated(_ message: String) -> GraphError {
        GraphError(
            status: 401, code: "InvalidAuthenticationToken", message: message,
            headers: [
                (
                    "www-authenticate",
                    #"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#
                )
            ])
    }

    /// 405 for a method the path does not take.
    static func methodNotAllowed(_ method: String) -> GraphError {
        GraphError(
            status: 405, code: "Request_BadRequest",
            message: "The request method '\(method)' is not supported for the requested resource.")
    }

    /// The response; `innerError` carries the request's ids and date (GI).
    func response(_ context: RequestContext) -> HTTPServerResponse {
        var inner: [(String, GraphJSON)] = [
            ("date", .string(SimTime.innerErrorDate(context.now))),
            ("request-id", .string(context.requestID)),
            ("client-request-id", .string(context.clientRequestID)),
        ]
        if status == 429 {
            // THR's sample nests the status and a short message as well.
            inner = [("code", .string("429")), ("message", .string("Please retry after")), ("status", .string("429"))] + inner
        }
        let body = GraphJSON.object([
            ("error", .object([("code", .string(code)), ("message", .string(message)), ("innerError", .object(inner))]))
        ])
        return HTTPServerResponse(status: status, contentType: "application/json", body: body.bytes, headers: headers)
    }
}
