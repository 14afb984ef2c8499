public import Logging

/// Writes each event as one JSON object per line, for log pipelines that prefer JSON:
///
/// ```text
/// {"ts":"2026-11-26T01:02:03.456Z","level":"info","service":"echo","msg":"server listening","address":"127.0.0.1:8443"}
/// ```
///
/// The fields are ``LineLogHandler``'s, those of ``LogfmtLogHandler`` in the same order; nested
/// metadata stays nested (dictionaries become objects, arrays arrays, everything else a string).
public typealias JSONLogHandler = LineLogHandler<JSONLines>

/// The JSON line format of ``JSONLogHandler``: one compact object per line.
public enum JSONLines: LogLineFormat {
    /// An object of the fields, then of the metadata sorted by key.
    public static func line(_ fields: [(key: String, value: String)], metadata: Logger.Metadata) -> String {
        var members = fields.map { "\(string($0.key)):\(string($0.value))" }
        for (key, value) in metadata.map({ (LogFormatting.safeKey($0.key), $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            members.append("\(string(key)):\(json(value))")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return string(text)
        case .stringConvertible(let convertible): return string(convertible.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{"
                + dictionary.sorted { $0.key < $1.key }.map { "\(string($0.key)):\(json($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (RFC 8259), also escaping U+2028/2029 for JavaScript consumers.
    static func string(_ text: String) -> String { LogFormatting.quoted(text) }
}
