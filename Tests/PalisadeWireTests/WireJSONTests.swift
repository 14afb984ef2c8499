import Foundation
import PalisadeTestSupport
import PalisadeWire
import Testing

@Suite("JSON mapping")
struct WireJSONTests {
    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try WireJSONDecoder().decode(type, from: Array(text.utf8))
    }

    private func decodeError<T: Decodable>(_ type: T.Type, _ text: String) -> WireError? {
        #expect(throws: WireError.self) { try WireJSONDecoder().decode(type, from: Array(text.utf8)) }
    }

    @Test("absent and null keys take defaults; unknown keys are ignored")
    func defaults() throws {
        #expect(try decode(Scalars.self, "{}") == Scalars())
        #expect(try decode(Scalars.self, #"{"text":null,"i32":null,"surprise":{"a":[1,2]}}"#) == Scalars())
        #expect(try decode(Nested.self, #"{"item":null}"#) == Nested())
        #expect(try decode(Optionals.self, #"{"maybeText":null}"#) == Optionals())
    }

    @Test("64-bit integers are exact, as numbers or strings")
    func integers() throws {
        let value = try decode(Scalars.self, #"{"u64":18446744073709551615,"i64":"-9223372036854775808","i32":"7","u32":1e3}"#)
        #expect(value.u64 == .max)
        #expect(value.i64 == .min)
        #expect(value.i32 == 7)
        #expect(value.u32 == 1000)
        #expect(decodeError(Scalars.self, #"{"i32":2147483648}"#)?.code == .valueOutOfRange)
        #expect(decodeError(Scalars.self, #"{"u32":-1}"#)?.code == .valueOutOfRange)
        #expect(decodeError(Scalars.self, #"{"i32":1.5}"#)?.code == .invalidValue)
        #expect(decodeError(Scalars.self, #"{"i32":"0x10"}"#)?.code == .invalidValue)
    }

    @Test("type mismatches name the field path")
    func mismatch() {
        let error = decodeError(Collections.self, #"{"items":[{},{"id":5}]}"#)
        #expect(error?.code == .typeMismatch)
        #expect(error?.message == "field 'items[1].id' (#1): expected string, got number")
        #expect(decodeError(Scalars.self, "[]")?.code == .typeMismatch)
        #expect(decodeError(Scalars.self, #"{"flag":"true"}"#)?.code == .typeMismatch)
    }

    @Test(
        "invalid JSON is reported with its position",
        arguments: [
            ("", "line 1, column 1"), ("{", "line 1, column 2"), (#"{"a":}"#, "line 1, column 6"),
            ("{\n  \"a\": tru }", "line 2, column 11"), (#"{"a":1}x"#, "line 1, column 8"),
            (#"{"a":"\ud800"}"#, "unpaired surrogate"), ("{\"a\":\"\u{01}\"}", "control character"),
            (#"{"a":01}"#, "expected ',' or '}'"),
        ])
    func invalid(_ text: String, _ fragment: String) {
        let error = decodeError(Scalars.self, text)
        #expect(error?.code == .invalidJSON)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("invalid UTF-8 in JSON is rejected")
    func invalidUTF8() {
        #expect(throws: WireError.self) {
            try WireJSONDecoder().decode(Scalars.self, from: Array(#"{"text":""#.utf8) + [0xC3, 0x28, 0x22, 0x7D])
        }
    }

    @Test("deep JSON nesting is refused before the stack suffers")
    func depth() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(decodeError(Scalars.self, #"{"x":"# + text + "}")?.code == .invalidJSON)
        var nested = "{}"
        for _ in 0..<70 { nested = #"{"children":[\#(nested)]}"# }
        #expect(decodeError(Node.self, nested) != nil)
    }

    @Test("bytes accept standard and URL-safe base64, padded or not; timestamps accept offsets")
    func bytesAndTimes() throws {
        #expect(try decode(Scalars.self, #"{"blob":"AAH-_w"}"#).blob == Data([0, 1, 0xFE, 0xFF]))
        #expect(try decode(Scalars.self, #"{"blob":"AAH+/w=="}"#).blob == Data([0, 1, 0xFE, 0xFF]))
        #expect(decodeError(Scalars.self, #"{"blob":"!!"}"#)?.code == .invalidValue)
        let offset = try decode(Scalars.self, #"{"at":"2024-05-06T09:08:09.1234569+02:00"}"#)
        #expect(offset.at == timestamp(1_714_979_289_123_456))
        #expect(try decode(Scalars.self, #"{"at":"1970-01-01T00:00:00Z"}"#).at == timestamp(0))
        #expect(decodeError(Scalars.self, #"{"at":"2023-02-29T00:00:00Z"}"#)?.code == .invalidValue)
        #expect(decodeError(Scalars.self, #"{"at":"yesterday"}"#)?.code == .invalidValue)
    }

    @Test("doubles: NaN and infinities are strings")
    func doubles() throws {
        let json = try WireJSONEncoder().encode(Scalars(ratio: -.infinity))
        #expect(String(decoding: json, as: UTF8.self).contains(#""ratio":"-Infinity""#))
        #expect(try decode(Scalars.self, #"{"ratio":"NaN"}"#).ratio.isNaN)
        #expect(try decode(Scalars.self, #"{"ratio":"2.5"}"#).ratio == 2.5)
        #expect(try decode(Scalars.self, #"{"ratio":1e-7}"#).ratio == 1e-7)
    }

    @Test("output is compact with sorted keys and escaped strings")
    func output() throws {
        let json = try WireJSONEncoder().encode(Item(qty: 2, id: "a\"b\\c\n\u{1}é"))
        let expectedJSON = #"{"id":"a\"b\\c\n\u0001é","qty":2}"#
        #expect(String(decoding: json, as: UTF8.self) == expectedJSON)
        let health = try WireJSONEncoder().encode(HealthCheckResponse(status: .notServing))
        #expect(String(decoding: health, as: UTF8.self) == #"{"status":2}"#)
    }

    @Test("binary and JSON agree on random values")
    func agreement() throws {
        var random = SplitMix64(seed: 99)
        for _ in 0..<200 {
            var value = Collections()
            value.numbers = (0..<Int.random(in: 0..<5, using: &random)).map { _ in Int64.random(in: .min ... .max, using: &random) }
            value.tags = (0..<Int.random(in: 0..<3, using: &random)).map { "t\($0)" }
            value.names = [Int64.random(in: -9...9, using: &random): "n"]
            value.counts = ["c\(Int.random(in: 0..<9, using: &random))": Int64.random(in: .min ... .max, using: &random)]
            let viaBinary = try WireDecoder().decode(Collections.self, from: WireEncoder().encode(value))
            let viaJSON = try WireJSONDecoder().decode(Collections.self, from: WireJSONEncoder().encode(value))
            #expect(viaBinary == value)
            #expect(viaJSON == value)
        }
    }
}
