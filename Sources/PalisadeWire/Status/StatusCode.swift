/// A gRPC status code, as carried in the `grpc-status` trailer and in JSON error bodies.
///
/// A struct rather than an enum so that a peer may send a code this build does not know
/// (a newer gRPC revision) without the value being lost on the way through.
///
/// ```swift
/// let code = StatusCode.notFound
/// code.name        // "NOT_FOUND"
/// code.httpStatus  // 404
/// ```
public struct StatusCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric code, 0…16 for the codes gRPC defines.
    public let rawValue: Int

    /// Wraps any numeric code; unknown values are kept so they can be relayed unchanged.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Not an error; returned on success.
    public static let ok = StatusCode(rawValue: 0)
    /// The operation was cancelled, typically by the caller.
    public static let cancelled = StatusCode(rawValue: 1)
    /// An error that fits no other code, or one from a peer that gave no detail.
    public static let unknown = StatusCode(rawValue: 2)
    /// The caller sent an argument that is invalid regardless of system state.
    public static let invalidArgument = StatusCode(rawValue: 3)
    /// The deadline passed before the operation could complete.
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    /// A requested entity was not found.
    public static let notFound = StatusCode(rawValue: 5)
    /// The entity the caller tried to create already exists.
    public static let alreadyExists = StatusCode(rawValue: 6)
    /// The caller is known but not allowed to perform this operation.
    public static let permissionDenied = StatusCode(rawValue: 7)
    /// A resource (quota, message size, memory) has been exhausted.
    public static let resourceExhausted = StatusCode(rawValue: 8)
    /// The system is not in the state the operation requires.
    public static let failedPrecondition = StatusCode(rawValue: 9)
    /// The operation was aborted, usually by a concurrency conflict; retry at a higher level.
    public static let aborted = StatusCode(rawValue: 10)
    /// The operation was attempted past the valid range.
    public static let outOfRange = StatusCode(rawValue: 11)
    /// The method is not implemented or not supported by this server.
    public static let unimplemented = StatusCode(rawValue: 12)
    /// An invariant of the server was broken; a bug, not the caller's fault.
    public static let internalError = StatusCode(rawValue: 13)
    /// The service is currently unavailable; the call is usually safe to retry.
    public static let unavailable = StatusCode(rawValue: 14)
    /// Unrecoverable data loss or corruption.
    public static let dataLoss = StatusCode(rawValue: 15)
    /// The caller did not present valid authentication credentials.
    public static let unauthenticated = StatusCode(rawValue: 16)

    /// Every code gRPC defines, in numeric order.
    public static let allKnown: [StatusCode] = [
        .ok, .cancelled, .unknown, .invalidArgument, .deadlineExceeded, .notFound, .alreadyExists,
        .permissionDenied, .resourceExhausted, .failedPrecondition, .aborted, .outOfRange,
        .unimplemented, .internalError, .unavailable, .dataLoss, .unauthenticated,
    ]

    private static let names: [String] = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]

    /// The canonical upper snake case name, e.g. `"DEADLINE_EXCEEDED"`; `"CODE_<n>"` if unknown.
    public var name: String {
        StatusCode.names.indices.contains(rawValue) ? StatusCode.names[rawValue] : "CODE_\(rawValue)"
    }

    /// Looks a code up by its canonical name, case-insensitively.
    ///
    /// Accepts `"NOT_FOUND"`, `"not_found"`, and the Connect protocol's spelling `"canceled"`,
    /// so JSON error bodies from Connect peers parse too.
    public init?(name: String) {
        let upper = name.uppercased()
        if upper == "CANCELED" {
            self = .cancelled
            return
        }
        guard let index = StatusCode.names.firstIndex(of: upper) else { return nil }
        self.init(rawValue: index)
    }

    /// The HTTP status used when this code is returned over the JSON mapping.
    ///
    /// Follows the Connect protocol's table, so generic HTTP tooling sees a sensible status;
    /// `ok` maps to 200 and codes this build does not know to 500.
    public var httpStatus: Int {
        switch self {
        case .ok: 200
        case .cancelled: 499
        case .invalidArgument, .failedPrecondition, .outOfRange: 400
        case .unauthenticated: 401
        case .permissionDenied: 403
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .resourceExhausted: 429
        case .unimplemented: 501
        case .unavailable: 503
        case .deadlineExceeded: 504
        default: 500
        }
    }

    /// The code a client synthesises when a response carries no `grpc-status`.
    ///
    /// gRPC's "HTTP to gRPC status code mapping": only these HTTP statuses carry a meaning;
    /// everything else, including a 200 without `grpc-status`, is `unknown`.
    public static func fromHTTPStatus(_ status: Int) -> StatusCode {
        switch status {
        case 400: .internalError
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .unimplemented
        case 429, 502, 503, 504: .unavailable
        default: .unknown
        }
    }

    /// `NAME (n)`, e.g. `NOT_FOUND (5)`, for logs.
    public var description: String {
        "\(name) (\(rawValue))"
    }
}
