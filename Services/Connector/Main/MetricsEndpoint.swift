import ConnectorCore
import PalisadeRPC

/// The plain HTTP side of the connector's server: `GET /metrics` for Prometheus, 404 for
/// anything else. RPC routes never reach it.
enum MetricsEndpoint {
    /// The Prometheus text exposition format's content type.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The handler for `RPCServerConfiguration.httpHandler`.
    static func handler(_ metrics: ConnectorMetrics) -> HTTPRequestHandler {
        { request in
            guard request.path == "/metrics" else {
                return HTTPServerResponse(status: 404, contentType: "text/plain; charset=utf-8", body: Array("not found\n".utf8))
            }
            guard request.method == "GET" || request.method == "HEAD" else {
                return HTTPServerResponse(status: 405, contentType: "text/plain; charset=utf-8",
                                          body: Array("use GET\n".utf8), headers: [("allow", "GET, HEAD")])
            }
            let body = request.method == "HEAD" ? [] : metrics.render()
            return HTTPServerResponse(status: 200, contentType: contentType, body: body)
        }
    }
}
