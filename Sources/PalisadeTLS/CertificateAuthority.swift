internal import COpenSSL
import Foundation

/// A small local certificate authority for Palisade's mutual TLS (what `palisade certs` uses).
///
/// The root is a self-signed CA; each service and operator gets a leaf certificate whose URI
/// SAN carries its identity (`spiffe://palisade/<service>`,
/// `spiffe://palisade/operator/<name>`), usable as both TLS server and client.
///
/// ```swift
/// let root = try CertificateAuthority.createRoot(commonName: "Palisade CA", validity: .seconds(10 * 365 * 86_400))
/// let ingestion = try CertificateAuthority.issue(
///     commonName: "ingestion", uris: ["spiffe://palisade/ingestion"], dnsNames: ["ingestion"],
///     ipAddresses: [], validity: .seconds(90 * 86_400), issuer: root)
/// try CertificateAuthority.write(ingestion, certificatePath: "ingestion.pem", keyPath: "ingestion.key")
/// ```
public enum CertificateAuthority {
    /// A certificate and its private key, both as PEM text.
    public struct Issued: Sendable, Hashable {
        /// The certificate, `-----BEGIN CERTIFICATE-----`.
        public let certificatePEM: String
        /// The unencrypted PKCS#8 private key, `-----BEGIN PRIVATE KEY-----`. Keep it secret.
        public let privateKeyPEM: String

        /// Wraps existing PEM text (for example a CA loaded from disk to issue more leaves).
        public init(certificatePEM: String, privateKeyPEM: String) {
            self.certificatePEM = certificatePEM
            self.privateKeyPEM = privateKeyPEM
        }
    }

    /// How far back `notBefore` is set by default, so that a peer whose clock runs a little
    /// behind ours still accepts a certificate issued a moment ago.
    public static let clockSkewAllowance: Duration = .seconds(300)

