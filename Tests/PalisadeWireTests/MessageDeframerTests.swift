import PalisadeWire
import Testing

@Suite("Length-Prefixed-Message framing")
struct MessageDeframerTests {
    static let payloads: [[UInt8]] = [[], [1], Array(repeating: 7, count: 300), Array(0..<255), [], [9, 9]]

    private func drain(_ deframer: inout MessageDeframer) throws -> [[UInt8]] {
        var messages: [[UInt8]] = []
        while let message = try deframer.next() { messages.append(message) }
        return messages
    }

    @Test("frame writes flag 0 and a big-endian length")
    func frame() {
        #expect(MessageFramer.frame([0xAA, 0xBB]) == [0, 0, 0, 0, 2, 0xAA, 0xBB])
        var buffer: [UInt8] = [1]
        MessageFramer.frame(Array(repeating: 0, count: 0x0102), into: &buffer)
        #expect(Array(buffer.prefix(6)) == [1, 0, 0, 0, 0x01, 0x02])
    }

    @Test("a header filled in place equals the one frame writes", arguments: payloads)
    func fillHeader(payload: [UInt8]) {
        var buffer = Array(repeating: UInt8(0xFF), count: MessageFramer.headerSize) + payload
        MessageFramer.fillHeader(of: &buffer)
        #expect(buffer == MessageFramer.frame(payload))
    }

    @Test("one byte at a time and all at once give the same messages")
    func dripFeedMatchesBulk() throws {
        var stream: [UInt8] = []
        for payload in Self.payloads { MessageFramer.frame(payload, into: &stream) }

        var bulk = MessageDeframer(maxMessageSize: 1024)
        bulk.append(stream)
        #expect(try drain(&bulk) == Self.payloads)
        #expect(!bulk.hasPartialMessage)

        var drip = MessageDeframer(maxMessageSize: 1024)
        var dripped: [[UInt8]] = []
        for byte in stream {
            drip.append([byte])
            dripped += try drain(&drip)
        }
        #expect(dripped == Self.payloads)
        #expect(drip.bufferedByteCount == 0)
        try drip.finish()
    }

    @Test("many messages through uneven chunks keep order", arguments: [2, 3, 7, 64, 1000])
    func chunks(_ chunkSize: Int) throws {
        var stream: [UInt8] = []
        let payloads = (0..<500).map { index in Array(repeating: UInt8(truncatingIfNeeded: index), count: index % 37) }
        for payload in payloads { MessageFramer.frame(payload, into: &stream) }
        var deframer = MessageDeframer(maxMessageSize: 100)
        var received: [[UInt8]] = []
        for start in stride(from: 0, to: stream.count, by: chunkSize) {
            deframer.append(stream[start..<min(start + chunkSize, stream.count)])
            received += try drain(&deframer)
        }
        #expect(received == payloads)
    }

    @Test("an oversized length is rejected as soon as the header arrives")
    func oversizedBeforeBody() throws {
        var deframer = MessageDeframer(maxMessageSize: 16)
        deframer.append([0, 0, 0, 0])
        #expect(try deframer.next() == nil)
        deframer.append([17])
        let error = #expect(throws: FramingError.self) { try deframer.next() }
        #expect(error?.code == .messageTooLarge)
        #expect(error?.status == .resourceExhausted)
        #expect(error == FramingError.messageTooLarge(size: 17, limit: 16))
        deframer.append(Array(repeating: 0, count: 17))
        #expect(throws: FramingError.messageTooLarge(size: 17, limit: 16)) { try deframer.next() }
    }

    @Test("a 4 GiB length never allocates")
    func hugeLength() {
        var deframer = MessageDeframer(maxMessageSize: 4 << 20)
        deframer.append([0, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: FramingError.messageTooLarge(size: Int(UInt32.max), limit: 4 << 20)) { try deframer.next() }
    }

    @Test("the compressed flag and unknown flags get distinct errors")
    func flags() {
        var compressed = MessageDeframer(maxMessageSize: 16)
        compressed.append([1, 0, 0, 0, 0])
        #expect(throws: FramingError.compressedMessageUnsupported) { try compressed.next() }
        #expect(FramingError.compressedMessageUnsupported.status == .unimplemented)

        var invalid = MessageDeframer(maxMessageSize: 16)
        invalid.append([0x80, 0, 0, 0, 0])
        #expect(throws: FramingError.invalidFlag(0x80)) { try invalid.next() }
        #expect(FramingError.invalidFlag(2).status == .internalError)
    }

    @Test("finish reports a stream that stops mid-message")
    func truncated() throws {
        var deframer = MessageDeframer(maxMessageSize: 16)
        deframer.append([0, 0, 0, 0, 3, 1])
        #expect(try deframer.next() == nil)
        #expect(deframer.hasPartialMessage)
        #expect(throws: FramingError.truncatedMessage(buffered: 6)) { try deframer.finish() }
    }
}
