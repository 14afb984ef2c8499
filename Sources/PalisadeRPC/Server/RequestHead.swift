import PalisadeHTTP2
import PalisadeWire

/// The parts of a request's header block the server acts on.
///
/// This runs for every call, so it compares UTF-8 bytes rather than Characters: grapheme-aware
/// String operations (and Foundation's trimming) cost more than the rest of a small call.
struct RequestHead {
    var method = ""
    var path = ""
    var contentType = ""
    var timeout: Duration?
    /// A deadline header that does not parse: the call is answered INTERNAL (`Protocol/` §4)
    /// rather than run without the deadline its caller asked for.
    var invalidTimeout: (header: String, value: String, expected: String)?
    var metadata = RPCMetadata()

    init(_ fields: [H2Header]) {
        for field in fields {
            switch field.name {
            case ":method": method = field.value
            case ":path": path = field.value
            case "content-type": contentType = field.value
            case "grpc-timeout":
                timeout = GRPCTimeout.parse(field.value)
                if timeout == nil {
                    invalidTimeout = (field.name, field.value, "expected 1-8 digits and a unit (H, M, S, m, u, n), e.g. 500m")
                }
            case "connect-timeout-ms":
                // The Connect convention, handy for curl users: milliseconds as 1-10 digits.
                let digits = field.value.utf8
                if (1...10).contains(digits.count), digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                    let ms = Int64(field.value)
                {
                    timeout = .milliseconds(ms)
                } else {
                    invalidTimeout = (field.name, field.value, "expected milliseconds as 1-10 digits")
                }
            case ":scheme", ":authority", "te", "user-agent", "grpc-encoding", "grpc-accept-encoding",
                "accept", "accept-encoding", "content-length", "connect-protocol-version":
                break  // transport headers, not application metadata
            default:
                if !field.name.utf8.starts(with: "grpc-".utf8), field.name.utf8.first != UInt8(ascii: ":") {
                    metadata.fields.append((field.name, field.value))
                }
            }
        }
        // A query string is not part of a method name (curl users sometimes add one).
        if let q = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = String(path[..<q]) }
    }

    /// The encoding the content type asks for; nil when it is neither gRPC nor JSON.
    /// Parameters after `;` (e.g. `charset=utf-8`) are ignored.
    var encoding: MessageEncoding? {
        let type = contentType.utf8
        if type.starts(with: "application/grpc".utf8) { return .binary }
        let base = type.prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: " ") }
        if base.elementsEqual("application/json".utf8) || base.elementsEqual("application/x-ndjson".utf8) { return .json }
        return nil
    }
}
