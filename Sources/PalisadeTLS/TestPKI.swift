/// A throw-away PKI in memory, **for tests and demos only**: a root CA, a server certificate
/// and client certificates on demand, plus ready-to-use ``TLSConfiguration`` values.
///
/// The server certificate carries the URI SAN `spiffe://palisade/<serverName>`, the DNS name
/// `localhost` and the IP addresses `127.0.0.1` and `::1`, so it verifies whichever way a
/// test dials it. Keys exist only in memory and die with the value.
///
/// ```swift
/// let pki = try TestPKI(serverName: "ingestion")
/// let server = try TLSContext(server: pki.serverConfiguration(clientCertificate: .required))
/// let client = try TLSContext(client: pki.clientConfiguration(identity: "connector"))
/// let connection = try TLSConnection(context: client, serverName: "localhost")
/// ```
public struct TestPKI: Sendable {
    /// The root CA (certificate and key), which signs everything else.
    public let root: CertificateAuthority.Issued
    /// The server's certificate and key.
    public let server: CertificateAuthority.Issued
    /// The service name in the server's SPIFFE URI.
    public let serverName: String

    /// Creates the CA and the server certificate; `validity` applies to both.
    public init(serverName: String = "server", validity: Duration = .seconds(86_400)) throws(TLSError) {
        self.serverName = serverName
        // A unique CA name per PKI: OpenSSL looks issuers up by name, so two test CAs with
        // the same name would make a "wrong CA" test fail for a misleading reason.
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        root = try CertificateAuthority.createRoot(commonName: "Palisade Test CA \(suffix)", validity: validity)
        server = try CertificateAuthority.issue(
            commonName: Self.commonName(serverName),
            uris: [PeerIdentity.trustDomainPrefix + serverName],
            dnsNames: ["localhost"],
            ipAddresses: ["127.0.0.1", "::1"],
            validity: validity,
            issuer: root
        )
    }

    /// The root CA certificate, as trust roots for either side.
    public var trustRoots: TLSConfiguration.Source { .pem(root.certificatePEM) }

    /// Issues a client certificate for `spiffe://palisade/<identity>` (e.g. `"connector"`,
    /// `"operator/alice"`), signed by ``root``.
    public func issueClient(identity: String, validity: Duration = .seconds(86_400)) throws(TLSError)
        -> CertificateAuthority.Issued
    {
        try CertificateAuthority.issue(
            commonName: Self.commonName(identity),
            uris: [PeerIdentity.trustDomainPrefix + identity],
            dnsNames: [],
            ipAddresses: [],
            validity: validity,
            issuer: root
        )
    }

    /// A server configuration using ``server`` and trusting ``root`` for client certificates.
    public func serverConfiguration(clientCertificate: ClientCertificateMode = .required) -> TLSConfiguration {
        .server(
            certificateChain: .pem(server.certificatePEM),
            privateKey: .pem(server.privateKeyPEM),
            trustRoots: trustRoots,
            clientCertificate: clientCertificate
        )
    }

    /// A client configuration trusting ``root``; with an `identity`, it also presents a fresh
    /// client certificate for `spiffe://palisade/<identity>`.
    public func clientConfiguration(identity: String? = nil) throws(TLSError) -> TLSConfiguration {
        guard let identity else { return .client(trustRoots: trustRoots) }
        let issued = try issueClient(identity: identity)
        return .client(
            trustRoots: trustRoots,
            certificateChain: .pem(issued.certificatePEM),
            privateKey: .pem(issued.privateKeyPEM)
        )
    }

    /// A common name within X.520's 64-character bound.
    private static func commonName(_ identity: String) -> String {
        String(identity.prefix(64))
    }
}
