import PalisadeService

/// `palisade-sample`'s configuration: the shared sections and a database.
public struct SampleConfiguration: ServiceConfiguration {
    /// Overrides are `PALISADE_SAMPLE_<KEY>`.
    public static let environmentPrefix = "PALISADE_SAMPLE"
    /// `listen`, `tls`, `log`, `metrics`, `server`.
    public var sections: ServiceSections
    /// The SQLite database file; created on first start.
    public var database: String

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: SampleAPI.defaultPort)
        database = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .database)
    }

    private enum CodingKeys: String, CodingKey { case database }

    /// Checks the shared sections and the database's directory.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try checkCreatableFile(database, key: "database")
    }
}
