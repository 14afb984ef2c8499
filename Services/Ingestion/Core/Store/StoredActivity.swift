import Foundation
import PalisadeMessages
import PalisadeWire

/// An activity as read back from the store: its body and the fields put back around it.
struct StoredActivity: Sendable {
    var sequence: UInt64
    var ingestedMicroseconds: Int64
    var body: [UInt8]
    var raw: [UInt8]
    /// Seconds since 1970, for cursors.
    var time: Int64

    /// The activity's binary encoding, exactly what `WireEncoder` writes for the whole message:
    /// field 1, the body's fields 2–4, field 5, the body's fields 6–23, field 24.
    func encoded() throws(WireError) -> [UInt8] {
        let split = try WireSplicing.offset(after: 4, in: body)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + raw.count + 24)
        if sequence != 0 { WireSplicing.appendVarint(field: 1, sequence, to: &bytes) }
        bytes.append(contentsOf: body[..<split])
        if ingestedMicroseconds != 0 { WireSplicing.appendTimestamp(field: 5, microseconds: ingestedMicroseconds, to: &bytes) }
        bytes.append(contentsOf: body[split...])
        if !raw.isEmpty { WireSplicing.appendBytes(field: 24, raw, to: &bytes) }
        return bytes
    }

    /// The activity as a value (for JSON answers and tests).
    func activity() throws(WireError) -> Activity {
        // Decoding the whole encoding converts the commit time exactly as every reader does.
        try WireDecoder(limits: Self.limits).decode(Activity.self, from: try encoded())
    }

    /// Room for the largest activity (a 1 MiB entry copied into `raw` and parts of `fields`).
    static let limits: WireLimits = {
        var limits = WireLimits()
        limits.maxMessageSize = 4 << 20
        return limits
    }()

    /// `"<time>:<sequence>"`: where a query continues after this activity.
    var cursor: String { "\(time):\(sequence)" }
}
