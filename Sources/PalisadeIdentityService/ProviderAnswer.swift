import Foundation

/// A provider's answer that is not an error (Graph, Okta): its status, body and request id, and
/// the body read as JSON — or `UNAVAILABLE` when it is not the API's JSON (an HTML page, cut-off
/// JSON), which asked again may well be.
public struct ProviderAnswer: Sendable {
    /// The provider's name for messages (`Microsoft Graph`, `Okta`).
    public let provider: String
    /// The HTTP status.
    public let status: Int
    /// The body.
    public let body: [UInt8]
    /// The provider's id of the request.
    public let requestID: String

    /// Makes an answer.
    public init(provider: String, status: Int, body: [UInt8], requestID: String) {
        self.provider = provider
        self.status = status
        self.body = body
        self.requestID = requestID
    }

    /// The body as `T`; `what` names it for the message (`a delta page`).
    public func decode<T: Decodable>(_ type: T.Type, what: String) throws(IdentityFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw IdentityFailure(
                .unavailable, "\(provider) answered \(what) with something that is not its JSON (HTTP \(status))",
                providerRequestID: requestID)
        }
    }
}
