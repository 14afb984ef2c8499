import Foundation

/// The outbox's payload column: raw entries, each a 4-byte big-endian length and the entry's
/// JSON bytes. One blob per batch keeps a 10,000-entry page a single row write.
///
/// Both directions work on `Data`, the type SQLite's blobs come and go as, so a batch's bytes
/// are copied once on the way in and once (into its entries) on the way out.
enum OutboxPayload {
    /// Encodes entries (slices of a page body when a window is stored, `Data` when what is left
    /// of a batch is stored again).
    static func encode<C: Collection>(_ entries: C) -> Data where C.Element: Collection<UInt8> {
        var out = Data(capacity: entries.reduce(0) { $0 + $1.count + 4 })
        for entry in entries {
            let n = UInt32(entry.count)
            let length = [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
            out.append(contentsOf: length)
            out.append(contentsOf: entry)
        }
        return out
    }

    /// Decodes a payload; nil when it is damaged (a length running past the end).
    static func decode(_ payload: Data) -> [Data]? {
        payload.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Data]? in
            var entries: [Data] = []
            var i = 0
            while i < raw.count {
                guard i + 4 <= raw.count else { return nil }
                let n = Int(raw[i]) << 24 | Int(raw[i + 1]) << 16 | Int(raw[i + 2]) << 8 | Int(raw[i + 3])
                i += 4
                guard n <= raw.count - i else { return nil }
                entries.append(Data(UnsafeRawBufferPointer(rebasing: raw[i..<(i + n)])))
                i += n
            }
            return entries
        }
    }
}
