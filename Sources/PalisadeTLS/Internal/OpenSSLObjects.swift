internal import COpenSSL

/// Sole owner of one `X509 *` reference; frees it in `deinit`.
///
/// OpenSSL certificates are reference counted: every `get1`/`PEM_read`/`X509_new` result is a
/// reference the caller must `X509_free`, while `get0`/`add1`/`use_certificate` either borrow
/// or take their own reference. Keeping exactly one Swift owner per reference makes each of
/// those calls a local decision.
final class X509Certificate {
    let pointer: OpaquePointer

    /// Adopts a reference the caller owns (it will be freed with this object).
    init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }
}

/// Sole owner of one `EVP_PKEY *` reference; frees it in `deinit`.
final class PrivateKey {
    let pointer: OpaquePointer

    /// Adopts a reference the caller owns (it will be freed with this object).
    init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// A fresh EC key on NIST P-256 (`EVP_EC_gen` is a macro, hence the shim).
    static func generateP256() throws(TLSError) -> PrivateKey {
        PrivateKey(adopting: try openSSLNonNull(COpenSSL_EVP_EC_gen("P-256"), "EVP_EC_gen(P-256)"))
    }

    /// A fresh RSA key of `bits` bits, public exponent 65537 (`EVP_RSA_gen` is a macro, hence the shim).
    static func generateRSA(bits: Int) throws(TLSError) -> PrivateKey {
        guard (2048...8192).contains(bits) else {
            throw TLSError(code: .invalidConfiguration, message: "an RSA key must have 2048 to 8192 bits, not \(bits)")
        }
        return PrivateKey(adopting: try openSSLNonNull(COpenSSL_EVP_RSA_gen(UInt32(bits)), "EVP_RSA_gen(\(bits))"))
    }

    /// Whether this is an RSA key (RS256 needs one).
    var isRSA: Bool { EVP_PKEY_get_base_id(pointer) == EVP_PKEY_RSA }
}

/// PEM decoding and encoding through short-lived memory BIOs.
enum PEM {
    /// Every certificate in `bytes`, in order (leaf first in a chain file).
    static func certificates(in bytes: [UInt8], origin: String) throws(TLSError) -> [X509Certificate] {
        var certificates: [X509Certificate] = []
        try withReadBIO(bytes, origin: origin) { bio in
            while let x509 = PEM_read_bio_X509(bio, nil, supplyNoPassword, nil) {
                certificates.append(X509Certificate(adopting: x509))
            }
        }
        // The loop always ends with "no start line" (end of input); a real error at the
        // start means nothing parsed, which the caller reports below.
        let stack = OpenSSLErrorStack.drain()
        guard !certificates.isEmpty else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "no PEM certificate found in \(origin) (expected '-----BEGIN CERTIFICATE-----'): \(stack)"
            )
        }
        return certificates
    }

    /// The first private key in `bytes` (PKCS#8, or traditional EC/RSA PEM).
    static func privateKey(in bytes: [UInt8], origin: String) throws(TLSError) -> PrivateKey {
        var key: OpaquePointer?
        try withReadBIO(bytes, origin: origin) { bio in
            key = PEM_read_bio_PrivateKey(bio, nil, supplyNoPassword, nil)
        }
        guard let key else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "no usable PEM private key in \(origin) (encrypted keys are not supported): "
                    + OpenSSLErrorStack.drain().description
            )
        }
        return PrivateKey(adopting: key)
    }

    /// The PEM text of a certificate.
    static func encode(_ certificate: X509Certificate) throws(TLSError) -> String {
        try withWriteBIO("PEM_write_bio_X509") { bio in PEM_write_bio_X509(bio, certificate.pointer) }
    }

    /// The unencrypted PKCS#8 PEM text of a private key.
    static func encode(_ key: PrivateKey) throws(TLSError) -> String {
        try withWriteBIO("PEM_write_bio_PrivateKey") { bio in
            PEM_write_bio_PrivateKey(bio, key.pointer, nil, nil, 0, nil, nil)
        }
    }

    /// Runs `body` with a read-only memory BIO over `bytes`. `BIO_new_mem_buf` does not copy,
    /// so the BIO must not outlive the `withUnsafeBytes` scope; it is freed before returning.
    private static func withReadBIO(
        _ bytes: [UInt8],
        origin: String,
        _ body: (OpaquePointer) -> Void
    ) throws(TLSError) {
        guard bytes.count < Int(Int32.max) else {
            throw TLSError(code: .invalidConfiguration, message: "PEM data in \(origin) is too large")
        }
        let bio: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            guard let bio = BIO_new_mem_buf(base, Int32(buffer.count)) else { return nil }
            body(bio)
            BIO_free(bio)
            return bio
        }
        if bio == nil {
            if bytes.isEmpty {
                throw TLSError(code: .invalidConfiguration, message: "\(origin) is empty; expected PEM data")
            }
            throw OpenSSLErrorStack.error(.internal, "BIO_new_mem_buf")
        }
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote as text.
    private static func withWriteBIO(
        _ function: String,
        _ write: (OpaquePointer) -> Int32
    ) throws(TLSError) -> String {
        let bio = try openSSLNonNull(BIO_new(BIO_s_mem()), "BIO_new(BIO_s_mem)")
        defer { BIO_free(bio) }
        try openSSLCheck(write(bio), function)
        var data: UnsafeMutablePointer<CChar>?
        let length = COpenSSL_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { throw OpenSSLErrorStack.error(.internal, "BIO_get_mem_data") }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `pem_password_cb` that supplies no password. Passing `NULL` instead would make OpenSSL
/// prompt on the terminal for an encrypted key, hanging a service; with this an encrypted
/// key simply fails to load with a clear error.
private func supplyNoPassword(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ size: Int32,
    _ writing: Int32,
    _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    0
}
