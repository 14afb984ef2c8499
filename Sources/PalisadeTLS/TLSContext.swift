internal import COpenSSL

/// A configured OpenSSL `SSL_CTX`: certificates, trust roots, protocol floor, ALPN and
/// verification policy, shared by every ``TLSConnection`` made from it.
///
/// Create one per listening service (server) or per upstream (client) at start-up; creation
/// reads and checks every file, so a bad path or a key that does not match its certificate
/// fails fast with a ``TLSError`` naming it.
///
/// ```swift
/// let context = try TLSContext(client: .client(trustRoots: .file("ca.pem")))
/// let connection = try TLSConnection(context: context, serverName: "ingestion.palisade")
/// ```
///
/// Why `@unchecked Sendable` is sound: the `SSL_CTX` is configured only inside `init`, before
/// the object is shared, and never modified afterwards. After that the only use is
/// `SSL_new`, which reads the context's settings and takes a reference with an atomic
/// reference count; openssl-threads(7) says "objects are thread-safe as long as the APIs
/// being invoked don't modify the object". Certificate verification consults the context's
/// `X509_STORE`, which has its own lock. The ALPN preferences are an immutable `Sendable`
/// class.
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX *`; this object owns exactly one reference and frees it in `deinit`.
    let pointer: OpaquePointer
    /// Whether connections made from this context accept (server) or connect (client).
    let isServer: Bool
    /// The ALPN protocols that may be negotiated, in preference order.
    let alpn: ALPNPreferences

    /// Makes a server context: TLS 1.2 minimum, ALPN restricted to the configured protocols
    /// (`h2` by default, never `http/1.1` unless configured), no compression, no
    /// renegotiation, and client certificates requested per `clientCertificate`.
    public convenience init(server configuration: TLSConfiguration) throws(TLSError) {
        guard let chain = configuration.certificateChain, let key = configuration.privateKey else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "a TLS server needs both certificateChain and privateKey"
            )
        }
        try self.init(isServer: true, protocols: configuration.applicationProtocols)
        try useIdentity(chain: chain, key: key)
        try useTrustRoots(configuration.trustRoots, advertiseToClients: configuration.clientCertificate != .none)

        switch configuration.clientCertificate {
        case .none:
            SSL_CTX_set_verify(pointer, SSL_VERIFY_NONE, nil)
        case .optional:
            SSL_CTX_set_verify(pointer, SSL_VERIFY_PEER, nil)
        case .required:
            SSL_CTX_set_verify(pointer, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
        // Without a session id context OpenSSL refuses to resume a session when client
        // verification is on; set one so a resuming third-party client gets a full handshake
        // instead of an error.
        let sessionContext: [UInt8] = Array("palisade".utf8)
        try openSSLCheck(
            SSL_CTX_set_session_id_context(pointer, sessionContext, UInt32(sessionContext.count)),
            "SSL_CTX_set_session_id_context"
        )
        // The select callback gets `arg` back on every ClientHello. It is unretained: `self`
        // owns `alpn`, and every TLSConnection keeps its TLSContext alive, so `alpn` outlives
        // every SSL that can call back.
        SSL_CTX_set_alpn_select_cb(pointer, alpnSelectCallback, Unmanaged.passUnretained(alpn).toOpaque())
    }

    /// Makes a client context: TLS 1.2 minimum, the configured ALPN protocols offered (`h2`
    /// by default), and the server's certificate always verified against `trustRoots` (or the
    /// system trust store). A client certificate is presented when one is configured.
    public convenience init(client configuration: TLSConfiguration) throws(TLSError) {
        try self.init(isServer: false, protocols: configuration.applicationProtocols)
        switch (configuration.certificateChain, configuration.privateKey) {
        case (nil, nil):
            break
        case (let chain?, let key?):
            try useIdentity(chain: chain, key: key)
        default:
            throw TLSError(
                code: .invalidConfiguration,
                message: "a client certificate needs both certificateChain and privateKey; only one was given"
            )
        }
        try useTrustRoots(configuration.trustRoots, advertiseToClients: false)
        SSL_CTX_set_verify(pointer, SSL_VERIFY_PEER, nil)
        // Unlike most OpenSSL calls, SSL_CTX_set_alpn_protos returns 0 on success.
        let result = alpn.wireFormat.withUnsafeBufferPointer { wire in
            SSL_CTX_set_alpn_protos(pointer, wire.baseAddress, UInt32(wire.count))
        }
        if result != 0 { throw OpenSSLErrorStack.error(.internal, "SSL_CTX_set_alpn_protos") }
    }

    /// What both sides start with: a new `SSL_CTX` for the side, offering `protocols`, with
    /// ``configureCommon()``'s settings. From here on `deinit` frees the context if a later step
    /// of the public initializers throws.
    private init(isServer: Bool, protocols: [String]) throws(TLSError) {
        let alpn = try ALPNPreferences(protocols)
        pointer =
            isServer
            ? try openSSLNonNull(SSL_CTX_new(TLS_server_method()), "SSL_CTX_new(TLS_server_method)")
            : try openSSLNonNull(SSL_CTX_new(TLS_client_method()), "SSL_CTX_new(TLS_client_method)")
        self.isServer = isServer
        self.alpn = alpn
        try configureCommon()
    }

    deinit { SSL_CTX_free(pointer) }

    /// Settings shared by both sides.
    private func configureCommon() throws(TLSError) {
        // HTTP/2 requires TLS 1.2 or newer (RFC 9113 §9.2).
        try openSSLCheck(
            Int32(COpenSSL_SSL_CTX_set_min_proto_version(pointer, TLS1_2_VERSION)),
            "SSL_CTX_set_min_proto_version(TLS1_2_VERSION)"
        )
        // Compression enables CRIME-style attacks and renegotiation is forbidden by HTTP/2
        // (RFC 9113 §9.2.1). Tickets are off because connections never resume sessions, so
        // a ticket would only cost a round of bytes after every handshake.
        SSL_CTX_set_options(
            pointer,
            COpenSSL_SSL_OP_NO_COMPRESSION | COpenSSL_SSL_OP_NO_RENEGOTIATION | COpenSSL_SSL_OP_NO_TICKET
                | COpenSSL_SSL_OP_CIPHER_SERVER_PREFERENCE
        )
        try openSSLCheck(SSL_CTX_set_num_tickets(pointer, 0), "SSL_CTX_set_num_tickets")
        // PARTIAL_WRITE | ACCEPT_MOVING_WRITE_BUFFER: SSL_write returns after each record
        // instead of insisting on the same buffer pointer being passed again; TLSConnection
        // loops over the remainder itself. NO_AUTO_CHAIN: send exactly the configured chain.
        // Otherwise OpenSSL completes it from the trust store meant for verifying *clients*,
        // sending our root along, and a client with other roots gets the misleading
        // "self-signed certificate in certificate chain" instead of "unable to get local issuer".
        _ = COpenSSL_SSL_CTX_set_mode(
            pointer,
            Int(SSL_MODE_ENABLE_PARTIAL_WRITE) | Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER) | Int(SSL_MODE_NO_AUTO_CHAIN)
        )
    }

    /// Loads our certificate chain and key and checks that they belong together.
    private func useIdentity(chain: TLSConfiguration.Source, key: TLSConfiguration.Source) throws(TLSError) {
        let certificates = try PEM.certificates(in: chain.pemBytes(what: "certificate"), origin: chain.origin)
        let privateKey = try PEM.privateKey(in: key.pemBytes(what: "private key"), origin: key.origin)
        // SSL_CTX_use_certificate, add1_chain_cert and use_PrivateKey each take their own
        // reference, so our owners may free theirs when this function returns.
        try openSSLCheck(
            SSL_CTX_use_certificate(pointer, certificates[0].pointer),
            "loading the certificate from \(chain.origin) (SSL_CTX_use_certificate)",
            code: .invalidConfiguration
        )
        for intermediate in certificates.dropFirst() {
            try openSSLCheck(
                Int32(COpenSSL_SSL_CTX_add1_chain_cert(pointer, intermediate.pointer)),
                "adding an intermediate certificate from \(chain.origin) (SSL_CTX_add1_chain_cert)",
                code: .invalidConfiguration
            )
        }
        // SSL_CTX_use_PrivateKey already compares the key with the certificate and fails
        // with "key values mismatch"; SSL_CTX_check_private_key double-checks the pair.
        if SSL_CTX_use_PrivateKey(pointer, privateKey.pointer) != 1 || SSL_CTX_check_private_key(pointer) != 1 {
            throw TLSError(
                code: .invalidConfiguration,
                message: "the private key from \(key.origin) does not match the certificate from \(chain.origin): "
                    + OpenSSLErrorStack.drain().description
            )
        }
    }

    /// Installs the CA certificates that peers must chain to, or the system trust store.
    private func useTrustRoots(_ roots: TLSConfiguration.Source?, advertiseToClients: Bool) throws(TLSError) {
        guard let roots else {
            try openSSLCheck(
                SSL_CTX_set_default_verify_paths(pointer),
                "loading the system trust store (SSL_CTX_set_default_verify_paths)",
                code: .invalidConfiguration
            )
            return
        }
        let certificates = try PEM.certificates(in: roots.pemBytes(what: "CA certificate"), origin: roots.origin)
        let store = try openSSLNonNull(SSL_CTX_get_cert_store(pointer), "SSL_CTX_get_cert_store")
        for certificate in certificates {
            // X509_STORE_add_cert takes its own reference.
            try openSSLCheck(
                X509_STORE_add_cert(store, certificate.pointer),
                "adding a trust root from \(roots.origin) (X509_STORE_add_cert)",
                code: .invalidConfiguration
            )
            if advertiseToClients {
                // Tells clients which CAs we accept, so one with several identities picks right.
                try openSSLCheck(SSL_CTX_add_client_CA(pointer, certificate.pointer), "SSL_CTX_add_client_CA")
            }
        }
    }
}
