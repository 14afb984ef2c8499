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
}
