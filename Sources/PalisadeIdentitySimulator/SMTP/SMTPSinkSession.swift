import Foundation
import PalisadeTLS
import Synchronization

/// One client's ESMTP session (RFC 5321) on its own thread: the command state machine, replies
/// and their codes. DATA and AUTH are in extensions.
final class SMTPSinkSession {
    let state: SMTPSinkState
    let channel: SMTPSinkChannel
    var configuration: SMTPSinkConfiguration { state.configuration }

    /// The EHLO/HELO name; `nil` until the client greets (and again after STARTTLS).
    var clientName: String?
    var authenticatedUser: String?
    /// The transaction: `nil` sender means none is open.
    var sender: String?
    var recipients: [String] = []

    init(state: SMTPSinkState, fd: Int32) {
        self.state = state
        self.channel = SMTPSinkChannel(fd: fd, idleTimeout: state.configuration.idleTimeout)
    }

    /// Serves the connection until QUIT, a close, the idle timeout or the sink stopping; closes it.
    func run() {
        defer {
            channel.closeTLS()
            state.close(channel.fd)
        }
        do throws(SMTPSinkChannel.End) {
            if configuration.implicitTLS, let context = configuration.tls {
                try channel.startTLS(context: context)
                state.count { $0.tlsSessions += 1 }
            }
            try reply(220, "\(configuration.hostname) ESMTP Palisade SMTP sink")
            while try serveNextCommand() {}
        } catch .timedOut {
            state.count { $0.idleTimeouts += 1 }
            try? reply(421, "4.4.2 \(configuration.hostname) idle for too long, closing connection")
        } catch {
            // The client went away or the socket failed: nothing left to tell it.
        }
    }

    /// Reads and answers one command; `false` once the session is over.
    private func serveNextCommand() throws(SMTPSinkChannel.End) -> Bool {
        guard case .line(let bytes) = try channel.readLine(maxLength: configuration.maxLineLength) else {
            try reply(500, "5.5.2 Line too long (the limit is \(configuration.maxLineLength) octets)")
            return true
        }
        let line = String(decoding: bytes, as: UTF8.self)
        let verbEnd = line.firstIndex(of: " ") ?? line.endIndex
        let verb = line[..<verbEnd].uppercased()
        let argument = line[verbEnd...].trimmingCharacters(in: .whitespaces)
        switch verb {
        case "EHLO", "HELO": try greet(extended: verb == "EHLO", argument)
        case "STARTTLS": try startTLS(argument)
        case "AUTH": try authenticate(argument)
        case "MAIL": try mail(argument)
        case "RCPT": try recipient(argument)
        case "DATA": return try data(argument)
        case "RSET":
            resetTransaction()
            try reply(250, "2.0.0 Ok")
        case "NOOP": try reply(250, "2.0.0 Ok")
        case "VRFY": try reply(252, "2.5.0 Cannot VRFY user, but will accept the message")
        case "HELP": try reply(214, "2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP QUIT")
        case "QUIT":
            try reply(221, "2.0.0 Bye")
            return false
        case "EXPN", "BDAT", "ETRN", "TURN", "SEND", "SOML", "SAML": try reply(502, "5.5.1 Command not implemented")
        default: try reply(500, "5.5.2 Command unrecognized")
        }
        return true
    }

    // MARK: Commands

    private func greet(extended: Bool, _ name: String) throws(SMTPSinkChannel.End) {
        guard !name.isEmpty, !name.contains(" ") else { return try reply(501, "5.5.4 Syntax: \(extended ? "EHLO" : "HELO") hostname") }
        resetTransaction()
        clientName = name
        guard extended else { return try reply(250, configuration.hostname) }
        var lines = ["\(configuration.hostname) greets \(name)", "PIPELINING", "SIZE \(configuration.maxMessageSize)", "8BITMIME"]
        lines.append("ENHANCEDSTATUSCODES")
        if offersSTARTTLS { lines.append("STARTTLS") }
        if !configuration.users.isEmpty, channel.isTLS || !configuration.requireTLS { lines.append("AUTH PLAIN LOGIN") }
        try reply(250, lines)
    }

