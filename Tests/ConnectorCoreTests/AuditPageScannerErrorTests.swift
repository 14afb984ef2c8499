import Foundation
import PalisadeJSON
import Testing

@testable import ConnectorCore

@Suite("AuditPageScanner on invalid bodies")
struct AuditPageScannerErrorTests {
    @Test func everyProperPrefixOfAValidPageIsTruncated() {
        let body = Array(AuditSamples.page.utf8)
        for length in 0..<body.count {
            let error = AuditSamples.error(Array(body[..<length]))
            #expect(error?.code == .truncated, "prefix of \(length) bytes: \(String(describing: error))")
        }
        #expect(AuditSamples.error(body) == nil)
    }

    @Test func singleByteCorruptionsNeverCrashOrYieldBadRanges() throws {
        let body = Array(AuditSamples.page.utf8)
        let replacements: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x00, 0x1F, 0xFF, 0xC3, 0x31, 0x20]
        for offset in body.indices {
            for replacement in replacements where body[offset] != replacement {
                var corrupted = body
                corrupted[offset] = replacement
                guard case .page(let page)? = try? AuditPageScanner().scan(corrupted) else { continue }
                // Accepted corruptions (inside a string, say) must still give parseable entries.
                for entry in page.entries {
                    let object = try JSONSerialization.jsonObject(with: Data(corrupted[entry.bytes])) as? [String: Any]
                    #expect(object?["id"] as? String == entry.id, "corruption at \(offset)")
                }
            }
        }
    }

    @Test(arguments: [
        #""\x""#, #""\u12G4""#, #""\uD800""#, #""\uDC00x""#, #""\uD800\u0041""#, #""\uD800\n""#, "\"a\nb\"",
        "\"\u{7}\"",
    ])
    func invalidStringsAreRejected(_ string: String) {
        let error = AuditSamples.error(AuditSamples.page(with: #"{"id":"a","date_create":1,"x":\#(string)}"#))
        #expect(error?.code == .invalidString)
        #expect(error?.message.contains("in entries[0]: invalid string at byte") == true)
    }

    @Test(arguments: [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x28, 0xA1], [0x80]])
    func invalidUTF8IsRejected(_ sequence: [UInt8]) {
        let body = Array(#"{"entries":[],"x":"a"#.utf8) + sequence + Array(#"b"}"#.utf8)
        #expect(AuditSamples.error(body)?.code == .invalidString)
    }

    @Test(arguments: ["01", "1.", ".5", "-", "1e", "+1", "1e+", "--1", "-01", "1.e3"])
    func badNumbersAreRejected(_ number: String) {
        let error = AuditSamples.error(AuditSamples.page(with: #"{"id":"a","date_create":1,"x":\#(number)}"#))
        #expect(error?.code == .invalidNumber || error?.code == .syntax, "\(number): \(String(describing: error))")
    }

    @Test func missingFieldsAreNamed() {
        let noID = AuditSamples.error(AuditSamples.page(with: #"{"date_create":1,"actor":{"id":"W1"}}"#))
        #expect(noID?.code == .missingField("id"))
        #expect(noID?.message.contains("entries[0]") == true)
        let noDate = AuditSamples.error(AuditSamples.page(with: #"{"id":"a"}"#))
        #expect(noDate?.code == .missingField("date_create"))
        #expect(AuditSamples.error(#"{"response_metadata":{"next_cursor":""}}"#)?.code == .missingField("entries"))
        #expect(AuditSamples.error(#"{"ok":false}"#)?.code == .missingField("error"))
    }

    @Test(arguments: ["1.5", "1e9", "1.0", "1E+2"])
    func fractionalOrExponentDateCreateIsRejectedClearly(_ number: String) {
        let error = AuditSamples.error(AuditSamples.page(with: #"{"id":"a","date_create":\#(number)}"#))
        #expect(error?.code == .wrongType("date_create"))
        #expect(error?.message.contains("integer number of Unix seconds") == true)
    }

    @Test func wrongTypesAndValuesAreNamed() {
        let cases: [(String, AuditPageError.Code)] = [
            (AuditSamples.page(with: #"{"id":7,"date_create":1}"#), .wrongType("id")),
            (AuditSamples.page(with: #"{"id":"","date_create":1}"#), .invalidValue("id")),
            (AuditSamples.page(with: #"{"id":"a","date_create":"1"}"#), .wrongType("date_create")),
            (AuditSamples.page(with: #"{"id":"a","date_create":9223372036854775808}"#), .invalidValue("date_create")),
            (AuditSamples.page(with: #"{"id":"a","id":"b","date_create":1}"#), .duplicateField("id")),
            (AuditSamples.page(with: "[]"), .wrongType("entries[]")),
            (#"{"entries":{}}"#, .wrongType("entries")),
            (#"{"entries":[],"response_metadata":null}"#, .wrongType("response_metadata")),
            (#"{"entries":[],"response_metadata":{"next_cursor":1}}"#, .wrongType("response_metadata.next_cursor")),
            (#"{"entries":[],"ok":"yes"}"#, .wrongType("ok")),
            (#"{"entries":[],"entries":[]}"#, .duplicateField("entries")),
            ("[]", .wrongType("body")),
        ]
        for (body, code) in cases {
            #expect(AuditSamples.error(body)?.code == code, "\(body)")
        }
    }

    @Test func syntaxErrorsNameTheByteOffset() throws {
        let body = #"{"entries":[{"id":"a","date_create":1,}]}"#
        let error = try #require(AuditSamples.error(body))
        #expect(error.code == .syntax)
        #expect(error.offset == 38)
        #expect(error.message == "in entries[0]: expected a key (a string) at byte 38, found '}'")
        #expect(AuditSamples.error(#"{"entries":[{"id":"a","date_create":1},]}"#)?.code == .syntax)
        #expect(AuditSamples.error(#"{"entries":[] "x":1}"#)?.code == .syntax)
        #expect(AuditSamples.error(#"{"entries":[],"x":tru}"#)?.code == .syntax)
        #expect(AuditSamples.error(#"{"entries":[],"x":nul"#)?.code == .truncated)
    }

    @Test(arguments: [#"{"entries":[]} x"#, #"{"entries":[]}{}"#, "{\"entries\":[]}\u{0}"])
    func trailingGarbageIsRejected(_ body: String) {
        let error = AuditSamples.error(body)
        #expect(error?.code == .trailingData)
        #expect(error?.offset ?? 0 >= 14)
    }

    @Test func depthBombIsRejectedWithoutExhaustingTheStack() {
        let bomb = String(repeating: "[", count: 100_000)
        let inEntry = AuditSamples.error(AuditSamples.page(with: #"{"id":"a","date_create":1,"x":\#(bomb)"#))
        #expect(inEntry?.code == .tooDeep)
        #expect(AuditSamples.error(#"{"x":"# + String(repeating: #"{"a":"#, count: 100_000))?.code == .tooDeep)
        #expect(AuditSamples.error(bomb)?.code == .wrongType("body"))
        let justOver = String(repeating: "[", count: 62) + String(repeating: "]", count: 62)
        let error = AuditSamples.error(AuditSamples.page(with: #"{"id":"a","date_create":1,"x":\#(justOver)}"#))
        #expect(error?.code == .tooDeep)
    }

    @Test func emptyAndWhitespaceBodiesAreTruncated() {
        #expect(AuditSamples.error([])?.code == .truncated)
        #expect(AuditSamples.error(" \n\t")?.code == .truncated)
    }
}
