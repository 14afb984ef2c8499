import Foundation
import PalisadeWire
import Testing

@Suite("Binary decoding errors and compatibility rules")
struct WireDecoderErrorTests {
    private func decodeError<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], limits: WireLimits = .init()) -> WireError? {
        #expect(throws: WireError.self) { try WireDecoder(limits: limits).decode(type, from: bytes) }
    }

    /// `message` as field 2 (`child`, length-delimited) of one more Node: one level deeper.
    private func wrappedInNode(_ message: [UInt8]) -> [UInt8] {
        var wrapped: [UInt8] = [0x12]
        var length = message.count
        while length >= 0x80 {
            wrapped.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        wrapped.append(UInt8(length))
        return wrapped + message
    }

    @Test("a wrong wire type names the field path and number")
    func typeMismatchPath() {
        // items[0] = Item{}, items[1] = Item{id as a varint}
        let error = decodeError(Collections.self, [0x1A, 0x00, 0x1A, 0x02, 0x08, 0x01])
        #expect(error?.code == .typeMismatch)
        #expect(error?.message == "field 'items[1].id' (#1): expected length-delimited, got varint")
        #expect(error?.status == .invalidArgument)
        let nested = decodeError(Nested.self, [0x10, 0x01])
        #expect(nested?.message == "field 'item' (#2): expected length-delimited, got varint")
    }

    @Test(
        "malformed input is rejected with the right code",
        arguments: [
            ([0x08], WireError.Code.truncated),  // key without value
            ([0x0A, 0x05, 0x61], .truncated),  // length beyond the end
            ([0x31, 0x00, 0x00], .truncated),  // short fixed64
            ([0x08] + Array(repeating: 0xFF, count: 10) + [0x01], .malformedVarint),  // 11-byte varint
            ([0x08] + Array(repeating: 0xFF, count: 9) + [0x02], .malformedVarint),  // overflows 64 bits
            ([0x0B], .invalidWireType),  // field 1, wire type 3
            ([0x0F], .invalidWireType),  // wire type 7
            ([0x00, 0x00], .invalidFieldNumber),  // field 0
            ([0x80, 0x80, 0x80, 0x80, 0x20, 0x00], .invalidFieldNumber),  // field 2^29
            ([0x3A, 0x02, 0xC3, 0x28], .invalidUTF8),  // text: invalid UTF-8
            ([0x08, 0x80, 0x80, 0x80, 0x80, 0x10], .valueOutOfRange),  // i32 = 2^31 after zigzag
            ([0x18, 0x80, 0x80, 0x80, 0x80, 0x10], .valueOutOfRange),  // u32 = 2^32
            // at: a timestamp far beyond ±9.2e18 µs, which no encoder could write back (found by wire-fuzz)
            ([0x48, 0xED, 0xFC, 0xFC, 0xFC, 0xEC, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], .valueOutOfRange),
        ] as [([UInt8], WireError.Code)])
    func malformed(_ bytes: [UInt8], _ code: WireError.Code) {
        #expect(decodeError(Scalars.self, bytes)?.code == code)
    }

    @Test("unknown enum values fall back to the 0 case; without one they are an error")
    func enums() throws {
        #expect(try WireDecoder().decode(HealthCheckResponse.self, from: [0x08, 0x09]).status == .unknown)
        #expect(try WireDecoder().decode(Scalars.self, from: [0x50, 0x7F]).color == .unspecified)
        let error = decodeError(NoZero.self, [0x08, 0x05])
        #expect(error?.code == .invalidValue)
        #expect(decodeError(NoZero.self, [])?.code == .invalidValue)
        #expect(try WireDecoder().decode(NoZero.self, from: [0x08, 0x01]).level == .one)
    }

    @Test("scalar repeated fields accept unpacked elements too")
    func unpackedAccepted() throws {
        let decoded = try WireDecoder().decode(Collections.self, from: [0x0A, 0x01, 0x02, 0x08, 0x04, 0x0A, 0x01, 0x06])
        #expect(decoded.numbers == [1, 2, 3])
    }

    @Test("the size limit is checked first")
    func sizeLimit() {
        let error = decodeError(Scalars.self, Array(repeating: 0, count: 11), limits: WireLimits(maxMessageSize: 10))
        #expect(error?.code == .messageTooLarge)
        #expect(error?.status == .resourceExhausted)
    }

    @Test("nesting up to the depth limit decodes; one more level is refused")
    func depthLimit() throws {
        let limits = WireLimits(maxMessageSize: 1 << 20, maxDepth: 64)
        let deepest = try WireEncoder(maxDepth: 64).encode(Node.chain(depth: 64))
        #expect(try WireDecoder(limits: limits).decode(Node.self, from: deepest) == Node.chain(depth: 64))
        #expect(throws: WireError.self) { try WireEncoder(maxDepth: 64).encode(Node.chain(depth: 65)) }
        // Wrap the 64-level encoding by hand in one more Node.
        let error = decodeError(Node.self, wrappedInNode(deepest), limits: limits)
        #expect(error?.code == .depthLimitExceeded)
    }

    @Test("a hostile nesting of 100,000 levels is refused without exhausting the stack")
    func hostileDepth() {
        // Each level is `12 00`-style: field 2, with a length that covers the rest.
        var bytes: [UInt8] = []
        for _ in 0..<100_000 {
            bytes = wrappedInNode(bytes)
            if bytes.count > 300_000 { break }
        }
        #expect(decodeError(Node.self, bytes)?.code == .depthLimitExceeded)
    }
}

/// An enum without a 0 case: absent or unknown values cannot fall back.
struct NoZero: Codable, Equatable {
    enum Level: Int, Codable { case one = 1, two = 2 }
    var level: Level
    enum CodingKeys: Int, CodingKey { case level = 1 }
}
