/// Writes gRPC Length-Prefixed-Messages: 1 flag byte, a 4-byte big-endian length, the payload.
///
/// The flag is always 0 (uncompressed): Palisade never negotiates `grpc-encoding`.
///
/// ```swift
/// var out: [UInt8] = []
/// MessageFramer.frame(payload, into: &out)   // out == [0, 0, 0, 0, 3] + payload
/// ```
public enum MessageFramer {
    /// Size of the prefix in front of every message.
    public static let headerSize = 5

    /// The largest payload a 4-byte length can describe.
    public static let maxPayloadSize = Int(UInt32.max)

    /// Appends the 5-byte header and then `payload` to `buffer`.
    ///
    /// - Precondition: `payload.count <= maxPayloadSize`. Callers enforce a far smaller
    ///   message limit before getting here, so a bigger payload is a programming error.
    public static func frame(_ payload: some Collection<UInt8>, into buffer: inout [UInt8]) {
        let length = payload.count
        precondition(length <= maxPayloadSize, "gRPC message of \(length) bytes exceeds the 4-byte length prefix")
        buffer.reserveCapacity(buffer.count + headerSize + length)
        buffer.append(0)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(contentsOf: payload)
    }

    /// Fills the header of a message built in place: `buffer` starts with `headerSize` reserved
    /// bytes and the payload follows them (what a sender that writes the payload straight after
    /// the header uses, so the payload is not copied again to put a header in front).
    public static func fillHeader(of buffer: inout [UInt8]) {
        let length = buffer.count - headerSize
        precondition(length >= 0 && length <= maxPayloadSize, "gRPC message of \(length) bytes does not fit a 4-byte length prefix")
        buffer[0] = 0
        for index in 0..<4 { buffer[1 + index] = UInt8(truncatingIfNeeded: length >> (24 - 8 * index)) }
    }

    /// Returns `payload` with its 5-byte header in front.
    public static func frame(_ payload: some Collection<UInt8>) -> [UInt8] {
        var buffer: [UInt8] = []
        frame(payload, into: &buffer)
        return buffer
    }
}