    /// Creates a self-signed root CA with an EC P-256 key: basicConstraints critical
    /// `CA:TRUE, pathlen:0` (it signs leaves only), keyUsage critical `keyCertSign, cRLSign`,
    /// and a subjectKeyIdentifier.
    public static func createRoot(commonName: String, validity: Duration) throws(TLSError) -> Issued {
        try makeCertificate(
            commonName: commonName, issuer: nil, notBefore: nil, validity: validity,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
            ])
    }

    /// Issues a leaf certificate signed by `issuer`: a fresh EC P-256 key, SHA-256 signature,
    /// random 128-bit serial, subjectAltName with the given URIs, DNS names and IP addresses,
    /// keyUsage `digitalSignature`, extendedKeyUsage `serverAuth, clientAuth`,
    /// authority/subject key identifiers and basicConstraints `CA:FALSE`.
    ///
    /// Valid from `notBefore` (default: now minus ``clockSkewAllowance``) for `validity`;
    /// tests pass a `notBefore` in the past to make an already-expired certificate.
    public static func issue(
        commonName: String,
        uris: [String],
        dnsNames: [String],
        ipAddresses: [String],
        validity: Duration,
        notBefore: Date? = nil,
        issuer: Issued
    ) throws(TLSError) -> Issued {
        let issuerCertificate = try loadIssuerCertificate(issuer)
        let issuerKey = try PEM.privateKey(in: Array(issuer.privateKeyPEM.utf8), origin: "the issuer's private key")
        guard X509_check_private_key(issuerCertificate.pointer, issuerKey.pointer) == 1 else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "the issuer's private key does not match its certificate: \(OpenSSLErrorStack.drain())"
            )
        }
        return try makeCertificate(
            commonName: commonName, issuer: (issuerCertificate, issuerKey), notBefore: notBefore, validity: validity,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth,clientAuth"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ],
            uris: uris, dnsNames: dnsNames, ipAddresses: ipAddresses)
    }

    /// Creates a self-signed certificate for a fresh RSA key of `bits` bits: what an app
    /// registration's certificate credential usually is (Entra ID's client assertions are RS256,
    /// signed with this key; the certificate's thumbprint names it). basicConstraints `CA:FALSE`,
    /// keyUsage `digitalSignature`, a subjectKeyIdentifier, SHA-256 signature.
    public static func createSelfSignedRSA(commonName: String, validity: Duration, bits: Int = 2048) throws(TLSError)
        -> Issued
    {
        try makeCertificate(
            commonName: commonName, issuer: nil, notBefore: nil, validity: validity,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_subject_key_identifier, "hash"),
            ], key: try PrivateKey.generateRSA(bits: bits))
    }

    /// Writes the certificate (mode 0644) and the key (mode 0600, whatever the umask) to new
    /// files. Refuses, with an error naming the path, when either file already exists, so a
    /// CA key is never silently replaced; nothing is written in that case.
    public static func write(_ issued: Issued, certificatePath: String, keyPath: String) throws(TLSError) {
        guard certificatePath != keyPath else {
            throw TLSError(code: .invalidConfiguration, message: "certificate and key paths must differ ('\(keyPath)')")
        }
        for (path, what) in [(keyPath, "private key"), (certificatePath, "certificate")] where FileIO.exists(path: path) {
            throw TLSError(
                code: .invalidConfiguration,
                message: "refusing to overwrite existing \(what) file '\(path)'; move it away or choose another path"
            )
        }
        try FileIO.createNewFile(path: keyPath, bytes: Array(issued.privateKeyPEM.utf8), mode: 0o600, what: "private key")
        do {
            try FileIO.createNewFile(
                path: certificatePath,
                bytes: Array(issued.certificatePEM.utf8),
                mode: 0o644,
                what: "certificate"
            )
        } catch {
            // Leave no key without its certificate; the next attempt would refuse to overwrite it.
            FileIO.remove(path: keyPath)
            throw error
        }
    }

    /// A certificate for `key` (default: a fresh EC P-256 key), what roots and leaves share: named and dated,
    /// with `extensions` in order (key identifiers taken from `issuer`, or from the certificate
    /// itself when it has none) and the subject alternative names, signed by `issuer`'s key, or
    /// by the new key when there is no issuer (a self-signed root).
    private static func makeCertificate(
        commonName: String, issuer: (certificate: X509Certificate, key: PrivateKey)?, notBefore: Date?, validity: Duration,
        extensions: [(nid: Int32, value: String)], uris: [String] = [], dnsNames: [String] = [], ipAddresses: [String] = [],
        key givenKey: PrivateKey? = nil
    ) throws(TLSError) -> Issued {
        let (start, end) = try validityWindow(notBefore: notBefore, validity: validity)
        let key: PrivateKey
        if let givenKey { key = givenKey } else { key = try PrivateKey.generateP256() }
        let builder = try CertificateBuilder()
        try builder.setNames(commonName: commonName, issuer: issuer?.certificate)
        try builder.setValidity(notBefore: start, notAfter: end)
        try builder.setPublicKey(of: key)
        for (nid, value) in extensions {
            try builder.addExtension(nid, value, issuer: issuer?.certificate)
        }
        try builder.addSubjectAlternativeNames(uris: uris, dnsNames: dnsNames, ipAddresses: ipAddresses)
        let certificate = try builder.sign(with: issuer?.key ?? key)
        return Issued(certificatePEM: try PEM.encode(certificate), privateKeyPEM: try PEM.encode(key))
    }

    /// The issuer's certificate, which must be a CA.
    private static func loadIssuerCertificate(_ issuer: Issued) throws(TLSError) -> X509Certificate {
        let certificates = try PEM.certificates(in: Array(issuer.certificatePEM.utf8), origin: "the issuer's certificate")
        let certificate = certificates[0]
        // X509_check_ca returns non-zero for a certificate that may sign others.
        guard X509_check_ca(certificate.pointer) != 0 else {
            throw TLSError(code: .invalidConfiguration, message: "the issuer's certificate is not a CA certificate")
        }
        return certificate
    }

    /// `(notBefore, notAfter)` in seconds since 1970.
    private static func validityWindow(notBefore: Date?, validity: Duration) throws(TLSError) -> (Int, Int) {
        let seconds = validity.components.seconds
        guard seconds > 0, seconds <= 100 * 366 * 86_400 else {
            throw TLSError(code: .invalidConfiguration, message: "certificate validity must be between 1 second and 100 years")
        }
        let start: Double
        let end: Double
        if let notBefore {
            start = notBefore.timeIntervalSince1970
            end = start + Double(seconds)
        } else {
            let now = Date().timeIntervalSince1970
            start = now - Double(clockSkewAllowance.components.seconds)
            end = now + Double(seconds)
        }
        // Year 9999 is the last one X.509's GeneralizedTime can express.
        guard start.isFinite, start >= 0, end < 253_402_300_799 else {
            throw TLSError(code: .invalidConfiguration, message: "notBefore \(start) is outside the range X.509 can express")
        }
        return (Int(start), Int(end))
    }
}
