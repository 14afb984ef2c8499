/// A method of the contract with its message types, call shape and callers: the one
/// definition that the service serving it and every client calling it share.
///
/// Declared next to the messages, in a module without transport, so a client pulls in no
/// server and a service's handlers and calls infer their types from it:
///
/// ```swift
/// public static let sync = RPCMethod<ConnectionRef, ConnectionInfo>.unary(service, "Sync", allow: ["operator/*"])
/// // server:  .unary(ConnectorAPI.sync) { request, context in … }
/// // client:  let info = try await client.call(ConnectorAPI.sync, ConnectionRef(id: "T1"))
/// ```
public struct RPCMethod<Request: Codable & Sendable, Response: Codable & Sendable>: Sendable, CustomStringConvertible {
    /// The address and call shape.
    public let name: RPCMethodName
    /// SPIFFE names allowed to call (`connector`, `operator/alice`; `operator/*` for every
    /// operator); nil lets any caller that passed the TLS handshake in.
    public let allowedCallers: Set<String>?

    /// Describes a method of `kind`.
    public init(service: String, method: String, kind: RPCKind, allow: Set<String>?) {
        name = RPCMethodName(service: service, method: method, kind: kind)
        allowedCallers = allow
    }

    /// One request, one response.
    public static func unary(_ service: String, _ method: String, allow: Set<String>?) -> Self {
        Self(service: service, method: method, kind: .unary, allow: allow)
    }

    /// One request, a stream of responses.
    public static func serverStreaming(_ service: String, _ method: String, allow: Set<String>?) -> Self {
        Self(service: service, method: method, kind: .serverStreaming, allow: allow)
    }

    /// A stream of requests, one response.
    public static func clientStreaming(_ service: String, _ method: String, allow: Set<String>?) -> Self {
        Self(service: service, method: method, kind: .clientStreaming, allow: allow)
    }

    /// Streams both ways.
    public static func bidirectional(_ service: String, _ method: String, allow: Set<String>?) -> Self {
        Self(service: service, method: method, kind: .bidirectional, allow: allow)
    }

    /// `package.Service/Method`.
    public var description: String { name.description }
}
