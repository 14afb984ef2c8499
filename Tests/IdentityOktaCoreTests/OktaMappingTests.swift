import Foundation
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeMessages
import PalisadeWire
import Testing

@testable import IdentityOktaCore

/// How Okta's answers become failures, states and waits, without a server.
@Suite struct OktaMappingTests {
    private func response(_ status: Int, _ body: String, type: String = "application/json", headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all: HTTPHeaders = ["Content-Type": type, "X-Okta-Request-Id": "okta-req-1"]
        for header in headers { all.add(name: header.name, value: header.value) }
        return HTTPResponse(status: status, headers: all, body: Array(body.utf8))
    }

    @Test(arguments: [
        (404, "E0000007", StatusCode.notFound),
        (401, "E0000011", .failedPrecondition),
        (403, "E0000006", .failedPrecondition),
        (400, "E0000001", .failedPrecondition),
        (500, "E0000009", .unavailable),
    ])
    func oktaErrorsAreClassified(status: Int, code: String, expected: StatusCode) {
        let body = #"{"errorCode":"\#(code)","errorSummary":"summary","errorLink":"\#(code)","errorId":"oae1","errorCauses":[]}"#
        let failure = OktaClient.failure(response(status, body), request: "POST /api/v1/users/x/lifecycle/suspend")
        #expect(failure.status == expected)
        #expect(failure.providerError == code && failure.providerRequestID == "okta-req-1")
    }

    @Test func htmlIsUnavailable() {
        let failure = OktaClient.failure(response(502, "<html>bad gateway</html>", type: "text/html"), request: "GET /api/v1/users/x")
        #expect(failure.status == .unavailable && !failure.isFinal)
    }

    @Test func theRateLimitWaitIsResetMinusDatePlusASecond() {
        let date = "Tue, 08 Dec 2026 09:00:00 GMT"
        let reset = 1_796_720_400 + 3  // three seconds after the Date header
        let throttled = response(429, "{}", headers: ["Date": date, "X-Rate-Limit-Reset": String(reset)])
        #expect(OktaClient.rateLimitWait(throttled, now: Date()) == .seconds(4))
        #expect(OktaClient.rateLimitWait(response(429, "{}"), now: Date()) == nil)
        let unavailable = response(503, "{}", headers: ["Date": date, "X-Rate-Limit-Reset": String(reset)])
        #expect(OktaClient.rateLimitWait(unavailable, now: Date()) == nil, "a 503's wait is the backoff's, not the rate window's")
    }

    @Test func statusesMapToTheContractsStates() throws {
        for (status, state) in [
            ("ACTIVE", UserState.active), ("PASSWORD_EXPIRED", .active), ("SUSPENDED", .disabled), ("LOCKED_OUT", .disabled),
            ("STAGED", .disabled), ("DEPROVISIONED", .deleted),
        ] {
            let json =
                #"{"id":"00u1","status":"\#(status)","profile":{"login":"a@b.test","email":"a@b.test","firstName":"A","lastName":"B"}}"#
            let user = try JSONDecoder().decode(OktaUser.self, from: Data(json.utf8))
            #expect(user.state == state, "\(status)")
            #expect(user.displayName == "A B" && user.address == "a@b.test")
        }
    }
}
