/// An error of a service's own that knows the status a caller should get.
///
/// A handler may throw it as is: the server answers with `rpcError` instead of the bare
/// INTERNAL that unknown errors get (whose text may carry internals and is only logged).
///
/// ```swift
/// struct AlertError: Error, RPCErrorConvertible {
///     var rpcError: RPCError { RPCError(.notFound, "no alert \(id)") }
/// }
/// ```
public protocol RPCErrorConvertible: Error {
    /// The status and message sent to the caller; it must name no secret.
    var rpcError: RPCError { get }
}
