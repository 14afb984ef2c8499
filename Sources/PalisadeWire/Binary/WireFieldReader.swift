import Foundation

/// Reads a message's fields one at a time, for the hand-written decoders of hot messages
/// (``WireFastDecodable``).
///
/// It never throws: input outside the plain well-formed shape (a malformed key, varint or
/// length, a wire type 3–7, a field of the wrong wire type, invalid UTF-8, nesting past the
/// limit) makes a read return `nil`, the fast decoder gives up, and ``WireDecoder`` decodes the
/// same bytes on its `Codable` path, which reports exactly what is wrong. So a fast decoder only
/// has to be right on good input; its errors are never seen.
///
/// It reads through a pointer, valid only inside ``reading(_:maxDepth:_:)`` (every value it
/// returns is a copy): no bounds check beyond its own, no reference counting per field.
public struct WireFieldReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private let end: Int
    /// Nesting level of the message read here (the top-level message is 1).
    private let depth: Int
    private let maxDepth: Int
    /// True once `next()` met malformed input; the message must then be given up.
    public private(set) var failed = false

    /// One occurrence of a field: its number, and its value by wire type.
    public struct Field {
        /// The field number (1 … 2^29 − 1).
        public let number: Int
        fileprivate let type: WireType
        fileprivate let value: UInt64
        fileprivate let range: Range<Int>
    }

    /// Runs `body` with a reader of the top-level message `bytes`, nested messages allowed to
    /// `maxDepth` levels. The reader must not outlive `body`.
    public static func reading<Result>(
        _ bytes: [UInt8], maxDepth: Int = WireLimits().maxDepth, _ body: (inout WireFieldReader) -> Result
    ) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = WireFieldReader(bytes: buffer, range: 0..<buffer.count, depth: 1, maxDepth: maxDepth)
            return body(&reader)
        }
    }

    /// A reader of the message in `bytes[range]` at nesting level `depth`.
    private init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, depth: Int, maxDepth: Int) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
        self.maxDepth = maxDepth
    }

    /// The next field, or `nil` at the end of the message or on malformed input (`failed`).
    public mutating func next() -> Field? {
        guard position < end else { return nil }
        guard let key = varint(), case let number = key >> 3, number >= 1, number <= UInt64(WireType.maxFieldNumber),
            let type = WireType(rawValue: UInt8(key & 7))
        else {
            failed = true
            return nil
        }
        switch type {
        case .varint:
            guard let value = varint() else { break }
            return Field(number: Int(number), type: type, value: value, range: 0..<0)
        case .fixed64:
            guard end - position >= 8 else { break }
            // Both checked above: 8 bytes remain, so the base address exists.
            let value = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self))
            position += 8
            return Field(number: Int(number), type: type, value: value, range: 0..<0)
        case .lengthDelimited:
            guard let length = varint(), length <= UInt64(end - position) else { break }
            let range = position..<(position + Int(length))
            position = range.upperBound
            return Field(number: Int(number), type: type, value: 0, range: range)
        }
        failed = true
        return nil
    }

    /// A minimal or non-minimal varint of at most 10 bytes that fits 64 bits (`encoding.md` §1).
    private mutating func varint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<10 {
            guard position < end else { return nil }
            let byte = bytes[position]
            position += 1
            if index == 9, byte > 1 { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    // MARK: Values (nil when the field's wire type or content does not fit)

    /// A varint field's value (unsigned integers, enums).
    public func varint(_ field: Field) -> UInt64? { field.type == .varint ? field.value : nil }

    /// A bool: any non-zero varint is true.
    public func bool(_ field: Field) -> Bool? { field.type == .varint ? field.value != 0 : nil }

    /// A double (fixed64).
    public func double(_ field: Field) -> Double? { field.type == .fixed64 ? Double(bitPattern: field.value) : nil }

    /// A timestamp: zigzag microseconds, converted exactly as the `Codable` path converts them;
    /// nil beyond the timestamp's range (the `Codable` path then says so).
    public func timestamp(_ field: Field) -> Date? {
        guard field.type == .varint else { return nil }
        return WireTime.date(fromMicroseconds: ByteWriter.unzigzag(field.value))
    }

    /// A string, validated as UTF-8.
    ///
    /// `String(validating:as:)` is generic over the encoding and, unspecialised here, looked up
    /// type metadata for every string (most of reading an activity). Decoding instead takes the
    /// standard library's UTF-8 fast path. ASCII (most of what services send) cannot be invalid;
    /// otherwise, because decoding repairs invalid input with U+FFFD (itself valid, so never equal
    /// to the bytes it replaced), the result's bytes equal the input exactly when it was valid.
    public func string(_ field: Field) -> String? {
        guard field.type == .lengthDelimited else { return nil }
        let input = UnsafeBufferPointer(rebasing: bytes[field.range])
        var text = String(decoding: input, as: UTF8.self)
        if Self.isASCII(input) { return text }
        let exact = text.withUTF8 { decoded in
            // Both base addresses exist: the buffers are equally long and not empty (ASCII
            // returned above, and the empty string is ASCII).
            decoded.count == input.count && memcmp(decoded.baseAddress!, input.baseAddress!, input.count) == 0
        }
        return exact ? text : nil
    }

    /// Whether every byte is below 0x80: eight at a time, then the rest.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(base[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Bytes, copied out.
    public func data(_ field: Field) -> Data? {
        guard field.type == .lengthDelimited else { return nil }
        return Data(buffer: UnsafeBufferPointer(rebasing: bytes[field.range]))
    }

    /// One entry of a `map<string, string>`: a missing key or value is "", a malformed entry nil.
    public func stringEntry(_ field: Field) -> (key: String, value: String)? {
        guard var entry = message(field) else { return nil }
        var key = "", value = ""
        while let part = entry.next() {
            switch part.number {
            case 1: guard let text = entry.string(part) else { return nil }; key = text
            case 2: guard let text = entry.string(part) else { return nil }; value = text
            default: continue
            }
        }
        return entry.failed ? nil : (key, value)
    }

    /// A reader of a nested message (or map entry), one level deeper.
    public func message(_ field: Field) -> WireFieldReader? {
        guard field.type == .lengthDelimited, depth < maxDepth else { return nil }
        return WireFieldReader(bytes: bytes, range: field.range, depth: depth + 1, maxDepth: maxDepth)
    }
}
