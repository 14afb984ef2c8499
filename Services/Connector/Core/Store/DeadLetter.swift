import Foundation
import PalisadeWire

/// An audit entry that ingestion refused for good, kept in the connector's `dead_letters` table
/// instead of the outbox, so that delivery goes on and nothing is lost (`Protocol/connector.md`).
public struct DeadLetter: Sendable, Equatable {
    /// The connection that fetched it.
    public var connectionID: String
    /// The organisation of the entry.
    public var orgID: String
    /// The entry's Slack `id`; empty when the entry holds none that can be read.
    public var entryID: String
    /// The entry, exactly as Slack sent it.
    public var entry: Data
    /// Ingestion's status (one of `IngestionAPI.finalStatuses`).
    public var status: StatusCode
    /// Ingestion's message.
    public var message: String
    /// The outbox batch the entry was in (the `batchID` ingestion saw).
    public var batchSeq: Int64
    /// When the entry left the outbox (Unix seconds).
    public var refusedAt: Int64

    /// Makes a dead letter.
    public init(
        connectionID: String, orgID: String, entryID: String, entry: Data, status: StatusCode, message: String,
        batchSeq: Int64, refusedAt: Int64
    ) {
        self.connectionID = connectionID
        self.orgID = orgID
        self.entryID = entryID
        self.entry = entry
        self.status = status
        self.message = message
        self.batchSeq = batchSeq
        self.refusedAt = refusedAt
    }

    /// The Slack `id` of a raw entry, read the way a page's entries are; empty when the entry
    /// is not one the scanner accepts (which may be why ingestion refused it).
    static func entryID(of entry: Data) -> String {
        var page = Array(#"{"entries":["#.utf8)
        page.append(contentsOf: entry)
        page.append(contentsOf: Array("]}".utf8))
        guard case .page(let scanned) = try? AuditPageScanner().scan(page), scanned.entries.count == 1 else { return "" }
        return scanned.entries[0].id
    }
}
