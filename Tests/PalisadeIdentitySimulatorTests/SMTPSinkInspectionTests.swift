import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentitySimulator
import Testing

/// `GET /_sim/messages` and `DELETE /_sim/messages`, and the recorded-message reader.
@Suite("SMTP sink inspection")
struct SMTPSinkInspectionTests {
    struct Message: Decodable {
        let id: Int
        let sender: String
        let recipients: [String]
        let tls: Bool
        let subject: String?
        let messageID: String?
        let textBody: String?
        let htmlBody: String?
        let headers: [Header]
    }

    struct Header: Decodable {
        let name: String
        let value: String
    }

    @Test func messagesAreServedAsJSONAndCanBeCleared() async throws {
        let rig = try SMTPTestRig()
        var logger = Logger(label: "smtp-inspection-test")
        logger.logLevel = .critical
        let inspection = try SMTPSinkInspection(sink: rig.sink, logger: logger)
        let port = try inspection.start()
        defer { inspection.stop() }
        let mailer = try rig.mailer()
        var message = SMTPTestRig.notification(subject: "Sécurité ✓")
        message.htmlBody = "<p>Hello.</p>"
        let messageID = try await mailer.send(message)

        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/_sim/messages"))
        #expect(response.status == 200)
        let messages = try JSONDecoder().decode([Message].self, from: Data(response.body))
        let first = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(first.sender == "palisade@corp.example")
        #expect(first.recipients == ["ana.lima@corp.example"])
        #expect(first.tls)
        #expect(first.subject == "Sécurité ✓")
        #expect(first.messageID == messageID)
        #expect(first.textBody == "Hello.\n")
        #expect(first.htmlBody == "<p>Hello.</p>\n")
        let key = first.headers.first { $0.name == "X-Palisade-Idempotency-Key" }?.value
        #expect(key == "inc-42")

        let deleted = try await client.send(HTTPRequest(method: "DELETE", url: "http://127.0.0.1:\(port)/_sim/messages"))
        #expect(deleted.status == 204)
        #expect(rig.sink.messages.isEmpty)
        let missing = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/nothing"))
        #expect(missing.status == 404)
    }

    @Test func theReaderDecodesQAndBEncodedWordsAndFoldedHeaders() {
        let data = Array(
            ("Subject: =?UTF-8?Q?Caf=C3=A9_ouvert?= =?UTF-8?B?IOKckw==?=\r\n" + "X-Long: first part\r\n\tsecond part\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Transfer-Encoding: quoted-printable\r\n" + "\r\n"
                + "soft=\r\nbreak and =C3=A9\r\n").utf8)
        let parsed = SMTPParsedMessage(data)
        #expect(parsed.subject == "Café ouvert ✓")
        #expect(parsed.header("x-long") == "first part\tsecond part")
        #expect(parsed.textBody == "softbreak and é\n")
    }
}
