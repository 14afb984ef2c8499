internal import COpenSSL

/// Builds one X.509 v3 certificate step by step. Owns the `X509` being built; every OpenSSL
/// call is checked and failures name the step.
final class CertificateBuilder {
    /// The certificate under construction (owned; handed out once signed).
    let certificate: X509Certificate

    /// Starts an empty v3 certificate with a random positive 128-bit serial number.
    init() throws(TLSError) {
        certificate = X509Certificate(adopting: try openSSLNonNull(X509_new(), "X509_new"))
        // X509_set_version takes the zero-based value: 2 means v3 (needed for extensions).
        try openSSLCheck(X509_set_version(certificate.pointer, 2), "X509_set_version")
        try setRandomSerial()
    }

    /// RFC 5280 §4.1.2.2: serials are positive and at most 20 octets; CAs should make them
    /// unpredictable. 16 random bytes with the top bit cleared satisfy both.
    private func setRandomSerial() throws(TLSError) {
        var bytes = [UInt8](repeating: 0, count: 16)
        try openSSLCheck(RAND_bytes(&bytes, Int32(bytes.count)), "RAND_bytes")
        bytes[0] &= 0x7F
        bytes[15] |= 0x01  // never zero
        let number = try openSSLNonNull(BN_bin2bn(bytes, Int32(bytes.count), nil), "BN_bin2bn")
        defer { BN_free(number) }
        let serial = try openSSLNonNull(X509_get_serialNumber(certificate.pointer), "X509_get_serialNumber")
        _ = try openSSLNonNull(BN_to_ASN1_INTEGER(number, serial), "BN_to_ASN1_INTEGER")
    }

    /// Sets notBefore/notAfter (seconds since 1970).
    func setValidity(notBefore: Int, notAfter: Int) throws(TLSError) {
        guard notAfter > notBefore else {
            throw TLSError(code: .invalidConfiguration, message: "a certificate's validity must be positive")
        }
        _ = try openSSLNonNull(ASN1_TIME_set(X509_getm_notBefore(certificate.pointer), notBefore), "ASN1_TIME_set(notBefore)")
        _ = try openSSLNonNull(ASN1_TIME_set(X509_getm_notAfter(certificate.pointer), notAfter), "ASN1_TIME_set(notAfter)")
    }

