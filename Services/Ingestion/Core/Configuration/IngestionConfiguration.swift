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
    /// Where locations come from.
    public var geoip: GeoIP
    /// How long activities are kept.
    public var retention: Retention

    /// `geoip`: the GeoIP2-City-shaped `.mmdb` file activities are located with.
    public struct GeoIP: Decodable, Sendable, Hashable {
        /// The file (`make geoip` fetches DB-IP City Lite); absent: activities get no location,
        /// and `GetStats` warns.
        public var database: String?

        /// No database.
        public init(database: String? = nil) { self.database = database }
    }

    /// `retention`: what the background pruning keeps.
    public struct Retention: Decodable, Sendable, Hashable {
        /// Days an activity is kept after its time (1–3650; 180 by default).
        public var days: Int

        /// `days`, 180 by default.
        public init(days: Int = 180) { self.days = days }

        private enum CodingKeys: String, CodingKey { case days }

        /// Decodes; every key is optional.
        public init(from decoder: any Decoder) throws {
            days = try decoder.container(keyedBy: CodingKeys.self).decode(forKey: .days, default: 180)
        }
    }

    /// Makes a configuration from parts (tests); the file is the usual way.
    public init(listen: ListenAddress, tls: TLSFiles, database: String, geoip: GeoIP = GeoIP(), retention: Retention = Retention()) {
        self.sections = ServiceSections(listen: listen, tls: tls)
        self.database = database
        self.geoip = geoip
        self.retention = retention
    }

    private enum CodingKeys: String, CodingKey { case database, geoip, retention }

    /// Decodes strictly; absent sections take their defaults.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: IngestionAPI.defaultPort)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        database = try container.decode(String.self, forKey: .database)
        geoip = try container.decode(forKey: .geoip, default: GeoIP())
        retention = try container.decode(forKey: .retention, default: Retention())
    }

    /// Checks the shared sections, the database's directory, the GeoIP file and the retention.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try checkCreatableFile(database, key: "database")
        if let file = geoip.database { try checkReadableFile(file, key: "geoip.database") }
        try checkRange(retention.days, 1...3650, key: "retention.days")
    }
}
