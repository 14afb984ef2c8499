import Foundation
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeWire
import Testing

@testable import IdentityCore

/// How Graph's and the token endpoint's answers become failures and users, without a server.
@Suite struct GraphMappingTests {
    private func response(_ status: Int, _ body: String, type: String = "application/json", requestID: String = "rid-1") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": type, "request-id": requestID], body: Array(body.utf8))
    }

    @Test(arguments: [
        (
            404, #"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist"}}"#, StatusCode.notFound,
            "Request_ResourceNotFound"
        ),
        (
            403,
            #"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"inner-9"}}}"#,
            .failedPrecondition, "Authorization_RequestDenied"
        ),
        (
            401, #"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}"#,
            .failedPrecondition, "InvalidAuthenticationToken"
        ),
        (400, #"{"error":{"code":"Request_BadRequest","message":"Invalid filter clause"}}"#, .failedPrecondition, "Request_BadRequest"),
        (500, #"{"error":{"code":"generalException","message":"boom"}}"#, .unavailable, "generalException"),
    ])
    func graphErrorsAreClassified(status: Int, body: String, code: StatusCode, providerError: String) {
        let failure = GraphClient.failure(response(status, body), request: "GET /users/x")
        #expect(failure.status == code)
        #expect(failure.providerError == providerError)
        #expect(failure.providerRequestID == (body.contains("inner-9") ? "inner-9" : "rid-1"))
    }

    @Test func htmlOrGarbageIsUnavailableNotFinal() {
        for (status, body, type) in [(502, "<html><body>Bad gateway</body></html>", "text/html"), (403, "{\"error\":", "application/json")]
        {
            let failure = GraphClient.failure(response(status, body, type: type), request: "PATCH /users/x")
            #expect(failure.status == .unavailable, "\(status) \(body)")
            #expect(!failure.isFinal && failure.providerRequestID == "rid-1")
        }
    }

    @Test func aadstsErrorsNameTheFix() {
        let expired =
            #"{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app 'a' are expired.\r\nTrace ID: t-1\r\nCorrelation ID: c-1","error_codes":[7000222],"trace_id":"t-1"}"#
        let failure = EntraTokenSource.failure(response(401, expired), requestID: nil)
        #expect(failure.status == .failedPrecondition && failure.providerError == "AADSTS7000222" && failure.providerRequestID == "t-1")
        #expect(failure.message.contains("expired") && failure.message.contains("entra.clientSecretFile"))
        #expect(!failure.message.contains("Trace ID"))
        let garbage = EntraTokenSource.failure(response(503, "<html>down</html>", type: "text/html"), requestID: "x")
        #expect(garbage.status == .unavailable)
    }

    @Test func addressesPickTheLiveUserAndRefuseTwo() throws {
        let old = DirectoryCopy.Entry(
            id: "1", upn: "ana@a.test", mail: "ana@a.test", displayName: "Ana", enabled: false, deleted: Date(timeIntervalSince1970: 10))
        let new = DirectoryCopy.Entry(id: "2", upn: "ana2@a.test", mail: "ana@a.test", displayName: "Ana", enabled: true, deleted: nil)
        #expect(try EntraProvider.pick([old, new], address: "ana@a.test")?.id == "2")
        #expect(try EntraProvider.pick([old], address: "ana@a.test")?.id == "1")
        #expect(try EntraProvider.pick([], address: "ana@a.test") == nil)
        let twin = DirectoryCopy.Entry(id: "3", upn: "x@a.test", mail: "ana@a.test", displayName: "Ana B", enabled: true, deleted: nil)
        let error = #expect(throws: IdentityFailure.self) { try EntraProvider.pick([new, twin], address: "ana@a.test") }
        #expect(error?.status == .failedPrecondition)
    }

    @Test func deltaItemsMergeOverWhatWasKnown() throws {
        let known = DirectoryCopy.Entry(id: "1", upn: "ana@a.test", mail: "ana@a.test", displayName: "Ana", enabled: true, deleted: nil)
        let minimal = try JSONDecoder().decode(GraphUser.self, from: Data(#"{"id":"1","accountEnabled":false}"#.utf8))
        let merged = DirectorySync.merge(minimal, into: known)
        #expect(
            merged == DirectoryCopy.Entry(id: "1", upn: "ana@a.test", mail: "ana@a.test", displayName: "Ana", enabled: false, deleted: nil))
        let removed = try JSONDecoder().decode(GraphUser.self, from: Data(#"{"id":"2","@removed":{"reason":"deleted"}}"#.utf8))
        #expect(removed.removed?.reason == "deleted")
        #expect(ProviderDate.parse("2021-10-26T16:56:36Z") == Date(timeIntervalSince1970: 1_635_267_396))
        #expect(ProviderDate.parse("2021-10-26T16:56:36.5Z") == Date(timeIntervalSince1970: 1_635_267_396.5))
    }

    @Test func urlPartsAreEscaped() {
        #expect(URLEscaping.segment("ana@a.test") == "ana@a.test")
        #expect(URLEscaping.segment("a/b?c#d") == "a%2Fb%3Fc%23d")
        #expect(URLEscaping.value("mail eq 'o''neil@a.test'") == "mail%20eq%20%27o%27%27neil%40a.test%27")
        #expect(URLEscaping.value("a b+c/=&") == "a%20b%2Bc%2F%3D%26")
    }
}
