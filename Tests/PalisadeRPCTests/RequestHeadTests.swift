import PalisadeHTTP2
@testable import PalisadeRPC
import Testing

@Suite("Request header parsing")
struct RequestHeadTests {
    @Test("content types map to encodings", arguments: [
        ("application/grpc", MessageEncoding?.some(.binary)),
        ("application/grpc+palisade", .binary),
        ("application/grpc+proto", .binary),
        ("application/json", .json),
        ("application/json; charset=utf-8", .json),
        ("application/x-ndjson", .json),
        ("application/jsonx", nil),
        ("text/plain", nil),
        ("", nil),
    ])
    func encodings(contentType: String, expected: MessageEncoding?) {
        #expect(RequestHead([H2Header("content-type", contentType)]).encoding == expected)
    }

    @Test("path, deadline and metadata")
    func fields() {
        let head = RequestHead([
            H2Header(":method", "POST"), H2Header(":path", "/palisade.x.v1.X/Y?debug=1"), H2Header(":authority", "h"),
            H2Header("te", "trailers"), H2Header("grpc-timeout", "250m"), H2Header("grpc-foo", "reserved"),
            H2Header("x-request-id", "abc"), H2Header("user-agent", "curl"),
        ])
        #expect(head.method == "POST")
        #expect(head.path == "/palisade.x.v1.X/Y")
        #expect(head.timeout == .milliseconds(250))
        #expect(head.metadata["x-request-id"] == "abc")
        #expect(head.metadata.fields.count == 1)
    }
}
