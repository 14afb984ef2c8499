import PalisadeRPC
import PalisadeTLS

/// A service this one calls: its address, the name its certificate must carry, and optionally
/// a CA of its own. Our client certificate is the service's `tls` one.
///
/// ```yaml
/// ingestion:
///   address: 127.0.0.1:7102
///   serverName: ingestion        # default: the peer's service name
///   ca: /etc/palisade/tls/ca.pem # default: tls.ca
/// ```
public struct PeerSection: Decodable, Sendable, Hashable {
    /// The peer's address, `host:port`.
    public var address: ListenAddress
    /// The name the peer's certificate must carry (and the SNI sent). Empty until the owning
    /// configuration gives its default with ``defaultingServerName(to:)``.
    public var serverName: String
    /// The CA bundle the peer's certificate must chain to, instead of `tls.ca`.
    public var ca: String?

    /// Makes a peer.
    public init(address: ListenAddress, serverName: String, ca: String? = nil) {
        self.address = address
        self.serverName = serverName
        self.ca = ca
    }

    private enum CodingKeys: String, CodingKey { case address, serverName, ca }

    /// Decodes; `serverName` and `ca` are optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(ListenAddress.self, forKey: .address)
        serverName = try container.decode(forKey: .serverName, default: "")
        ca = try container.decodeIfPresent(String.self, forKey: .ca)
    }

    /// This peer with `name` as its server name when the file gave none.
    public func defaultingServerName(to name: String) -> PeerSection {
        var peer = self
        if peer.serverName.isEmpty { peer.serverName = name }
        return peer
    }

    /// Checks the peer under `key` for a service whose own TLS settings are `tls`: cleartext
    /// towards a peer only where it is allowed for ourselves too (explicit `tls.plaintext`, and
    /// a loopback peer); a server name; a readable CA file.
    public func validate(key: String, tls: TLSFiles) throws(ConfigError) {
        if tls.plaintext {
            try tls.validate(address: address, addressKey: "\(key).address")
        }
        guard !serverName.isEmpty else {
            throw ConfigError(code: .invalidValue, message: "'\(key).serverName' must not be empty")
        }
        if let ca, !tls.plaintext { try checkReadableFile(ca, key: "\(key).ca") }
    }

    /// A client for this peer with our identity from `tls`; nothing is dialled until the first
    /// call. Errors name `key`.
    public func makeClient(tls: TLSFiles, key: String) throws(StartupError) -> RPCClient {
        do {
            let security: TransportSecurity
            if tls.plaintext {
                security = .plaintext
            } else {
                security = .tls(
                    try TLSContext(
                        client: .client(
                            trustRoots: .file(ca ?? tls.ca), certificateChain: .file(tls.certificate), privateKey: .file(tls.key))))
            }
            return try RPCClient(
                configuration: .init(
                    host: address.host, port: address.port, security: security, serverName: tls.plaintext ? nil : serverName))
        } catch {
            throw StartupError(message: "'\(key)': \(error)")
        }
    }
}
