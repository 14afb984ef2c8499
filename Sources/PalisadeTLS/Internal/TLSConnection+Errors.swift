internal import COpenSSL

/// Turning `SSL_get_error` results and the OpenSSL error queue into ``TLSError``s a person can
/// act on: the certificate verification result is spelled out with
/// `X509_verify_cert_error_string`, and the common mutual-TLS and ALPN failures get their
/// own codes instead of a generic "handshake failed".
extension TLSConnection {
    /// "the server" on a client, "the client" on a server.
    private var peerRole: String { context.isServer ? "the client" : "the server" }

    /// Classifies a failed `SSL_do_handshake`.
    func handshakeError(sslError: Int32) -> TLSError {
        let stack = OpenSSLErrorStack.drain()
        if sslError == SSL_ERROR_SSL, let specific = certificateOrALPNError(stack) {
            return specific
        }
        switch sslError {
        case SSL_ERROR_ZERO_RETURN:
            return TLSError(code: .handshakeFailed, message: "TLS handshake failed: \(peerRole) closed the connection")
        case SSL_ERROR_SYSCALL:
            return TLSError(
                code: .handshakeFailed,
                message: "TLS handshake failed: the input ended unexpectedly. OpenSSL: \(stack)"
            )
        default:
            return TLSError(
                code: .handshakeFailed,
                message: "TLS handshake with \(peerRole) failed (is the peer speaking TLS?). OpenSSL: \(stack)"
            )
        }
    }

    /// Classifies a failed `SSL_read_ex`/`SSL_write_ex` after the handshake. Under TLS 1.3 a
    /// client finishes its handshake before the server has judged the client certificate, so
    /// the server's verdict (an alert) shows up here.
    func recordError(sslError: Int32, while activity: String) -> TLSError {
        let stack = OpenSSLErrorStack.drain()
        if sslError == SSL_ERROR_SSL, let specific = certificateOrALPNError(stack) {
            return specific
        }
        return TLSError(code: .protocolError, message: "TLS error while \(activity) application data. OpenSSL: \(stack)")
    }

    /// The specific codes: our verification of the peer failed, the peer rejected our
    /// certificate (or its absence), or no ALPN protocol was agreed.
    private func certificateOrALPNError(_ stack: OpenSSLErrorStack) -> TLSError? {
        func has(_ reason: Int32) -> Bool { stack.contains(library: ERR_LIB_SSL, reason: reason) }

        if has(SSL_R_CERTIFICATE_VERIFY_FAILED) {
            return verificationError(stack)
        }
        if has(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
            return TLSError(
                code: .peerCertificateRequired,
                message: "the client did not present a certificate, and this server requires one (mutual TLS). OpenSSL: \(stack)"
            )
        }
        if has(SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED) {
            return TLSError(
                code: .peerCertificateRequired,
                message:
                    "the server requires a client certificate (mutual TLS); configure certificateChain and privateKey on the client. OpenSSL: \(stack)"
            )
        }
        if has(SSL_R_NO_APPLICATION_PROTOCOL) || has(SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL) {
            return TLSError(
                code: .noALPN,
                message: "no common application protocol: \(peerRole) does not speak "
                    + context.alpn.protocols.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
                    + " (ALPN). OpenSSL: \(stack)"
            )
        }
        let rejectedOurs: [Int32] = [
            SSL_R_TLSV1_ALERT_UNKNOWN_CA, SSL_R_SSLV3_ALERT_BAD_CERTIFICATE,
            SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED, SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED,
            SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN, SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE,
            SSL_R_TLSV1_ALERT_DECRYPT_ERROR,
        ]
        if rejectedOurs.contains(where: has) {
            return TLSError(
                code: .certificateVerifyFailed,
                message:
                    "\(peerRole) rejected our certificate during verification; check that it was issued by the CA \(peerRole) trusts and has not expired. OpenSSL: \(stack)"
            )
        }
        return nil
    }

    /// Our verification of the peer's chain failed: say why, in OpenSSL's words.
    private func verificationError(_ stack: OpenSSLErrorStack) -> TLSError {
        let result = SSL_get_verify_result(ssl)
        let reason = X509_verify_cert_error_string(result).map { String(cString: $0) } ?? "unknown reason"
        if result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH {
            return TLSError(
                code: .hostnameMismatch,
                message:
                    "certificate verification failed: the server's certificate is not valid for '\(serverName ?? "")' (\(reason), X509 error \(result)); check the address dialled against the certificate's DNS/IP names. OpenSSL: \(stack)"
            )
        }
        var hint = ""
        switch Int32(truncatingIfNeeded: result) {
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
            X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
            hint = "; is trustRoots the CA that issued \(peerRole)'s certificate?"
        case X509_V_ERR_CERT_HAS_EXPIRED:
            hint = "; \(peerRole)'s certificate must be renewed"
        case X509_V_ERR_CERT_NOT_YET_VALID:
            hint = "; check the clocks of both machines"
        default:
            break
        }
        return TLSError(
            code: .certificateVerifyFailed,
            message: "certificate verification of \(peerRole) failed: \(reason) (X509 error \(result))\(hint). OpenSSL: \(stack)"
        )
    }
}
