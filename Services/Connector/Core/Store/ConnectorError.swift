import PalisadeWire

/// A connector failure a caller can act on: the RPC status it maps to and a sentence. Handlers
/// throw it as is; the server answers with `rpcError`.
public struct ConnectorError: Error, Sendable, CustomStringConvertible, RPCErrorConvertible {
    /// The status an RPC answers with.
    public let code: StatusCode
    /// What went wrong and what to do; never contains a token.
    public let message: String

    /// Makes an error.
    public init(_ code: StatusCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }

    /// The error as an RPC status.
    public var rpcError: RPCError { RPCError(code, message) }
}
