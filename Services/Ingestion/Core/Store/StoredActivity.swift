import Foundation
import PalisadeMessages
import PalisadeWire

/// An activity as read back from the store, ready to send: its whole binary encoding, built
/// once from the stored body and the fields kept beside it, inside the 5-byte gRPC prefix.
struct StoredActivity: Sendable {
    var sequence: UInt64
    /// Seconds since 1970, for cursors.
    var time: Int64
    /// The activity as a gRPC Length-Prefixed-Message: what `Query` and `Subscribe` send as is
    /// (``RPCWriter/write(lengthPrefixedBinary:orElse:)``), one buffer and one copy of the
    /// stored bytes per activity.
    let framed: [UInt8]

    /// The activity of a stored row: field 1, the body's fields 2–4, field 5, the body's fields
    /// 6–23, field 24 — exactly what `WireEncoder` writes for the whole message.
    init(sequence: UInt64, ingestedMicroseconds: Int64, body: [UInt8], raw: some Collection<UInt8>, time: Int64) throws(WireError) {
        let split = try WireSplicing.offset(after: 4, in: body)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(MessageFramer.headerSize + body.count + raw.count + 32)
        bytes.append(contentsOf: repeatElement(0, count: MessageFramer.headerSize))
        if sequence != 0 { WireSplicing.appendVarint(field: 1, sequence, to: &bytes) }
        bytes.append(contentsOf: body[..<split])
        if ingestedMicroseconds != 0 { WireSplicing.appendTimestamp(field: 5, microseconds: ingestedMicroseconds, to: &bytes) }
        bytes.append(contentsOf: body[split...])
        if !raw.isEmpty { WireSplicing.appendBytes(field: 24, raw, to: &bytes) }
        MessageFramer.fillHeader(of: &bytes)
        self.sequence = sequence
        self.time = time
        self.framed = bytes
    }

    /// The activity's binary encoding (the message without its prefix).
    func encoded() -> [UInt8] { Array(framed.dropFirst(MessageFramer.headerSize)) }

    /// The activity as a value (for JSON answers and tests).
    func activity() throws(WireError) -> Activity {
        // Decoding the whole encoding converts the commit time exactly as every reader does.
        try WireDecoder(limits: Self.limits).decode(Activity.self, from: encoded())
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
