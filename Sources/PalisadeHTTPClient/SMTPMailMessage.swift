import Foundation

/// An e-mail address with an optional display name: `Ana Lima <ana.lima@northwind.test>`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address, `local@domain`, ASCII (no SMTPUTF8).
    public var address: String
    /// The name shown for it; any Unicode (sent as RFC 2047 encoded-words when not plain ASCII).
    public var displayName: String?

    /// Makes an address.
    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// `"Name" <address>` or the bare address, for logs.
    public var description: String {
        displayName.map { "\"\($0)\" <\(address)>" } ?? address
    }
}

/// One extra header field, e.g. `X-Palisade-Idempotency-Key`. The value is unstructured text:
/// non-ASCII values go out as RFC 2047 encoded-words.
public struct MailHeader: Sendable, Hashable {
    /// The field name (printable ASCII, no colon).
    public var name: String
    /// The field value (no line breaks).
    public var value: String

    /// Makes a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A notification e-mail to compose and send with ``SMTPMailer``: plain text, optionally with an
/// HTML alternative.
///
/// ```swift
/// var message = MailMessage(
///     from: MailAddress("palisade@corp.example", displayName: "Palisade"),
///     to: [MailAddress("ana.lima@corp.example", displayName: "Ana Lima")],
///     subject: "Your Slack session was ended",
///     textBody: "Hello Ana,\n…")
/// message.headers.append(MailHeader("X-Palisade-Idempotency-Key", incident.id))
/// try await mailer.send(message)
/// ```
public struct MailMessage: Sendable {
    /// The author (`From`).
    public var from: MailAddress
    /// The recipients (`To`, and the envelope's `RCPT TO`); at least one.
    public var to: [MailAddress]
    /// The subject; any Unicode.
    public var subject: String
    /// The plain-text body; any Unicode, any line endings (sent as CRLF).
    public var textBody: String
    /// An HTML alternative; with one the message is `multipart/alternative`.
    public var htmlBody: String?
    /// Extra header fields, in order. Fields the composer writes itself (`From`, `To`, `Subject`,
    /// `Date`, `Message-ID`, `MIME-Version`, `Content-*`, `Cc`, `Bcc`) are refused here.
    public var headers: [MailHeader]
    /// `<id@domain>`; `nil` generates `<32 random hex digits@the From domain>`.
    public var messageID: String?
    /// The `Date` header; `nil` uses the time of composition.
    public var date: Date?

    /// Makes a message.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        headers: [MailHeader] = [],
        messageID: String? = nil,
        date: Date? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.messageID = messageID
        self.date = date
    }

    /// The message as it goes over the wire: RFC 5322 with MIME, CRLF line endings.
    ///
    /// Throws `.invalidMessage` for what must not be sent: a CR or LF (or NUL) in any header value,
    /// name or address (header injection), an invalid address or Message-ID, no recipient, a
    /// reserved or invalid extra header name.
    public func composed(now: Date = Date()) throws(SMTPError) -> ComposedMail {
        var generator = SystemRandomNumberGenerator()
        return try composed(now: now, using: &generator)
    }

    /// ``composed(now:)`` with the randomness (Message-ID, MIME boundary) supplied, for tests.
    public func composed(now: Date, using generator: inout some RandomNumberGenerator) throws(SMTPError) -> ComposedMail {
        try SMTPMessageComposer(message: self).compose(now: now, using: &generator)
    }
}

/// A composed message: its bytes and the Message-ID they carry.
public struct ComposedMail: Sendable {
    /// The `Message-ID` header's value, `<…@…>`.
    public let messageID: String
    /// The whole message, headers and body, CRLF line endings.
    public let bytes: [UInt8]
}
