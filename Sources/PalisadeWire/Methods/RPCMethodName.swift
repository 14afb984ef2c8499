/// A method's address and call shape: `package.Service` plus `Method`, called as
/// `POST /package.Service/Method`.
///
/// This is what the transport routes and authorises on. Services declare their methods as typed
/// ``RPCMethod`` descriptors, whose `name` this is; raw-payload methods (the benchmark echo) use
/// it directly.
public struct RPCMethodName: Sendable, Hashable, CustomStringConvertible {
    /// The fully qualified service, e.g. `palisade.health.v1.Health`.
    public let service: String
    /// The method within the service, e.g. `Check`.
    public let method: String
    /// The call shape.
    public let kind: RPCKind
    /// The HTTP/2 `:path` of the method (built once: every call sends it).
    public let path: String

    /// Names a method.
    public init(service: String, method: String, kind: RPCKind) {
        self.service = service
        self.method = method
        self.kind = kind
        self.path = "/\(service)/\(method)"
    }

    /// `package.Service/Method`.
    public var description: String { "\(service)/\(method)" }
}
