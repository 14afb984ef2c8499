import Foundation
import PalisadeIdentitySimulator
import Testing

/// The sink's protocol and bounds, driven by hand over a plain socket.
@Suite("SMTP sink protocol and bounds")
struct SMTPSinkProtocolTests {
    @Test func badSequencesAndUnknownCommandsGetTheirCodes() throws {
        let rig = try SMTPTestRig(tls: false)
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.command("MAIL FROM:<a@corp.example>") == 503)  // before EHLO
        #expect(client.command("EHLO tester") == 250)
        #expect(client.command("RCPT TO:<b@corp.example>") == 503)  // before MAIL
        #expect(client.command("DATA") == 503)
        #expect(client.command("FROBNICATE") == 500)
        #expect(client.command("EXPN staff") == 502)
        #expect(client.command("MAIL FROM:a@corp.example") == 501)
        #expect(client.command("MAIL FROM:<a@corp.example>") == 250)
        #expect(client.command("MAIL FROM:<a@corp.example>") == 503)  // nested
        #expect(client.command("DATA") == 503)  // no recipient yet
        #expect(client.command("RSET") == 250)
        #expect(client.command("NOOP") == 250)
        #expect(client.command("AUTH PLAIN") == 502)  // no users configured
        #expect(client.command("STARTTLS") == 502)  // no certificate
        #expect(client.command("QUIT") == 221)
        #expect(client.isClosed(within: .seconds(2)))
    }

    @Test func dataIsDotUnstuffedAndPipeliningWorks() throws {
        let rig = try SMTPTestRig(tls: false)
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.command("EHLO tester") == 250)
        // Pipelined: three commands in one write, three replies in order.
        client.send("MAIL FROM:<a@corp.example> SIZE=100\r\nRCPT TO:<b@corp.example>\r\nDATA\r\n")
        #expect(client.reply() == 250)
        #expect(client.reply() == 250)
        #expect(client.reply() == 354)
        #expect(client.command("Subject: dots\r\n\r\n..one\r\n...\r\nplain\r\n.") == 250)
        let message = try #require(rig.sink.messages.first)
        #expect(String(decoding: message.data, as: UTF8.self) == "Subject: dots\r\n\r\n.one\r\n..\r\nplain\r\n")
        #expect(message.sender == "a@corp.example")
        #expect(message.clientName == "tester")
    }

    @Test func anOverLongLineGets500AndTheSessionGoesOn() throws {
        let rig = try SMTPTestRig(tls: false) { $0.maxLineLength = 512 }
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        client.send("EHLO " + String(repeating: "x", count: 100_000) + "\r\n")
        #expect(client.reply() == 500)
        #expect(client.command("EHLO tester") == 250)
        #expect(client.command("MAIL FROM:<a@corp.example>") == 250)
        #expect(client.command("RCPT TO:<b@corp.example>") == 250)
        #expect(client.command("DATA") == 354)
        #expect(client.command("Subject: x\r\n\r\n" + String(repeating: "y", count: 2000) + "\r\n.") == 500)
        #expect(rig.sink.messages.isEmpty)
    }

    @Test func anOversizedMessageGets552() throws {
        let rig = try SMTPTestRig(tls: false) { $0.maxMessageSize = 4096 }
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.command("EHLO tester") == 250)
        #expect(client.command("MAIL FROM:<a@corp.example> SIZE=5000") == 552)
        #expect(client.command("MAIL FROM:<a@corp.example>") == 250)
        #expect(client.command("RCPT TO:<b@corp.example>") == 250)
        #expect(client.command("DATA") == 354)
        let line = String(repeating: "z", count: 70) + "\r\n"
        #expect(client.command(String(repeating: line, count: 100) + ".") == 552)
        #expect(rig.sink.messages.isEmpty)
        #expect(client.command("NOOP") == 250)
    }

    @Test func aClientThatSendsNothingIsTimedOut() throws {
        let rig = try SMTPTestRig(tls: false) { $0.idleTimeout = .milliseconds(300) }
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.reply(timeout: .seconds(3)) == 421)
        #expect(client.isClosed(within: .seconds(2)))
        #expect(rig.sink.stats.idleTimeouts == 1)
    }

    @Test func connectionsBeyondTheCapAreTurnedAway() throws {
        let rig = try SMTPTestRig(tls: false) { $0.maxConnections = 1 }
        let first = try RawSMTPClient(port: rig.port)
        #expect(first.reply() == 220)
        let second = try RawSMTPClient(port: rig.port)
        #expect(second.reply() == 421)
        #expect(second.isClosed(within: .seconds(2)))
        #expect(first.command("NOOP") == 250)
    }

    @Test func recipientsPerMessageAreBounded() throws {
        let rig = try SMTPTestRig(tls: false) { $0.maxRecipients = 2 }
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.command("HELO tester") == 250)
        #expect(client.command("MAIL FROM:<>") == 250)
        #expect(client.command("RCPT TO:<a@corp.example>") == 250)
        #expect(client.command("RCPT TO:<b@corp.example>") == 250)
        #expect(client.command("RCPT TO:<c@corp.example>") == 452)
    }

    @Test func mailBeforeTLSOrAuthIsRefusedWith530() throws {
        let rig = try SMTPTestRig {
            $0.requireTLS = true
            $0.users = ["palisade": "s3cret"]
        }
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.command("EHLO tester") == 250)
        #expect(client.command("MAIL FROM:<a@corp.example>") == 530)
        #expect(client.command("AUTH PLAIN AHBhbGlzYWRlAHMzY3JldA==") == 530)
        #expect(client.command("STARTTLS extra") == 501)
    }

    @Test func storedMessagesAreBoundedOldestDroppedFirst() throws {
        let rig = try SMTPTestRig(tls: false) { $0.maxStoredBytes = 250 }
        let client = try RawSMTPClient(port: rig.port)
        #expect(client.reply() == 220)
        #expect(client.command("EHLO tester") == 250)
        for index in 1...3 {
            #expect(client.command("MAIL FROM:<a@corp.example>") == 250)
            #expect(client.command("RCPT TO:<b@corp.example>") == 250)
            #expect(client.command("DATA") == 354)
            #expect(client.command("Subject: \(index)\r\n\r\n" + String(repeating: "x", count: 100) + "\r\n.") == 250)
        }
        let kept = rig.sink.messages.map(\.id)
        #expect(kept == [2, 3])
    }

    @Test func faultsParseFromTheirCLISpelling() {
        #expect(SMTPSinkFault(parsing: "451") == .reply(code: 451, count: 1))
        #expect(SMTPSinkFault(parsing: "550x3") == .reply(code: 550, count: 3))
        #expect(SMTPSinkFault(parsing: "slow=250ms") == .slow(.milliseconds(250)))
        #expect(SMTPSinkFault(parsing: "slow=2s") == .slow(.seconds(2)))
        #expect(SMTPSinkFault(parsing: "no-starttls") == .noSTARTTLS)
        #expect(SMTPSinkFault(parsing: "200") == nil)
        #expect(SMTPSinkFault(parsing: "451x0") == nil)
        #expect(SMTPSinkFault(parsing: "slow=fast") == nil)
        #expect(SMTPSinkFault.reply(code: 550, count: 3).description == "550x3")
    }
}
