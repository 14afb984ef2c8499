/// The `palisade-error-details` trailer: an error's ``RPCError/details`` as `name=value` pairs
/// joined by `&`, sorted by name, each name and value percent-encoded like `grpc-message` and
/// with `&`, `=` and `%` escaped too (`providerRequestID=9c6f…&retryAfterSeconds=2.128`).
public enum ErrorDetailsText {
    /// The trailer's name.
    public static let trailer = "palisade-error-details"

    /// The trailer's value for `details` (sorted, so equal details give equal bytes).
    public static func encode(_ details: [String: String]) -> String {
        details.sorted { $0.key < $1.key }.map { escape($0.key) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Reads a trailer value leniently, as `grpc-message` is read: a pair without `=` is a name
    /// with an empty value, a bad escape is kept literally, and the last of a repeated name wins.
    public static func decode(_ text: String) -> [String: String] {
        var details: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = GRPCMessageText.percentDecode(String(parts[0]))
            details[name] = parts.count > 1 ? GRPCMessageText.percentDecode(String(parts[1])) : ""
        }
        return details
    }

    private static func escape(_ text: String) -> String {
        var escaped = ""
        for character in GRPCMessageText.percentEncode(text) {
            switch character {
            case "&": escaped += "%26"
            case "=": escaped += "%3D"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
