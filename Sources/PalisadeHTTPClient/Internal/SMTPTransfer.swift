internal import CCurl
import Foundation

/// One message in flight to the relay: owns its curl easy handle, the recipient list and error
/// buffer curl points into, and the composed bytes curl reads.
///
/// Same lifetime and threading rules as ``CurlTransfer``: built by the sending task, handed to
/// the worker once through its mutex, then touched only on the worker thread; the worker removes
/// the handle from the multi handle before this object (and so `curl_easy_cleanup`) goes away.
final class SMTPTransfer: CurlJob, @unchecked Sendable {
    /// The relay's last reply code on success (250).
    typealias Outcome = Result<Int, SMTPError>

    let id: UInt64
    let easy: UnsafeMutableRawPointer
    /// What error messages say about this session (no secrets).
    let context: SMTPError.SessionContext
    /// Resumed exactly once, by ``finish(_:)``.
    var continuation: UnsafeContinuation<Outcome, Never>?

    /// The composed message; curl reads it through ``readPayload(into:)`` and dot-stuffs it.
    private let payload: [UInt8]
    private var sent = 0
    /// The relay's latest refusal line (from the header callback), for messages. Bounded.
    private var lastReply = ""
    private var recipientList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private init(id: UInt64, easy: UnsafeMutableRawPointer, payload: [UInt8], context: SMTPError.SessionContext) {
        self.id = id
        self.easy = easy
        self.payload = payload
        self.context = context
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(recipientList)
        errorBuffer.deallocate()
    }

