import Foundation

/// Building a message's binary encoding from pieces, for services that store a message
/// pre-encoded and add the fields only known later (ingestion stores an activity's fields 2–23 and
/// adds its sequence, commit time and raw entry when it streams it).
///
/// The encoder writes fields in ascending number order and leaves default values out, so a message
/// encoded without some fields plus those fields written at the right place is byte for byte what
/// `WireEncoder` would produce for the whole (the splicing tests check this).
public enum WireSplicing {
    /// Appends field `field` as a varint (unsigned integers, booleans and enums).
    public static func appendVarint(field: Int, _ value: UInt64, to bytes: inout [UInt8]) {
        writing(to: &bytes) { writer in
            writer.writeKey(field: field, type: .varint)
            writer.writeVarint(value)
        }
    }

    /// Appends field `field` as a timestamp: microseconds since 1970, zigzag varint.
    public static func appendTimestamp(field: Int, microseconds: Int64, to bytes: inout [UInt8]) {
        appendVarint(field: field, ByteWriter.zigzag(microseconds), to: &bytes)
    }

    /// Appends field `field` as a string, unless it is empty (the canonical encoding leaves defaults out).
    public static func appendString(field: Int, _ text: String, to bytes: inout [UInt8]) {
        guard !text.isEmpty else { return }
        appendBytes(field: field, text.utf8, to: &bytes)
    }

    /// The microseconds since 1970 the wire carries for `date` (rounded as the encoder rounds), or
    /// nil outside the range the encoder accepts.
    public static func microseconds(_ date: Date) -> Int64? {
        try? WireTime.microseconds(from: date, path: [])
    }

    /// Appends field `field` as length-delimited bytes (bytes, strings, nested messages).
    public static func appendBytes(field: Int, _ payload: some Collection<UInt8>, to bytes: inout [UInt8]) {
        writing(to: &bytes) { writer in
            writer.writeKey(field: field, type: .lengthDelimited)
            writer.writeVarint(UInt64(payload.count))
        }
        bytes.append(contentsOf: payload)
    }

    /// Lends `bytes` to a writer and takes them back: the array moves rather than being shared,
    /// so appending does not copy what is already there (a shared copy would, once per field).
    private static func writing(to bytes: inout [UInt8], _ body: (inout ByteWriter) -> Void) {
        var writer = ByteWriter()
        swap(&writer.bytes, &bytes)
        body(&writer)
        swap(&writer.bytes, &bytes)
    }

    /// The offset of the first field numbered above `field` in an encoded message (its end when
    /// there is none): where fields up to `field` end when the message was written in order.
    public static func offset(after field: Int, in bytes: [UInt8]) throws(WireError) -> Int {
        var reader = ByteReader(bytes: bytes, range: 0..<bytes.count)
        while !reader.isAtEnd {
            let start = reader.position
            let key = try reader.readVarint()
            if Int(key >> 3) > field { return start }
            switch key & 7 {
            case UInt64(WireType.varint.rawValue): _ = try reader.readVarint()
            case UInt64(WireType.fixed64.rawValue): _ = try reader.readFixed64()
            case UInt64(WireType.lengthDelimited.rawValue): _ = try reader.readLengthDelimited()
            default: throw WireError(code: .invalidWireType, message: "unknown wire type \(key & 7) at byte \(start)")
            }
        }
        return bytes.count
    }
}
