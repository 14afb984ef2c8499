import Foundation

/// Which endpoint a path names. Path segments are percent-decoded (a UPN arrives as
/// `adele%40contoso.com`); the query is not part of the path.
enum EntraRoute: Sendable, Equatable {
    /// `GET /{tenant}/v2.0/.well-known/openid-configuration`.
    case discovery(tenant: String)
    /// `GET /common/discovery/instance`.
    case instanceDiscovery
    /// `POST /{tenant}/oauth2/v2.0/token`.
    case token(tenant: String)
    /// `/v1.0/…`: the segments after `v1.0`.
    case graph([String])
    /// `/_sim/…`: the segments after `_sim`.
    case hook([String])
    /// Anything else.
    case notFound

    init(_ path: Substring) {
        let raw = path.split(separator: "/", omittingEmptySubsequences: true)
        // A segment that does not percent-decode stays as sent; it then matches nothing.
        let segments = raw.map { String($0).removingPercentEncoding ?? String($0) }
        switch segments.first {
        case "v1.0": self = .graph(Array(segments.dropFirst()))
        case "_sim": self = .hook(Array(segments.dropFirst()))
        case .some(let first):
            let rest = Array(segments.dropFirst())
            if rest == ["v2.0", ".well-known", "openid-configuration"] {
                self = .discovery(tenant: first)
            } else if rest == ["oauth2", "v2.0", "token"] {
                self = .token(tenant: first)
            } else if first == "common", rest == ["discovery", "instance"] {
                self = .instanceDiscovery
            } else {
                self = .notFound
            }
        case nil: self = .notFound
        }
    }

    /// Which fault scope the route belongs to (nil: faults never touch it).
    var faultScope: EntraFault.Scope? {
        switch self {
        case .graph: .graph
        case .token, .discovery, .instanceDiscovery: .token
        case .hook, .notFound: nil
        }
    }
}
