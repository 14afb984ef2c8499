import Foundation
import PalisadeMessages
import PalisadeService

/// `palisade-connector`'s configuration file (YAML), loaded with `ConfigLoader` under the
/// environment prefix `PALISADE_CONNECTOR` and validated before anything starts.
///
/// Every key is documented in `deploy/connector.example.yaml`. Only `tls`, `database`,
/// `secretKeyFile` and `ingestion.address` are required; unknown keys are an error.
///
/// ```swift
/// let config = try ConfigLoader.load(ConnectorConfiguration.self, file: path,
///                                    environment: ProcessInfo.processInfo.environment,
///                                    prefix: ConnectorConfiguration.environmentPrefix)
/// ```
public struct ConnectorConfiguration: ServiceConfiguration {
    /// The environment prefix of overrides, e.g. `PALISADE_CONNECTOR_SYNC__PAGE_SIZE=500`.
    public static let environmentPrefix = "PALISADE_CONNECTOR"

    /// `listen`, `tls`, `log`, `metrics` and `server`: where the Connector RPC service (and
    /// `GET /metrics`) listens; our certificate, key and the mesh CA, for the server (clients
    /// must present a certificate) and as our client identity towards ingestion, or
    /// `plaintext` on loopback; logging; the metrics listener; server limits.
    public var sections: ServiceSections
    /// The SQLite database file; created on first start.
    public var database: String
    /// The key that seals Slack tokens at rest; created (mode 0600) on first start. Kept
    /// outside the database so a copied database alone discloses no token.
    public var secretKeyFile: String
    /// Where batches are delivered (`palisade.ingestion.v1.Ingestion/Ingest`); the server name
    /// defaults to `ingestion`.
    public var ingestion: PeerSection
    /// Slack's endpoints and the optional OAuth app.
    public var slack: Slack
    /// Polling and backfill.
    public var sync: Sync

    /// Makes a configuration from parts (tests); the file is the usual way.
    public init(
        listen: ListenAddress, tls: TLSFiles, database: String, secretKeyFile: String, ingestion: PeerSection,
        slack: Slack = Slack(), sync: Sync = Sync()
    ) {
        self.sections = ServiceSections(listen: listen, tls: tls)
        self.database = database
        self.secretKeyFile = secretKeyFile
        self.ingestion = ingestion
        self.slack = slack
        self.sync = sync
    }

    private enum CodingKeys: String, CodingKey {
        case database, secretKeyFile, ingestion, slack, sync
    }

    /// Decodes strictly; absent sections take their defaults.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: ConnectorAPI.defaultPort)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        database = try container.decode(String.self, forKey: .database)
        secretKeyFile = try container.decode(String.self, forKey: .secretKeyFile)
        ingestion = try container.decode(PeerSection.self, forKey: .ingestion).defaultingServerName(to: "ingestion")
        slack = try container.decode(forKey: .slack, default: Slack())
        sync = try container.decode(forKey: .sync, default: Sync())
    }

    /// The polling settings for `ConnectorService`; keys not in the file keep `SyncSettings`'
    /// defaults.
    public func syncSettings() -> SyncSettings {
        var settings = SyncSettings()
        settings.pollInterval = .seconds(sync.pollIntervalSeconds)
        settings.overlap = Int64(sync.overlapSeconds)
        settings.backfillDays = sync.backfillDays
        settings.pageSize = sync.pageSize
        settings.refreshMargin = Int64(sync.refreshMarginSeconds)
        settings.maxOutboxBytes = Int64(sync.maxOutboxMiB) << 20
        return settings
    }

    /// The Slack app for OAuth and token rotation, or nil when `slack.clientId` is not set.
    ///
    /// Reads `slack.clientSecretFile` now (trimmed of surrounding white space, since editors
    /// add a final newline). The secret is returned, never logged; errors name the key and the
    /// path only.
    public func oauthSettings() throws(ConfigError) -> OAuthAppSettings? {
        guard let clientID = slack.clientId else { return nil }
        guard let path = slack.clientSecretFile else {
            throw ConfigError(code: .missingKey, message: "'slack.clientSecretFile' is required when 'slack.clientId' is set")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(code: .notReadable, message: "'slack.clientSecretFile': cannot read \(path)")
        }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else {
            throw ConfigError(code: .invalidValue, message: "'slack.clientSecretFile': \(path) is empty")
        }
        return OAuthAppSettings(clientID: clientID, clientSecret: secret, authorizeURL: slack.authorizeUrl)
    }

    /// The Slack client's endpoints and timeout.
    public func slackClientConfiguration() -> SlackClient.Configuration {
        SlackClient.Configuration(
            auditBaseURL: slack.auditBaseUrl, webAPIBaseURL: slack.webApiBaseUrl,
            timeout: .seconds(slack.timeoutSeconds))
    }
}