    /// Sets the subject to `CN=<commonName>` and the issuer to `issuer`'s subject (or to the
    /// same name when self-signed).
    func setNames(commonName: String, issuer: X509Certificate?) throws(TLSError) {
        let count = commonName.utf8.count
        // X.520 bounds a common name at 64 characters; OpenSSL rejects longer ones anyway.
        guard count > 0, commonName.count <= 64, !commonName.utf8.contains(0) else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "common name '\(commonName)' must be 1 to 64 characters without NUL"
            )
        }
        let subject = try openSSLNonNull(X509_get_subject_name(certificate.pointer), "X509_get_subject_name")
        try openSSLCheck(
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, commonName, Int32(count), -1, 0),
            "setting common name '\(commonName)'",
            code: .invalidConfiguration
        )
        let issuerName = try openSSLNonNull(
            X509_get_subject_name((issuer ?? certificate).pointer),
            "X509_get_subject_name(issuer)"
        )
        try openSSLCheck(X509_set_issuer_name(certificate.pointer, issuerName), "X509_set_issuer_name")
    }

    /// Sets the certificate's public key (X509_set_pubkey takes its own reference).
    func setPublicKey(of key: PrivateKey) throws(TLSError) {
        try openSSLCheck(X509_set_pubkey(certificate.pointer, key.pointer), "X509_set_pubkey")
    }

    /// Adds an extension from OpenSSL's configuration syntax (`"critical,CA:TRUE"`). `issuer`
    /// is needed for `authorityKeyIdentifier`; `nil` means self-signed.
    func addExtension(_ nid: Int32, _ value: String, issuer: X509Certificate?) throws(TLSError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, (issuer ?? certificate).pointer, certificate.pointer, nil, nil, 0)
        let name = OBJ_nid2sn(nid).map { String(cString: $0) } ?? "extension \(nid)"
        let extensionPointer = try openSSLNonNull(X509V3_EXT_conf_nid(nil, &context, nid, value), "building \(name)=\(value)")
        defer { X509_EXTENSION_free(extensionPointer) }
        // X509_add_ext copies the extension, so ours is freed above.
        try openSSLCheck(X509_add_ext(certificate.pointer, extensionPointer, -1), "adding \(name)")
    }

    /// Adds the subjectAltName extension. Built as GENERAL_NAME values rather than through
    /// the configuration syntax, so a comma in a URI cannot inject another name.
    func addSubjectAlternativeNames(uris: [String], dnsNames: [String], ipAddresses: [String]) throws(TLSError) {
        guard !(uris.isEmpty && dnsNames.isEmpty && ipAddresses.isEmpty) else { return }
        let names = try openSSLNonNull(GENERAL_NAMES_new(), "GENERAL_NAMES_new")
        defer { COpenSSL_GENERAL_NAMES_free(names) }
        for uri in uris { try append(ia5: uri, type: GEN_URI, kind: "URI", to: names) }
        for dns in dnsNames { try append(ia5: dns, type: GEN_DNS, kind: "DNS name", to: names) }
        for ip in ipAddresses {
            guard !ip.utf8.contains(0), let octets = a2i_IPADDRESS(ip) else {
                ERR_clear_error()
                throw TLSError(code: .invalidConfiguration, message: "'\(ip)' is not an IPv4 or IPv6 address")
            }
            try append(value: UnsafeMutableRawPointer(octets), type: GEN_IPADD, to: names) {
                ASN1_OCTET_STRING_free(octets)
            }
        }
        // X509_add1_ext_i2d encodes the stack into a new extension; the stack stays ours.
        try openSSLCheck(
            X509_add1_ext_i2d(certificate.pointer, NID_subject_alt_name, UnsafeMutableRawPointer(names), 0, 0),
            "adding subjectAltName"
        )
    }

    /// Signs with `key` using SHA-256 and returns the finished certificate.
    func sign(with key: PrivateKey) throws(TLSError) -> X509Certificate {
        if X509_sign(certificate.pointer, key.pointer, EVP_sha256()) <= 0 {
            throw OpenSSLErrorStack.error(.internal, "X509_sign")
        }
        return certificate
    }

    /// Appends an IA5String name (URI or DNS), which must be printable ASCII without spaces.
    private func append(ia5 text: String, type: Int32, kind: String, to names: OpaquePointer) throws(TLSError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count < 4096, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "\(kind) '\(text)' must be non-empty printable ASCII without spaces"
            )
        }
        let string = try openSSLNonNull(ASN1_IA5STRING_new(), "ASN1_IA5STRING_new")
        guard ASN1_STRING_set(string, bytes, Int32(bytes.count)) == 1 else {
            ASN1_IA5STRING_free(string)
            throw OpenSSLErrorStack.error(.internal, "ASN1_STRING_set")
        }
        try append(value: UnsafeMutableRawPointer(string), type: type, to: names) { ASN1_IA5STRING_free(string) }
    }

    /// Wraps `value` in a GENERAL_NAME and pushes it. Ownership: GENERAL_NAME_set0_value
    /// takes `value`, and a successful push hands the GENERAL_NAME to the stack; on each
    /// failure the one object that is still ours is freed.
    private func append(
        value: UnsafeMutableRawPointer,
        type: Int32,
        to names: OpaquePointer,
        freeValue: () -> Void
    ) throws(TLSError) {
        guard let name = GENERAL_NAME_new() else {
            freeValue()
            throw OpenSSLErrorStack.error(.internal, "GENERAL_NAME_new")
        }
        GENERAL_NAME_set0_value(name, type, value)
        if COpenSSL_sk_GENERAL_NAME_push(names, name) <= 0 {
            GENERAL_NAME_free(name)
            throw OpenSSLErrorStack.error(.internal, "sk_GENERAL_NAME_push")
        }
    }
}
