import PalisadeWire
import Testing

@Suite struct ErrorDetailsTextTests {
    @Test func sortedPairsWithTheSeparatorsEscaped() {
        let text = ErrorDetailsText.encode(["retryAfterSeconds": "2.128", "providerRequestID": "9c6f-aa&b=c%", "note": "café"])
        #expect(text == "note=caf%C3%A9&providerRequestID=9c6f-aa%26b%3Dc%25&retryAfterSeconds=2.128")
        #expect(ErrorDetailsText.decode(text) == ["retryAfterSeconds": "2.128", "providerRequestID": "9c6f-aa&b=c%", "note": "café"])
        #expect(ErrorDetailsText.encode([:]).isEmpty)
    }

    @Test func readsLeniently() {
        #expect(ErrorDetailsText.decode("") == [:])
        #expect(ErrorDetailsText.decode("a&&b=1&a=2&c=%zz") == ["a": "2", "b": "1", "c": "%zz"])
        #expect(ErrorDetailsText.decode("=x") == ["": "x"])
    }

    @Test func theJSONBodyCarriesDetailsOnlyWhenThereAreSome() throws {
        let plain = try WireJSONEncoder().encode(RPCErrorBody(RPCError(.notFound, "no user")))
        #expect(String(decoding: plain, as: UTF8.self) == #"{"code":"not_found","message":"no user"}"#)
        let error = RPCError(.unavailable, "throttled", details: ["providerRequestID": "r-1"])
        let json = try WireJSONEncoder().encode(RPCErrorBody(error))
        #expect(
            String(decoding: json, as: UTF8.self) == #"{"code":"unavailable","details":{"providerRequestID":"r-1"},"message":"throttled"}"#)
        #expect(try WireJSONDecoder().decode(RPCErrorBody.self, from: json).rpcError == error)
        #expect(
            try WireJSONDecoder().decode(RPCErrorBody.self, from: Array(#"{"code":"internal"}"#.utf8)).rpcError
                == RPCError(.internalError, ""))
    }
}
