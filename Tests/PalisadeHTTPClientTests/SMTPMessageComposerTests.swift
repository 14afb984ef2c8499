import Foundation
import PalisadeHTTPClient
import PalisadeTestSupport
import Testing

/// The composer's exact bytes for representative messages.
@Suite("SMTP message composer")
struct SMTPMessageComposerTests {
    /// Tue, 08 Dec 2026 03:00:47 +0000.
    static let date = Date(timeIntervalSince1970: 1_796_698_847)
    static let palisade = MailAddress("palisade@corp.example", displayName: "Palisade")
    static let ana = MailAddress("ana.lima@corp.example", displayName: "Ana Lima")

    static func compose(_ message: MailMessage, seed: UInt64 = 1) throws -> String {
        var generator = SplitMix64(seed: seed)
        let composed = try message.composed(now: date, using: &generator)
        return String(decoding: composed.bytes, as: UTF8.self)
    }

    @Test func plainASCIIMessage() throws {
        let message = MailMessage(
            from: Self.palisade, to: [Self.ana], subject: "Your Slack session was ended",
            textBody: "Hello Ana,\nYour session was ended.\n", headers: [MailHeader("X-Palisade-Idempotency-Key", "inc-42")],
            messageID: "<n1@corp.example>")
        let expected =
            "Date: Tue, 08 Dec 2026 03:00:47 +0000\r\n" + "From: Palisade <palisade@corp.example>\r\n"
            + "To: Ana Lima <ana.lima@corp.example>\r\n" + "Subject: Your Slack session was ended\r\n"
            + "Message-ID: <n1@corp.example>\r\n" + "MIME-Version: 1.0\r\n" + "X-Palisade-Idempotency-Key: inc-42\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Transfer-Encoding: 7bit\r\n" + "\r\n"
            + "Hello Ana,\r\n" + "Your session was ended.\r\n"
        #expect(try Self.compose(message) == expected)
    }

    @Test func nonASCIISubjectAndNamesAreEncodedWordsAndLatinTextIsQuotedPrintable() throws {
        let message = MailMessage(
            from: MailAddress("palisade@corp.example", displayName: "Zoë Müller"),
            to: [MailAddress("ana.lima@corp.example", displayName: "Lima, Ana"), MailAddress("bo@corp.example")],
            subject: "Sécurité: session ended", textBody: "Grüße aus Zürich\r\ntrailing space \nx=1", messageID: "<n2@corp.example>",
            date: Self.date)
        let expected =
            "Date: Tue, 08 Dec 2026 03:00:47 +0000\r\n" + "From: =?UTF-8?B?Wm/DqyBNw7xsbGVy?= <palisade@corp.example>\r\n"
            + "To: \"Lima, Ana\" <ana.lima@corp.example>, bo@corp.example\r\n"
            + "Subject: =?UTF-8?B?U8OpY3VyaXTDqTogc2Vzc2lvbiBlbmRlZA==?=\r\n" + "Message-ID: <n2@corp.example>\r\n"
            + "MIME-Version: 1.0\r\n" + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n" + "\r\n" + "Gr=C3=BC=C3=9Fe aus Z=C3=BCrich\r\n"
            + "trailing space=20\r\n" + "x=3D1\r\n"
        #expect(try Self.compose(message) == expected)
    }

    @Test func mostlyNonLatinTextIsBase64() throws {
        let message = MailMessage(
            from: Self.palisade, to: [Self.ana], subject: "Γειά", textBody: "Γειά σου κόσμε\n", messageID: "<n3@corp.example>")
        let text = try Self.compose(message)
        #expect(text.contains("Subject: =?UTF-8?B?zpPOtc65zqw=?=\r\n"))
        #expect(text.hasSuffix("Content-Transfer-Encoding: base64\r\n\r\nzpPOtc65zqwgz4POv8+FIM66z4zPg868zrUNCg==\r\n"))
    }

