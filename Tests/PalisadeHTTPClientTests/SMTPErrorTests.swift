import PalisadeHTTPClient
import Testing

/// Which SMTP failures are worth trying again.
@Suite("SMTPError classification")
struct SMTPErrorTests {
    @Test(arguments: [
        (SMTPError.Code.recipientRejected, 450, true), (.recipientRejected, 550, false), (.messageRejected, 451, true),
        (.messageRejected, 552, false), (.authenticationFailed, 454, true), (.authenticationFailed, 535, false),
        (.serverUnavailable, 421, true), (.tlsUnavailable, 454, true),
    ])
    func theReplyCodeDecides(_ code: SMTPError.Code, _ reply: Int, _ transient: Bool) {
        #expect(SMTPError(code: code, replyCode: reply, message: "m").isTransient == transient)
    }

    @Test(arguments: [
        (SMTPError.Code.timeout, true), (.couldNotConnect, true), (.couldNotResolveHost, true), (.tlsHandshake, true),
        (.transport, true), (.serverUnavailable, true), (.tlsCertificate, false), (.tlsUnavailable, false),
        (.authenticationFailed, false), (.invalidMessage, false), (.invalidConfiguration, false), (.cancelled, false),
        (.shutdown, false),
    ])
    func withoutAReplyTheCodeDecides(_ code: SMTPError.Code, _ transient: Bool) {
        #expect(SMTPError(code: code, message: "m").isTransient == transient)
    }

    @Test func theDescriptionSaysWhichAndWhy() {
        let error = SMTPError(code: .recipientRejected, replyCode: 550, message: "smtp://relay:587: a recipient was refused")
        #expect(error.description == "recipientRejected 550 (permanent): smtp://relay:587: a recipient was refused")
    }

    @Test(arguments: [
        "http://mail.corp.example", "smtp://", "smtp://user:pw@mail.corp.example", "smtp://mail.corp.example/path",
        "smtp://mail.corp.example?x=1", "smtp://mail.corp.example:0", "smtp://mail corp",
    ])
    func badRelayURLsAreRefusedAtCreation(_ relay: String) {
        var refusal: SMTPError?
        do { _ = try SMTPMailer(configuration: .init(relay: relay, sender: "palisade@corp.example")) } catch { refusal = error }
        #expect(refusal?.code == .invalidConfiguration)
        #expect(refusal?.message.contains("pw") == false)
    }
}
