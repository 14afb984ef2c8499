import Foundation
import PalisadeMessages
import PalisadeService

/// `palisade-identity`'s configuration file (YAML), loaded under the environment prefix
/// `PALISADE_IDENTITY`. Every key is documented in `deploy/identity.example.yaml`; `tls`,
/// `database`, `secretKeyFile` and the `entra` keys that name the app are required.
public struct EntraConfiguration: ServiceConfiguration {
    /// The environment prefix of overrides, e.g. `PALISADE_IDENTITY_ENTRA__SYNC_INTERVAL_SECONDS=30`.
    public static let environmentPrefix = "PALISADE_IDENTITY"

    /// `listen`, `tls`, `log`, `metrics` and `server`.
    public var sections: ServiceSections
    /// The SQLite database file (action log, directory copy, sealed secret); created on first start.
    public var database: String
    /// The key that seals the client secret at rest; created (mode 0600) on first start.
    public var secretKeyFile: String
    /// The tenant, the app and Graph.
    public var entra: Entra

    /// The Entra ID side.
    public struct Entra: Decodable, Sendable, Hashable {
        /// The tenant: its id (GUID) or a verified domain (`contoso.onmicrosoft.com`).
        public var tenant: String
        /// The app registration's application (client) id.
        public var clientId: String
        /// A file holding the client secret's value; read at start and sealed into the database,
        /// which keeps using it once the file is gone. Give this or a certificate.
        public var clientSecretFile: String?
        /// The app's certificate (PEM), for the certificate credential instead of a secret.
        public var certificateFile: String?
        /// The certificate's private key (PEM, RSA).
        public var privateKeyFile: String?
        /// The mailbox notices are sent from (`sendMail` needs the app's Mail.Send permission).
        public var senderMailbox: String?
        /// Where tokens come from.
        public var authority: String
        /// Microsoft Graph's base, with its version.
        public var graph: String
        /// The token's scope: Graph's resource and `/.default` (another cloud's Graph has its own).
        public var scope: String
        /// A CA bundle to trust instead of the system store (the simulator's, in tests).
        public var caFile: String?
        /// How often the directory copy asks Graph for changes.
        public var syncIntervalSeconds: Int
        /// The longest one call may take, throttling waits included, before it answers `UNAVAILABLE`.
        public var callBudgetSeconds: Int
        /// The limit for one HTTPS exchange.
        public var timeoutSeconds: Int

        /// Makes a section; the defaults point at Microsoft's public cloud.
        public init(
            tenant: String, clientId: String, clientSecretFile: String? = nil, certificateFile: String? = nil,
            privateKeyFile: String? = nil,
            senderMailbox: String? = nil, authority: String = "https://login.microsoftonline.com",
            graph: String = "https://graph.microsoft.com/v1.0",
            scope: String = "https://graph.microsoft.com/.default", caFile: String? = nil, syncIntervalSeconds: Int = 60,
            callBudgetSeconds: Int = 30, timeoutSeconds: Int = 30
        ) {
            self.tenant = tenant
            self.clientId = clientId
            self.clientSecretFile = clientSecretFile
            self.certificateFile = certificateFile
            self.privateKeyFile = privateKeyFile
            self.senderMailbox = senderMailbox
            self.authority = authority
            self.graph = graph
            self.scope = scope
            self.caFile = caFile
            self.syncIntervalSeconds = syncIntervalSeconds
            self.callBudgetSeconds = callBudgetSeconds
            self.timeoutSeconds = timeoutSeconds
        }

        private enum CodingKeys: String, CodingKey {
            case tenant, clientId, clientSecretFile, certificateFile, privateKeyFile, senderMailbox, authority, graph, scope, caFile
            case syncIntervalSeconds, callBudgetSeconds, timeoutSeconds
        }

        /// Decodes; only `tenant` and `clientId` are required.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                tenant: try c.decode(String.self, forKey: .tenant), clientId: try c.decode(String.self, forKey: .clientId),
                clientSecretFile: try c.decodeIfPresent(String.self, forKey: .clientSecretFile),
                certificateFile: try c.decodeIfPresent(String.self, forKey: .certificateFile),
                privateKeyFile: try c.decodeIfPresent(String.self, forKey: .privateKeyFile),
                senderMailbox: try c.decodeIfPresent(String.self, forKey: .senderMailbox),
                authority: try c.decode(forKey: .authority, default: "https://login.microsoftonline.com"),
                graph: try c.decode(forKey: .graph, default: "https://graph.microsoft.com/v1.0"),
                scope: try c.decode(forKey: .scope, default: "https://graph.microsoft.com/.default"),
                caFile: try c.decodeIfPresent(String.self, forKey: .caFile),
                syncIntervalSeconds: try c.decode(forKey: .syncIntervalSeconds, default: 60),
                callBudgetSeconds: try c.decode(forKey: .callBudgetSeconds, default: 30),
                timeoutSeconds: try c.decode(forKey: .timeoutSeconds, default: 30))
        }
    }

    /// Makes a configuration from parts (tests); the file is the usual way.
    public init(listen: ListenAddress, tls: TLSFiles, database: String, secretKeyFile: String, entra: Entra) {
        sections = ServiceSections(listen: listen, tls: tls)
        self.database = database
        self.secretKeyFile = secretKeyFile
        self.entra = entra
    }

    private enum CodingKeys: String, CodingKey { case database, secretKeyFile, entra }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        sections = try ServiceSections(from: decoder, defaultPort: IdentityAPI.defaultPort)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        database = try container.decode(String.self, forKey: .database)
        secretKeyFile = try container.decode(String.self, forKey: .secretKeyFile)
        entra = try container.decode(Entra.self, forKey: .entra)
    }

    /// Checks files, URLs and ranges, naming the key at fault.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try checkCreatableFile(database, key: "database")
        try checkCreatableFile(secretKeyFile, key: "secretKeyFile")
        try checkThat(!entra.tenant.isEmpty && !entra.tenant.contains("/"), key: "entra.tenant", "must be the tenant's id or domain")
        try checkThat(!entra.clientId.isEmpty, key: "entra.clientId", "must be the app registration's application (client) id")
        try checkHTTPSURL(entra.authority, key: "entra.authority", example: "https://login.microsoftonline.com")
        try checkHTTPSURL(entra.graph, key: "entra.graph", example: "https://graph.microsoft.com/v1.0")
        try checkThat(entra.scope.hasSuffix("/.default"), key: "entra.scope", "must be a resource followed by /.default")
        if let caFile = entra.caFile { try checkReadableFile(caFile, key: "entra.caFile") }
        switch (entra.certificateFile, entra.privateKeyFile) {
        case (let certificate?, let key?):
            try checkReadableFile(certificate, key: "entra.certificateFile")
            try checkReadableFile(key, key: "entra.privateKeyFile")
        case (nil, nil):
            // Without a certificate the secret comes from the file, or from the database where
            // an earlier start sealed it (checked at start, where the database is open).
            if let file = entra.clientSecretFile { try checkReadableFile(file, key: "entra.clientSecretFile") }
        default:
            throw ConfigError(
                code: .missingKey, message: "'entra.certificateFile' and 'entra.privateKeyFile' go together: set both or neither")
        }
        try checkRange(entra.syncIntervalSeconds, 5...86_400, key: "entra.syncIntervalSeconds")
        try checkRange(entra.callBudgetSeconds, 1...600, key: "entra.callBudgetSeconds")
        try checkRange(entra.timeoutSeconds, 1...600, key: "entra.timeoutSeconds")
    }
}
