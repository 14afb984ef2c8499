/// The JSON body of a failed call in the JSON mapping: `{"code":"not_found","message":"…"}`.
///
/// `code` is the status name in lower snake case, as the Connect protocol writes it; the HTTP
/// status of the response is ``StatusCode/httpStatus``.
public struct RPCErrorBody: Codable, Sendable, Equatable {
    /// Lower snake case status name, e.g. `"not_found"`.
    public var code: String
    /// The human-readable message.
    public var message: String
    /// The error's details (``RPCError/details``); absent when empty.
    public var details: [String: String]

    private enum CodingKeys: Int, CodingKey {
        case code = 1
        case message = 2
        case details = 3
    }

    /// Creates a body from its raw parts.
    public init(code: String, message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// Creates the body that reports `error`.
    public init(_ error: RPCError) {
        self.code = error.code.name.lowercased()
        self.message = error.message
        self.details = error.details
    }

    /// Reads a body; `details` may be absent (older peers never send it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        details = try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
    }

    /// Writes the body; `details` only when there are some, so errors without read as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        if !details.isEmpty { try container.encode(details, forKey: .details) }
    }

    /// The error this body describes; an unrecognised code becomes `.unknown`, keeping the text.
    public var rpcError: RPCError {
        guard let status = StatusCode(name: code) else {
            return RPCError(.unknown, message.isEmpty ? "unrecognised error code '\(code)'" : message, details: details)
        }
        return RPCError(status, message, details: details)
    }
}
