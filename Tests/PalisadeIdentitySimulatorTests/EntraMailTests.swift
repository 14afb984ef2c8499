import Foundation
import PalisadeIdentitySimulator
import Testing

@Suite("Entra simulator: sendMail and the outbox")
struct EntraMailTests {
    typealias F = EntraFixture

    static let message = """
        {"message":{"subject":"Security notice","body":{"contentType":"HTML","content":"<p>Hi</p>"},\
        "toRecipients":[{"emailAddress":{"address":"adele.vance@contoso.test"}}],\
        "ccRecipients":[{"emailAddress":{"address":"secops@contoso.test"}}],\
        "internetMessageHeaders":[{"name":"x-palisade-alert","value":"A-123"}]},"saveToSentItems":false}
        """

    @Test("a message from a shared mailbox or a person is accepted with 202 and an empty body, into the outbox")
    func accepted() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let shared = await F.call(
            simulator, "POST", "/v1.0/users/palisade-alerts%40contoso.test/sendMail", token: token,
            headers: [("content-type", "application/json")], body: Self.message)
        #expect(shared.status == 202)
        #expect(shared.body.isEmpty)
        let text =
            #"{"message":{"subject":"s","body":{"contentType":"text","content":"plain"},"toRecipients":[{"emailAddress":{"address":"a@b.c"}}]}}"#
        let person = await F.call(simulator, "POST", "/v1.0/users/\(F.lee.entraID)/microsoft.graph.sendMail", token: token, body: text)
        #expect(person.status == 202)
        let mails = simulator.inspect().mails
        #expect(mails.count == 2)
        let first = try #require(mails.first)
        #expect(first.from == "palisade-alerts@contoso.test")
        #expect(first.to == ["adele.vance@contoso.test"] && first.cc == ["secops@contoso.test"])
        #expect(first.subject == "Security notice" && first.body == "<p>Hi</p>" && first.contentType == "HTML")
        #expect(first.internetMessageHeaders.map(\.name) == ["x-palisade-alert"])
        #expect(first.internetMessageHeaders.map(\.value) == ["A-123"])
        #expect(!first.saveToSentItems && first.time == F.now)
        #expect(mails[1].contentType == "Text" && mails[1].saveToSentItems)
    }

    @Test("a base64 MIME message is accepted; bad base64 is ErrorMimeContentInvalidBase64String")
    func mime() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        let mime = "From: palisade-alerts@contoso.test\r\nTo: adele.vance@contoso.test\r\nSubject: Notice\r\n\r\nBody\r\n"
        let ok = await F.call(
            simulator, "POST", "/v1.0/users/palisade-alerts@contoso.test/sendMail", token: token,
            headers: [("content-type", "text/plain")], body: Data(mime.utf8).base64EncodedString())
        #expect(ok.status == 202, "\(ok.text)")
        #expect(simulator.inspect().mails.first?.subject == "Notice")
        #expect(simulator.inspect().mails.first?.to == ["adele.vance@contoso.test"])
        let bad = await F.call(
            simulator, "POST", "/v1.0/users/palisade-alerts@contoso.test/sendMail", token: token,
            headers: [("content-type", "text/plain")], body: "not base64!!")
        #expect(bad.status == 400)
        #expect(try bad.graphCode() == "ErrorMimeContentInvalidBase64String")
    }

    @Test("a deleted or unknown sender is MailboxNotEnabledForRESTAPI; malformed messages are 400s")
    func refused() async throws {
        let simulator = F.simulator()
        let token = try await F.token(simulator)
        for sender in [F.tom.entraID, "nobody%40contoso.test"] {
            let reply = await F.call(simulator, "POST", "/v1.0/users/\(sender)/sendMail", token: token, body: Self.message)
            #expect(reply.status == 404)
            #expect(try reply.graphCode() == "MailboxNotEnabledForRESTAPI")
        }
        let cases: [(String, String)] = [
            ("{", "BadRequest"),
            ("{}", "ErrorInvalidParameter"),
            (#"{"message":{"subject":"s"}}"#, "ErrorInvalidRecipients"),
            (#"{"message":{"toRecipients":[{"emailAddress":{"address":"no-at"}}]}}"#, "ErrorInvalidRecipients"),
            (#"{"message":{"toRecipients":"x"}}"#, "Request_BadRequest"),
            (#"{"message":{"body":{"contentType":"rtf"},"toRecipients":[{"emailAddress":{"address":"a@b"}}]}}"#, "RequestBodyRead"),
            (
                #"{"message":{"toRecipients":[{"emailAddress":{"address":"a@b"}}],"internetMessageHeaders":[{"name":"bad","value":"v"}]}}"#,
                "InvalidInternetMessageHeader"
            ),
        ]
        for (body, code) in cases {
            let reply = await F.call(simulator, "POST", "/v1.0/users/\(F.adele.entraID)/sendMail", token: token, body: body)
            #expect(reply.status == 400, "\(body)")
            #expect(try reply.graphCode() == code, "\(body)")
        }
        #expect(simulator.inspect().mails.isEmpty)
    }
}
