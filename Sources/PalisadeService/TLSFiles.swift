/// The certificate, private key and CA bundle a service uses for mutual TLS, or the explicit
/// choice of cleartext HTTP/2 on a loopback address.
///
/// ```yaml
/// tls:
///   certificate: /etc/palisade/tls/echo.pem
///   key: /etc/palisade/tls/echo.key
///   ca: /etc/palisade/tls/ca.pem
/// ```
///
/// or, for a local mesh and tests only:
///
/// ```yaml
/// listen: 127.0.0.1:8443
/// tls:
///   plaintext: true
/// ```
///
/// The three paths are required unless `plaintext` is true. Call ``validate(address:addressKey:keyPath:)``
/// from the service's ``ValidatableConfig/validate()``: it checks the files can be read and that
/// cleartext is only used on loopback.
public struct TLSFiles: Codable, Sendable, Hashable {
    /// The service's certificate chain (PEM), with its identity in the URI SAN.
    public var certificate: String
    /// The certificate's private key (PEM). Its path may be logged; its contents never are.
    public var key: String
    /// The CA bundle (PEM) that peers' certificates must chain to.
    public var ca: String
    /// Cleartext HTTP/2 (h2c) instead of TLS. Only allowed on a loopback address.
    public var plaintext: Bool

    /// Creates TLS settings.
    public init(certificate: String, key: String, ca: String, plaintext: Bool = false) {
        self.certificate = certificate
        self.key = key
        self.ca = ca
        self.plaintext = plaintext
    }

    /// Cleartext settings, for a loopback-only local mesh and tests.
    public static var plaintextOnLoopback: TLSFiles {
        TLSFiles(certificate: "", key: "", ca: "", plaintext: true)
    }

    private enum CodingKeys: String, CodingKey {
        case certificate, key, ca, plaintext
    }

    /// Decodes; `plaintext` defaults to false, and the paths are optional when it is true.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plaintext = try container.decode(forKey: .plaintext, default: false)
        if plaintext {
            certificate = try container.decode(forKey: .certificate, default: "")
            key = try container.decode(forKey: .key, default: "")
            ca = try container.decode(forKey: .ca, default: "")
        } else {
            certificate = try container.decode(String.self, forKey: .certificate)
            key = try container.decode(String.self, forKey: .key)
            ca = try container.decode(String.self, forKey: .ca)
        }
    }

    /// Checks these settings for a service at `address`.
    ///
    /// - With TLS: each file exists and is readable by this process; the error names the key
    ///   (`tls.key`) and the path.
    /// - With `plaintext`: `address` is loopback (``ListenAddress/isLoopback``), because
    ///   cleartext on a reachable interface would expose tokens and activity data.
    ///
    /// - Parameters:
    ///   - address: where the service listens, or the peer it connects to.
    ///   - addressKey: the key path of `address` in the configuration, for messages.
    ///   - keyPath: the key path of these settings in the configuration, for messages.
    public func validate(address: ListenAddress, addressKey: String = "listen", keyPath: String = "tls")
        throws(ConfigError)
    {
        if plaintext {
            guard address.isLoopback else {
                throw ConfigError(
                    code: .invalidValue,
                    message: "'\(keyPath).plaintext' is true but '\(addressKey)' is \(address), which is not a "
                        + "loopback address; cleartext is only allowed on 127.0.0.1, [::1] or localhost"
                )
            }
            return
        }
        try checkReadableFile(certificate, key: "\(keyPath).certificate")
        try checkReadableFile(key, key: "\(keyPath).key")
        try checkReadableFile(ca, key: "\(keyPath).ca")
    }
}
