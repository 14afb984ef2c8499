public import Logging

/// Writes each event as one [logfmt](https://brandur.org/logfmt) line:
///
/// ```text
/// ts=2026-11-26T01:02:03.456Z level=info service=echo msg="server listening" address=127.0.0.1:8443
/// ```
///
/// The fields are ``LineLogHandler``'s. Nested metadata is flattened: `["peer": ["id": "x"]]`
/// is written `peer.id=x`. A value is quoted when it is empty or contains a space, `=`, `"`,
/// `\` or a control character; inside quotes, `"` and `\` are escaped, newlines become `\n`,
/// and other control characters `\u001b`. A message can never start a second line.
///
/// Secrets never reach a log line: hold them in ``Redacted``, whose text is `<redacted>`.
public typealias LogfmtLogHandler = LineLogHandler<Logfmt>

/// The logfmt line format of ``LogfmtLogHandler``: `key=value` pairs separated by spaces.
public enum Logfmt: LogLineFormat {
    /// `key=value` for each field, then for each metadata value, flattened and sorted by key.
    public static func line(_ fields: [(key: String, value: String)], metadata: Logger.Metadata) -> String {
        var line = fields.map { "\($0.key)=\(value($0.value))" }.joined(separator: " ")
        for (key, value) in flattened(metadata, prefix: "") {
            line += " \(Self.key(key))=\(Self.value(value))"
        }
        return line
    }

    /// Nested dictionaries become dotted keys; everything is sorted by key.
    static func flattened(_ metadata: Logger.Metadata, prefix: String) -> [(String, String)] {
        var fields: [(String, String)] = []
        let named = metadata.map { key, value in
            (prefix.isEmpty ? LogFormatting.safeKey(key) : prefix + "." + key, value)
        }
        for (name, value) in named.sorted(by: { $0.0 < $1.0 }) {
            if case .dictionary(let nested) = value, !nested.isEmpty {
                fields += flattened(nested, prefix: name)
            } else {
                fields.append((name, LogFormatting.text(value)))
            }
        }
        return fields
    }

    /// A key with anything that would break the `key=value` syntax replaced by `_`.
    static func key(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        return String(
            String.UnicodeScalarView(
                key.unicodeScalars.map { scalar in
                    scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.value <= 0x20 || LogFormatting.mustEscape(scalar)
                        ? "_" : scalar
                }))
    }

    /// The value bare if that is unambiguous, otherwise quoted and escaped.
    static func value(_ text: String) -> String {
        let needsQuotes =
            text.isEmpty
            || text.unicodeScalars.contains { scalar in
                scalar == " " || scalar == "=" || scalar == "\"" || scalar == "\\" || LogFormatting.mustEscape(scalar)
            }
        return needsQuotes ? LogFormatting.quoted(text) : text
    }
}
