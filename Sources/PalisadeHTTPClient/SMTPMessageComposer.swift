import Foundation

/// Writes a ``MailMessage`` as RFC 5322 / MIME bytes (RFC 2045–2047).
///
/// Every header value is checked before anything is written: a CR or LF in a value taken from
/// user data (a display name, a subject with a channel name) would otherwise let it add headers
/// or recipients, so it is an error, never silently stripped.
struct SMTPMessageComposer {
    let message: MailMessage

    /// Header names the composer writes itself; an extra header may not repeat them.
    private static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding",
    ]

    func compose(now: Date, using generator: inout some RandomNumberGenerator) throws(SMTPError) -> ComposedMail {
        guard !message.to.isEmpty else { throw Self.invalid("the message has no recipient; add at least one To address") }
        let from = try Self.formatted(message.from, field: "From")
        var recipients: [String] = []
        for (index, recipient) in message.to.enumerated() {
            recipients.append(try Self.formatted(recipient, field: "To #\(index + 1)"))
        }
        let domain = message.from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let messageID =
            try message.messageID.map { (id: String) throws(SMTPError) -> String in try Self.checkedMessageID(id) }
            ?? "<\(Self.randomHex(&generator))@\(domain)>"
        try Self.checkUnstructured(message.subject, field: "Subject")

        var out: [UInt8] = []
        try Self.append(&out, "Date", Self.rfc5322Date(message.date ?? now))
        try Self.append(&out, "From", from)
        try Self.append(&out, "To", recipients.joined(separator: ", "))
        try Self.append(&out, "Subject", Self.unstructured(message.subject))
        try Self.append(&out, "Message-ID", messageID)
        try Self.append(&out, "MIME-Version", "1.0")
        for header in message.headers {
            try Self.checkName(header.name)
            try Self.checkUnstructured(header.value, field: header.name)
            try Self.append(&out, header.name, Self.unstructured(header.value))
        }
        let text = SMTPMIMEEncoding.encodeBody(SMTPMIMEEncoding.normalizedLines(message.textBody))
        guard let html = message.htmlBody else {
            try Self.append(&out, "Content-Type", "text/plain; charset=utf-8")
            try Self.append(&out, "Content-Transfer-Encoding", text.encoding)
            out += SMTPMIMEEncoding.crlf + text.bytes
            return ComposedMail(messageID: messageID, bytes: out)
        }
        // "=_" cannot occur in quoted-printable or base64 output, and 128 random bits make a
        // collision with 7bit text practically impossible (RFC 2046 §5.1.1).
        let boundary = "=_palisade_" + Self.randomHex(&generator)
        let htmlPart = SMTPMIMEEncoding.encodeBody(SMTPMIMEEncoding.normalizedLines(html))
        try Self.append(&out, "Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
        out += SMTPMIMEEncoding.crlf
        for (type, part) in [("text/plain", text), ("text/html", htmlPart)] {
            out += Array("--\(boundary)".utf8) + SMTPMIMEEncoding.crlf
            try Self.append(&out, "Content-Type", "\(type); charset=utf-8")
            try Self.append(&out, "Content-Transfer-Encoding", part.encoding)
            // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1), so one more
            // keeps the part's own last line break: the text arrives exactly as encoded.
            out += SMTPMIMEEncoding.crlf + part.bytes + SMTPMIMEEncoding.crlf
        }
        out += Array("--\(boundary)--".utf8) + SMTPMIMEEncoding.crlf
        return ComposedMail(messageID: messageID, bytes: out)
    }

    // MARK: Fields

    private static func append(_ out: inout [UInt8], _ name: String, _ value: String) throws(SMTPError) {
        let folded = SMTPMIMEEncoding.foldedHeader(name: name, value: value)
        guard folded.longestLine <= SMTPMIMEEncoding.maximumLineLength else {
            throw invalid("header \(name) has a word too long for a 998-character line; shorten it")
        }
        out += folded.bytes
    }

    /// Unstructured text as it is written: itself when plain ASCII, else encoded-words.
    private static func unstructured(_ text: String) -> String {
        SMTPMIMEEncoding.needsEncodedWords(text) ? SMTPMIMEEncoding.encodedWords(text) : text
    }

    /// `phrase <address>` or the bare address. A phrase of atoms is written as is, other ASCII
    /// as a quoted-string, anything else as encoded-words (RFC 2047 §5(3)).
    static func formatted(_ mailbox: MailAddress, field: String) throws(SMTPError) -> String {
        try checkAddress(mailbox.address, field: field)
        guard let name = mailbox.displayName, !name.isEmpty else { return mailbox.address }
        try checkUnstructured(name, field: "\(field) display name")
        let atext = "!#$%&'*+-/=?^_`{|}~"
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        let isAtoms =
            !words.contains(where: \.isEmpty)
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || atext.unicodeScalars.contains($0) || $0 == " ")
            }
        let phrase: String
        if isAtoms {
            phrase = name
        } else if !SMTPMIMEEncoding.needsEncodedWords(name) {
            phrase = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        } else {
            phrase = SMTPMIMEEncoding.encodedWords(name)
        }
        return "\(phrase) <\(mailbox.address)>"
    }

    // MARK: Checks

    private static func invalid(_ text: String) -> SMTPError {
        SMTPError(code: .invalidMessage, message: "the message was not sent: \(text)")
    }

    /// No CR, LF or NUL: the injection check. The value is not quoted, it may be user data.
    private static func checkUnstructured(_ value: String, field: String) throws(SMTPError) {
        guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
            throw invalid("the value of \(sanitized(field)) contains a line break or NUL (header injection refused)")
        }
    }

    /// `local@domain` in plain ASCII without spaces or the characters that delimit addresses.
    static func checkAddress(_ address: String, field: String) throws(SMTPError) {
        if address.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            throw invalid("the \(field) address contains a line break or NUL (header injection refused)")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = Set("<>()[],;:\\\" ".utf8)
        guard parts.count == 2, (1...64).contains(parts[0].utf8.count), (1...255).contains(parts[1].utf8.count),
            address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[0].hasPrefix("."), !parts[0].hasSuffix(".")
        else {
            throw invalid("the \(field) address '\(sanitized(address))' is not a plain ASCII local@domain address")
        }
    }

    private static func checkName(_ name: String) throws(SMTPError) {
        guard !name.isEmpty, name.utf8.count <= 76, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
        else { throw invalid("header name '\(sanitized(name))' must be 1–76 printable ASCII characters without a colon") }
        guard !reservedNames.contains(name.lowercased()) else {
            throw invalid("header \(name) is written by the composer; set the message's own property instead")
        }
    }

    private static func checkedMessageID(_ id: String) throws(SMTPError) -> String {
        let inner = id.dropFirst().dropLast()
        guard id.hasPrefix("<"), id.hasSuffix(">"), inner.split(separator: "@", omittingEmptySubsequences: false).count == 2,
            inner.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { throw invalid("the Message-ID '\(sanitized(id))' is not of the form <left@right> in printable ASCII") }
        return id
    }

    /// What is safe to echo in an error: printable ASCII, at most 64 characters.
    private static func sanitized(_ text: String) -> String {
        String(text.prefix(64).map { $0.isASCII && ($0.asciiValue ?? 0) >= 0x20 && $0 != "\u{7F}" ? $0 : "?" })
    }

    // MARK: Values

    private static func randomHex(_ generator: inout some RandomNumberGenerator) -> String {
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `Tue, 08 Dec 2026 03:00:47 +0000` (RFC 5322 §3.3), always in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let day = days[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return "\(day), \(two(parts.day)) \(month) \(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
