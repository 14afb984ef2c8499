import PalisadeWire

/// Why a query cannot run as asked; `Query` answers `INVALID_ARGUMENT` with ``message``.
public struct QueryRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to ask instead.
    public let message: String

    /// A refusal with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension QueryRefusal: RPCErrorConvertible {
    /// `INVALID_ARGUMENT` with the message: the request is what is wrong.
    public var rpcError: RPCError { RPCError(.invalidArgument, message) }
}
