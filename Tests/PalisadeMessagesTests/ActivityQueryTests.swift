import Foundation
import PalisadeMessages
import PalisadeWire
import Testing

@Suite("ActivityQuery refuses JSON members it does not know")
struct ActivityQueryTests {
    @Test func aMisspeltFilterIsRefusedByName() {
        let json = Array(#"{"user":["W1"]}"#.utf8)
        let error = #expect(throws: WireError.self) { try WireJSONDecoder().decode(ActivityQuery.self, from: json) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("\"user\" is not a field of ActivityQuery (fields: from, to, orgIDs, users"))
    }

    @Test func knownMembersDecodeAndAbsentOnesTakeDefaults() throws {
        let query = try WireJSONDecoder().decode(ActivityQuery.self, from: Array(#"{"users":["W1"],"order":1,"administrative":true}"#.utf8))
        #expect(query == ActivityQuery(users: ["W1"], administrative: true, order: .oldestFirst))
        #expect(try WireJSONDecoder().decode(ActivityQuery.self, from: Array("{}".utf8)) == ActivityQuery())
    }

    @Test func unknownBinaryFieldsAreSkipped() throws {
        var bytes = try WireEncoder().encode(ActivityQuery(text: "okafor"))
        bytes += [0xF8, 0x06, 0x01]  // field 111, varint 1: from a newer client
        #expect(try WireDecoder().decode(ActivityQuery.self, from: bytes) == ActivityQuery(text: "okafor"))
    }
}
