import PalisadeWire
import Testing

@Suite("grpc-timeout and grpc-message")
struct GRPCHeaderTests {
    @Test(
        "valid timeouts parse",
        arguments: [
            ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("30S", .seconds(30)), ("250m", .milliseconds(250)),
            ("7u", .microseconds(7)), ("99999999n", .nanoseconds(99_999_999)), ("0S", .zero),
            ("00000010S", .seconds(10)),
        ])
    func parseValid(_ text: String, _ expected: Duration) {
        #expect(GRPCTimeout.parse(text) == expected)
    }

    @Test("invalid timeouts are rejected", arguments: ["", "S", "5", "123456789S", "-1S", "+1S", "1s", "1 S", "1.5S", "１S", "5x"])
    func parseInvalid(_ text: String) {
        #expect(GRPCTimeout.parse(text) == nil)
    }

    @Test(
        "encode picks the finest unit that fits and never rounds down",
        arguments: [
            (Duration.nanoseconds(1), "1n"), (.seconds(1), "1000000u"), (.nanoseconds(99_999_999), "99999999n"),
            (.seconds(30), "30000000u"),
            (.seconds(3600), "3600000m"), (.seconds(99_999), "99999000m"), (.seconds(200_000), "200000S"),
            (.nanoseconds(99_999_999_001), "100000m"), (.zero, "0n"), (.seconds(-5), "0n"),
            (.seconds(99_999_999 * 3600 + 1), "99999999H"), (.seconds(Int64.max), "99999999H"),
        ])
    func encode(_ duration: Duration, _ expected: String) {
        #expect(GRPCTimeout.encode(duration) == expected)
    }

    @Test("an attosecond budget is rounded up to 1n, not 0")
    func encodeTiny() {
        #expect(GRPCTimeout.encode(Duration(secondsComponent: 0, attosecondsComponent: 1)) == "1n")
    }

    @Test("encode then parse never shortens", arguments: [1, 999, 1_000_001, 123_456_789_123, 86_400_000_000_000] as [Int64])
    func roundTrip(_ nanoseconds: Int64) throws {
        let duration = Duration.nanoseconds(nanoseconds)
        let parsed = try #require(GRPCTimeout.parse(GRPCTimeout.encode(duration)))
        #expect(parsed >= duration)
    }

    @Test("grpc-message percent-encoding")
    func percentEncoding() {
        #expect(GRPCMessageText.percentEncode("café 100%") == "caf%C3%A9 100%25")
        #expect(GRPCMessageText.percentEncode("line\nbreak") == "line%0Abreak")
        #expect(GRPCMessageText.percentEncode("plain ~ text") == "plain ~ text")
        for text in ["", "café 100%", "世界\u{0}\u{7F}", "%%%", "emoji 🛡️ shield"] {
            #expect(GRPCMessageText.percentDecode(GRPCMessageText.percentEncode(text)) == text)
        }
    }

    @Test("grpc-message decoding is lenient")
    func lenientDecoding() {
        #expect(GRPCMessageText.percentDecode("100%") == "100%")
        #expect(GRPCMessageText.percentDecode("%4") == "%4")
        #expect(GRPCMessageText.percentDecode("%zz%41") == "%zzA")
        #expect(GRPCMessageText.percentDecode("bad %FF byte") == "bad \u{FFFD} byte")
        #expect(GRPCMessageText.percentDecode("caf%c3%a9") == "café")
    }
}
