import Foundation
import PalisadeHTTPClient
import PalisadeIdentitySimulator
import Testing

/// The mailer (libcurl) against the sink: TLS, AUTH, and what arrives.
@Suite("SMTP mailer against the sink")
struct SMTPMailerSinkTests {
    @Test func startTLSDeliversAndTheSinkRecordsTLS() async throws {
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer()
        let messageID = try await mailer.send(SMTPTestRig.notification())
        let messages = rig.sink.messages
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.tls)
        #expect(message.sender == "palisade@corp.example")
        #expect(message.recipients == ["ana.lima@corp.example"])
        #expect(message.clientName == "palisade.test")
        #expect(message.authenticatedUser == nil)
        let parsed = message.parsed
        #expect(parsed.messageID == messageID)
        #expect(parsed.subject == "Your Slack session was ended")
        #expect(parsed.from == "Palisade <palisade@corp.example>")
        #expect(parsed.header("x-palisade-idempotency-key") == "inc-42")
        #expect(parsed.textBody == "Hello.\n")
        #expect(rig.sink.stats.tlsSessions == 1)
    }

    @Test func smtpsSpeaksTLSFromTheFirstByte() async throws {
        let rig = try SMTPTestRig { $0.implicitTLS = true }
        let mailer = try rig.mailer { $0.relay = "smtps://localhost:\(rig.port)" }
        try await mailer.send(SMTPTestRig.notification())
        let message = try #require(rig.sink.messages.first)
        #expect(message.tls)
    }

    @Test func authenticatesOverTLS() async throws {
        let rig = try SMTPTestRig {
            $0.users = ["palisade": "s3cret"]
            $0.requireTLS = true
        }
        let mailer = try rig.mailer { $0.credentials = .init(username: "palisade", password: "s3cret") }
        try await mailer.send(SMTPTestRig.notification())
        let message = try #require(rig.sink.messages.first)
        #expect(message.authenticatedUser == "palisade")
        #expect(message.tls)
    }

    @Test func credentialsAreNotUsedWhenTheRelayOffersNoAUTH() async throws {
        // curl's behaviour, pinned: a relay that advertises no AUTH takes the message unauthenticated.
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer { $0.credentials = .init(username: "palisade", password: "s3cret") }
        try await mailer.send(SMTPTestRig.notification())
        let message = try #require(rig.sink.messages.first)
        #expect(message.authenticatedUser == nil)
    }

    @Test func aWrongPasswordIsAPermanent535() async throws {
        let rig = try SMTPTestRig { $0.users = ["palisade": "s3cret"] }
        let mailer = try rig.mailer { $0.credentials = .init(username: "palisade", password: "wrong-horse") }
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(error.code == .authenticationFailed)
        #expect(error.replyCode == 535)
        #expect(!error.isTransient)
        #expect(!error.message.contains("wrong-horse"))
        #expect(!"\(error)".contains("wrong-horse"))
        #expect(rig.sink.messages.isEmpty)
    }

    @Test func aRelayWithoutSTARTTLSIsRefusedNotUsedInCleartext() async throws {
        let rig = try SMTPTestRig { $0.faults = [.noSTARTTLS] }
        let mailer = try rig.mailer()
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(error.code == .tlsUnavailable)
        #expect(!error.isTransient)
        #expect(rig.sink.messages.isEmpty)
    }

    @Test func cleartextOnlyWhenAllowedAndOnLoopback() async throws {
        let rig = try SMTPTestRig(tls: false)
        let mailer = try rig.mailer { $0.allowCleartextOnLoopback = true }
        try await mailer.send(SMTPTestRig.notification())
        let message = try #require(rig.sink.messages.first)
        #expect(!message.tls)

        var remote = SMTPMailer.Configuration(relay: "smtp://mail.corp.example:587", sender: "palisade@corp.example")
        remote.allowCleartextOnLoopback = true
        var refusal: SMTPError?
        do { _ = try SMTPMailer(configuration: remote) } catch { refusal = error }
        #expect(refusal?.code == .invalidConfiguration)
    }

    @Test func theServersCertificateMustBeTrusted() async throws {
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer { $0.caFile = nil }  // the system store does not know the test CA
        let error = try #require(await SMTPTestRig.failure(sending: SMTPTestRig.notification(), with: mailer))
        #expect(error.code == .tlsCertificate)
        #expect(!error.isTransient)
    }

    @Test func nonASCIISubjectNamesAndBodyRoundTrip() async throws {
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer()
        let subject = "Sécurité: votre session a été fermée ✓ — 日本語の件名もここに少し長めに入れておきます"
        let body = "Grüße aus Zürich,\nΓειά σου κόσμε\n日本語の本文\n"
        let recipient = MailAddress("zoe@corp.example", displayName: "Zoë Müller")
        try await mailer.send(SMTPTestRig.notification(to: [recipient], subject: subject, body: body))
        let parsed = try #require(rig.sink.messages.first).parsed
        #expect(parsed.subject == subject)
        #expect(parsed.to == "Zoë Müller <zoe@corp.example>")
        #expect(parsed.textBody == body)
    }

    @Test func linesStartingWithADotArriveIntact() async throws {
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer()
        let body = ".\n..\n.leading dot\nmiddle . dot\n.\r\n. \nlast line\n."
        var message = SMTPTestRig.notification(body: body)
        message.messageID = "<dots@corp.example>"
        message.date = Date(timeIntervalSince1970: 1_796_698_847)
        try await mailer.send(message)
        let recorded = try #require(rig.sink.messages.first)
        // curl stuffed the dots and the sink unstuffed them: the bytes are the composer's exactly.
        #expect(recorded.data == (try message.composed()).bytes)
        #expect(recorded.parsed.textBody == ".\n..\n.leading dot\nmiddle . dot\n.\n. \nlast line\n.\n")
    }

    @Test func aLargeMessageArrivesWhole() async throws {
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer()
        let line = String(repeating: "0123456789", count: 9) + "\n"
        let body = String(repeating: line, count: 20_000)  // 1.8 MB
        var message = SMTPTestRig.notification(subject: "large", body: body)
        message.htmlBody = "<pre>" + body + "</pre>"
        try await mailer.send(message)
        let parsed = try #require(rig.sink.messages.first).parsed
        #expect(parsed.textBody == body)
        #expect(parsed.htmlBody == "<pre>" + body + "</pre>\n")
    }

    @Test func severalRecipientsAreAllInTheEnvelope() async throws {
        let rig = try SMTPTestRig()
        let mailer = try rig.mailer()
        let to = ["ana@corp.example", "bo@corp.example", "cy@partner.example"].map { MailAddress($0) }
        try await mailer.send(SMTPTestRig.notification(to: to))
        let message = try #require(rig.sink.messages.first)
        #expect(message.recipients == ["ana@corp.example", "bo@corp.example", "cy@partner.example"])
        #expect(message.parsed.to == "ana@corp.example, bo@corp.example, cy@partner.example")
    }
}
