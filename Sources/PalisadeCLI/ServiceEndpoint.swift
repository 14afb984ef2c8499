import PalisadeMessages

/// A service the CLI's commands call, as `ServiceClientOptions` needs to find it: each has its
/// own default port and address variable, so a profile or a variable set for one service never
/// sends another's commands to the wrong port.
protocol ServiceEndpoint {
    /// The service as `--help` names it ("connector").
    static var name: String { get }
    /// The port it listens on by default.
    static var defaultPort: Int { get }
    /// The environment variable holding its address.
    static var addressVariable: String { get }
    /// Its address in the profile, if the profile has one.
    static func address(in profile: ClientProfile) -> String?
    /// Seconds a unary call waits by default.
    static var defaultTimeout: Int { get }
    /// `--timeout`'s help.
    static var timeoutHelp: String { get }
}

/// `palisade-connector`: `PALISADE_ADDRESS` and the profile's `address` (the first service the
/// CLI spoke to, so the unqualified names are its).
enum ConnectorEndpoint: ServiceEndpoint {
    static let name = "connector"
    static let defaultPort = ConnectorAPI.defaultPort
    static let addressVariable = "PALISADE_ADDRESS"
    static func address(in profile: ClientProfile) -> String? { profile.address }
    static let defaultTimeout = 30
    static let timeoutHelp = "Seconds to wait for each answer (default 30; adding a connection asks Slack first)."
}

/// `palisade-ingestion`: `PALISADE_INGESTION_ADDRESS` and the profile's `ingestionAddress`.
enum IngestionEndpoint: ServiceEndpoint {
    static let name = "ingestion service"
    static let defaultPort = IngestionAPI.defaultPort
    static let addressVariable = "PALISADE_INGESTION_ADDRESS"
    static func address(in profile: ClientProfile) -> String? { profile.ingestionAddress }
    static let defaultTimeout = 30
    static let timeoutHelp =
        "Seconds to wait for each answer (default 30); a query streaming its results has no limit unless this is given."
}

/// `palisade-detection`: `PALISADE_DETECTION_ADDRESS` and the profile's `detectionAddress`.
enum DetectionEndpoint: ServiceEndpoint {
    static let name = "detection service"
    static let defaultPort = DetectionAPI.defaultPort
    static let addressVariable = "PALISADE_DETECTION_ADDRESS"
    static func address(in profile: ClientProfile) -> String? { profile.detectionAddress }
    static let defaultTimeout = 30
    static let timeoutHelp = "Seconds to wait for each answer (default 30)."
}

/// `palisade-identity` (Entra ID) or `palisade-identity-okta`, which serve one contract:
/// `PALISADE_IDENTITY_ADDRESS` and the profile's `identityAddress`.
enum IdentityEndpoint: ServiceEndpoint {
    static let name = "identity service"
    static let defaultPort = IdentityAPI.defaultPort
    static let addressVariable = "PALISADE_IDENTITY_ADDRESS"
    static func address(in profile: ClientProfile) -> String? { profile.identityAddress }
    // The contract's default deadline: the service retries the provider's throttling within it.
    static let defaultTimeout = 30
    static let timeoutHelp =
        "Seconds to wait for each answer (default 30); the service retries the provider's throttling within this time."
}
