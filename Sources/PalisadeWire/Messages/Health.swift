// Messages of `palisade.health.v1.Health`, specified in `Protocol/health.md`.

/// Request of `palisade.health.v1.Health/Check`.
///
/// An empty `service` asks about the server as a whole; otherwise it names a service
/// (e.g. `"palisade.detection.v1.Detection"`) whose own readiness is wanted.
public struct HealthCheckRequest: Codable, Sendable, Equatable {
    /// The fully qualified service name, or `""` for the whole server. Field 1.
    public var service: String

    /// Creates a request; the default asks about the whole server.
    public init(service: String = "") {
        self.service = service
    }

    private enum CodingKeys: Int, CodingKey {
        case service = 1
    }
}

/// Response of `palisade.health.v1.Health/Check`.
public struct HealthCheckResponse: Codable, Sendable, Equatable {
    /// Whether the server (or the named service) is ready for traffic. Field 1.
    public var status: ServingStatus

    /// Creates a response with the given status.
    public init(status: ServingStatus = .unknown) {
        self.status = status
    }

    private enum CodingKeys: Int, CodingKey {
        case status = 1
    }
}

/// The serving state reported by a health check.
///
/// Raw value 0 is the "unspecified" case, which is also what an older reader sees for a
/// state added later.
public enum ServingStatus: Int, Codable, Sendable, Hashable {
    /// The state is not known (never reported by a healthy server).
    case unknown = 0
    /// Ready to accept calls.
    case serving = 1
    /// Up but not accepting calls (starting, draining, or a dependency is down).
    case notServing = 2
}

/// The methods of `palisade.health.v1.Health`, answered by every server.
public enum HealthAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.health.v1.Health"
    /// `Check`: `HealthCheckRequest` → `HealthCheckResponse`; any caller through the handshake.
    public static let check = RPCMethod<HealthCheckRequest, HealthCheckResponse>.unary(service, "Check", allow: nil)
}
