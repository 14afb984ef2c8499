internal import COpenSSL

/// An RSA private key that signs RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) or PS256
/// (RSASSA-PSS with SHA-256, §3.5): what
/// an Entra ID client assertion is signed with, when an app proves itself with a certificate
/// rather than a secret.
///
/// Signing does not change the key: OpenSSL documents an `EVP_PKEY` as safe to use from several
/// threads at once as long as nobody modifies it, and each signature gets its own `EVP_MD_CTX`.
///
/// ```swift
/// let key = try RSASigningKey(.file("/etc/palisade/graph-app.key"))
/// let signature = try key.signRS256(Array("\(header).\(claims)".utf8))
/// ```
public final class RSASigningKey: @unchecked Sendable {
    private let key: PrivateKey

    /// Loads the first private key of a PEM source (PKCS#8 or traditional RSA); refuses a key
    /// that is not RSA or is encrypted.
    public init(_ source: TLSConfiguration.Source) throws(TLSError) {
        let key = try PEM.privateKey(in: try source.pemBytes(what: "RSA private key"), origin: source.origin)
        guard key.isRSA else {
            throw TLSError(code: .invalidConfiguration, message: "the private key in \(source.origin) is not an RSA key")
        }
        self.key = key
    }

    /// The RS256 signature of `message` (PKCS#1 v1.5): as many bytes as the key's modulus.
    public func signRS256(_ message: [UInt8]) throws(TLSError) -> [UInt8] {
        try sign(message, .pkcs1)
    }

    /// The PS256 signature of `message` (PSS, MGF1-SHA-256, 32-byte salt; randomised, so two
    /// signatures of one message differ): as many bytes as the key's modulus.
    public func signPS256(_ message: [UInt8]) throws(TLSError) -> [UInt8] {
        try sign(message, .pss)
    }

    private func sign(_ message: [UInt8], _ scheme: RSASignatureScheme) throws(TLSError) -> [UInt8] {
        let context = try openSSLNonNull(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        try openSSLCheck(EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, key.pointer), "EVP_DigestSignInit")
        guard scheme.configure(keyContext) else { throw OpenSSLErrorStack.error(.internal, "setting RSA-PSS padding") }
        var length = 0
        try message.withUnsafeBufferPointer { (input) throws(TLSError) in
            try openSSLCheck(EVP_DigestSign(context, nil, &length, input.baseAddress, input.count), "EVP_DigestSign(size)")
        }
        var signature = [UInt8](repeating: 0, count: length)
        try message.withUnsafeBufferPointer { (input) throws(TLSError) in
            try signature.withUnsafeMutableBufferPointer { (output) throws(TLSError) in
                try openSSLCheck(
                    EVP_DigestSign(context, output.baseAddress, &length, input.baseAddress, input.count), "EVP_DigestSign")
            }
        }
        return Array(signature.prefix(length))
    }
}
