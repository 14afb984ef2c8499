import Foundation
import PalisadeHTTP2
import PalisadeWire

/// The parts of a request's header block the server acts on.
struct RequestHead {
    var method = ""
    var path = ""
    var contentType = ""
    var timeout: Duration?
    var metadata = RPCMetadata()

    /// Headers that belong to the transport, not to the application's metadata.
    private static let reserved: Set<String> = [
        "content-type", "te", "user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
        "accept", "accept-encoding", "content-length", "connect-protocol-version", "connect-timeout-ms",
    ]

    init(_ fields: [H2Header]) {
        for field in fields {
            switch field.name {
            case ":method": method = field.value
            case ":path": path = field.value
            case "content-type": contentType = field.value
            case "grpc-timeout": timeout = GRPCTimeout.parse(field.value)
            case "connect-timeout-ms":
                // The Connect convention, handy for curl users: milliseconds as a plain integer.
                if let ms = Int64(field.value), ms > 0 { timeout = .milliseconds(ms) }
            default:
                if !field.name.hasPrefix(":"), !Self.reserved.contains(field.name), !field.name.hasPrefix("grpc-") {
                    metadata.fields.append((field.name, field.value))
                }
            }
        }
        // A query string is not part of a method name (curl users sometimes add one).
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
    }

    /// The encoding the content type asks for; nil when it is neither gRPC nor JSON.
    var encoding: MessageEncoding? {
        let base = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if base.hasPrefix("application/grpc") { return .binary }
        if base == "application/json" || base == "application/x-ndjson" { return .json }
        return nil
    }
}