    private var offersSTARTTLS: Bool {
        configuration.tls != nil && !channel.isTLS && state.inner.withLock { $0.offerSTARTTLS }
    }

    private func startTLS(_ argument: String) throws(SMTPSinkChannel.End) {
        guard argument.isEmpty else { return try reply(501, "5.5.4 Syntax: STARTTLS") }
        guard !channel.isTLS else { return try reply(503, "5.5.1 TLS is already active") }
        guard let context = configuration.tls, offersSTARTTLS else { return try reply(502, "5.5.1 STARTTLS not available") }
        guard clientName != nil else { return try reply(503, "5.5.1 Send EHLO first") }
        try reply(220, "2.0.0 Ready to start TLS")
        try channel.startTLS(context: context)
        state.count { $0.tlsSessions += 1 }
        // RFC 3207 §4.2: the client must discard what it knew and start over with EHLO.
        clientName = nil
        authenticatedUser = nil
        resetTransaction()
    }

    private func mail(_ argument: String) throws(SMTPSinkChannel.End) {
        guard clientName != nil else { return try reply(503, "5.5.1 Send EHLO/HELO first") }
        if configuration.requireTLS, !channel.isTLS { return try reply(530, "5.7.0 Must issue a STARTTLS command first") }
        if !configuration.users.isEmpty, authenticatedUser == nil { return try reply(530, "5.7.0 Authentication required") }
        guard sender == nil else { return try reply(503, "5.5.1 Sender already specified") }
        guard let (address, parameters) = Self.path(argument, keyword: "FROM:") else {
            return try reply(501, "5.5.4 Syntax: MAIL FROM:<address> [SIZE=n]")
        }
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].uppercased() == "SIZE" else { continue }
            guard let size = Int(pair[1]) else { return try reply(501, "5.5.4 SIZE must be a number") }
            if size > configuration.maxMessageSize {
                return try reply(552, "5.3.4 Message size exceeds fixed maximum message size (\(configuration.maxMessageSize))")
            }
        }
        sender = address
        try reply(250, "2.1.0 Ok")
    }

    private func recipient(_ argument: String) throws(SMTPSinkChannel.End) {
        guard sender != nil else { return try reply(503, "5.5.1 Need MAIL before RCPT") }
        guard let (address, _) = Self.path(argument, keyword: "TO:"), let at = address.lastIndex(of: "@") else {
            return try reply(501, "5.5.4 Syntax: RCPT TO:<address>")
        }
        guard recipients.count < configuration.maxRecipients else { return try reply(452, "4.5.3 Too many recipients") }
        let domain = address[address.index(after: at)...].lowercased()
        if !configuration.acceptedDomains.isEmpty, !configuration.acceptedDomains.contains(where: { $0.lowercased() == domain }) {
            return try reply(550, "5.1.1 <\(address)>: Recipient address rejected: domain \(domain) is not accepted here")
        }
        recipients.append(address)
        try reply(250, "2.1.5 Ok")
    }

    func resetTransaction() {
        sender = nil
        recipients = []
    }

    /// `FROM:<address> PARAM=value …` → the address and the parameters; `nil` when malformed.
    static func path(_ argument: String, keyword: String) -> (String, [Substring])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
        let address = String(rest[rest.index(after: rest.startIndex)..<close])
        guard !address.contains(where: { $0 == " " || $0 == "<" }) else { return nil }
        return (address, rest[rest.index(after: close)...].split(separator: " "))
    }

    // MARK: Replies

    /// Sends a one-line reply, after the `slow` fault's delay.
    func reply(_ code: Int, _ text: String) throws(SMTPSinkChannel.End) {
        try reply(code, [text])
    }

    /// Sends a reply of several lines (`250-…` then `250 …`).
    func reply(_ code: Int, _ lines: [String]) throws(SMTPSinkChannel.End) {
        let delay = state.inner.withLock { $0.delay }
        if delay > .zero { Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18) }
        var text = ""
        for (index, line) in lines.enumerated() {
            text += "\(code)\(index == lines.count - 1 ? " " : "-")\(line)\r\n"
        }
        try channel.write(Array(text.utf8))
    }
}
