internal import CCurl

/// The one place where libcurl's SMTP results become ``SMTPError``s.
extension SMTPError {
    /// What the mailer knew about the session when curl gave up, for the message.
    struct SessionContext: Sendable {
        /// `smtp://host:port`.
        var relay: String
        var username: String?
        var connectTimeout: Duration
        var timeout: Duration
    }

    /// Maps a finished session's `CURLcode`, curl's error text, the relay's last reply code
    /// (`CURLINFO_RESPONSE_CODE`) and reply line to a typed, classified error.
    ///
    /// Which step was refused comes from curl's error text ("RCPT failed: 550", "MAIL failed:
    /// 451", "Got unexpected smtp-server response: 421"); when curl words it otherwise the
    /// refusal is still reported, as `messageRejected`, with the relay's reply.
    static func fromCurl(_ rc: CURLcode, detail: String, replyCode: Int, lastReply: String, _ context: SessionContext) -> SMTPError {
        let refusal = (400..<600).contains(replyCode) ? replyCode : nil
        let answered = lastReply.isEmpty || refusal == nil ? "" : " (the relay answered: \(lastReply))"
        func error(_ code: Code, _ text: String) -> SMTPError {
            SMTPError(code: code, replyCode: refusal, message: "\(context.relay): \(text)\(answered)")
        }
        switch CurlFailure(rc) {
        case .timeout:
            return error(
                .timeout,
                "timed out (session timeout \(context.timeout.humanReadable), connect timeout "
                    + "\(context.connectTimeout.humanReadable)): \(detail)")
        case .couldNotConnect:
            return error(.couldNotConnect, "could not connect: \(detail). Check that the relay is up and its host and port")
        case .couldNotResolveHost:
            return error(.couldNotResolveHost, "\(detail). Check the relay's host name and DNS")
        case .tlsCertificate:
            return error(.tlsCertificate, "\(detail). Check the relay's certificate, the system trust store or Configuration.caFile")
        case .tlsHandshake:
            return error(.tlsHandshake, "TLS handshake failed: \(detail)")
        case nil:
            break
        }
        switch rc {
        case CURLE_USE_SSL_FAILED:
            return error(
                .tlsUnavailable,
                "the relay does not offer STARTTLS or refused it (\(detail)); mail is never sent in cleartext. "
                    + "Enable STARTTLS on the relay, use smtps:// for a relay that speaks TLS at once, or, for a "
                    + "local sink only, set allowCleartextOnLoopback")
        case CURLE_LOGIN_DENIED:
            let user = context.username.map { " as \($0)" } ?? ""
            return error(
                .authenticationFailed,
                "authentication\(user) failed: \(detail). Check Configuration.credentials, and that the relay "
                    + "offers AUTH PLAIN or LOGIN")
        case CURLE_REMOTE_ACCESS_DENIED:
            return error(.serverUnavailable, "the relay refused EHLO/HELO: \(detail)")
        default:
            break
        }
        guard refusal != nil else {
            return error(.transport, "\(detail) (curl error \(rc.rawValue)); the session broke off before the relay accepted the message")
        }
        if replyCode == 421 || detail.contains("unexpected smtp-server response") {
            return error(.serverUnavailable, "the relay is not accepting mail now: \(detail)")
        }
        if replyCode == 552 {
            // Whether at MAIL FROM (SIZE announced) or after the data: the message, not the sender.
            return error(.messageRejected, "the message is larger than the relay accepts: \(detail)")
        }
        if detail.hasPrefix("RCPT") {
            return error(.recipientRejected, "a recipient was refused: \(detail)")
        }
        if detail.hasPrefix("MAIL") {
            return error(.senderRejected, "the envelope sender was refused: \(detail). Check Configuration.sender")
        }
        return error(.messageRejected, "the message was refused: \(detail)")
    }

    /// For a session the worker ended before curl did.
    static func aborted(_ reason: CurlAbort, _ context: SessionContext) -> SMTPError {
        switch reason {
        case .cancelled:
            SMTPError(code: .cancelled, message: "\(context.relay): the calling task was cancelled; the message may not have been sent")
        case .shutdown:
            SMTPError(code: .shutdown, message: "\(context.relay): the mailer was shut down before the message was sent")
        case .multiFailure(let function, let detail):
            SMTPError(code: .transport, message: "\(context.relay): \(function) failed: \(detail)")
        }
    }
}
