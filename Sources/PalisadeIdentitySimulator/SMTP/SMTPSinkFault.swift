/// A misbehaviour of the SMTP sink, to test how a client copes.
public enum SMTPSinkFault: Sendable, Hashable, CustomStringConvertible {
    /// Answers the next `count` messages, at the end of their data, with `code` instead of 250:
    /// 451 or 421 (transient; 421 also closes the connection), 550 or 554 (permanent). The
    /// message is not recorded.
    case reply(code: Int, count: Int)
    /// Waits this long before every reply (greeting included).
    case slow(Duration)
    /// Neither advertises nor accepts STARTTLS, as a relay without TLS would.
    case noSTARTTLS

    /// The codes ``reply(code:count:)`` accepts.
    public static let replyCodes: Set<Int> = [421, 451, 550, 554]

    /// The CLI's spelling: `451`, `550x3`, `slow=500ms`, `slow=2s`, `no-starttls`.
    public static let grammar = "CODE[xN] (CODE one of 421, 451, 550, 554; N messages, default 1), slow=<n>ms|<n>s, no-starttls"

    /// Parses the CLI's spelling (``grammar``); `nil` when it is not one.
    public init?(parsing text: String) {
        if text == "no-starttls" {
            self = .noSTARTTLS
            return
        }
        if text.hasPrefix("slow=") {
            let value = text.dropFirst(5)
            if value.hasSuffix("ms"), let milliseconds = Int(value.dropLast(2)), milliseconds >= 0 {
                self = .slow(.milliseconds(milliseconds))
            } else if value.hasSuffix("s"), let seconds = Int(value.dropLast()), seconds >= 0 {
                self = .slow(.seconds(seconds))
            } else {
                return nil
            }
            return
        }
        let parts = text.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        guard let code = Int(parts[0]), Self.replyCodes.contains(code) else { return nil }
        let count = parts.count == 2 ? Int(parts[1]) : 1
        guard let count, count >= 1 else { return nil }
        self = .reply(code: code, count: count)
    }

    /// The CLI's spelling of this fault.
    public var description: String {
        switch self {
        case .reply(let code, let count): count == 1 ? "\(code)" : "\(code)x\(count)"
        case .slow(let delay): "slow=\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)ms"
        case .noSTARTTLS: "no-starttls"
        }
    }
}
