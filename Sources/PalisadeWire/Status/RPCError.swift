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
    /// Facts a program may act on, by name (the identity services put the provider's request id
    /// under `providerRequestID`); empty for most errors. They travel in the
    /// `palisade-error-details` trailer, or as `details` in the JSON error body.
    public var details: [String: String]

    /// Creates an error with a code and a message meant for the caller, and optional details.
    public init(_ code: StatusCode, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// `NOT_FOUND: no alert with id 42`.
    public var description: String {
        message.isEmpty ? code.name : "\(code.name): \(message)"
    }
}
