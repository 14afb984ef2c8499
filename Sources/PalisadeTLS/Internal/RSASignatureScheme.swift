internal import COpenSSL

/// The two RSA signature schemes JWTs use with SHA-256 (RFC 7518): RS256 is PKCS#1 v1.5, PS256
/// is PSS with MGF1-SHA-256 and a salt as long as the digest (32 bytes), which msal uses for
/// certificate credentials when it knows the certificate.
enum RSASignatureScheme {
    case pkcs1
    case pss

    /// Sets the padding on the `EVP_PKEY_CTX` that `EVP_DigestSignInit`/`EVP_DigestVerifyInit`
    /// returned (owned by the `EVP_MD_CTX`, not by us). PKCS#1 v1.5 is an RSA key's default.
    func configure(_ context: OpaquePointer?) -> Bool {
        guard case .pss = self else { return true }
        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) == 1
            && EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()) == 1
    }
}
