import Foundation
import PalisadeService
import PalisadeTLS

/// A test CA whose root certificate is a file in a test's directory, issuing identities as PEM
/// files (for a service's `tls:` section, or a libcurl client) or as in-memory client
/// configurations (for `RPCClient`): what `palisade certs` would write for a mesh, made in
/// milliseconds.
///
/// Every certificate carries `spiffe://palisade/<identity>`, the DNS name `localhost` and the
/// IPs `127.0.0.1` and `::1`, so one serves a service dialled either way and also presents its
/// identity as a client (the connector's certificate is both).
///
/// ```swift
/// let mesh = try MeshPKI(directory: scope.directory)
/// let connector = try mesh.files(for: "connector")       // certificate, key, ca paths
/// let alice = try mesh.clientConfiguration(identity: "operator/alice")
/// ```
public struct MeshPKI: Sendable {
    /// The CA (its root signs everything here) and a server certificate for `serverName`.
    public let pki: TestPKI
    /// The root certificate (PEM): what peers are told to trust.
    public let caFile: String
    /// Where the PEM files are written.
    public let directory: String

    /// Creates the CA and writes its root certificate to `directory/caFileName`.
    ///
    /// - Parameter serverName: the identity of ``pki``'s ready-made `server` certificate.
    public init(directory: String, serverName: String = "server", caFileName: String = "mesh-ca.pem") throws {
        self.directory = directory
        pki = try TestPKI(serverName: serverName)
        caFile = directory + "/" + caFileName
        try pki.root.certificatePEM.write(toFile: caFile, atomically: false, encoding: .utf8)
    }

    /// The root certificate as trust roots for either side.
    public var trustRoots: TLSConfiguration.Source { pki.trustRoots }

    /// Issues a certificate for `spiffe://palisade/<identity>` that also names localhost.
    ///
    /// - Parameter notBefore: the start of its validity (default: now, less a clock-skew
    ///   allowance); one more than `validity` ago makes an expired certificate.
    public func issue(_ identity: String, validity: Duration = .seconds(86_400), notBefore: Date? = nil) throws
        -> CertificateAuthority.Issued
    {
        try CertificateAuthority.issue(
            commonName: String(identity.prefix(64)), uris: [PeerIdentity.trustDomainPrefix + identity],
            dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"], validity: validity, notBefore: notBefore,
            issuer: pki.root)
    }

    /// Issues a certificate for `identity` and writes it with its key to `directory`
    /// (`operator/alice` → `operator-alice.pem`, `operator-alice-key.pem`): a service config's
    /// `tls:` files, or a libcurl client's certificate. Fails when the files exist already.
    public func files(for identity: String) throws -> TLSFiles {
        let stem = directory + "/" + identity.replacingOccurrences(of: "/", with: "-")
        let files = TLSFiles(certificate: stem + ".pem", key: stem + "-key.pem", ca: caFile)
        try CertificateAuthority.write(try issue(identity), certificatePath: files.certificate, keyPath: files.key)
        return files
    }

    /// A client configuration trusting the root; with an `identity`, presenting a fresh
    /// certificate for it (without one: a client that has no certificate to show).
    public func clientConfiguration(identity: String?) throws -> TLSConfiguration {
        try pki.clientConfiguration(identity: identity)
    }
}
