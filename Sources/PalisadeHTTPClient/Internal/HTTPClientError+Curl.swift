internal import CCurl

/// The one place where libcurl result codes become ``HTTPClientError``s.
extension HTTPClientError {
    /// What the client knew about the transfer when curl gave up, for the message.
    struct TransferContext {
        var method: String
        var url: RedactedURL
        var timeout: Duration
        var connectTimeout: Duration
        var maxResponseSize: Int
        /// The write callback refused bytes because `maxResponseSize` was exceeded.
        var exceededResponseLimit: Bool
        /// The text curl put into `CURLOPT_ERRORBUFFER`, which is more specific than
        /// `curl_easy_strerror` (e.g. "SSL certificate problem: certificate has expired").
        var curlDetail: String
    }

    /// Maps a finished transfer's `CURLcode` to a typed error with an actionable message.
    static func fromCurl(_ rc: CURLcode, _ context: TransferContext) -> HTTPClientError {
        let detail = CurlFailure.detail(rc, errorBuffer: context.curlDetail)
        let subject = "\(context.method) \(context.url)"
        func error(_ code: Code, _ text: String) -> HTTPClientError {
            HTTPClientError(code: code, message: "\(subject): \(text)")
        }

        if context.exceededResponseLimit || rc == CURLE_FILESIZE_EXCEEDED {
            return error(
                .responseTooLarge,
                "the response is larger than maxResponseSize (\(context.maxResponseSize) bytes); "
                    + "page through the API or raise the limit"
            )
        }
        switch CurlFailure(rc) {
        case .timeout:
            return error(
                .timeout,
                "timed out (request timeout \(context.timeout.humanReadable), connect timeout "
                    + "\(context.connectTimeout.humanReadable)): \(detail)"
            )
        case .couldNotConnect:
            return error(
                .couldNotConnect,
                "could not connect: \(detail). Check that the server is up and reachable "
                    + "(firewall, proxy variables)"
            )
        case .couldNotResolveHost:
            return error(.couldNotResolveHost, "\(detail). Check the host name and DNS or proxy settings")
        case .tlsCertificate:
            return error(
                .tlsCertificate,
                "\(detail). Check the server's certificate chain, the system trust store "
                    + "or Configuration.caFile"
            )
        case .tlsHandshake:
            return error(.tlsHandshake, "TLS handshake failed: \(detail)")
        case nil:
            break
        }
        switch rc {
        case CURLE_TOO_MANY_REDIRECTS:
            return error(.tooManyRedirects, "\(detail)")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return error(.invalidURL, "invalid URL (only absolute http:// and https:// URLs work): \(detail)")
        case CURLE_ABORTED_BY_CALLBACK:
            return error(.cancelled, "the request was cancelled")
        default:
            return error(.transport, "\(detail) (curl error \(rc.rawValue))")
        }
    }

    /// For a transfer the worker ended before curl did (cancellation, shutdown, a multi failure).
    static func aborted(_ reason: CurlAbort, subject: String) -> HTTPClientError {
        switch reason {
        case .cancelled:
            HTTPClientError(code: .cancelled, message: "\(subject): the calling task was cancelled")
        case .shutdown:
            HTTPClientError(code: .shutdown, message: "\(subject): the HTTP client was shut down before the request completed")
        case .multiFailure(let function, let detail):
            HTTPClientError(code: .transport, message: "\(subject): \(function) failed: \(detail)")
        }
    }

    /// For `curl_easy_setopt` failures while preparing a transfer. Those mean our libcurl lacks
    /// a feature we rely on (or rejected a value), never a network problem.
    static func setupFailed(_ rc: CURLcode, option: String, subject: String) -> HTTPClientError {
        let reason = String(cString: curl_easy_strerror(rc))
        let code: Code = rc == CURLE_URL_MALFORMAT ? .invalidURL : .invalidRequest
        return HTTPClientError(
            code: code,
            message: "\(subject): libcurl \(CurlGlobal.version) rejected \(option): \(reason)"
        )
    }
}
