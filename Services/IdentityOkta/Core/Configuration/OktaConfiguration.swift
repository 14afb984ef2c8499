import Foundation
import PalisadeMessages
import PalisadeService

/// `palisade-identity-okta`'s configuration file (YAML), loaded under the environment prefix
/// `PALISADE_IDENTITY_OKTA`. Every key is documented in `deploy/identity-okta.example.yaml`;
/// `tls`, `database`, `secretKeyFile` and `okta.orgUrl` are required.
public struct OktaConfiguration: ServiceConfiguration {
    /// The environment prefix of overrides.
    public static let environmentPrefix = "PALISADE_IDENTITY_OKTA"

    /// `listen`, `tls`, `log`, `metrics` and `server`.
    public var sections: ServiceSections
    /// The SQLite database file (action log, sealed token); created on first start.
    public var database: String
    /// The key that seals the API token at rest; created (mode 0600) on first start.
    public var secretKeyFile: String
    /// The Okta org and its token.
    public var okta: Okta
    /// The relay notices go through (Okta has no mail API); without it, no notices.
    public var smtp: SMTP?

    /// The Okta side.
    public struct Okta: Decodable, Sendable, Hashable {
        /// The org's base URL, `https://acme.okta.com`.
        public var orgUrl: String
        /// A file holding the token; read at start and sealed into the database, which keeps
        /// using it once the file is gone.
        public var tokenFile: String?
        /// `ssws` (an API token, `Authorization: SSWS …`) or `bearer` (an OAuth access token of a
        /// service app with `okta.users.read` and `okta.users.manage`).
        public var tokenType: String
        /// A CA bundle to trust instead of the system store (the simulator's, in tests).
        public var caFile: String?
        /// The longest one call may take, rate-limit waits included, before it answers `UNAVAILABLE`.
        public var callBudgetSeconds: Int
        /// The limit for one HTTPS exchange.
        public var timeoutSeconds: Int

        /// Makes a section.
        public init(
            orgUrl: String, tokenFile: String? = nil, tokenType: String = "ssws", caFile: String? = nil, callBudgetSeconds: Int = 30,
            timeoutSeconds: Int = 30
        ) {
            self.orgUrl = orgUrl
            self.tokenFile = tokenFile
            self.tokenType = tokenType
            self.caFile = caFile
            self.callBudgetSeconds = callBudgetSeconds
            self.timeoutSeconds = timeoutSeconds
        }

        private enum CodingKeys: String, CodingKey { case orgUrl, tokenFile, tokenType, caFile, callBudgetSeconds, timeoutSeconds }

        /// Decodes; only `orgUrl` is required.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                orgUrl: try c.decode(String.self, forKey: .orgUrl), tokenFile: try c.decodeIfPresent(String.self, forKey: .tokenFile),
                tokenType: try c.decode(forKey: .tokenType, default: "ssws"), caFile: try c.decodeIfPresent(String.self, forKey: .caFile),
                callBudgetSeconds: try c.decode(forKey: .callBudgetSeconds, default: 30),
                timeoutSeconds: try c.decode(forKey: .timeoutSeconds, default: 30))
        }
    }

    /// The SMTP relay.
    public struct SMTP: Decodable, Sendable, Hashable {
        /// `smtp://relay.example.com:587` (STARTTLS required) or `smtps://relay.example.com:465`.
        public var url: String
        /// The sender's address.
        public var from: String
        /// The sender's display name.
        public var fromName: String
        /// The relay's user name, when it wants AUTH.
        public var username: String?
        /// A file holding the relay's password (sealed into the database like the token).
        public var passwordFile: String?
        /// A CA bundle for the relay's certificate.
        public var caFile: String?

        /// Makes a section.
        public init(
            url: String, from: String, fromName: String = "Palisade", username: String? = nil, passwordFile: String? = nil,
            caFile: String? = nil
        ) {
            self.url = url
            self.from = from
            self.fromName = fromName
            self.username = username
            self.passwordFile = passwordFile
            self.caFile = caFile
        }

        private enum CodingKeys: String, CodingKey { case url, from, fromName, username, passwordFile, caFile }

        /// Decodes; `url` and `from` are required.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                url: try c.decode(String.self, forKey: .url), from: try c.decode(String.self, forKey: .from),
                fromName: try c.decode(forKey: .fromName, default: "Palisade"),
                username: try c.decodeIfPresent(String.self, forKey: .username),
                passwordFile: try c.decodeIfPresent(String.self, forKey: .passwordFile),
                caFile: try c.decodeIfPresent(String.self, forKey: .caFile))
        }
    }

    /// Makes a configuration from parts (tests); the file is the usual way.
    public init(listen: ListenAddress, tls: TLSFiles, database: String, secretKeyFile: String, okta: Okta, smtp: SMTP? = nil) {
        sections = ServiceSections(listen: listen, tls: tls)
        self.database = database
        self.secretKeyFile = secretKeyFile
        self.okta = okta
        self.smtp = smtp
    }

    private enum CodingKeys: String, CodingKey { case database, secretKeyFile, okta, smtp }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: IdentityAPI.defaultPort)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        database = try container.decode(String.self, forKey: .database)
        secretKeyFile = try container.decode(String.self, forKey: .secretKeyFile)
        okta = try container.decode(Okta.self, forKey: .okta)
        smtp = try container.decodeIfPresent(SMTP.self, forKey: .smtp)
    }

    /// Checks files, URLs and ranges, naming the key at fault.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try checkCreatableFile(database, key: "database")
        try checkCreatableFile(secretKeyFile, key: "secretKeyFile")
        try checkHTTPSURL(okta.orgUrl, key: "okta.orgUrl", example: "https://acme.okta.com")
        if let file = okta.tokenFile { try checkReadableFile(file, key: "okta.tokenFile") }
        try checkThat(
            ["ssws", "bearer"].contains(okta.tokenType), key: "okta.tokenType",
            "must be ssws (an API token) or bearer (an OAuth access token)")
        if let caFile = okta.caFile { try checkReadableFile(caFile, key: "okta.caFile") }
        try checkRange(okta.callBudgetSeconds, 1...600, key: "okta.callBudgetSeconds")
        try checkRange(okta.timeoutSeconds, 1...600, key: "okta.timeoutSeconds")
        if let smtp {
            try checkThat(
                smtp.url.hasPrefix("smtp://") || smtp.url.hasPrefix("smtps://"), key: "smtp.url",
                "must be smtp://host:port (STARTTLS) or smtps://host:port")
            try checkThat(smtp.from.contains("@"), key: "smtp.from", "must be an e-mail address")
            if let file = smtp.passwordFile { try checkReadableFile(file, key: "smtp.passwordFile") }
            try checkThat(
                (smtp.username == nil) == (smtp.passwordFile == nil), key: "smtp.username",
                "goes with smtp.passwordFile: set both or neither")
            if let caFile = smtp.caFile { try checkReadableFile(caFile, key: "smtp.caFile") }
        }
    }
}
