import Foundation
import PalisadeWire
import Testing

@Suite("Binary encoding rules")
struct WireEncoderTests {
    struct StringKeys: Codable { var name = "x" }

    struct Duplicate: Codable {
        var a: Int32 = 1
        var b: Int32 = 2
        enum CodingKeys: Int, CodingKey {
            case a = 3
            case b = 4
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(a, forKey: .a)
            try container.encode(b, forKey: .a)
        }
    }

    struct ListOfLists: Codable {
        var rows: [[Int32]] = [[1]]
        enum CodingKeys: Int, CodingKey { case rows = 1 }
    }

    struct Wrapper: Codable, Equatable {
        var raw: Int64
        init(raw: Int64) { self.raw = raw }
        init(from decoder: any Decoder) throws { raw = try decoder.singleValueContainer().decode(Int64.self) }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(raw)
        }
    }

    struct UsesWrapper: Codable, Equatable {
        var id = Wrapper(raw: 0)
        var ids: [Wrapper] = []
        enum CodingKeys: Int, CodingKey { case id = 1, ids }
    }

    @Test("a coding key without an integer value is an error that says what to do")
    func missingFieldNumber() {
        let error = #expect(throws: WireError.self) { try WireEncoder().encode(StringKeys()) }
        #expect(error?.code == .invalidFieldNumber)
        #expect(error?.message.contains("enum CodingKeys: Int, CodingKey") == true)
        #expect(throws: WireError.self) { try WireDecoder().decode(StringKeys.self, from: [0x0A, 0x00]) }
    }

    @Test("two writes to one field number are refused")
    func duplicate() {
        let error = #expect(throws: WireError.self) { try WireEncoder().encode(Duplicate()) }
        #expect(error?.code == .duplicateFieldNumber)
    }

    @Test("lists of lists and top-level non-messages are refused")
    func unsupportedShapes() {
        #expect(throws: WireError.self) { try WireEncoder().encode(ListOfLists()) }
        #expect(throws: WireError.self) { try WireEncoder().encode([1, 2]) }
        #expect(throws: WireError.self) { try WireEncoder().encode("text") }
        #expect(throws: WireError.self) { try WireJSONEncoder().encode(ListOfLists()) }
    }

    @Test("single-value wrappers round-trip, unpacked when repeated")
    func wrappers() throws {
        let value = UsesWrapper(id: Wrapper(raw: -3), ids: [Wrapper(raw: 1), Wrapper(raw: 0)])
        let bytes = try WireEncoder().encode(value)
        #expect(bytes == [0x08, 0x05, 0x10, 0x02, 0x10, 0x00])
        #expect(try WireDecoder().decode(UsesWrapper.self, from: bytes) == value)
        let json = try WireJSONEncoder().encode(value)
        #expect(String(decoding: json, as: UTF8.self) == #"{"id":-3,"ids":[1,0]}"#)
        #expect(try WireJSONDecoder().decode(UsesWrapper.self, from: json) == value)
    }

    @Test("equal maps encode identically whatever their insertion order")
    func canonicalMaps() throws {
        var first = Collections()
        var second = Collections()
        for key in (0..<50).map({ "k\($0)" }) { first.counts[key] = Int64(key.count) }
        for key in (0..<50).map({ "k\($0)" }).reversed() { second.counts[key] = Int64(key.count) }
        #expect(try WireEncoder().encode(first) == WireEncoder().encode(second))
    }

    @Test("-0.0 is not the default and survives; NaN bits survive")
    func doubles() throws {
        let negativeZero = try WireDecoder().decode(Scalars.self, from: WireEncoder().encode(Scalars(ratio: -0.0)))
        #expect(negativeZero.ratio.sign == .minus)
        let nan = try WireDecoder().decode(Scalars.self, from: WireEncoder().encode(Scalars(ratio: .nan)))
        #expect(nan.ratio.isNaN)
    }
}
