import PalisadeWire

/// The methods of `palisade.ingestion.v1.Ingestion` (see `Protocol/ingestion.md`), shared by
/// the service that serves them and the clients that call them.
public enum IngestionAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.ingestion.v1.Ingestion"
    /// The port ingestion listens on, and its clients dial, by default.
    public static let defaultPort = 7102

    /// `Ingest`: a client stream of `IngestBatch`, answered by one `IngestSummary`; the connector only.
    public static let ingest = RPCMethod<IngestBatch, IngestSummary>.clientStreaming(service, "Ingest", allow: ["connector"])

    /// The statuses of `Ingest` that refuse the stream's entries for good: sent again unchanged,
    /// they would be refused again (`Protocol/ingestion.md`, "Final and retryable statuses").
    /// Every other status is retried: it says something about ingestion or the mesh, not the
    /// entries.
    public static let finalStatuses: Set<StatusCode> = [.invalidArgument]
}
