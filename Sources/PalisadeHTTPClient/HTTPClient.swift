import Foundation
import Logging

/// An async HTTP/1.1 and HTTP/2 client over libcurl, for calling the Slack, Microsoft Graph and
/// Okta APIs.
///
/// One client keeps one set of pooled connections (and HTTP/2 sessions) alive, so create one per
/// service and share it; it is `Sendable`. Requests run on a single worker thread that drives
/// libcurl's multi interface; `send` suspends the calling task without blocking a thread.
/// Cancelling the task aborts the transfer promptly and throws `.cancelled`.
///
/// ```swift
/// let client = try HTTPClient()
/// defer { client.shutdown() }
/// var request = HTTPRequest(url: "https://api.slack.com/audit/v1/logs?limit=200")
/// request.headers["Authorization"] = "Bearer \(token)"
/// let response = try await client.send(request, retrying: RetryPolicy())
/// ```
///
/// Header values and bodies are never logged or put into errors: they carry tokens.
public final class HTTPClient: Sendable {
    /// The settings this client was created with.
    public let configuration: Configuration
    private let worker: CurlWorker
    let logger: Logger

    /// Creates a client and starts its worker thread.
    ///
    /// Fails with `.invalidConfiguration` when `caFile` is not a readable file, so a wrong path
    /// shows up at start rather than as a TLS error on the first request.
    public init(
        configuration: Configuration = .init(),
        logger: Logger = Logger(label: "palisade.httpclient")
    ) throws(HTTPClientError) {
        try Self.validate(configuration)
        try CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.logger = logger
        self.worker = try CurlWorker()
        try worker.start()
        logger.debug(
            "HTTP client started",
            metadata: [
                "libcurl": "\(CurlGlobal.version)", "http2": "\(configuration.allowHTTP2)",
                "proxy": "\(configuration.proxy)",
            ]
        )
    }

    deinit {
        worker.shutdown()
    }

    /// Sends a request and returns the complete response, whatever its status.
    ///
    /// Throws ``HTTPClientError`` only when no response could be obtained: timeout, connection
    /// or TLS failure, a response over `maxResponseSize`, an invalid request, cancellation of the
    /// calling task (`.cancelled`) or ``shutdown()`` (`.shutdown`).
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let started = ContinuousClock.now
        let transfer = try CurlTransfer.make(id: worker.makeID(), request: request, configuration: configuration)
        let subject = transfer.subject
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<CurlTransfer.Outcome, Never>) in
                transfer.continuation = continuation
                if let refusal = worker.submit(transfer) {
                    transfer.abort(refusal)
                }
            }
        } onCancel: {
            worker.cancel(transfer.id)
        }
        let elapsed = (ContinuousClock.now - started).humanReadable
        switch outcome {
        case .success(let response):
            logger.debug(
                "HTTP request finished",
                metadata: [
                    "request": "\(subject)", "status": "\(response.status)",
                    "version": "\(response.httpVersion)", "bytes": "\(response.body.count)", "elapsed": "\(elapsed)",
                ]
            )
            return response
        case .failure(let error):
            logger.debug(
                "HTTP request failed",
                metadata: ["request": "\(subject)", "code": "\(error.code)", "elapsed": "\(elapsed)"]
            )
            throw error
        }
    }

    /// Stops the worker thread and releases libcurl's connections. Requests still in flight
    /// fail with `.shutdown`, later ones at once. Idempotent; also done on deinit. Blocks
    /// briefly while the worker finishes its current step, so call it outside hot async paths.
    public func shutdown() {
        worker.shutdown()
    }

    private static func validate(_ configuration: Configuration) throws(HTTPClientError) {
        if let caFile = configuration.caFile, !isReadableFile(caFile) {
            throw HTTPClientError(
                code: .invalidConfiguration,
                message: "caFile \(caFile) is not a readable file; point it at a PEM bundle of CA certificates "
                    + "or leave it nil to use the system trust store"
            )
        }
        if let identity = configuration.clientCertificate {
            for (path, what) in [(identity.certificateFile, "certificateFile"), (identity.keyFile, "keyFile")]
            where !isReadableFile(path) {
                throw HTTPClientError(
                    code: .invalidConfiguration,
                    message: "clientCertificate.\(what) \(path) is not a readable file; point it at a PEM file"
                )
            }
        }
        guard configuration.maxResponseSize > 0 else {
            throw HTTPClientError(code: .invalidConfiguration, message: "maxResponseSize must be positive")
        }
        guard configuration.maxRedirects >= 0 else {
            throw HTTPClientError(code: .invalidConfiguration, message: "maxRedirects must not be negative")
        }
        guard configuration.connectTimeout > .zero else {
            throw HTTPClientError(code: .invalidConfiguration, message: "connectTimeout must be positive")
        }
    }
}