    @Test func htmlMakesMultipartAlternative() throws {
        let message = MailMessage(
            from: Self.palisade, to: [Self.ana], subject: "Hi", textBody: "Hi Ana", htmlBody: "<p>Hi Ana</p>",
            messageID: "<n4@corp.example>")
        var generator = SplitMix64(seed: 1)
        let boundary = "=_palisade_" + [generator.next(), generator.next()].map(Self.hex).joined()
        let expected =
            "Date: Tue, 08 Dec 2026 03:00:47 +0000\r\n" + "From: Palisade <palisade@corp.example>\r\n"
            + "To: Ana Lima <ana.lima@corp.example>\r\n" + "Subject: Hi\r\n" + "Message-ID: <n4@corp.example>\r\n"
            + "MIME-Version: 1.0\r\n" + "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n" + "\r\n"
            + "--\(boundary)\r\n" + "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Transfer-Encoding: 7bit\r\n" + "\r\n"
            + "Hi Ana\r\n" + "\r\n" + "--\(boundary)\r\n" + "Content-Type: text/html; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n" + "\r\n" + "<p>Hi Ana</p>\r\n" + "\r\n" + "--\(boundary)--\r\n"
        let actual = try Self.compose(message)
        #expect(actual == expected)
    }

    @Test func longHeadersAreFoldedAtSpacesAndUnfoldBackExactly() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let message = MailMessage(from: Self.palisade, to: [Self.ana], subject: subject, textBody: "", messageID: "<n5@corp.example>")
        let text = try Self.compose(message)
        let headerBlock = String(text[..<(text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex)])
        let lines = headerBlock.components(separatedBy: "\r\n")
        let longest = lines.map(\.utf8.count).max() ?? 0
        #expect(longest <= 78)
        let subjectLines = lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        #expect(subjectLines.joined() == "Subject: " + subject)
    }

    @Test func longNonASCIISubjectSplitsIntoWholeCharacterWords() throws {
        let subject = String(repeating: "Größenänderung ✓ ", count: 8)
        let message = MailMessage(from: Self.palisade, to: [Self.ana], subject: subject, textBody: "x", messageID: "<n6@corp.example>")
        let text = try Self.compose(message)
        let start = try #require(text.range(of: "Subject: "))
        let end = try #require(text.range(of: "\r\nMessage-ID:"))
        let folded = String(text[start.upperBound..<end.lowerBound])
        let words = folded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.utf8.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let data = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            // Each word decodes on its own: no character is split between two words.
            decoded += try #require(String(data: data, encoding: .utf8))
        }
        #expect(decoded == subject)
    }

    @Test func longQuotedPrintableLinesGetSoftBreaks() throws {
        let body = String(repeating: "Zürich ", count: 20) + "\n"
        let message = MailMessage(from: Self.palisade, to: [Self.ana], subject: "s", textBody: body, messageID: "<n7@corp.example>")
        let text = try Self.compose(message)
        let encoded = String(text[(text.range(of: "\r\n\r\n")?.upperBound ?? text.endIndex)...])
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        let longest = lines.map(\.utf8.count).max() ?? 0
        let softBreaks = lines.dropLast().filter { $0.hasSuffix("=") }.count
        #expect(longest <= 76)
        #expect(softBreaks == lines.count - 1)
        // "=C3=BC" is never cut in the middle, and the line's last space is encoded.
        #expect(encoded.replacingOccurrences(of: "=\r\n", with: "") == String(repeating: "Z=C3=BCrich ", count: 19) + "Z=C3=BCrich=20\r\n")
    }

    @Test func generatedMessageIDUsesTheSenderDomain() throws {
        let message = MailMessage(from: Self.palisade, to: [Self.ana], subject: "s", textBody: "x")
        let composed = try message.composed()
        #expect(composed.messageID.hasPrefix("<") && composed.messageID.hasSuffix("@corp.example>"))
        #expect(composed.messageID.count == "<@corp.example>".count + 32)
        #expect(String(decoding: composed.bytes, as: UTF8.self).contains("Message-ID: \(composed.messageID)\r\n"))
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