    /// Builds a configured easy handle that sends `payload` to `recipients`.
    static func make(
        id: UInt64, payload: [UInt8], recipients: [String], relay: SMTPMailer.Relay, configuration: SMTPMailer.Configuration
    ) throws(SMTPError) -> SMTPTransfer {
        let context = SMTPError.SessionContext(
            relay: relay.description, username: configuration.credentials?.username,
            connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        guard let easy = curl_easy_init() else {
            throw SMTPError(code: .transport, message: "\(relay): curl_easy_init failed (out of memory?)")
        }
        // From here the transfer owns `easy`: a throw below frees it in deinit.
        let transfer = SMTPTransfer(id: id, easy: easy, payload: payload, context: context)
        do throws(HTTPClientError) {
            try transfer.configure(CurlOptions(easy: easy, subject: relay.description), recipients, relay, configuration)
        } catch {
            throw SMTPError(code: .invalidConfiguration, message: error.message)
        }
        return transfer
    }

    private func configure(
        _ options: CurlOptions, _ recipients: [String], _ relay: SMTPMailer.Relay, _ configuration: SMTPMailer.Configuration
    ) throws(HTTPClientError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        // The URL's path is the EHLO name; without one curl says EHLO with its default.
        try options.set(CURLOPT_URL, "\(relay)/\(configuration.heloName ?? "")", "CURLOPT_URL")
        try options.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps", "CURLOPT_PROTOCOLS_STR")
        // ALL: STARTTLS or fail (CURLE_USE_SSL_FAILED), never a silent fall back to cleartext.
        let cleartext = configuration.allowCleartextOnLoopback && !relay.implicitTLS
        try options.set(
            CURLOPT_USE_SSL, Int((cleartext ? CURLUSESSL_NONE : CURLUSESSL_ALL).rawValue), "CURLOPT_USE_SSL")
        try options.set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2, "CURLOPT_SSLVERSION")
        if let caFile = configuration.caFile { try options.set(CURLOPT_CAINFO, caFile, "CURLOPT_CAINFO") }
        if let credentials = configuration.credentials {
            try options.set(CURLOPT_USERNAME, credentials.username, "CURLOPT_USERNAME")
            try options.set(CURLOPT_PASSWORD, credentials.password, "CURLOPT_PASSWORD")
        }
        try options.set(CURLOPT_MAIL_FROM, "<\(configuration.sender)>", "CURLOPT_MAIL_FROM")
        for recipient in recipients {
            guard let extended = curl_slist_append(recipientList, "<\(recipient)>") else {
                throw HTTPClientError(code: .transport, message: "\(relay): curl_slist_append failed (out of memory?)")
            }
            recipientList = extended
        }
        try options.set(CURLOPT_MAIL_RCPT, pointer: UnsafeRawPointer(recipientList), "CURLOPT_MAIL_RCPT")
        try options.set(CURLOPT_UPLOAD, 1, "CURLOPT_UPLOAD")
        // The size lets curl announce SIZE= in MAIL FROM, so a relay refuses a too-big message
        // before it is transmitted.
        try options.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(payload.count), "CURLOPT_INFILESIZE_LARGE")
        try options.setCallback(CURLOPT_READFUNCTION, smtpReadCallback, "CURLOPT_READFUNCTION")
        try options.set(CURLOPT_READDATA, pointer: me, "CURLOPT_READDATA")
        try options.setCallback(CURLOPT_HEADERFUNCTION, smtpReplyCallback, "CURLOPT_HEADERFUNCTION")
        try options.set(CURLOPT_HEADERDATA, pointer: me, "CURLOPT_HEADERDATA")
        try options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer), "CURLOPT_ERRORBUFFER")
        try options.set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try options.set(CURLOPT_TIMEOUT_MS, configuration.timeout.curlMilliseconds, "CURLOPT_TIMEOUT_MS")
        try options.set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds, "CURLOPT_CONNECTTIMEOUT_MS")
        // One session per message: notifications are rare, and a kept connection would meet the
        // relay's idle timeout and fail the next message for no reason of its own.
        try options.set(CURLOPT_FORBID_REUSE, 1, "CURLOPT_FORBID_REUSE")
    }

    // MARK: Called by the callbacks (worker thread)

    /// Copies the next bytes of the message into curl's buffer; 0 ends the upload.
    func readPayload(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, payload.count - sent)
        guard count > 0 else { return 0 }
        payload.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[sent..<(sent + count)]))
        }
        sent += count
        return count
    }

    /// Keeps the relay's latest refusal (a 4xx or 5xx line): printable ASCII, at most 200
    /// characters. Only refusals, because after one curl still says QUIT, and "221 Bye" would
    /// hide the line that explains the failure.
    func receiveReplyLine(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first, first == UInt8(ascii: "4") || first == UInt8(ascii: "5") else { return }
        let printable = bytes.prefix(200).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: " ") }
        lastReply = String(decoding: printable, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    // MARK: Completion (worker thread)

    func complete(_ result: CURLcode) {
        var reply = 0
        _ = CCurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &reply)
        guard result == CURLE_OK else {
            let detail = CurlFailure.detail(result, errorBuffer: String(cString: errorBuffer))
            finish(.failure(.fromCurl(result, detail: detail, replyCode: reply, lastReply: lastReply, context)))
            return
        }
        finish(.success(reply))
    }

    func abort(_ reason: CurlAbort) {
        finish(.failure(.aborted(reason, context)))
    }

    /// Resumes the waiting caller once; later calls are ignored.
    private func finish(_ outcome: Outcome) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(returning: outcome)
    }
}

/// `CURLOPT_READFUNCTION`: same C signature as the write callback. The user data is the
/// transfer, unretained (the worker keeps it alive while curl can call this).
private let smtpReadCallback: CurlDataCallback = { buffer, size, count, userData in
    guard let buffer, let userData else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.readPayload(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
}

/// `CURLOPT_HEADERFUNCTION`: curl hands SMTP reply lines to it.
private let smtpReplyCallback: CurlDataCallback = { data, size, count, userData in
    let total = size * count
    guard let data, let userData, total > 0 else { return total }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(userData).takeUnretainedValue()
    transfer.receiveReplyLine(UnsafeRawBufferPointer(start: data, count: total))
    return total
}
