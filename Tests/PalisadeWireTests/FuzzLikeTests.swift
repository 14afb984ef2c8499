import Foundation
import PalisadeTestSupport
import PalisadeWire
import Testing

/// Decodes `bytes` as every vector message type; only thrown `WireError`s are acceptable.
func decodeAsEverything(_ bytes: [UInt8]) {
    let decoder = WireDecoder()
    _ = try? decoder.decode(Scalars.self, from: bytes)
    _ = try? decoder.decode(Nested.self, from: bytes)
    _ = try? decoder.decode(Collections.self, from: bytes)
    _ = try? decoder.decode(Optionals.self, from: bytes)
    _ = try? decoder.decode(Item.self, from: bytes)
    _ = try? decoder.decode(Node.self, from: bytes)
    _ = try? decoder.decode(HealthCheckResponse.self, from: bytes)
    let json = WireJSONDecoder()
    _ = try? json.decode(Collections.self, from: bytes)
    _ = try? json.decode(Nested.self, from: bytes)
}

@Suite("Malformed input never crashes")
struct FuzzLikeTests {
    static let vectorNames = (try? VectorFiles.names()) ?? []

    @Test("every truncation of every vector decodes or throws; mid-field cuts throw", arguments: vectorNames)
    func truncation(_ name: String) throws {
        let bytes = try VectorFiles.hex("\(name).hex")
        for end in 0..<bytes.count {
            decodeAsEverything(Array(bytes[0..<end]))
        }
        if bytes.count > 1 {
            // Cutting the last byte always lands inside the final field.
            #expect(throws: WireError.self) { try WireDecoder().decode(Empty.self, from: Array(bytes.dropLast())) }
        }
    }

    @Test("random mutations of the vectors never crash", arguments: vectorNames)
    func mutations(_ name: String) throws {
        let original = try VectorFiles.hex("\(name).hex") + [0x08, 0x01]
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        for _ in 0..<400 {
            var bytes = original
            for _ in 0...Int.random(in: 0..<4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                default: if bytes.count > 1 { bytes.remove(at: index) }
                }
            }
            decodeAsEverything(bytes)
        }
    }

    @Test("random JSON-ish text never crashes")
    func jsonNoise() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]":,0123456789-+.eE truefalsnl\u"#.utf8) + [0xC3, 0xFF, 0x00]
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<40, using: &random)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            _ = try? WireJSONDecoder().decode(Collections.self, from: [UInt8(ascii: "{")] + bytes)
            _ = try? WireJSONDecoder().decode(Scalars.self, from: bytes)
        }
    }
}
