import Foundation
import Glibc
import PalisadeHTTPClient
import PalisadeIdentitySimulator
import PalisadeTLS
import PalisadeTestSupport

/// A sink on 127.0.0.1:0 with the test PKI's certificate, the CA in a temporary file, and
/// mailers pointed at it. Stops the sink when it goes away.
final class SMTPTestRig {
    /// One PKI for every SMTP test: making keys is the slow part.
    static let pki = try? TestPKI(serverName: "smtp")

    let directory: TemporaryDirectory
    let sink: SMTPSink
    let port: Int
    let caFile: String

    /// A sink offering STARTTLS (unless `tls` is false), adjusted by `configure`.
    init(tls: Bool = true, _ configure: (inout SMTPSinkConfiguration) -> Void = { _ in }) throws {
        guard let pki = Self.pki else { throw SMTPTestFailure("the test PKI could not be made") }
        directory = try TemporaryDirectory("smtp")
        caFile = try directory.write("ca.pem", pki.root.certificatePEM)
        var configuration = SMTPSinkConfiguration(acceptedDomains: [])
        configuration.idleTimeout = .seconds(5)
        if tls { configuration.tls = try TLSContext(server: pki.serverConfiguration(clientCertificate: .none)) }
        configure(&configuration)
        sink = SMTPSink(configuration: configuration)
        port = try sink.start()
    }

    deinit { sink.stop() }

    /// A mailer for this sink: STARTTLS required, the test CA trusted, short timeouts.
    func mailer(_ configure: (inout SMTPMailer.Configuration) -> Void = { _ in }) throws -> SMTPMailer {
        var configuration = SMTPMailer.Configuration(
            relay: "smtp://localhost:\(port)", sender: "palisade@corp.example", caFile: caFile, connectTimeout: .seconds(3),
            timeout: .seconds(10), heloName: "palisade.test")
        configure(&configuration)
        return try SMTPMailer(configuration: configuration)
    }

    /// Sends `message` and returns the error, if any.
    static func failure(sending message: MailMessage, with mailer: SMTPMailer) async -> SMTPError? {
        do {
            try await mailer.send(message)
            return nil
        } catch {
            return error
        }
    }

    static let ana = MailAddress("ana.lima@corp.example", displayName: "Ana Lima")

    /// A small notification to `to`.
    static func notification(to: [MailAddress] = [ana], subject: String = "Your Slack session was ended", body: String = "Hello.\n")
        -> MailMessage
    {
        MailMessage(
            from: MailAddress("palisade@corp.example", displayName: "Palisade"), to: to, subject: subject, textBody: body,
            headers: [MailHeader("X-Palisade-Idempotency-Key", "inc-42")])
    }
}

/// A test precondition that did not hold.
struct SMTPTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A hand-driven SMTP client on a blocking socket, for what a well-behaved client never does.
final class RawSMTPClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = try LoopbackSocket.connect(port: port)
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The next complete reply's code (the last line's), or `nil` at end of stream or after
    /// `timeout` without one.
    func reply(timeout: Duration = .seconds(5)) -> Int? {
        let deadline = ContinuousClock.now + timeout
        while true {
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                // "250-…" continues, "250 …" ends the reply.
                if line.count >= 4, line[3] == UInt8(ascii: " ") || line[3] == 0x0D {
                    return Int(String(decoding: line[0..<3], as: UTF8.self))
                }
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&entry, 1, max(1, milliseconds)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
        }
    }

    /// Sends a command line and returns the reply's code.
    func command(_ line: String) -> Int? {
        send(line + "\r\n")
        return reply()
    }

    /// Whether the server closed the connection within `timeout`.
    func isClosed(within timeout: Duration) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&entry, 1, milliseconds) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}
