/// Whether a TLS server asks its clients for a certificate (mutual TLS).
public enum ClientCertificateMode: Sendable, Hashable {
    /// Do not ask for a client certificate.
    case none
    /// Ask for one and verify it if it is sent; a client without one is still accepted
    /// (its ``TLSConnection/peerIdentity`` is then `nil`).
    case optional
    /// Ask for one and fail the handshake when it is missing or does not verify.
    case required
}

/// What a ``TLSContext`` is built from: certificates, key, trust roots and ALPN protocols.
///
/// Use the ``server(certificateChain:privateKey:trustRoots:clientCertificate:)`` and
/// ``client(trustRoots:certificateChain:privateKey:)`` factories; every field is a plain
/// value, so a configuration can be built from a config file and checked at start-up by
/// creating the context.
///
/// ```swift
/// let server = try TLSContext(server: .server(
///     certificateChain: .file("/etc/palisade/ingestion.pem"),
///     privateKey: .file("/etc/palisade/ingestion.key"),
///     trustRoots: .file("/etc/palisade/ca.pem"),
///     clientCertificate: .required))
/// ```
public struct TLSConfiguration: Sendable {
    /// Where PEM data comes from.
    public enum Source: Sendable, Hashable {
        /// A PEM file on disk, read when the ``TLSContext`` is created.
        case file(String)
        /// PEM text held in memory (tests, demos, secrets from a vault).
        case pem(String)
    }

    /// The certificate, followed by any intermediates: the server's certificate, or the
    /// client's certificate for mutual TLS. Leaf first, as in a PEM chain file.
    public var certificateChain: Source?
    /// The private key matching the first certificate of ``certificateChain``.
    public var privateKey: Source?
    /// The CA certificates that the peer's chain must lead to. `nil` means the system trust
    /// store (`SSL_CTX_set_default_verify_paths`).
    public var trustRoots: Source?
    /// Server side only: whether clients must present a certificate.
    public var clientCertificate: ClientCertificateMode
    /// The ALPN protocols offered (client) or accepted (server), in preference order.
    /// Clients default to `["h2"]`, servers made by ``server(certificateChain:privateKey:trustRoots:clientCertificate:)``
    /// to `["h2", "http/1.1"]`. The handshake fails with ``TLSError/Code/noALPN`` unless one of
    /// these is negotiated; a server that accepts `http/1.1` takes a client offering no ALPN
    /// as HTTP/1.1.
    public var applicationProtocols: [String] = ["h2"]

    /// Makes a configuration from its fields; prefer the `server`/`client` factories.
    public init(
        certificateChain: Source? = nil,
        privateKey: Source? = nil,
        trustRoots: Source? = nil,
        clientCertificate: ClientCertificateMode = .none,
        applicationProtocols: [String] = ["h2"]
    ) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.applicationProtocols = applicationProtocols
    }

    /// A server configuration: its certificate chain and key, plus, for mutual TLS, the CA
    /// that client certificates must chain to and whether they are required.
    public static func server(
        certificateChain: Source,
        privateKey: Source,
        trustRoots: Source? = nil,
        clientCertificate: ClientCertificateMode = .none
    ) -> TLSConfiguration {
        TLSConfiguration(
            certificateChain: certificateChain,
            privateKey: privateKey,
            trustRoots: trustRoots,
            clientCertificate: clientCertificate,
            applicationProtocols: ["h2", "http/1.1"]
        )
    }

    /// A client configuration: the CA the server must chain to (`nil` = system trust store)
    /// and, for mutual TLS, the client's own certificate chain and key.
    public static func client(
        trustRoots: Source? = nil,
        certificateChain: Source? = nil,
        privateKey: Source? = nil
    ) -> TLSConfiguration {
        TLSConfiguration(certificateChain: certificateChain, privateKey: privateKey, trustRoots: trustRoots)
    }
}

extension TLSConfiguration.Source {
    /// Reads the PEM bytes (from disk for `.file`); `what` names the item in error messages.
    func pemBytes(what: String) throws(TLSError) -> [UInt8] {
        switch self {
        case .pem(let text):
            return Array(text.utf8)
        case .file(let path):
            return try FileIO.readFile(path: path, what: what)
        }
    }

    /// "file '/path'" or "in-memory PEM", for error messages.
    var origin: String {
        switch self {
        case .file(let path): return "file '\(path)'"
        case .pem: return "in-memory PEM"
        }
    }
}
