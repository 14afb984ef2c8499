/// The rate-limit buckets of the simulated org. Okta counts each endpoint family per org per
/// minute, separately; the limits themselves are org-specific (identity.md §8), so the
/// simulator's defaults are merely generous.
public enum OktaRateBucket: String, Sendable, Hashable, CaseIterable, Codable {
    /// `GET /api/v1/users` (list, search, filter).
    case listUsers = "/api/v1/users"
    /// `GET /api/v1/users/{id|login}`.
    case getUser = "/api/v1/users/{id}"
    /// Every other call under `/api/v1/users/{id}`: lifecycle operations, sessions, delete.
    case manageUsers = "/api/v1/users/{id}/*"
    /// Any other `/api/…` path (answered 404 or 405, but counted as Okta counts them).
    case other = "/api/*"

    /// The bucket of a request.
    static func of(method: String, segments: [String]) -> OktaRateBucket {
        guard segments.count >= 3, segments[0] == "api", segments[1] == "v1", segments[2] == "users" else { return .other }
        switch segments.count {
        case 3: return .listUsers
        case 4 where method == "GET": return .getUser
        default: return .manageUsers
        }
    }

    /// Requests per minute when the configuration names none.
    public var defaultLimit: Int {
        switch self {
        case .listUsers: 600
        case .getUser: 2_000
        case .manageUsers: 600
        case .other: 1_200
        }
    }
}
