import Foundation

/// A message the SMTP sink accepted: the envelope, the data exactly as received (after
/// dot-unstuffing), and how the session was secured.
public struct SMTPRecordedMessage: Sendable {
    /// The sink's sequence number, from 1.
    public let id: Int
    /// The envelope sender (`MAIL FROM`), without angle brackets; empty for the null sender.
    public let sender: String
    /// The envelope recipients (`RCPT TO`), in order, without angle brackets.
    public let recipients: [String]
    /// The message's bytes between `DATA` and the final `.`, unstuffed, CRLF line endings.
    public let data: [UInt8]
    /// Whether the session was under TLS (after STARTTLS) when the message arrived.
    public let tls: Bool
    /// The user the client authenticated as, if it did.
    public let authenticatedUser: String?
    /// The name the client gave in EHLO or HELO.
    public let clientName: String
    /// When the message's data was complete.
    public let receivedAt: Date

    /// Makes a record (the sink does; tests may).
    public init(
        id: Int, sender: String, recipients: [String], data: [UInt8], tls: Bool, authenticatedUser: String?, clientName: String,
        receivedAt: Date
    ) {
        self.id = id
        self.sender = sender
        self.recipients = recipients
        self.data = data
        self.tls = tls
        self.authenticatedUser = authenticatedUser
        self.clientName = clientName
        self.receivedAt = receivedAt
    }

    /// The data read as a message: headers (decoded) and text bodies.
    public var parsed: SMTPParsedMessage { SMTPParsedMessage(data) }
}
