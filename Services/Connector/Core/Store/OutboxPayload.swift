import Foundation

/// The outbox's payload column: raw entries, each a 4-byte big-endian length and the entry's
/// JSON bytes. One blob per batch keeps a 10,000-entry page a single row write.
enum OutboxPayload {
    /// Encodes entries.
    static func encode<C: Collection>(_ entries: C) -> [UInt8] where C.Element == ArraySlice<UInt8> {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + $1.count + 4 })
        for entry in entries {
            let n = UInt32(entry.count)
            out.append(UInt8(n >> 24)); out.append(UInt8((n >> 16) & 0xFF))
            out.append(UInt8((n >> 8) & 0xFF)); out.append(UInt8(n & 0xFF))
            out.append(contentsOf: entry)
        }
        return out
    }

    /// Decodes a payload; nil when it is damaged (a length running past the end).
    static func decode(_ payload: [UInt8]) -> [Data]? {
        var entries: [Data] = []
        var i = 0
        while i < payload.count {
            guard i + 4 <= payload.count else { return nil }
            let n = Int(payload[i]) << 24 | Int(payload[i + 1]) << 16 | Int(payload[i + 2]) << 8 | Int(payload[i + 3])
            i += 4
            guard n <= payload.count - i else { return nil }
            entries.append(Data(payload[i..<(i + n)]))
            i += n
        }
        return entries
    }
}
