internal import COpenSSL

/// One TLS connection, sans-I/O: ciphertext goes in with ``receiveCiphertext(_:)`` and comes
/// out with ``drainCiphertext(into:)``; the caller owns the socket.
///
/// OpenSSL reads from and writes to two memory BIOs, so nothing here ever blocks or touches
/// a file descriptor and the whole state machine runs in tests without sockets.
///
/// ```swift
/// connection.receiveCiphertext(bytesFromSocket)
/// if try connection.handshake() {
///     var plaintext: [UInt8] = []
///     _ = try connection.readPlaintext(into: &plaintext, maxBytes: 64 << 10)
/// }
/// var outgoing: [UInt8] = []
/// connection.drainCiphertext(into: &outgoing)   // always, even after an error: it may hold an alert
/// socket.send(outgoing)
/// ```
///
/// Not `Sendable`: an `SSL` object must not be used from two threads at once, and the
/// OpenSSL error queue this class reads is per thread. Keep each connection on its loop.
public final class TLSConnection {
    /// What ``readPlaintext(into:maxBytes:)`` produced.
    public enum ReadResult: Sendable, Hashable {
        /// This many plaintext bytes were appended (never 0 unless `maxBytes` was 0).
        case bytes(Int)
        /// No complete record is buffered: feed more ciphertext first.
        case wantMoreCiphertext
        /// The peer sent `close_notify`: it will send nothing more.
        case closed
    }

    /// Keeps the context (and its ALPN preferences, referenced by the select callback) alive
    /// for as long as this connection's `SSL` exists.
    let context: TLSContext
    /// The `SSL *`, owned by this object and freed in `deinit`.
    let ssl: OpaquePointer
    /// Ciphertext from the peer; borrowed, owned by `ssl` since `SSL_set_bio`.
    private let readBIO: OpaquePointer
    /// Ciphertext for the peer; borrowed, owned by `ssl` since `SSL_set_bio`.
    private let writeBIO: OpaquePointer
    /// The name or IP the client verifies the server against (for error messages).
    let serverName: String?

    private var handshakeComplete = false
    private var sentCloseNotify = false
    private var receivedCloseNotify = false
    /// The first fatal error; every later call rethrows it. OpenSSL: "SSL_shutdown() must not
    /// be called if a previous fatal error has occurred on a connection".
    private var failure: TLSError?
    private var verifiedPeer: PeerIdentity?
    private var selectedProtocol: String?

    /// Makes a connection from a context. A client passes the server's DNS name (sent as SNI
    /// and checked against the certificate's DNS SANs) or IP address (checked against its IP
    /// SANs); a server passes `nil`.
    public init(context: TLSContext, serverName: String?) throws(TLSError) {
        if context.isServer, serverName != nil {
            throw TLSError(code: .invalidConfiguration, message: "serverName is for client connections; pass nil on a server")
        }
        ERR_clear_error()
        let ssl = try openSSLNonNull(SSL_new(context.pointer), "SSL_new")
        let readBIO = BIO_new(BIO_s_mem())
        let writeBIO = BIO_new(BIO_s_mem())
        guard let readBIO, let writeBIO else {
            // Not attached to the SSL yet, so each one that was allocated is freed here.
            let error = OpenSSLErrorStack.error(.internal, "BIO_new(BIO_s_mem)")
            if let readBIO { BIO_free(readBIO) }
            if let writeBIO { BIO_free(writeBIO) }
            SSL_free(ssl)
            throw error
        }
        // SSL_set_bio(3), for each BIO: "This function transfers ownership of rbio to ssl. It
        // will be automatically freed using BIO_free_all(3) when the ssl is freed." From here
        // on `ssl` is the only thing to free, and the two BIO pointers are borrowed.
        SSL_set_bio(ssl, readBIO, writeBIO)
        self.context = context
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        self.serverName = serverName
        if context.isServer {
            SSL_set_accept_state(ssl)
        } else {
            try configureClient(serverName: serverName)
            SSL_set_connect_state(ssl)
        }
    }

    deinit { SSL_free(ssl) }

