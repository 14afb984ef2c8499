import PalisadeHTTP2
import Testing

@testable import PalisadeRPC

@Suite("Request header parsing")
struct RequestHeadTests {
    @Test(
        "content types map to encodings",
        arguments: [
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

    @Test(
        "invalid grpc-timeout values are kept as invalid, not dropped (Protocol/ §4)",
        arguments: [
            "1x", "-5S", "123456789S", "5", "", "S", " 5S", "5S ", "+5S", "5s", "1.5S", "١S",
        ])
    func invalidGRPCTimeout(value: String) {
        let head = RequestHead([H2Header("grpc-timeout", value)])
        #expect(head.timeout == nil)
        #expect(head.invalidTimeout?.header == "grpc-timeout")
        #expect(head.invalidTimeout?.value == value)
        #expect(head.metadata.fields.isEmpty)
    }

    @Test(
        "valid grpc-timeout values, zero included, leave invalidTimeout nil",
        arguments: [
            ("0n", Duration.zero), ("1n", .nanoseconds(1)), ("250m", .milliseconds(250)), ("5S", .seconds(5)),
            ("99999999H", .seconds(99_999_999 * 3600)), ("00000001M", .seconds(60)), ("7u", .microseconds(7)),
        ])
    func validGRPCTimeout(value: String, expected: Duration) {
        let head = RequestHead([H2Header("grpc-timeout", value)])
        #expect(head.timeout == expected)
        #expect(head.invalidTimeout == nil)
    }

    @Test(
        "invalid connect-timeout-ms values are kept as invalid",
        arguments: [
            "abc", "-1", "", "1.5", "12345678901", " 100", "100ms", "+100",
        ])
    func invalidConnectTimeout(value: String) {
        let head = RequestHead([H2Header("connect-timeout-ms", value)])
        #expect(head.timeout == nil)
        #expect(head.invalidTimeout?.header == "connect-timeout-ms")
        #expect(head.invalidTimeout?.value == value)
    }

    @Test(
        "valid connect-timeout-ms values: 1-10 digits of milliseconds, zero included",
        arguments: [
            ("0", Duration.zero), ("1500", .milliseconds(1500)), ("9999999999", .milliseconds(9_999_999_999)),
            ("0000000001", .milliseconds(1)),
        ])
    func validConnectTimeout(value: String, expected: Duration) {
        let head = RequestHead([H2Header("connect-timeout-ms", value)])
        #expect(head.timeout == expected)
        #expect(head.invalidTimeout == nil)
    }

    @Test("no deadline header: no timeout and nothing invalid")
    func noDeadline() {
        let head = RequestHead([H2Header(":path", "/palisade.x.v1.X/Y"), H2Header("x-grpc-timeout", "nonsense")])
        #expect(head.timeout == nil)
        #expect(head.invalidTimeout == nil)
    }
}
