import PalisadeRPC

/// The plain HTTP side of a service's RPC server: `GET /metrics` for Prometheus, 404 for
/// anything else. RPC routes never reach it.
public enum MetricsEndpoint {
    /// The handler for `RPCServerConfiguration.httpHandler`, answering with `render()`.
    public static func handler(_ render: @escaping @Sendable () -> [UInt8]) -> HTTPRequestHandler {
        { request in
            guard request.path == "/metrics" else {
                return HTTPServerResponse(status: 404, contentType: "text/plain; charset=utf-8", body: Array("not found\n".utf8))
            }
            guard request.method == "GET" || request.method == "HEAD" else {
                return HTTPServerResponse(
                    status: 405, contentType: "text/plain; charset=utf-8",
                    body: Array("use GET\n".utf8), headers: [("allow", "GET, HEAD")])
            }
            let body = request.method == "HEAD" ? [] : render()
            return HTTPServerResponse(status: 200, contentType: MetricsListener.contentType, body: body)
        }
    }
}
