import Foundation
import Logging

/// Sends e-mail through an SMTP relay with libcurl: STARTTLS (or implicit TLS), optional AUTH,
/// one session per message.
///
/// Palisade's identity services notify people by e-mail through the relay their configuration
/// names (Okta has no mail API). The mailer composes the message itself (``MailMessage``),
/// hands it to curl, which speaks SMTP and dot-stuffs the data, and reports a refusal as an
/// ``SMTPError`` that says whether trying later can help.
///
/// Like ``HTTPClient``, a mailer runs one worker thread that drives curl's multi interface;
/// `send` suspends the calling task without blocking a thread, and cancelling the task aborts
/// the session. Create one per service and share it; it is `Sendable`.
///
/// ```swift
/// let mailer = try SMTPMailer(configuration: .init(relay: "smtp://mail.corp.example:587", sender: "palisade@corp.example"))
/// let messageID = try await mailer.send(message)
/// ```
///
/// The password and the message's body are never logged or put into errors.
public final class SMTPMailer: Sendable {
    /// The settings this mailer was created with.
    public let configuration: Configuration
    let relay: Relay
    private let worker: CurlWorker
    private let logger: Logger

    /// Creates a mailer and starts its worker thread.
    ///
    /// Fails with `.invalidConfiguration` for a relay URL that is not `smtp://` or `smtps://`, an
    /// unreadable CA file, an invalid envelope sender, non-positive timeouts, or cleartext allowed
    /// for a relay that is not on loopback.
    public init(configuration: Configuration, logger: Logger = Logger(label: "palisade.smtp")) throws(SMTPError) {
        relay = try Relay(configuration.relay)
        try Self.validate(configuration, relay)
        self.configuration = configuration
        self.logger = logger
        do throws(HTTPClientError) {
            try CurlGlobal.ensureInitialized()
            worker = try CurlWorker()
            try worker.start()
        } catch {
            throw SMTPError(code: .invalidConfiguration, message: error.message)
        }
        logger.debug(
            "SMTP mailer started",
            metadata: [
                "relay": "\(relay)",
                "tls": "\(relay.implicitTLS ? "implicit" : configuration.allowCleartextOnLoopback ? "none" : "STARTTLS")",
                "user": "\(configuration.credentials?.username ?? "-")", "libcurl": "\(CurlGlobal.version)",
            ])
    }

    deinit {
        worker.shutdown()
    }

    /// Composes `message` and hands it to the relay for every `To` recipient; returns its
    /// Message-ID once the relay accepted it (250 after the data).
    ///
    /// Throws ``SMTPError``: `.invalidMessage` before anything is sent, a refusal with the relay's
    /// reply code, or a connection, TLS or timeout failure; ``SMTPError/isTransient`` says
    /// whether to try again later. Every recipient must be accepted: one refused recipient fails
    /// the whole message, so nobody gets a notification that others silently did not.
    @discardableResult
    public func send(_ message: MailMessage) async throws(SMTPError) -> String {
        let started = ContinuousClock.now
        let composed = try message.composed()
        let transfer = try SMTPTransfer.make(
            id: worker.makeID(), payload: composed.bytes, recipients: message.to.map(\.address), relay: relay,
            configuration: configuration)
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<SMTPTransfer.Outcome, Never>) in
                transfer.continuation = continuation
                if let refusal = worker.submit(transfer) {
                    transfer.abort(refusal)
                }
            }
        } onCancel: {
            worker.cancel(transfer.id)
        }
        let metadata: Logger.Metadata = [
            "relay": "\(relay)", "message_id": "\(composed.messageID)", "recipients": "\(message.to.count)",
            "bytes": "\(composed.bytes.count)", "elapsed": "\((ContinuousClock.now - started).humanReadable)",
        ]
        switch outcome {
        case .success:
            logger.debug("mail sent", metadata: metadata)
            return composed.messageID
        case .failure(let error):
            logger.debug("mail not sent", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            throw error
        }
    }

    /// Stops the worker thread; sessions in flight fail with `.shutdown`, later sends at once.
    /// Idempotent; also done on deinit.
    public func shutdown() {
        worker.shutdown()
    }

    private static func validate(_ configuration: Configuration, _ relay: Relay) throws(SMTPError) {
        func invalid(_ text: String) -> SMTPError { SMTPError(code: .invalidConfiguration, message: text) }
        if let caFile = configuration.caFile, !isReadableFile(caFile) {
            throw invalid(
                "caFile \(caFile) is not a readable file; point it at a PEM bundle of CA certificates or leave it nil "
                    + "to use the system trust store")
        }
        if configuration.allowCleartextOnLoopback, !relay.isLoopback || relay.implicitTLS {
            throw invalid(
                "allowCleartextOnLoopback is only for an smtp:// relay on this machine (localhost, 127.0.0.0/8, ::1); "
                    + "\(relay) must use STARTTLS or smtps://")
        }
        do throws(SMTPError) {
            try SMTPMessageComposer.checkAddress(configuration.sender, field: "sender")
        } catch {
            throw invalid("Configuration.sender is not a plain local@domain address")
        }
        if let name = configuration.heloName,
            name.isEmpty || !name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") })
        {
            throw invalid("heloName must be a host name or address literal in printable ASCII")
        }
        guard configuration.connectTimeout > .zero, configuration.timeout > .zero else {
            throw invalid("connectTimeout and timeout must be positive")
        }
    }
}