    /// Sets what the server's certificate must match, and SNI for DNS names.
    private func configureClient(serverName: String?) throws(TLSError) {
        guard var name = serverName, !name.isEmpty, !name.utf8.contains(0) else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "a TLS client needs the server's DNS name or IP address to verify its certificate"
            )
        }
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        // X509_VERIFY_PARAM_set1_ip_asc returns 1 only for a literal IPv4/IPv6 address.
        if let parameters = SSL_get0_param(ssl), X509_VERIFY_PARAM_set1_ip_asc(parameters, name) == 1 {
            // RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in HostName", so no SNI.
            return
        }
        ERR_clear_error()
        try openSSLCheck(Int32(COpenSSL_SSL_set_tlsext_host_name(ssl, name)), "setting SNI '\(name)'", code: .invalidConfiguration)
        SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        try openSSLCheck(SSL_set1_host(ssl, name), "setting the expected host name '\(name)'", code: .invalidConfiguration)
    }

    // MARK: Ciphertext in and out

    /// Hands bytes received from the peer to OpenSSL (appends them to the read memory BIO).
    public func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, failure == nil else { return }
        var offset = 0
        while offset < bytes.count {
            let chunk = Int32(clamping: bytes.count - offset)
            let written = BIO_write(readBIO, base + offset, chunk)
            guard written > 0 else {
                // A memory BIO only fails to grow when malloc fails.
                fail(OpenSSLErrorStack.error(.internal, "buffering received ciphertext (BIO_write)"))
                return
            }
            offset += Int(written)
        }
    }

    /// Appends every byte OpenSSL has produced for the peer (handshake messages, records,
    /// alerts). Call it after every other method, including after one that threw.
    public func drainCiphertext(into buffer: inout [UInt8]) {
        // Copy straight out of the memory BIO's storage, then empty it: no zero-filling of
        // the destination and no intermediate buffer on the hot path.
        var data: UnsafeMutablePointer<CChar>?
        let pending = COpenSSL_BIO_get_mem_data(writeBIO, &data)
        guard pending > 0, let data else { return }
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: data, count: pending))
        _ = BIO_ctrl(writeBIO, BIO_CTRL_RESET, 0, nil)
    }

    /// Whether ``drainCiphertext(into:)`` would append anything.
    public var hasPendingCiphertext: Bool { BIO_ctrl_pending(writeBIO) > 0 }

    // MARK: Handshake

    /// Advances the handshake with the ciphertext received so far. Returns `true` once it is
    /// complete and an accepted ALPN protocol (`h2`) was negotiated; `false` while it needs
    /// more ciphertext (drain and send first: there is usually something to say).
    ///
    /// Under TLS 1.3 a client completes before the server has judged the client certificate;
    /// a rejection (for example ``TLSError/Code/peerCertificateRequired``) then surfaces from
    /// the next ``readPlaintext(into:maxBytes:)``.
    public func handshake() throws(TLSError) -> Bool {
        if let failure { throw failure }
        if handshakeComplete { return true }
        // SSL_get_error(3): "The current thread's error queue must be empty before the TLS/SSL
        // I/O operation is attempted, or SSL_get_error() will not work reliably."
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            try finishHandshake()
            return true
        }
        let reason = SSL_get_error(ssl, result)
        if reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE { return false }
        let error = handshakeError(sslError: reason)
        fail(error)
        throw error
    }

    /// Whether the handshake finished and the protocol was accepted.
    public var isHandshakeComplete: Bool { handshakeComplete }

    /// The ALPN protocol both sides agreed on (`"h2"`, `"http/1.1"`), once the handshake is
    /// complete. A server that accepts `http/1.1` reports it for a client that offered no ALPN.
    public var negotiatedProtocol: String? { selectedProtocol }

    /// The peer's identity, once the handshake is complete, from a certificate that verified
    /// against the trust roots; `nil` when the peer sent none (optional client certificates).
    public var peerIdentity: PeerIdentity? { verifiedPeer }

    /// Checks ALPN and records the verified peer.
    private func finishHandshake() throws(TLSError) {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        var selected = data.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []
        // A client that offers no ALPN speaks HTTP/1.1 (curl without TLS ALPN, older SDKs): a
        // server that accepts http/1.1 takes it as that, as every HTTP/1.1 server does.
        if selected.isEmpty, SSL_is_server(ssl) == 1, context.alpn.accepts(ALPNPreferences.http11) {
            selected = ALPNPreferences.http11
        }
        guard !selected.isEmpty, context.alpn.accepts(selected) else {
            let wanted = context.alpn.protocols.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
            let got = selected.isEmpty ? "no protocol was negotiated" : "'\(String(decoding: selected, as: UTF8.self))' was negotiated"
            let error = TLSError(
                code: .noALPN,
                message: "the peer did not agree on an application protocol via ALPN (\(got); this side requires \(wanted))"
            )
            fail(error)
            throw error
        }
        selectedProtocol = String(decoding: selected, as: UTF8.self)
        // SSL_get0_peer_certificate borrows: the SSL keeps the reference.
        if let certificate = SSL_get0_peer_certificate(ssl), SSL_get_verify_result(ssl) == X509_V_OK {
            verifiedPeer = PeerIdentity(borrowing: certificate)
        }
        handshakeComplete = true
    }

    // MARK: Application data

    /// At most one TLS record's worth of plaintext (16 KiB) is decrypted per `SSL_read_ex`.
    private static let readChunk = 16 << 10

    /// Decrypts up to `maxBytes` bytes of application data and appends them to `buffer`.
    /// Drives the handshake first if it is not complete yet.
    public func readPlaintext(into buffer: inout [UInt8], maxBytes: Int) throws(TLSError) -> ReadResult {
        if let failure { throw failure }
        if receivedCloseNotify { return .closed }
        if !handshakeComplete {
            guard try handshake() else { return .wantMoreCiphertext }
        }
        guard maxBytes > 0 else { return .bytes(0) }
        var total = 0
        while total < maxBytes {
            // Decrypt into scratch space and append only what was read: growing the caller's
            // buffer by a zero-filled chunk first would cost a 64 KiB memset per record.
            let chunk = min(maxBytes - total, Self.readChunk)
            var read = 0
            ERR_clear_error()
            let result = withUnsafeTemporaryAllocation(byteCount: chunk, alignment: 16) { scratch in
                let rc = SSL_read_ex(ssl, scratch.baseAddress, chunk, &read)
                if rc == 1 { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<read])) }
                return rc
            }
            if result == 1 {
                total += read
                continue
            }
            let reason = SSL_get_error(ssl, result)
            if reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE { break }
            if reason == SSL_ERROR_ZERO_RETURN {
                receivedCloseNotify = true
                return total > 0 ? .bytes(total) : .closed
            }
            let error = recordError(sslError: reason, while: "reading")
            fail(error)
            // Plaintext decrypted before the failure is genuine; hand it over, throw next time.
            if total > 0 { return .bytes(total) }
            throw error
        }
        return total > 0 ? .bytes(total) : .wantMoreCiphertext
    }

    /// Encrypts all of `bytes` into records waiting in the write BIO (a memory BIO never
    /// blocks, so this never stops half way). Only valid once the handshake is complete.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        if let failure { throw failure }
        if sentCloseNotify {
            throw TLSError(code: .closed, message: "cannot write application data after close()")
        }
        guard handshakeComplete else {
            throw TLSError(
                code: .protocolError,
                message: "cannot write application data before the handshake completes; call handshake() until it returns true"
            )
        }
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            var written = 0
            ERR_clear_error()
            let result = SSL_write_ex(ssl, base + offset, bytes.count - offset, &written)
            if result == 1 {
                offset += written
                continue
            }
            let error = recordError(sslError: SSL_get_error(ssl, result), while: "writing")
            fail(error)
            throw error
        }
    }

    /// Queues `close_notify` (the TLS "I will send nothing more"); drain and send it after.
    /// Does nothing after a fatal error or a second time.
    public func close() {
        guard failure == nil, !sentCloseNotify else { return }
        sentCloseNotify = true
        // SSL_shutdown during the handshake fails ("shutdown while in init"): there is no
        // session to close cleanly, so the caller just drops the connection.
        guard handshakeComplete else { return }
        ERR_clear_error()
        // Returns 0 after sending close_notify when the peer's has not arrived yet; both are fine.
        if SSL_shutdown(ssl) < 0 { _ = OpenSSLErrorStack.drain() }
    }

    /// Records the first fatal error.
    private func fail(_ error: TLSError) {
        if failure == nil { failure = error }
    }
}
