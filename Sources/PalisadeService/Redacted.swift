/// A secret that cannot end up in a log line, an error message or a debugger dump by accident.
///
/// Palisade never logs a secret (Slack tokens, the Graph client secret, private keys, encryption
/// keys). Rather than rely on every log call remembering that, secrets are held in `Redacted`
/// from the moment they are read: string interpolation, `String(describing:)`,
/// `String(reflecting:)`, `dump`, and swift-log metadata all print `<redacted>`. Reading the
/// secret takes the deliberate, greppable ``unredacted``.
///
/// ```swift
/// struct IdentityConfig: Decodable {
///     var clientID: String
///     var clientSecret: Redacted<String>   // decoded from the YAML string as usual
/// }
///
/// logger.info("token refreshed", metadata: ["secret": "\(config.clientSecret)"])
/// // … secret=<redacted>
/// let body = "client_secret=\(config.clientSecret.unredacted)"
/// ```
///
/// It is `Decodable` (configuration holds secrets) but deliberately not `Encodable`: encoding
/// would have to choose between writing the secret into some output and silently writing a
/// placeholder where a value is expected.
public struct Redacted<Value>: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself. Pass it only to the code that needs it (an HTTP body, a cipher).
    public let unredacted: Value

    /// Wraps a secret.
    public init(_ value: Value) {
        unredacted = value
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }

    /// A mirror with no children, so `dump` and debuggers' reflection show nothing inside.
    public var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: .struct)
    }
}

extension Redacted: Sendable where Value: Sendable {}

extension Redacted: Equatable where Value: Equatable {}

extension Redacted: Hashable where Value: Hashable {}

extension Redacted: Decodable where Value: Decodable {
    /// Decodes the secret as a plain `Value`.
    public init(from decoder: any Decoder) throws {
        unredacted = try decoder.singleValueContainer().decode(Value.self)
    }
}
