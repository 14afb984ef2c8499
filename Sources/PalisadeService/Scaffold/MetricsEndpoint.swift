import Logging
import PalisadeRPC
import PalisadeWire

/// `GET /metrics` for Prometheus: the plain HTTP side of a service's RPC server, and the
/// `metrics.listen` endpoint (a `PlainHTTPServer` of its own, cleartext, for a Prometheus that
/// scrapes with plain `http://`; over HTTP/1.1 or HTTP/2 alike).
///
/// | request | answer |
/// |---|---|
/// | `GET /metrics` (any query string) | 200, the rendered text, ``contentType`` |
/// | `HEAD /metrics` | 200, the same headers, no body |
/// | another path | 404 |
/// | another method on `/metrics` | 405 with `Allow: GET, HEAD` |
///
/// Malformed requests, oversized heads, slow clients and too many connections are the shared
/// server's to refuse (400/431/408, its connection cap and timeouts).
public enum MetricsEndpoint {
    /// The content type of the Prometheus text exposition format, version 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

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
            // HEAD renders too: its answer states the length a GET would get (no body is sent).
            return HTTPServerResponse(status: 200, contentType: contentType, body: render())
        }
    }

    /// The `metrics.listen` server: cleartext on `address`, one event loop of its own that also
    /// renders (a scrape still answers while the service's cooperative pool is saturated), at
    /// most 64 connections, requests of at most 64 KiB whose head must arrive within 5 s. Not
    /// started.
    public static func server(
        address: ListenAddress, logger: Logger, render: @escaping @Sendable () -> [UInt8]
    ) throws(RPCError) -> PlainHTTPServer {
        let configuration = PlainHTTPServer.endpointConfiguration(
            host: address.host, port: address.port, maxConnections: 64, maxRequestBytes: 64 << 10)
        return try PlainHTTPServer(configuration: configuration, logger: logger, handler: handler(render))
    }
}
