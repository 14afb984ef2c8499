import Foundation

// Messages of `palisade.ingestion.v1.Ingestion`, specified in `Protocol/ingestion.md`.

/// One batch of Slack audit entries pushed by the connector: a message of the client stream
/// of `palisade.ingestion.v1.Ingestion/Ingest`.
public struct IngestBatch: Codable, Sendable, Equatable {
    /// The Slack Enterprise organisation the entries belong to (`E…`). Field 1.
    public var orgID: String
    /// The connector's id for the connection that fetched them. Field 2.
    public var connectionID: String
    /// The connector's outbox sequence number of this batch: unique and increasing per
    /// connection, so a receiver can log it; deduplication is by entry id, not by batch. Field 3.
    public var batchID: UInt64
    /// The entries, oldest first, each one JSON object exactly as Slack sent it (UTF-8). Field 4.
    public var entries: [Data]

    /// Makes a batch.
    public init(orgID: String = "", connectionID: String = "", batchID: UInt64 = 0, entries: [Data] = []) {
        self.orgID = orgID
        self.connectionID = connectionID
        self.batchID = batchID
        self.entries = entries
    }

    private enum CodingKeys: Int, CodingKey {
        case orgID = 1, connectionID = 2, batchID = 3, entries = 4
    }
}

/// The response of `palisade.ingestion.v1.Ingestion/Ingest`: sent once, after every batch of
/// the stream is durably stored. Receiving it acknowledges all of them.
public struct IngestSummary: Codable, Sendable, Equatable {
    /// Batches received on the stream. Field 1.
    public var batches: UInt64
    /// Entries in those batches. Field 2.
    public var entries: UInt64
    /// Entries stored for the first time; the rest were already known by (org, entry id). Field 3.
    public var newEntries: UInt64
    /// The `batchID` of the last batch received. Field 4.
    public var lastBatchID: UInt64

    /// Makes a summary.
    public init(batches: UInt64 = 0, entries: UInt64 = 0, newEntries: UInt64 = 0, lastBatchID: UInt64 = 0) {
        self.batches = batches
        self.entries = entries
        self.newEntries = newEntries
        self.lastBatchID = lastBatchID
    }

    private enum CodingKeys: Int, CodingKey {
        case batches = 1, entries = 2, newEntries = 3, lastBatchID = 4
    }
}
