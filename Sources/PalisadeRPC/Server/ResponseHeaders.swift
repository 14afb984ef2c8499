import PalisadeHTTP2
import PalisadeWire

/// Builds the header blocks that end a server call, per the contract in `Protocol/README.md`.
struct ResponseHeaders {
    let encoding: MessageEncoding
    let contentType: String

    /// The trailers of every successful call, built once.
    private static let okTrailers = [H2Header("grpc-status", "0")]

    /// gRPC trailers: `grpc-status` always, `grpc-message` (percent-encoded) on failure, and
    /// `palisade-error-details` when the error has details.
    func trailers(_ status: RPCError?) -> [H2Header] {
        guard let status else { return Self.okTrailers }
        var trailers = [
            H2Header("grpc-status", String(status.code.rawValue)),
            H2Header("grpc-message", GRPCMessageText.percentEncode(status.message)),
        ]
        if !status.details.isEmpty { trailers.append(H2Header(ErrorDetailsText.trailer, ErrorDetailsText.encode(status.details))) }
        return trailers
    }

    /// A gRPC Trailers-Only response: one HEADERS block with END_STREAM.
    func trailersOnly(_ status: RPCError?) -> [H2Header] {
        [H2Header(":status", "200"), H2Header("content-type", contentType)] + trailers(status)
    }

    /// JSON mapping: an error is an HTTP status plus a `{code, message}` body.
    func jsonErrorHeaders(_ status: RPCError) -> [H2Header] {
        [H2Header(":status", String(status.code.httpStatus)), H2Header("content-type", "application/json")]
    }

    /// The JSON error body.
    func jsonErrorBody(_ status: RPCError) -> [UInt8] {
        Self.jsonError(status) + [0x0A]
    }

    /// The last line of a failed newline-delimited JSON stream: `{"error":{code,message}}`.
    func ndjsonErrorLine(_ status: RPCError) -> [UInt8] {
        Array(#"{"error":"#.utf8) + Self.jsonError(status) + Array("}\n".utf8)
    }

    static func jsonError(_ status: RPCError) -> [UInt8] {
        (try? WireJSONEncoder().encode(RPCErrorBody(status))) ?? Array(#"{"code":"internal","message":"internal error"}"#.utf8)
    }

    /// A response without the gRPC machinery, for requests that are not RPCs at all
    /// (wrong content type, wrong method): an HTTP status and a short text body.
    static func plain(status: Int) -> [H2Header] {
        [H2Header(":status", String(status)), H2Header("content-type", "text/plain; charset=utf-8")]
    }
}
