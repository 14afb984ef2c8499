import PalisadeHTTPClient
import Testing

/// What the composer refuses to send: header injection and malformed fields.
@Suite("SMTP message composer refusals")
struct SMTPMessageInjectionTests {
    static let from = MailAddress("palisade@corp.example")
    static let to = MailAddress("ana.lima@corp.example")

    static func refusal(_ message: MailMessage) -> SMTPError? {
        do {
            _ = try message.composed()
            return nil
        } catch {
            return error
        }
    }

    static func message(
        from: MailAddress = from, to: [MailAddress] = [to], subject: String = "s", headers: [MailHeader] = [], messageID: String? = nil
    ) -> MailMessage {
        MailMessage(from: from, to: to, subject: subject, textBody: "body", headers: headers, messageID: messageID)
    }

    @Test(arguments: [
        message(subject: "Hello\r\nBcc: victim@evil.example"),
        message(subject: "Hello\nBcc: victim@evil.example"),
        message(subject: "Hello\rX: y"),
        message(from: MailAddress("palisade@corp.example", displayName: "Pali\r\nBcc: x@evil.example")),
        message(to: [MailAddress("ana@corp.example\r\nBcc: x@evil.example")]),
        message(to: [MailAddress("ana@corp.example", displayName: "Ana\n")]),
        message(headers: [MailHeader("X-Palisade-Idempotency-Key", "k\r\nBcc: x@evil.example")]),
        message(headers: [MailHeader("X-Key", "nul\u{0}")]),
    ])
    func lineBreaksAnywhereAreRefused(_ message: MailMessage) {
        let error = Self.refusal(message)
        #expect(error?.code == .invalidMessage)
        #expect(error?.message.contains("line break") == true)
        #expect(error?.isTransient == false)
    }

    @Test(arguments: [
        message(to: []),
        message(to: [MailAddress("not-an-address")]),
        message(to: [MailAddress("two@at@corp.example")]),
        message(to: [MailAddress("spaced name@corp.example")]),
        message(to: [MailAddress("<ana@corp.example>")]),
        message(to: [MailAddress("ünï@corp.example")]),
        message(headers: [MailHeader("Bcc", "x@evil.example")]),
        message(headers: [MailHeader("subject", "second subject")]),
        message(headers: [MailHeader("X-Bad:Name", "v")]),
        message(headers: [MailHeader("", "v")]),
        message(messageID: "no-brackets@corp.example"),
        message(messageID: "<no-at-sign>"),
    ])
    func malformedFieldsAreRefused(_ message: MailMessage) {
        #expect(Self.refusal(message)?.code == .invalidMessage)
    }

    @Test func aWordTooLongForAnyLineIsRefused() {
        let key = String(repeating: "k", count: 1200)
        #expect(Self.refusal(Self.message(headers: [MailHeader("X-Key", key)]))?.code == .invalidMessage)
    }
}
