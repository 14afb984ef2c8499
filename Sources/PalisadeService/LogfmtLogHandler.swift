public import Logging

/// Writes each event as one [logfmt](https://brandur.org/logfmt) line:
///
/// ```text
/// ts=2026-11-26T01:02:03.456Z level=info service=echo msg="server listening" address=127.0.0.1:8443
/// ```
///
/// - Fields: `ts` (UTC, milliseconds), `level`, `service`, `logger` (the logger's label, only
///   when it differs from the service name), `msg`, `error` (when the event carries one), then
///   the metadata sorted by key. Nested metadata is flattened: `["peer": ["id": "x"]]` is written
///   `peer.id=x`. A metadata key equal to a field name is written with a leading `_`.
/// - A value is quoted when it is empty or contains a space, `=`, `"`, `\` or a control
///   character; inside quotes, `"` and `\` are escaped, newlines become `\n`, and other control
///   characters `\u001b`. A message can never start a second line.
/// - Each line is written whole in one call to ``LogOutput``, so lines never interleave.
///
/// Secrets never reach a log line: hold them in ``Redacted``, whose text is `<redacted>`.
public struct LogfmtLogHandler: LogHandler {
    /// The least severe level written.
    public var logLevel: Logger.Level
    /// Metadata added to every event from this handler.
    public var metadata: Logger.Metadata
    /// Supplies contextual metadata (e.g. a request id from a task local) at each event.
    public var metadataProvider: Logger.MetadataProvider?
    /// The logger's label, e.g. `palisade.rpc`.
    public let label: String
    /// The service name written in every line, e.g. `echo`.
    public let service: String
    private let output: LogOutput

    /// Creates a handler; ``LoggingSystemSetup`` creates them for the whole process.
    public init(
        label: String,
        service: String,
        level: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        output: LogOutput = .standardError
    ) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.metadata = [:]
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// One metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the event and writes it as one line.
    public func log(event: LogEvent) {
        var line = "ts=\(LogFormatting.timestamp()) level=\(event.level.rawValue) service=\(Self.value(service))"
        if label != service {
            line += " logger=\(Self.value(label))"
        }
        line += " msg=\(Self.value(event.message.description))"
        if let error = event.error {
            line += " error=\(Self.value("\(error)"))"
        }
        let all = LogFormatting.merged(metadata, provider: metadataProvider, event: event.metadata)
        for (key, value) in Self.flattened(all, prefix: "") {
            line += " \(Self.key(key))=\(Self.value(value))"
        }
        output.write(line + "\n")
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
