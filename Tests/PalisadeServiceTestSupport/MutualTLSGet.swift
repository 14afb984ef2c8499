import PalisadeHTTPClient
import PalisadeService

/// One `GET` over HTTP/2 and TLS presenting a client certificate: `/metrics` (or any plain
/// HTTP path) on the RPC port of a service configured for mutual TLS.
///
/// libcurl (`HTTPClient`) rather than frames by hand as in ``H2CGet``: over TLS it offers h2
/// through ALPN and presents the certificate, which is all this needs. The server is dialled as
/// `localhost`, the name every ``MeshPKI`` certificate carries.
///
/// ```swift
/// let response = try await MutualTLSGet.get(port: port, path: "/metrics", identity: try mesh.files(for: "operator/alice"))
/// ```
public enum MutualTLSGet {
    /// GETs `path` from `localhost:port`, trusting `identity.ca` and presenting
    /// `identity.certificate`; the response whatever its status. Throws `HTTPClientError` when
    /// there is none (refused handshake, timeout).
    public static func get(port: Int, path: String, identity: TLSFiles, timeout: Duration = .seconds(5)) async throws
        -> HTTPResponse
    {
        // Direct: a proxy from the environment must not stand between a test and loopback.
        let configuration = HTTPClient.Configuration(
            caFile: identity.ca, connectTimeout: timeout, proxy: .direct,
            clientCertificate: .init(certificateFile: identity.certificate, keyFile: identity.key))
        let client = try HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        return try await client.send(HTTPRequest(url: "https://localhost:\(port)\(path)", timeout: timeout))
    }
}
