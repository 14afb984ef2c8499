import PalisadeRPC

/// The methods of `palisade.ingestion.v1.Ingestion` (see `Protocol/ingestion.md`), shared by
/// the service that serves them and the clients that call them.
public enum IngestionAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.ingestion.v1.Ingestion"
    /// `Ingest`: a client stream of `IngestBatch`, answered by one `IngestSummary`.
    public static let ingest = RPCMethod(service: service, method: "Ingest", kind: .clientStreaming)
    /// Who may call `Ingest`: the connector.
    public static let ingestCallers: Set<String> = ["connector"]
}
