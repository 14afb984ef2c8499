import PalisadeService

extension ConnectorConfiguration {
    /// `slack:` the APIs' base URLs, the trust store, and the optional OAuth app.
    public struct Slack: Decodable, Sendable, Hashable {
        /// Base of the Audit Logs API.
        public var auditBaseUrl = "https://api.slack.com"
        /// Base of the Web API (`auth.test`, `oauth.v2.access`).
        public var webApiBaseUrl = "https://slack.com"
        /// Slack's OAuth v2 authorize page, for `BeginOAuth`.
        public var authorizeUrl = "https://slack.com/oauth/v2/authorize"
        /// A PEM file of CAs to trust instead of the system store (simulators, TLS proxies).
        public var caFile: String?
        /// The Slack app's client id; set together with `clientSecretFile` to enable OAuth.
        public var clientId: String?
        /// A file holding the app's client secret (never the secret itself in the config).
        public var clientSecretFile: String?
        /// The limit for one Slack call, from connecting to the last byte.
        public var timeoutSeconds = 60

        /// Slack's production endpoints, no OAuth app.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case auditBaseUrl, webApiBaseUrl, authorizeUrl, caFile, clientId, clientSecretFile, timeoutSeconds
        }

        /// Decodes; every key is optional.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Slack()
            auditBaseUrl = try container.decode(forKey: .auditBaseUrl, default: defaults.auditBaseUrl)
            webApiBaseUrl = try container.decode(forKey: .webApiBaseUrl, default: defaults.webApiBaseUrl)
            authorizeUrl = try container.decode(forKey: .authorizeUrl, default: defaults.authorizeUrl)
            caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
            clientId = try container.decodeIfPresent(String.self, forKey: .clientId)
            clientSecretFile = try container.decodeIfPresent(String.self, forKey: .clientSecretFile)
            timeoutSeconds = try container.decode(forKey: .timeoutSeconds, default: defaults.timeoutSeconds)
        }
    }

    /// `sync:` how often and how much to poll.
    public struct Sync: Decodable, Sendable, Hashable {
        /// Seconds between polls once caught up.
        public var pollIntervalSeconds = 30
        /// Seconds each poll re-reads before the watermark (late entries; repeats dropped).
        public var overlapSeconds = 600
        /// Days of history fetched for a new connection (unless the request asks otherwise).
        public var backfillDays = 7
        /// Entries per page requested from Slack (Slack allows 1…9999).
        public var pageSize = 9999
        /// Seconds before expiry a rotating token is refreshed.
        public var refreshMarginSeconds = 600
        /// MiB the outbox may hold before fetching pauses (status Waiting) until ingestion
        /// takes it: what bounds the disk used while ingestion is away.
        public var maxOutboxMiB = 1024

        /// The defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case pollIntervalSeconds, overlapSeconds, backfillDays, pageSize, refreshMarginSeconds, maxOutboxMiB
        }

        /// Decodes; every key is optional.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Sync()
            pollIntervalSeconds = try container.decode(forKey: .pollIntervalSeconds, default: defaults.pollIntervalSeconds)
            overlapSeconds = try container.decode(forKey: .overlapSeconds, default: defaults.overlapSeconds)
            backfillDays = try container.decode(forKey: .backfillDays, default: defaults.backfillDays)
            pageSize = try container.decode(forKey: .pageSize, default: defaults.pageSize)
            refreshMarginSeconds = try container.decode(forKey: .refreshMarginSeconds, default: defaults.refreshMarginSeconds)
            maxOutboxMiB = try container.decode(forKey: .maxOutboxMiB, default: defaults.maxOutboxMiB)
        }
    }
}
