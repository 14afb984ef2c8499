import PalisadeWire

/// The methods of `palisade.ingestion.v1.Ingestion` (see `Protocol/ingestion.md`), shared by
/// the service that serves them and the clients that call them.
public enum IngestionAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.ingestion.v1.Ingestion"
    /// The port ingestion listens on, and its clients dial, by default.
    public static let defaultPort = 7102

    /// Who reads the activity log: detection and operators.
    public static let readers: Set<String> = ["detection", "operator/*"]
    /// Who manages the IP range catalogue: operators.
    public static let operators: Set<String> = ["operator/*"]

    /// `Ingest`: a client stream of `IngestBatch`, answered by one `IngestSummary`; the connector only.
    public static let ingest = RPCMethod<IngestBatch, IngestSummary>.clientStreaming(service, "Ingest", allow: ["connector"])
    /// `Query`: the stored activities matching a query, in order, resumable by cursor.
    public static let query = RPCMethod<ActivityQuery, Activity>.serverStreaming(service, "Query", allow: readers)
    /// `Subscribe`: every activity after a sequence, then live as they are committed.
    public static let subscribe = RPCMethod<SubscribeRequest, Activity>.serverStreaming(service, "Subscribe", allow: readers)
    /// `GetStats`: what the log holds, the GeoIP database, the catalogue, unknown actions.
    public static let getStats = RPCMethod<Empty, IngestionStats>.unary(service, "GetStats", allow: readers)
    /// `AddIPRange`: adds or replaces an operator range.
    public static let addIPRange = RPCMethod<IPRange, IPRange>.unary(service, "AddIPRange", allow: operators)
    /// `ListIPRanges`: every range, operator and feed.
    public static let listIPRanges = RPCMethod<Empty, IPRangeList>.unary(service, "ListIPRanges", allow: operators)
    /// `RemoveIPRange`: removes an operator range or a feed by name.
    public static let removeIPRange = RPCMethod<IPRangeRef, Empty>.unary(service, "RemoveIPRange", allow: operators)
    /// `LoadIPFeed`: a client stream of a feed file's chunks; replaces that feed's range.
    public static let loadIPFeed = RPCMethod<IPFeedChunk, IPFeedSummary>.clientStreaming(service, "LoadIPFeed", allow: operators)

    /// The statuses of `Ingest` that refuse the stream's entries for good: sent again unchanged,
    /// they would be refused again (`Protocol/ingestion.md`, "Final and retryable statuses").
    /// Every other status is retried: it says something about ingestion or the mesh, not the
    /// entries.
    public static let finalStatuses: Set<StatusCode> = [.invalidArgument]
}
