internal import COpenSSL

/// An X.509 certificate used to check signatures made with its key, not to secure a connection:
/// an app registration's certificate credential. It gives the certificate's thumbprints (which
/// name it in a JWT header, `x5t` and `x5t#S256`) and verifies RS256 and PS256 signatures.
///
/// Verification only reads the key, which OpenSSL allows from several threads at once; each call
/// gets its own `EVP_MD_CTX`.
///
/// ```swift
/// let certificate = try SigningCertificate(.pem(app.certificatePEM))
/// let valid = certificate.verifyRS256(signature: signature, message: Array(signingInput.utf8))
/// ```
public final class SigningCertificate: @unchecked Sendable {
    private let certificate: X509Certificate
    /// The certificate's public key; `X509_get_pubkey` hands out a reference of our own.
    private let publicKey: PrivateKey
    /// The SHA-1 digest of the certificate's DER encoding (20 bytes): `x5t`, and what Entra
    /// shows as the certificate's thumbprint.
    public let sha1Thumbprint: [UInt8]
    /// The SHA-256 digest of the certificate's DER encoding (32 bytes): `x5t#S256`.
    public let sha256Thumbprint: [UInt8]

    /// Loads the first certificate of a PEM source.
    public init(_ source: TLSConfiguration.Source) throws(TLSError) {
        let certificates = try PEM.certificates(in: try source.pemBytes(what: "certificate"), origin: source.origin)
        certificate = certificates[0]
        publicKey = PrivateKey(adopting: try openSSLNonNull(X509_get_pubkey(certificate.pointer), "X509_get_pubkey"))
        sha1Thumbprint = try Self.digest(certificate, EVP_sha1(), "X509_digest(SHA-1)")
        sha256Thumbprint = try Self.digest(certificate, EVP_sha256(), "X509_digest(SHA-256)")
    }

    /// Whether the certificate's key is RSA (only then can an RS256 signature verify).
    public var isRSA: Bool { publicKey.isRSA }

    /// Whether `signature` is a valid RS256 signature (PKCS#1 v1.5) of `message` by the
    /// certificate's key. False for a key that is not RSA, a signature of the wrong length or any
    /// other mismatch; the reason is not interesting to a verifier, so OpenSSL's error queue is cleared.
    public func verifyRS256(signature: [UInt8], message: [UInt8]) -> Bool {
        verify(signature: signature, message: message, .pkcs1)
    }

    /// Whether `signature` is a valid PS256 signature (PSS, MGF1-SHA-256, salt as long as the
    /// digest, RFC 7518 §3.5) of `message` by the certificate's key; false otherwise.
    public func verifyPS256(signature: [UInt8], message: [UInt8]) -> Bool {
        verify(signature: signature, message: message, .pss)
    }

    private func verify(signature: [UInt8], message: [UInt8], _ scheme: RSASignatureScheme) -> Bool {
        guard publicKey.isRSA, !signature.isEmpty, let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, publicKey.pointer) == 1,
            scheme.configure(keyContext)
        else { return false }
        let result = signature.withUnsafeBufferPointer { signatureBytes in
            message.withUnsafeBufferPointer { input in
                EVP_DigestVerify(context, signatureBytes.baseAddress, signatureBytes.count, input.baseAddress, input.count)
            }
        }
        // 1 = valid; 0 = invalid; negative = could not be checked (also a refusal).
        return result == 1
    }

    private static func digest(_ certificate: X509Certificate, _ type: OpaquePointer?, _ what: String) throws(TLSError)
        -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        try openSSLCheck(X509_digest(certificate.pointer, type, &bytes, &length), what)
        return Array(bytes.prefix(Int(length)))
    }
}
