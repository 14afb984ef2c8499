import PalisadeMessages
import PalisadeService

/// `palisade-ingestion`'s configuration file (YAML), loaded under the environment prefix
/// `PALISADE_INGESTION` and validated before anything starts. Every key is documented in
/// `deploy/ingestion.example.yaml`; only `tls` and `database` are required, unknown keys are an error.
public struct IngestionConfiguration: ServiceConfiguration {
    /// The environment prefix of overrides, e.g. `PALISADE_INGESTION_RETENTION__DAYS=90`.
    public static let environmentPrefix = "PALISADE_INGESTION"

    /// `listen`, `tls`, `log`, `metrics` and `server`.
    public var sections: ServiceSections
    /// The SQLite database file (the activity log and the IP range catalogue); created on first start.
    public var database: String

    /// Makes a configuration from parts (tests); the file is the usual way.
    public init(listen: ListenAddress, tls: TLSFiles, database: String) {
        self.sections = ServiceSections(listen: listen, tls: tls)
        self.database = database
    }

    private enum CodingKeys: String, CodingKey { case database }

    /// Decodes strictly; absent sections take their defaults.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: IngestionAPI.defaultPort)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        database = try container.decode(String.self, forKey: .database)
    }

    /// Checks the shared sections and that the database can be created.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try checkCreatableFile(database, key: "database")
    }
}
