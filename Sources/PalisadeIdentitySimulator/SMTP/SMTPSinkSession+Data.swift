import Foundation

extension SMTPSinkSession {
    /// `DATA`: reads the message up to the line of a single `.`, undoing dot-stuffing (RFC 5321
    /// §4.5.2), then records it or answers with a fault. Returns `false` when the session ends.
    ///
    /// Bounded like everything else: past ``SMTPSinkConfiguration/maxMessageSize`` the text is
    /// read and dropped, and a client that keeps sending well past it is answered 552 and
    /// disconnected rather than read forever.
    func data(_ argument: String) throws(SMTPSinkChannel.End) -> Bool {
        guard argument.isEmpty else {
            try reply(501, "5.5.4 Syntax: DATA")
            return true
        }
        guard let sender else {
            try reply(503, "5.5.1 Need MAIL command")
            return true
        }
        guard !recipients.isEmpty else {
            try reply(503, "5.5.1 Need RCPT command")
            return true
        }
        try reply(354, "End data with <CR><LF>.<CR><LF>")
        let limit = configuration.maxMessageSize
        var message: [UInt8] = []
        var size = 0
        var lineTooLong = false
        while true {
            // One more than the limit: a stuffed dot does not count against the line.
            guard case .line(let line) = try channel.readLine(maxLength: configuration.maxLineLength + 1) else {
                lineTooLong = true
                continue
            }
            if line == [UInt8(ascii: ".")] { break }
            let content = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
            size += content.count + 2
            if size <= limit {
                message += content
                message += [0x0D, 0x0A]
            } else if size > 2 * limit + (64 << 10) {
                try reply(552, "5.3.4 Message size exceeds fixed maximum message size (\(limit)); closing connection")
                return false
            }
        }
        defer { resetTransaction() }
        if size > limit {
            try reply(552, "5.3.4 Message size exceeds fixed maximum message size (\(limit))")
            return true
        }
        if lineTooLong {
            try reply(500, "5.5.2 Line too long (the limit is \(configuration.maxLineLength) octets); message not accepted")
            return true
        }
        if let code = state.takeReplyFault() {
            return try replyFault(code)
        }
        let record = SMTPRecordedMessage(
            id: 0, sender: sender, recipients: recipients, data: message, tls: channel.isTLS, authenticatedUser: authenticatedUser,
            clientName: clientName ?? "", receivedAt: Date())
        let id = state.record { id in
            SMTPRecordedMessage(
                id: id, sender: record.sender, recipients: record.recipients, data: record.data, tls: record.tls,
                authenticatedUser: record.authenticatedUser, clientName: record.clientName, receivedAt: record.receivedAt)
        }
        try reply(250, "2.0.0 Ok: queued as \(id)")
        return true
    }

    /// Answers a message with an injected fault's code; 421 also ends the session.
    private func replyFault(_ code: Int) throws(SMTPSinkChannel.End) -> Bool {
        switch code {
        case 421:
            try reply(421, "4.3.2 Service not available, closing transmission channel (simulated)")
            return false
        case 451:
            try reply(451, "4.3.0 Temporary failure, try again later (simulated)")
        case 550:
            try reply(550, "5.7.1 Message rejected (simulated)")
        default:
            try reply(code, "5.6.0 Transaction failed (simulated)")
        }
        return true
    }
}
