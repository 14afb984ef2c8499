import Foundation

extension SMTPSinkSession {
    /// `AUTH PLAIN [initial-response]` (RFC 4616) and `AUTH LOGIN [username]`, checked against
    /// ``SMTPSinkConfiguration/users``.
    func authenticate(_ argument: String) throws(SMTPSinkChannel.End) {
        guard clientName != nil else { return try reply(503, "5.5.1 Send EHLO first") }
        guard !configuration.users.isEmpty else { return try reply(502, "5.5.1 AUTH not available") }
        if configuration.requireTLS, !channel.isTLS { return try reply(530, "5.7.0 Must issue a STARTTLS command first") }
        guard authenticatedUser == nil else { return try reply(503, "5.5.1 Already authenticated") }
        guard sender == nil else { return try reply(503, "5.5.1 AUTH not allowed during a mail transaction") }
        let words = argument.split(separator: " ", omittingEmptySubsequences: true)
        guard let mechanism = words.first?.uppercased(), words.count <= 2 else {
            return try reply(501, "5.5.4 Syntax: AUTH mechanism [initial-response]")
        }
        let initial = words.count == 2 ? String(words[1]) : nil
        let credentials: (user: String, password: String)?
        switch mechanism {
        case "PLAIN":
            var response = initial
            if response == nil { response = try challenge("") }
            guard let response else { return }
            guard let decoded = Self.decode(response) else { return try reply(501, "5.5.2 Cannot decode the response") }
            // authzid NUL authcid NUL passwd
            let fields = decoded.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { return try reply(501, "5.5.2 Malformed PLAIN response") }
            credentials = (String(decoding: fields[1], as: UTF8.self), String(decoding: fields[2], as: UTF8.self))
        case "LOGIN":
            var userResponse = initial
            if userResponse == nil { userResponse = try challenge("VXNlcm5hbWU6") }  // "Username:"
            guard let userResponse else { return }
            guard let user = Self.decode(userResponse) else { return try reply(501, "5.5.2 Cannot decode the response") }
            guard let passwordResponse = try challenge("UGFzc3dvcmQ6") else { return }  // "Password:"
            guard let password = Self.decode(passwordResponse) else { return try reply(501, "5.5.2 Cannot decode the response") }
            credentials = (String(decoding: user, as: UTF8.self), String(decoding: password, as: UTF8.self))
        default:
            return try reply(504, "5.5.4 Unrecognized authentication type (PLAIN and LOGIN are offered)")
        }
        guard let credentials, let expected = configuration.users[credentials.user], expected == credentials.password else {
            state.count { $0.authenticationFailures += 1 }
            return try reply(535, "5.7.8 Authentication credentials invalid")
        }
        authenticatedUser = credentials.user
        try reply(235, "2.7.0 Authentication successful")
    }

    /// Sends a `334` challenge and reads the client's answer; `nil` (after replying) when the
    /// client cancels with `*` or sends an over-long line.
    private func challenge(_ text: String) throws(SMTPSinkChannel.End) -> String? {
        try reply(334, text)
        guard case .line(let bytes) = try channel.readLine(maxLength: configuration.maxLineLength) else {
            try reply(500, "5.5.2 Line too long")
            return nil
        }
        let answer = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if answer == "*" {
            try reply(501, "5.0.0 Authentication cancelled")
            return nil
        }
        return answer
    }

    /// Base64 (`=` alone is the empty response, RFC 4954 §4).
    private static func decode(_ text: String) -> [UInt8]? {
        if text == "=" { return [] }
        return Data(base64Encoded: text).map { Array($0) }
    }
}
