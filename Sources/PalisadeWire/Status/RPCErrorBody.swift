/// The JSON body of a failed call in the JSON mapping: `{"code":"not_found","message":"…"}`.
///
/// `code` is the status name in lower snake case, as the Connect protocol writes it; the HTTP
/// status of the response is ``StatusCode/httpStatus``.
public struct RPCErrorBody: Codable, Sendable, Equatable {
    /// Lower snake case status name, e.g. `"not_found"`.
    public var code: String
    /// The human-readable message.
    public var message: String

    private enum CodingKeys: Int, CodingKey {
        case code = 1
        case message = 2
    }

    /// Creates a body from its raw parts.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Creates the body that reports `error`.
    public init(_ error: RPCError) {
        self.code = error.code.name.lowercased()
        self.message = error.message
    }

    /// The error this body describes; an unrecognised code becomes `.unknown`, keeping the text.
    public var rpcError: RPCError {
        guard let status = StatusCode(name: code) else {
            return RPCError(.unknown, message.isEmpty ? "unrecognised error code '\(code)'" : message)
        }
        return RPCError(status, message)
    }
}
