/// What an ``H1Session`` recorded from the bytes it was given, in order.
public enum H1Event: Sendable, Equatable {
    /// The first byte of a new request arrived (its head must follow within the server's
    /// timeout).
    case requestBegan
    /// The request head is complete and passed every check.
    case head(H1RequestHead)
    /// Body bytes, with any chunked framing removed.
    case body([UInt8])
    /// The request is complete. The session reads no further request until ``H1Session/resume()``
    /// (one request is answered at a time; pipelined ones wait, bounded).
    case end
    /// The input broke a rule; the session is finished. Answer with the error's status, then
    /// close the connection: after malformed framing nothing later on it can be trusted.
    case failed(H1ParseError)
}

/// Why a request was refused, with the HTTP status to answer it with.
public struct H1ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status for the answer: 400, 413, 431, 501 or 505.
    public var status: Int
    /// What was wrong, for the response body and the log.
    public var message: String

    /// Makes an error.
    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    /// `"<status> <message>"`.
    public var description: String { "\(status) \(message)" }
}
