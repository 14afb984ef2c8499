import Foundation
import PalisadeHTTPClient
import PalisadeIdentitySimulator
import Testing

/// How the mailer classifies the sink's refusals.
@Suite("SMTP mailer refusals and faults")
struct SMTPMailerFaultTests {
    @Test func anUnknownRecipientDomainIsAPermanent550() async throws {
        let rig = try SMTPTestRig { $0.acceptedDomains = ["corp.example"] }
        let mailer = try rig.mailer()
        let to = [MailAddress("ana@corp.example"), MailAddress("eve@elsewhere.example")]
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(to: to), with: mailer))
        #expect(error.code == .recipientRejected)
        #expect(error.replyCode == 550)
        #expect(!error.isTransient)
        #expect(error.message.contains("elsewhere.example"))
        #expect(rig.sink.messages.isEmpty)
    }

    @Test func a451IsTransientAndTheNextAttemptIsAccepted() async throws {
        let rig = try SMTPTestRig()
        rig.sink.inject(.reply(code: 451, count: 1))
        let mailer = try rig.mailer()
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(error.replyCode == 451)
        #expect(error.isTransient)
        #expect(rig.sink.messages.isEmpty)
        try await mailer.send(SMTPTestRig.notification())
        #expect(rig.sink.messages.count == 1)
    }

    @Test func a421IsTransientAnd554Permanent() async throws {
        let rig = try SMTPTestRig { $0.faults = [.reply(code: 421, count: 1), .reply(code: 554, count: 1)] }
        let mailer = try rig.mailer()
        let first = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(first.code == .serverUnavailable)
        #expect(first.isTransient)
        let second = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(second.code == .messageRejected)
        #expect(second.replyCode == 554)
        #expect(!second.isTransient)
        #expect(rig.sink.stats.messagesRefused == 2)
    }

    @Test func aMessageOverTheAdvertisedSizeIsRefusedUpFront() async throws {
        let rig = try SMTPTestRig { $0.maxMessageSize = 64 << 10 }
        let mailer = try rig.mailer()
        let body = String(repeating: String(repeating: "x", count: 70) + "\n", count: 2000)
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(body: body), with: mailer))
        #expect(error.code == .messageRejected)
        #expect(error.replyCode == 552)
        #expect(!error.isTransient)
        #expect(rig.sink.messages.isEmpty)
    }

    @Test func aSlowRelayHitsTheMailersTimeout() async throws {
        let rig = try SMTPTestRig { $0.faults = [.slow(.seconds(1))] }
        let mailer = try rig.mailer { $0.timeout = .milliseconds(300) }
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(error.code == .timeout)
        #expect(error.isTransient)
    }

    @Test func aClosedPortIsTransient() async throws {
        let rig = try SMTPTestRig()
        let port = rig.port
        rig.sink.stop()
        let mailer = try SMTPMailer(
            configuration: .init(relay: "smtp://127.0.0.1:\(port)", sender: "palisade@corp.example", connectTimeout: .seconds(2)))
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(error.code == .couldNotConnect)
        #expect(error.isTransient)
    }
}
