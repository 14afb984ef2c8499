import PalisadeWire
import Testing

@Suite("Status codes and RPC errors")
struct StatusCodeTests {
    @Test("names round-trip for every known code")
    func names() {
        for code in StatusCode.allKnown {
            #expect(StatusCode(name: code.name) == code)
            #expect(StatusCode(name: code.name.lowercased()) == code)
        }
        #expect(StatusCode.deadlineExceeded.name == "DEADLINE_EXCEEDED")
        #expect(StatusCode.internalError.name == "INTERNAL")
        #expect(StatusCode(name: "canceled") == .cancelled)
        #expect(StatusCode(name: "NOPE") == nil)
        #expect(StatusCode(rawValue: 42).name == "CODE_42")
        #expect(StatusCode.notFound.description == "NOT_FOUND (5)")
    }

    @Test(
        "HTTP status for the JSON mapping follows Connect",
        arguments: [
            (StatusCode.ok, 200), (.cancelled, 499), (.unknown, 500), (.invalidArgument, 400), (.deadlineExceeded, 504),
            (.notFound, 404), (.alreadyExists, 409), (.permissionDenied, 403), (.resourceExhausted, 429),
            (.failedPrecondition, 400), (.aborted, 409), (.outOfRange, 400), (.unimplemented, 501),
            (.internalError, 500), (.unavailable, 503), (.dataLoss, 500), (.unauthenticated, 401),
        ])
    func httpStatus(_ code: StatusCode, _ status: Int) {
        #expect(code.httpStatus == status)
    }

    @Test(
        "HTTP status without grpc-status follows gRPC's mapping",
        arguments: [
            (400, StatusCode.internalError), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
            (429, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable), (200, .unknown),
            (500, .unknown), (418, .unknown),
        ])
    func fromHTTPStatus(_ status: Int, _ code: StatusCode) {
        #expect(StatusCode.fromHTTPStatus(status) == code)
    }

    @Test("RPCErrorBody converts to and from RPCError")
    func errorBody() throws {
        let error = RPCError(.notFound, "no alert 42")
        let body = RPCErrorBody(error)
        #expect(body.code == "not_found")
        #expect(body.rpcError == error)
        #expect(RPCErrorBody(code: "canceled", message: "bye").rpcError == RPCError(.cancelled, "bye"))
        #expect(RPCErrorBody(code: "weird", message: "").rpcError.code == .unknown)
        let json = try WireJSONEncoder().encode(body)
        #expect(String(decoding: json, as: UTF8.self) == #"{"code":"not_found","message":"no alert 42"}"#)
        #expect(try WireJSONDecoder().decode(RPCErrorBody.self, from: json) == body)
        #expect(error.description == "NOT_FOUND: no alert 42")
    }
}
