import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import PalisadeService

/// `palisade-detection`'s configuration file (YAML), loaded under the environment prefix
/// `PALISADE_DETECTION` and validated before anything starts. Every key is documented in
/// `deploy/detection.example.yaml`; `tls`, `database` and `ingestion.address` are required,
/// unknown keys are an error.
public struct DetectionConfiguration: ServiceConfiguration {
    /// The environment prefix of overrides, e.g. `PALISADE_DETECTION_DETECTIONS__LEARNINGDAYS=3`.
    public static let environmentPrefix = "PALISADE_DETECTION"

    /// `listen`, `tls`, `log`, `metrics` and `server`.
    public var sections: ServiceSections
    /// The SQLite database file (state, cursor, findings, policies); created on first start.
    public var database: String
    /// Whose `Subscribe` stream detection follows; the server name defaults to `ingestion`.
    public var ingestion: PeerSection
    /// The identity service asked whether an account is disabled or deleted
    /// (`GetUserStatus`); absent: the terminated-user detection reads Slack's own log only.
    public var identity: Identity?
    /// Custom policies.
    public var policies: Policies
    /// The built-in detections' settings.
    public var detections: DetectionSettings

    /// `identity`: the peer, and how long an answer is trusted.
    public struct Identity: Decodable, Sendable {
        /// The identity service; the server name defaults to `identity`.
        public var peer: PeerSection
        /// Minutes an account's status is cached (1–1440; 15 by default).
        public var cacheMinutes: Int

        private enum CodingKeys: String, CodingKey { case cacheMinutes }

        /// Decodes the peer's keys and `cacheMinutes` from one mapping.
        public init(from decoder: any Decoder) throws {
            peer = try PeerSection(from: decoder).defaultingServerName(to: "identity")
            cacheMinutes = try decoder.container(keyedBy: CodingKeys.self).decode(forKey: .cacheMinutes, default: 15)
        }
    }

    /// `policies`: where policy files are read from at start, and the daily limit.
    public struct Policies: Decodable, Sendable {
        /// A directory of `*.yaml`, `*.yml` and `*.json` policies loaded at each start: a file's
        /// policy is stored, or replaces the stored one of its name when its text changed. A file
        /// that does not parse is logged with its location and skipped; the others run.
        public var directory: String?
        /// Matching activities a policy may have in one UTC day before it is disabled (200,000).
        public var dailyLimit: Int

        /// No directory, the default limit.
        public init(directory: String? = nil, dailyLimit: Int = 200_000) {
            self.directory = directory
            self.dailyLimit = dailyLimit
        }

        private enum CodingKeys: String, CodingKey { case directory, dailyLimit }

        /// Decodes; every key is optional.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            directory = try c.decodeIfPresent(String.self, forKey: .directory)
            dailyLimit = try c.decode(forKey: .dailyLimit, default: 200_000)
        }
    }

    /// A configuration from parts (tests); the file is the usual way.
    public init(
        listen: ListenAddress, tls: TLSFiles, database: String, ingestion: PeerSection, identity: Identity? = nil,
        policies: Policies = Policies(), detections: DetectionSettings = DetectionSettings()
    ) {
        sections = ServiceSections(listen: listen, tls: tls)
        self.database = database
        self.ingestion = ingestion.defaultingServerName(to: "ingestion")
        self.identity = identity
        self.policies = policies
        self.detections = detections
    }

    private enum CodingKeys: String, CodingKey { case database, ingestion, identity, policies, detections }

    /// Decodes strictly; absent sections take their defaults.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: DetectionAPI.defaultPort)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        database = try c.decode(String.self, forKey: .database)
        ingestion = try c.decode(PeerSection.self, forKey: .ingestion).defaultingServerName(to: "ingestion")
        identity = try c.decodeIfPresent(Identity.self, forKey: .identity)
        policies = try c.decode(forKey: .policies, default: Policies())
        detections = try c.decode(DetectionsSection.self, forKey: .detections, default: DetectionsSection()).settings
    }

    /// Checks the shared sections, the database's directory, the peers, the policy directory and
    /// the ranges of the numbers.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try checkCreatableFile(database, key: "database")
        try ingestion.validate(key: "ingestion", tls: sections.tls)
        if let identity {
            try identity.peer.validate(key: "identity", tls: sections.tls)
            try checkRange(identity.cacheMinutes, 1...1_440, key: "identity.cacheMinutes")
        }
        if let directory = policies.directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigError(code: .fileNotFound, message: "'policies.directory': \(directory) is not a directory")
            }
            guard FileManager.default.isReadableFile(atPath: directory) else {
                throw ConfigError(code: .notReadable, message: "'policies.directory': cannot read \(directory)")
            }
        }
        try checkRange(policies.dailyLimit, 1...100_000_000, key: "policies.dailyLimit")
        let d = detections
        for limit in DetectionsSection.limits {
            try checkRange(limit.value(d), limit.range, key: "detections.\(limit.key)")
        }
    }
}
