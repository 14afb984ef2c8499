/// The error an RPC ends with: a status code and a message for a person.
///
/// This is what travels in `grpc-status` + `grpc-message` (binary) or in the JSON error body.
///
/// ```swift
/// throw RPCError(.notFound, "no alert with id 42")
/// ```
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The gRPC status code; never `.ok` for a real failure.
    public var code: StatusCode
    /// What went wrong and, where possible, what the caller can do about it.
    public var message: String

    /// Creates an error with a code and a message meant for the caller.
    public init(_ code: StatusCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `NOT_FOUND: no alert with id 42`.
    public var description: String {
        message.isEmpty ? code.name : "\(code.name): \(message)"
    }
}
