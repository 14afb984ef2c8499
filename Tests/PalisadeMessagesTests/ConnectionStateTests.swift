import Foundation
import PalisadeMessages
import PalisadeTestSupport
import PalisadeWire
import Testing

@Suite("Connector messages: enum evolution and defaults")
struct ConnectionStateTests {
    @Test("a state from a newer connector decodes as UNKNOWN", arguments: [UInt8(7), 42, 127])
    func unknownStateDecodesAsUnknown(raw: UInt8) throws {
        let info = try WireDecoder().decode(ConnectionInfo.self, from: [0x0A, 0x01, 0x63, 0x20, raw])
        #expect(info == ConnectionInfo(id: "c", state: .unknown))
    }

    @Test(
        "every state keeps its number",
        arguments: [
            (ConnectionState.unknown, 0), (.backfilling, 1), (.connected, 2), (.rateLimited, 3), (.error, 4), (.retrying, 5), (.waiting, 6),
        ])
    func stateNumbers(state: ConnectionState, number: Int) {
        #expect(state.rawValue == number)
    }

    @Test("absent optional dates stay absent; JSON omits them")
    func absentDates() throws {
        let info = ConnectionInfo(id: "c", state: .connected, statusText: "Connected")
        let bytes = try WireEncoder().encode(info)
        #expect(bytes.hexString == "0a0163" + "2002" + "2a09" + Array("Connected".utf8).hexString)
        #expect(try WireDecoder().decode(ConnectionInfo.self, from: bytes) == info)
        let json = String(decoding: try WireJSONEncoder().encode(info), as: UTF8.self)
        #expect(!json.contains("lastSuccess") && !json.contains("watermark") && !json.contains("created"))
    }

    @Test("Empty and ConnectionRef encode as expected")
    func smallMessages() throws {
        #expect(try WireEncoder().encode(Empty()).isEmpty)
        #expect(try WireJSONEncoder().encode(Empty()) == Array("{}".utf8))
        #expect(try WireEncoder().encode(ConnectionRef(id: "E1")).hexString == "0a024531")
    }
}
